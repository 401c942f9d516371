"""Demo seeder for the management side of the health check: each demo team's workforce
figures and the organisation's own view, for both demo cycles.

The figures go through the same import as a council's file, and the answers through
the same save as the form. The struggling team has high vacancies, agency cover,
caseloads and sickness, a little worse than last year; the organisation rates some
things "working well" that its practitioners may well not recognise, such as supervision.
"""

from __future__ import annotations

import csv
import io

from healthcheck import cycles, organisation_view, workforce
from healthcheck.demo.council import STRUGGLING_TEAM

PSW_EMAIL = "psw@northfield.example"
INTRANET = "https://intranet.northfield.example"
DEFINITIONS = {
    "case_definition": "A child, or an adult, with an open episode of care counts as one case; brothers and "
    "sisters count as one case each.",
    "long_term_absence_definition": "Away for 4 weeks (20 working days) or more in a row, for any reason, "
    "including sickness and maternity leave.",
}
# The HR system has no timesheets for these teams, so hours and TOIL are "not available".
NO_TIMESHEETS = ("Hospital Discharge", "Children in Care")

# item id -> (answer this year, answer last year, evidence, link or "")
ORGANISATION_VIEW = {
    "O13": (
        "needs_improvement",
        "needs_improvement",
        "Monthly referral and allocation figures go to the departmental management team; there is no "
        "forecast of seasonal peaks yet.",
        "",
    ),
    "O14": (
        "needs_improvement",
        "not_in_place",
        "A procedure for unallocated cases was agreed in March; the first audit found reviews recorded "
        "on two thirds of cases.",
        f"{INTRANET}/procedures/unallocated-cases",
    ),
    "O15": (
        "working_well",
        "needs_improvement",
        "Unallocated cases over 10 working days are escalated to the head of service, with a weekly "
        "report to the director.",
        f"{INTRANET}/procedures/escalation",
    ),
    "O25": (
        "working_well",
        "working_well",
        "The supervision policy sets monthly supervision; team managers record it in the case system "
        "and compliance is reported every quarter.",
        f"{INTRANET}/policies/supervision",
    ),
    "O26": (
        "not_in_place",
        "not_in_place",
        "Appraisals use the corporate form, which has no feedback from colleagues or people who use services.",
        "",
    ),
    "O27": (
        "working_well",
        "working_well",
        "The employee assistance programme offers counselling 24 hours a day; it is on the intranet "
        "front page and in induction.",
        f"{INTRANET}/wellbeing",
    ),
    "O31": (
        "needs_improvement",
        "needs_improvement",
        "Stress risk assessments are offered after a return from sickness absence; there is no "
        "service-wide monitoring.",
        "",
    ),
    "O32": (
        "working_well",
        "working_well",
        "The whistle-blowing policy is covered at induction; four concerns were raised this year.",
        f"{INTRANET}/policies/whistleblowing",
    ),
    "O33": (
        "working_well",
        "needs_improvement",
        "Lone working risk assessments for every role; a call-back app is used for home visits and out of hours.",
        f"{INTRANET}/policies/lone-working",
    ),
    "O35": (
        "needs_improvement",
        "needs_improvement",
        "The annual complaints report is written; lessons are not yet fed back to teams.",
        "",
    ),
    "O36": (
        "needs_improvement",
        "not_in_place",
        "A survey of people who use services runs twice a year in adult services only.",
        "",
    ),
    "O37": (
        "working_well",
        "working_well",
        "The safeguarding partnership runs a partner survey each year and reports what changed.",
        "",
    ),
    "O38": (
        "working_well",
        "needs_improvement",
        "Last year's health check results went to every team, with an action plan agreed by the steering group.",
        f"{INTRANET}/health-check",
    ),
    "O39": (
        "needs_improvement",
        "not_in_place",
        "Exit interviews are offered to every leaver; fewer than half take one up, and the reasons "
        "are not yet analysed.",
        "",
    ),
}


def seed_management(context) -> None:
    """Seeder for demo.SEEDERS: figures and the organisation's view for both demo cycles."""

    for cycle, this_year in ((context.last_year, False), (context.this_year, True)):
        cycle = cycles.get_cycle(context.db, cycle["slug"])
        if cycle["status"] == "closed":
            continue  # seeded when it was created; a closed cycle cannot change
        cycle = workforce.save_definitions(context.db, cycle, DEFINITIONS)
        teams = cycles.teams_for(context.db, cycle["id"])
        data = figures_csv(teams, context.rng, STRUGGLING_TEAM, this_year)
        workforce.import_file(context.db, cycle, f"northfield-workforce-{cycle['slug']}.csv", data)
        _seed_organisation_view(context.db, cycle, this_year)


