"""Uploaded files: what one may hold (files), where it waits between preview and confirmation
(waiting), and lists of teams pasted or uploaded together (team_lists)."""
