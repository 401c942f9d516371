"""Practitioners' comments: what the principal social worker reviews before release, and how they are read."""
