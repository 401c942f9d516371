"""Practitioners' comments: what the principal social worker reviews before release, their themes and other topics, and how staff find them."""
