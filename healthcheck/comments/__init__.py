"""Practitioners' comments: their themes, other topics and how staff find them."""
