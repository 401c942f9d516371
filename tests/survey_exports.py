"""Fictional answers laid out as the survey tools councils used export them.

Each builder returns the rows of a file (header rows first) as the tool writes them:
SurveyMonkey "expanded" (two header rows: the question once above its first column, each
statement or option in row 2, its own metadata columns first), SurveyMonkey "condensed"
(one column per question, ticked options in one cell), LimeSurvey with full answers
(sub-questions in [brackets], a Yes per ticked option, a blank "Date submitted" for an
unfinished response) and with codes, and Microsoft Forms (ID, start and completion
times, e-mail and name, one column per statement, ticked options joined by ';').
The people are invented; the e-mail addresses use the reserved example.org domain.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from openpyxl import Workbook

AGREEMENT = {
    "strongly_agree": "Strongly agree",
    "agree": "Agree",
    "neither": "Neither agree nor disagree",
    "disagree": "Disagree",
    "strongly_disagree": "Strongly disagree",
    "dont_know": "Don't know / N/A",
}
LIMESURVEY_CODES = {"strongly_agree": "A1", "agree": "A2", "neither": "A3", "disagree": "A4", "strongly_disagree": "A5"}
# The statements of the matrix question, as the council worded them (close to the bank's).
MATRIX = "How far do you agree with these statements?"
STATEMENTS = {
    "29a": "I can add items to the agenda of my team meetings",
    "30a": "Senior managers are visible and easy to approach in my service",
    "5b": "My caseload is manageable in my working hours",
    "S7a": "I have the time and support I need to record my CPD for my registration",
}
FREQUENCY_QUESTION = "How often do you have planned one-to-one supervision?"
FREQUENCY = {"weekly": "Weekly", "fortnightly": "Every 2 weeks", "monthly": "Monthly", "never": "Never"}
CASES_QUESTION = "How many cases are allocated to you at the moment?"
BLOCKS_QUESTION = "Which of these slow down or block your work? (tick all that apply)"
BLOCKS = {
    "systems": "IT systems and recording",
    "admin_support": "Not enough administrative support",
    "transfers": "Transferring cases between teams and services",
}
COMMENT_QUESTION = "Any comments about safe workloads and case allocation?"
TEAM_QUESTION = "Which team do you work in?"
ROLE_QUESTION = "What is your role?"
YEARS_QUESTION = "How long have you been a social worker?"
ROLES = {
    "social_worker": "Social worker",
    "team_manager": "Team manager",
    "senior_practitioner": "Senior or advanced practitioner",
}
YEARS = {"under_2": "Less than 2 years", "2_to_5": "2 to 5 years", "over_10": "More than 10 years"}

# Invented respondents: what each answered, in the bank's values.
RESPONDENTS = [
    {
        "team": "Locality North",
        "role": "social_worker",
        "years": "2_to_5",
        "29a": "strongly_agree",
        "30a": "agree",
        "5b": "disagree",
        "S7a": "agree",
        "8a": "monthly",
        "5a": "18",
        "19a": ["systems", "admin_support"],
        "comment_3": "Too many cases came over from the duty team in the spring.",
        "sent": datetime.datetime(2024, 10, 26, 9, 14, 3),
        "email": "ash.rowan@example.org",
        "name": ("Ash", "Rowan"),
        "ip": "203.0.113.17",
    },
    {
        "team": "Front Door",
        "role": "team_manager",
        "years": "over_10",
        "29a": "agree",
        "30a": "dont_know",
        "5b": "neither",
        "S7a": "strongly_disagree",
        "8a": "weekly",
        "5a": "9",
        "19a": ["transfers"],
        "comment_3": None,
        "sent": datetime.datetime(2024, 10, 15, 14, 2, 41),
        "email": "bo.fenwick@example.org",
        "name": ("Bo", "Fenwick"),
        "ip": "198.51.100.4",
    },
    {
        "team": "Locality North",
        "role": "senior_practitioner",
        "years": "under_2",
        "29a": "disagree",
        "30a": "strongly_disagree",
        "5b": "agree",
        "S7a": "neither",
        "8a": "fortnightly",
        "5a": "22",
        "19a": [],
        "comment_3": "Allocation meetings are fair but the numbers are high for a newly qualified worker.",
        "sent": datetime.datetime(2024, 11, 2, 16, 40, 0),
        "email": "cam.okafor@example.org",
        "name": ("Cam", "Okafor"),
        "ip": "192.0.2.200",
    },
]
IDENTIFYING_VALUES = ["ash.rowan@example.org", "Fenwick", "203.0.113.17", "Okafor", "8842117301", "staff-list"]


def _us(moment: datetime.datetime) -> str:
    return moment.strftime("%m/%d/%Y %I:%M:%S %p")


def surveymonkey_expanded(respondents=RESPONDENTS) -> list[list]:
    first = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address"]
    first += ["First Name", "Last Name", "Custom Data 1", TEAM_QUESTION, ROLE_QUESTION, YEARS_QUESTION]
    second = [None] * 9 + ["Response", "Response", "Response"]
    first += [MATRIX] + [None] * (len(STATEMENTS) - 1)
    second += list(STATEMENTS.values())
    first += [FREQUENCY_QUESTION, CASES_QUESTION, BLOCKS_QUESTION] + [None] * len(BLOCKS)
    second += ["Response", "Open-Ended Response", *BLOCKS.values(), "Other (please specify)"]
    first += [COMMENT_QUESTION]
    second += ["Open-Ended Response"]
    rows = [first, second]
    for number, person in enumerate(respondents):
        started = person["sent"] - datetime.timedelta(minutes=11)
        row = [8842117301 + number, 415509222, _us(started), _us(person["sent"]), person["ip"], person["email"]]
        row += [*person["name"], "staff-list", person["team"], ROLES[person["role"]], YEARS[person["years"]]]
        row += [AGREEMENT[person[item]] for item in STATEMENTS]
        row += [FREQUENCY[person["8a"]], person["5a"]]
        row += [BLOCKS[value] if value in person["19a"] else None for value in BLOCKS] + [None]
        row += [person["comment_3"]]
        rows.append(row)
    return rows


def surveymonkey_condensed(respondents=RESPONDENTS) -> list[list]:
    """As expanded, but the ticked options of a question share one cell, separated by commas."""
    rows = surveymonkey_expanded(respondents)
    start = rows[0].index(BLOCKS_QUESTION)
    width = len(BLOCKS) + 1
    for number, row in enumerate(rows):
        cells = row[start : start + width]
        if number == 0:
            joined = BLOCKS_QUESTION
        elif number == 1:
            joined = "Response"
        else:
            joined = ", ".join(cell for cell in cells if cell) or None
        row[start : start + width] = [joined]
    return rows


def limesurvey_full(respondents=RESPONDENTS, unfinished: int = 1) -> list[list]:
    header = ["Response ID", "Date submitted", "Last page", "Start language", "Seed", "Date started"]
    header += ["Date last action", "IP address", TEAM_QUESTION, ROLE_QUESTION, YEARS_QUESTION]
    header += [f"{MATRIX} [{text}]" for text in STATEMENTS.values()]
    header += [FREQUENCY_QUESTION, CASES_QUESTION]
    header += [f"{BLOCKS_QUESTION} [{label}]" for label in BLOCKS.values()] + [f"{BLOCKS_QUESTION} [Other]"]
    header += [COMMENT_QUESTION]
    rows = [header]
    for number, person in enumerate(respondents, start=1):
        stamp = person["sent"].strftime("%Y-%m-%d %H:%M:%S")
        row = [number, stamp, 4, "en", 1187326 + number, stamp, stamp, person["ip"]]
        row += [person["team"], ROLES[person["role"]], YEARS[person["years"]]]
        row += [AGREEMENT[person[item]] for item in STATEMENTS]
        row += [FREQUENCY[person["8a"]], person["5a"]]
        row += ["Yes" if value in person["19a"] else None for value in BLOCKS] + [None, person["comment_3"]]
        rows.append(row)
    for number in range(unfinished):  # started, never sent: no submit date, stopped on page 2
        rows.append([len(respondents) + number + 1, None, 2, "en", 99, "2024-10-20 10:00:00", None, "192.0.2.9"])
        rows[-1] += ["Front Door", "Social worker", "2 to 5 years", "Agree"]
    return rows


def limesurvey_codes(respondents=RESPONDENTS) -> list[list]:
    """Codes for headers and answers. This council's codebook used S7a, S7b for its own
    questions: here S7a is the CPD statement's code, S7b a question the bank does not have."""
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr"]
    header += ["team", "G01Q02", "S7a", "S7b", "G03Q01"]
    rows = [header]
    for number, person in enumerate(respondents, start=1):
        stamp = person["sent"].strftime("%Y-%m-%d %H:%M:%S")
        row = [number, stamp, 4, "en", 5, stamp, stamp, person["ip"], person["team"], ROLES[person["role"]]]
        row += [LIMESURVEY_CODES.get(person["S7a"], "-oth-"), "Y", person["5a"]]
        rows.append(row)
    return rows


