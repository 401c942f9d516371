"""The practitioner survey's pages. Practitioners never sign in; their answers in progress
live in a server-side draft reached through a token in their session."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from healthcheck import cycles, retention
from healthcheck.db import get_db
from healthcheck.problems import Problem
from healthcheck.survey import access_codes, checks, components, drafts, invitations, journey, rendering, summary
from healthcheck.survey.codes import normalise
from healthcheck.survey.forms import NO_FORM_TOKEN, ButtonForm, ResumeForm, StartForm, page_form
from healthcheck.web.forms import show_problem

bp = Blueprint("survey", __name__, url_prefix="/survey")
bp.add_app_template_global(rendering.render_question, "survey_question")
bp.add_app_template_global(rendering.render_summary_card, "survey_summary_card")

DRAFTS_KEY = "survey_drafts"  # cycle slug -> draft token
SENT_KEY = "survey_sent"  # slugs of cycles whose answers this browser has sent
CODE_KEY = "survey_resume_code"  # a new resume code, shown once on the next page


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


def _cycle(slug: str) -> dict:
    """The cycle, if it is taking answers; otherwise a friendly page that accepts nothing."""
    cycle = cycles.get_cycle(get_db(), slug)
    if cycle is None:
        abort(make_response(render_template("survey/not_found.html"), 404))
    if cycle["status"] != "open":
        status = 200 if request.method == "GET" else 403
        abort(make_response(render_template("survey/not_open.html", cycle=cycle), status))
    return cycle


def _token(cycle: dict) -> str | None:
    return session.get(DRAFTS_KEY, {}).get(cycle["slug"])


def _keep_token(cycle: dict, token: str) -> None:
    session[DRAFTS_KEY] = {**session.get(DRAFTS_KEY, {}), cycle["slug"]: token}
    session[SENT_KEY] = [slug for slug in session.get(SENT_KEY, []) if slug != cycle["slug"]]


def _mark_sent(cycle: dict) -> None:
    session[SENT_KEY] = sorted(set(session.get(SENT_KEY, [])) | {cycle["slug"]})


def page_url(cycle: dict, page: str, anchor: str | None = None, returning: bool = False) -> str:
    args = {"slug": cycle["slug"], "_anchor": anchor}
    if returning:
        args["return"] = "check"
    if page == journey.ABOUT_YOU:
        return url_for("survey.about_you", **args)
    if page == journey.CHECK:
        return url_for("survey.check_answers", slug=cycle["slug"])
    return url_for("survey.standard", number=int(page.removeprefix("standard-")), **args)


def _survey(slug: str):
    """(cycle, bank, draft) for a page inside the survey; else back to the start or the thank-you."""
    cycle = _cycle(slug)
    draft = drafts.find(get_db(), cycle, _secret(), _token(cycle))
    if draft is None:
        abort(redirect(url_for("survey.start", slug=slug)))
    if draft.submitted:
        _mark_sent(cycle)
        abort(redirect(url_for("survey.confirmation", slug=slug)))
    return cycle, cycles.cycle_bank(cycle), draft


@bp.route("/<slug>", methods=["GET", "POST"])
@bp.route("/<slug>/<team_slug>", methods=["GET", "POST"])
def start(slug, team_slug=None):
    cycle = _cycle(slug)
    db = get_db()
    team = cycles.find_team(db, cycle["id"], team_slug) if team_slug else None
    if team_slug and team is None:
        abort(make_response(render_template("survey/not_found.html"), 404))
    needs_code = access_codes.required(db, cycle)
    draft = drafts.find(db, cycle, _secret(), _token(cycle))
    in_progress = draft if draft and not draft.submitted else None
    form = StartForm()
    if form.validate_on_submit():
        if in_progress:
            return redirect(page_url(cycle, journey.known_page(cycles.cycle_bank(cycle), in_progress.page)))
        try:
            code_id = access_codes.check(db, cycle, form.access_code.data, _secret()) if needs_code else None
        except Problem as error:
            show_problem(form, error)
        else:
            _keep_token(cycle, drafts.start(db, cycle, _secret(), team["id"] if team else None, code_id))
            return redirect(url_for("survey.about_you", slug=slug))
    return rendering.page(
        "survey/start.html",
        cycle=cycle,
        team=team,
        form=form,
        needs_code=needs_code,
        in_progress=in_progress is not None,
        continue_url=in_progress and page_url(cycle, journey.known_page(cycles.cycle_bank(cycle), in_progress.page)),
        organisation=cycles.organisation_name(db, current_app.config.get("ORGANISATION_NAME", "")),
        retention=retention.retention_notice(cycle),
    )


@bp.route("/<slug>/invitation/<token>", methods=["GET", "POST"])
def invitation(slug, token):
    """A personal link from an invitation email: the survey with the team fixed, answered once."""
    cycle = _cycle(slug)
    db = get_db()
    found = invitations.find(db, cycle, token, _secret())
    if found is None:
        abort(make_response(render_template("survey/not_found.html"), 404))
    if found["used"]:
        return render_template("survey/invitation_used.html", cycle=cycle)
    team = cycles.get_team(db, found["team_id"])
    draft = drafts.find(db, cycle, _secret(), _token(cycle))
    in_progress = draft if draft and not draft.submitted and draft.invitation_id == found["id"] else None
    form = StartForm()
    if form.validate_on_submit():
        if in_progress:
            return redirect(page_url(cycle, journey.known_page(cycles.cycle_bank(cycle), in_progress.page)))
        _keep_token(cycle, drafts.start(db, cycle, _secret(), team["id"], invitation_id=found["id"]))
        return redirect(url_for("survey.about_you", slug=slug))
    return rendering.page(
        "survey/start.html",
        cycle=cycle,
        team=team,
        invited=True,
        form=form,
        needs_code=False,
        in_progress=in_progress is not None,
        continue_url=in_progress and page_url(cycle, journey.known_page(cycles.cycle_bank(cycle), in_progress.page)),
        organisation=cycles.organisation_name(db, current_app.config.get("ORGANISATION_NAME", "")),
        retention=retention.retention_notice(cycle),
    )


@bp.route("/<slug>/about-you", methods=["GET", "POST"])
def about_you(slug):
    return _question_page(slug, journey.ABOUT_YOU)


@bp.route("/<slug>/standard/<int:number>", methods=["GET", "POST"])
def standard(slug, number):
    return _question_page(slug, journey.standard_page(number))


def _question_page(slug: str, page: str):
    cycle, bank, draft = _survey(slug)
    if page not in journey.pages(bank):
        abort(404)
    db = get_db()
    teams = _teams(db, cycle, draft) if page == journey.ABOUT_YOU else []
    returning = request.args.get("return") == "check"
    if request.method == "POST":
        fields = checks.given(bank, page, request.form)
        problems = checks.problems(bank, page, teams, fields)
        saving = request.form.get("action") == "save"
        reached = journey.CHECK if returning else journey.next_page(bank, page)
        # A standard's checks come from the cycle's frozen bank, so a page that passed them
        # still passes at check your answers; about you is checked again (teams can change).
        checked = {page: not problems} if page != journey.ABOUT_YOU else None
        drafts.save(db, draft, fields, page if problems or saving else reached, checked)
        if saving:
            return _show_resume_code(cycle, draft)
        if not problems:
            return redirect(page_url(cycle, reached))
        form = page_form(bank, page, teams, fields, problems)
    elif not any(draft.fields.get(name) for name in checks.page_field_names(bank, page)):
        # Most people see each page first with nothing answered: that page is the same for all.
        return rendering.unanswered_page(
            "survey/question_page.html",
            {"cycle": cycle, "page": page, "returning": returning, "teams": teams},
            bank,
            lambda: _question_context(cycle, bank, page, teams, returning, page_form(bank, page, teams, {})),
        )
    else:
        form = page_form(bank, page, teams, draft.fields)
    return rendering.page("survey/question_page.html", **_question_context(cycle, bank, page, teams, returning, form))


def _teams(db, cycle: dict, draft) -> list[dict]:
    """The teams to choose from: only the invitation's team when the draft came from one."""
    teams = cycles.teams_for(db, cycle["id"])
    if draft.invitation_id is not None:
        fixed = invitations.team_of(db, draft.invitation_id)
        teams = [team for team in teams if team["id"] == fixed] or teams
    return teams


