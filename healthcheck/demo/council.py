"""Northfield Borough Council, the demo's fictional organisation: its names and teams, and
what its seeders share."""

import random
from dataclasses import dataclass, field

ORGANISATION = "Northfield Borough Council"
DEMO_DOMAIN = "northfield.example"

# (name, service area, eligible headcount). Sizes differ on purpose: the AMHP team is
# below the reporting threshold, and the Front Door team is the one that is struggling.
TEAMS = [
    ("Hospital Discharge", "Adults", 40),
    ("Adults Locality North", "Adults", 66),
    ("Adults Locality South", "Adults", 58),
    ("Approved Mental Health Professionals", "Mental health", 4),
    ("Front Door and MASH", "Children", 52),
    ("Child Protection East", "Children", 56),
    ("Children in Care", "Children", 48),
    ("Disabled Children and Transitions", "All-age disability", 36),
]
STRUGGLING_TEAM = "Front Door and MASH"
SMALL_TEAM = "Approved Mental Health Professionals"
# The team with a manager who is around, regular supervision and protected training.
WELL_SUPPORTED_TEAM = "Children in Care"


@dataclass
class DemoContext:
    """What the seeders share: the database, the random source and the two cycles."""

    db: object
    rng: random.Random
    last_year: dict
    this_year: dict
    notes: list = field(default_factory=list)
