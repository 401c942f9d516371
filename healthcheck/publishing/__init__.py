"""The plain summary of results and actions shared with all staff and elected members."""
