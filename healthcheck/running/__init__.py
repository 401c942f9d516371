"""Running a cycle: the steps from setting up teams to publishing, each with a status
worked out from the data (tasks)."""
