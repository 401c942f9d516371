"""The demo council: every seeder of its cycles, answers, figures and actions."""
