"""The `healthcheck` command: one module per command family."""