def _seed_organisation_view(db, cycle: dict, this_year: bool) -> None:
    bank = cycles.cycle_bank(cycle)
    entries = {}
    for item in bank.organisation_items:
        now, before, evidence, link = ORGANISATION_VIEW.get(item.id, ("needs_improvement",) * 2 + ("", ""))
        entries[item.id] = organisation_view.Entry(now if this_year else before, evidence, link)
    organisation_view.save_answers(db, cycle, bank.organisation_items, entries, PSW_EMAIL)


def figures_csv(teams: list[dict], rng, struggling: str, this_year: bool) -> bytes:
    """A workforce CSV as an HR team would send it, one row per team."""
    rows = [_team_figures(team, rng, team["name"] == struggling, this_year) for team in teams]
    columns = ["team"] + list(rows[0][1])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for name, figures in rows:
        writer.writerow([name] + [figures[key] for key in columns[1:]])
    return out.getvalue().encode("utf-8")


def _team_figures(team: dict, rng, struggling: bool, this_year: bool) -> tuple[str, dict]:
    def rate(low, high, bad, bad_last_year=None):
        """A share for an ordinary team, or the struggling team's: already under
        pressure last year (by default 70 % of this year's figure) and worse now."""
        value = rng.uniform(low, high)
        if not struggling:
            return value
        return bad if this_year else (bad * 0.7 if bad_last_year is None else bad_last_year)

    headcount = max(team["headcount"], 1)
    inpost = round(headcount * rng.uniform(0.86, 0.95), 1)
    vacancy_rate = rate(0.04, 0.12, 0.28)
    vacancy = round(vacancy_rate / (1 - vacancy_rate) * inpost, 1)
    agency_rate = rate(0.02, 0.09, 0.26)
    agency = round(agency_rate / (1 - agency_rate) * inpost, 1)
    case_holders = round(max(inpost + agency - 1, 1) * 0.92, 1)
    cases = round(case_holders * rate(13.5, 18.0, 25.0))
    referrals = round(cases * (9.0 if struggling else rng.uniform(1.2, 2.5)))
    manager_cases = round(cases * rate(0.0, 0.03, 0.08))
    duty_cases = round(cases * rate(0.0, 0.04, 0.16))
    supervisions_due = headcount * 3
    cpd_planned = headcount * rng.randint(3, 5)
    figures = {
        "establishment_fte": round(inpost + vacancy, 1),
        "inpost_fte": inpost,
        "inpost_headcount": headcount,
        "vacancy_fte": vacancy,
        "agency_fte": agency,
        "agency_cover_fte": round(min(agency * rng.uniform(0.7, 0.95), vacancy * rng.uniform(0.6, 1.0)), 1),
        "long_term_absence_fte": round(inpost * rate(0.0, 0.06, 0.11), 1),
        "starters_fte": round(inpost * rate(0.06, 0.13, 0.14, 0.1), 1),
        "leavers_fte": round(inpost * rate(0.07, 0.14, 0.27), 1),
        "case_holders_fte": case_holders,
        "cases": cases,
        "unallocated_cases": round(cases * rate(0.0, 0.03, 0.13)),
        "referrals": referrals,
        "re_referrals": round(referrals * rate(0.13, 0.2, 0.27)),
        "cases_team_members": cases - manager_cases,
        "cases_team_manager": manager_cases,
        "cases_duty": duty_cases,
        "working_days_lost": round(inpost * 253 * rate(0.025, 0.045, 0.078), 1),
        "supervisions_due": supervisions_due,
        "supervisions_held": round(supervisions_due * rate(0.86, 0.99, 0.6, 0.72)),
        "cpd_planned": cpd_planned,
        "cpd_attended": round(cpd_planned * rate(0.75, 0.93, 0.55, 0.68)),
        "average_weekly_hours": round(37 + rate(0.5, 3.5, 9.0, 6.5), 1),
        "toil_hours_owed": round(inpost * rate(4, 12, 38), 1),
    }
    if team["name"] in NO_TIMESHEETS:
        figures["average_weekly_hours"] = figures["toil_hours_owed"] = "x"
    return team["name"], figures
