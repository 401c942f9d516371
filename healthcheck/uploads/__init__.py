"""Uploaded files: what one may hold (files), and where it waits between preview and confirmation (waiting)."""
