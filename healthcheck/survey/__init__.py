"""The practitioner survey: anonymous, one standard per page."""
