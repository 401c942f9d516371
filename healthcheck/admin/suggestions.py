"""The suggested-actions page: drafts from the results for the PSW to edit, keep or
discard. Nothing is saved until the PSW chooses which drafts to keep."""

from flask import flash, g, redirect, render_template, url_for

from healthcheck import accounts
from healthcheck.actions import suggestions
from healthcheck.admin import bp
from healthcheck.admin.cycles import EDITORS, cycle_or_404
from healthcheck.admin.suggestion_forms import SuggestionsForm
from healthcheck.db import get_db
from healthcheck.web.auth import role_required

CHANGED = (
    "The suggestions changed while you were checking them: an action was added for one of them, or new "
    "results came in. Nothing was saved. Check the suggestions again."
)


# Suggestions quote the results, so only an editor who may read them gets them.
SUGGESTERS = tuple(role for role in EDITORS if role in accounts.RESULTS_READERS)


@bp.route("/cycles/<slug>/actions/suggested", methods=["GET", "POST"])
@role_required(*SUGGESTERS)
def suggested_actions(slug):
    cycle = cycle_or_404(slug)
    found = suggestions.suggest_actions(get_db(), cycle)
    form = SuggestionsForm.for_suggestions(found)
    if found.drafts and form.validate_on_submit():
        try:
            added = suggestions.keep_drafts(get_db(), cycle, form.kept(), g.user["email"])
        except suggestions.SuggestionsChanged:
            flash(CHANGED, "error")
            return redirect(url_for("admin.suggested_actions", slug=slug))
        except suggestions.DraftError as error:
            form.show(error.problems)
        else:
            references = ", ".join(action["reference"] for action in added)
            flash(f"{len(added)} suggested action{'' if len(added) == 1 else 's'} added: {references}.")
            return redirect(url_for("admin.action_list", slug=slug))
    return render_template("admin/actions/suggestions.html", cycle=cycle, form=form, suggestions=found)
