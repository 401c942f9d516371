"""The practitioner survey: anonymous, one standard per page."""

# Importing drafts registers its close hook, so closing a cycle always deletes its drafts.
from healthcheck.survey import drafts  # noqa: E402,F401