def microsoft_forms(respondents=RESPONDENTS, day_first: bool = True) -> list[list]:
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]
    header += [TEAM_QUESTION, ROLE_QUESTION, YEARS_QUESTION, *STATEMENTS.values(), FREQUENCY_QUESTION]
    header += [CASES_QUESTION, BLOCKS_QUESTION, COMMENT_QUESTION]
    pattern = "%d/%m/%Y %H:%M:%S" if day_first else "%m/%d/%Y %H:%M:%S"
    rows = [header]
    for number, person in enumerate(respondents, start=1):
        sent = person["sent"].strftime(pattern)
        row = [number, sent, sent, person["email"], " ".join(person["name"]), None]
        row += [person["team"], ROLES[person["role"]], YEARS[person["years"]]]
        row += [AGREEMENT[person[item]] for item in STATEMENTS]
        row += [FREQUENCY[person["8a"]], person["5a"]]
        row += ["".join(BLOCKS[value] + ";" for value in person["19a"]) or None, person["comment_3"]]
        rows.append(row)
    return rows


def write_xlsx(path: Path, rows: list[list]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8-sig") as file:
        csv.writer(file).writerows([["" if cell is None else cell for cell in row] for row in rows])
    return path


def expected_answers(respondents=RESPONDENTS, items=("29a", "30a", "5b", "S7a", "8a", "5a", "19a")) -> list[set]:
    """Each respondent's answers as the database holds them: (item id, value) pairs."""
    found = []
    for person in respondents:
        answers = set()
        for item in items:
            value = person[item]
            if isinstance(value, list):
                answers |= {(item, each) for each in value}
            else:
                answers.add((item, value))
        found.append(answers)
    return found
