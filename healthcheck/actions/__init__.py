"""The action plan and the actions suggested from results."""