def _question_context(cycle: dict, bank, page: str, teams: list[dict], returning: bool, form) -> dict:
    previous = journey.previous_page(bank, page)
    if returning:
        back = url_for("survey.check_answers", slug=cycle["slug"])
    else:
        back = page_url(cycle, previous) if previous else url_for("survey.start", slug=cycle["slug"])
    if page == journey.ABOUT_YOU:
        questions, heading = components.about_you(form, teams), None
    else:
        number = int(page.removeprefix("standard-"))
        standard = bank.standard(number)
        heading = {
            "standard": {"name": standard.name, "description": standard.description},
            "progress": journey.progress(bank, number),
        }
        questions = [components.question(bank, form, item) for item in bank.items_for(number)]
        questions.append(components.comment(form, number))
    return {"cycle": cycle, "form": form, "questions": questions, "heading": heading, "back": back}


def _show_resume_code(cycle: dict, draft) -> object:
    session[CODE_KEY] = drafts.new_resume_code(get_db(), draft, _secret())
    return redirect(url_for("survey.saved", slug=cycle["slug"]))


@bp.route("/<slug>/save", methods=["POST"])
def save(slug):
    cycle, bank, draft = _survey(slug)
    if not ButtonForm().validate_on_submit():
        abort(400)
    drafts.save(get_db(), draft, {}, journey.CHECK)
    return _show_resume_code(cycle, draft)


