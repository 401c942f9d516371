"""Scoring, tallies and disclosure (pure), and the computed results, gaps and trends (data)."""
