"""The invitation kit for an open cycle: a QR code per survey link and a suggested email."""

import segno

from healthcheck.formatting import long_date


def qr_code_data_uri(url: str) -> str:
    """The link as a QR code in an SVG data URI (drawn here: nothing is fetched from elsewhere)."""
    return segno.make(url, error="m").svg_data_uri(scale=8, border=2, dark="#0b0c0c", light="#ffffff")


def email_text(cycle: dict, organisation: str, survey_url: str, codes_required: bool) -> dict:
    """A suggested email to staff: {"subject", "body"}, explaining what the survey is and its anonymity."""
    who = organisation or "our organisation"
    threshold = cycle["reporting_threshold"]
    code_line = (
        "You will need the access code on the slip you have been given. The code only stops the "
        "survey being answered twice: it is not linked to your answers.\n\n"
        if codes_required
        else ""
    )
    body = (
        f"Dear colleague,\n\n"
        f"The {cycle['name']} is now open, and we would like to hear from every social worker, "
        f"occupational therapist, assessment and support officer and team manager in {who}.\n\n"
        f"The survey asks about the conditions you work in: workloads, supervision, training, "
        f"wellbeing, and how well the organisation supports you. It takes about 15 minutes, and you "
        f"can save your answers and finish later.\n\n"
        f"Answer here: {survey_url}\n\n"
        f"{code_line}"
        f"Your answers are anonymous. You do not give your name or email address, and the survey does "
        f"not record your device's address or the time you answered. Results are only shown for groups "
        f"of {threshold} or more people, so no one can be picked out, and comments are shown without "
        f"saying who wrote them.\n\n"
        f"The principal social worker and the steering group, which includes practitioners and union "
        f"representatives, will look at the results and agree an action plan. We will share the results "
        f"and the plan with all staff.\n\n"
        f"The survey closes on {long_date(cycle['closes_on'])}. Thank you for taking part.\n"
    )
    return {"subject": f"{cycle['name']}: tell us about your working conditions", "body": body}