@bp.route("/<slug>/saved")
def saved(slug):
    cycle, bank, draft = _survey(slug)
    return render_template(
        "survey/saved.html",
        cycle=cycle,
        code=session.pop(CODE_KEY, None),
        continue_url=page_url(cycle, journey.known_page(bank, draft.page)),
    )


@bp.route("/<slug>/check-your-answers", methods=["GET", "POST"])
def check_answers(slug):
    cycle, bank, draft = _survey(slug)
    db = get_db()
    teams = cycles.teams_for(db, cycle["id"])
    unfinished = checks.first_unfinished_page(bank, teams, draft.fields, draft.passed)
    if unfinished:
        return redirect(page_url(cycle, unfinished))
    form = ButtonForm(meta=NO_FORM_TOKEN)
    if form.validate_on_submit():
        try:
            drafts.submit(db, cycle, bank, _secret(), _token(cycle))
        except drafts.InvitationAlreadyUsed:
            flash(
                "Your answers cannot be sent: the invitation link you started from has already been "
                "used to send answers. Each link can be used once.",
                "error",
            )
        except drafts.AccessCodeAlreadyUsed:
            flash(
                "Your answers cannot be sent: the access code you started with has already been "
                "used to send answers. Ask the person who gave you the code for a new one.",
                "error",
            )
        else:
            _mark_sent(cycle)
            return redirect(url_for("survey.confirmation", slug=slug))
    sections = summary.sections(bank, draft.fields, teams, _change_links(cycle))
    return rendering.page(
        "survey/check_answers.html",
        cycle=cycle,
        button=form,
        sections=sections,
        back=page_url(cycle, journey.previous_page(bank, journey.CHECK)),
    )


def _change_links(cycle: dict):
    """page_url(page, anchor, returning=True) for the many change links, building each page's
    address once (an anchor is only appended to it)."""
    pages: dict[str, str] = {}

    def link(page: str, anchor: str) -> str:
        if page not in pages:
            pages[page] = page_url(cycle, page, returning=True)
        return f"{pages[page]}#{anchor}"

    return link


@bp.route("/<slug>/confirmation")
def confirmation(slug):
    cycle = _cycle(slug)
    if slug not in session.get(SENT_KEY, []):
        return redirect(url_for("survey.start", slug=slug))
    return rendering.page("survey/confirmation.html", cycle=cycle)


@bp.route("/<slug>/resume", methods=["GET", "POST"])
def resume(slug):
    cycle = _cycle(slug)
    form = ResumeForm()
    if form.validate_on_submit():
        found = drafts.resume(get_db(), cycle, _secret(), form.resume_code.data or "")
        if found:
            token, draft = found
            _keep_token(cycle, token)
            return redirect(page_url(cycle, journey.known_page(cycles.cycle_bank(cycle), draft.page)))
        form.resume_code.errors = [_resume_problem(form.resume_code.data)]
    return render_template("survey/resume.html", cycle=cycle, form=form)


def _resume_problem(typed: str | None) -> str:
    if not (typed or "").strip():
        return "Enter your resume code"
    if normalise(typed) is None:
        return "Enter the resume code as it was shown: 12 letters and numbers, like K7QF-2MXA-9TDR"
    return "There are no saved answers with that resume code. Check the code and try again"
