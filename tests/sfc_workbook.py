"""Workbooks in the layout of Skills for Care's local authority "LA data download", made in the
tests: a sheet "LA level data" with title rows, then one row per area x sector x service x job
role. Every number here is made up; none is Skills for Care's."""

import io

from openpyxl import Workbook

HEADER = [
    "Area type",
    "Region",
    "Area name",
    "Sector",
    "Service",
    "Job role",
    "Filled posts",
    "Vacancy rate",
    "Turnover rate",
    "Mean sickness days",
]
HEADER_ROW = 4
# (area type, region, area, sector, service, job role, posts, vacancy %, turnover %, sickness days)
FICTIONAL = [
    ("England", "", "England", "Local authority", "All services", "SW", 11111, 11.1, 22.2, 3.3),
    ("England", "", "England", "Local authority", "All services", "Care worker", 22222, 4.4, 5.5, 6.6),
    (
        "Region",
        "Yorkshire and The Humber",
        "Yorkshire and The Humber",
        "Local authority",
        "All services",
        "SW",
        1234,
        12.5,
        20.5,
        7.5,
    ),
    (
        "Local authority",
        "Yorkshire and The Humber",
        "Kirklees",
        "Local authority",
        "All services",
        "SW",
        321,
        9.9,
        19.1,
        8.8,
    ),
    (
        "Local authority",
        "Yorkshire and The Humber",
        "Kirklees",
        "Local authority",
        "Adult community care",
        "SW",
        300,
        99.0,
        99.0,
        99.0,
    ),
    (
        "Local authority",
        "Yorkshire and The Humber",
        "Kirklees",
        "Independent",
        "All services",
        "SW",
        10,
        50.0,
        50.0,
        50.0,
    ),
    (
        "Local authority",
        "Yorkshire and The Humber",
        "Kirklees",
        "Local authority",
        "All services",
        "Occupational therapist",
        40,
        1.0,
        2.0,
        3.0,
    ),
    (
        "Local authority",
        "Yorkshire and The Humber",
        "Leeds",
        "Local authority",
        "All services",
        "SW",
        456,
        14.2,
        "*",
        6.1,
    ),
    ("Local authority", "North West", "Bolton", "Local authority", "All services", "SW", 123, "*", 17.7, "*"),
]


def sfc_workbook(role_label="Social worker", percent_as_fraction=True, rows=None, title=None, sheet="LA level data"):
    """The workbook's bytes. `role_label` is how the edition names social workers; newer
    editions store rates as fractions formatted as percentages, older ones as numbers."""
    book = Workbook()
    contents = book.active
    contents.title = "Contents"
    contents["A1"] = "Adult social care workforce data by local authority area (test copy, made-up figures)"
    data = book.create_sheet(sheet)
    data["A1"] = title or "Local authority area data, 2023/24"
    data["A2"] = "Made-up figures in the layout of the LA data download, for tests"
    for column, heading in enumerate(HEADER, start=1):
        data.cell(HEADER_ROW, column, heading)
    for number, values in enumerate(rows if rows is not None else FICTIONAL, start=HEADER_ROW + 1):
        values = [role_label if value == "SW" else value for value in values]
        for column, value in enumerate(values, start=1):
            cell = data.cell(number, column, value)
            if column in (8, 9) and isinstance(value, float) and percent_as_fraction:
                cell.value = value / 100
                cell.number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def fictional(area, role="SW", sector="Local authority", service="All services"):
    """The made-up row of an area (its social workers, council sector, all services)."""
    return next(
        row for row in FICTIONAL if row[2] == area and row[3] == sector and row[4] == service and row[5] == role
    )
