"""The principal social worker reviews comments that look like they name or contact someone,
before releasing results: keep, redact some words, or hide with a reason.

Names typed in for a check travel only in the request that checks them (and back in the
page's own forms): they are never stored, flashed, put in a URL or written to a log."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField

from healthcheck.admin import bp
from healthcheck.admin.cycles import RELEASER, cycle_or_404
from healthcheck.comments import flags as comment_flags
from healthcheck.comments import review
from healthcheck.db import get_db
from healthcheck.problems import Problem
from healthcheck.web.auth import role_required

DONE_MESSAGES = {
    review.KEEP: "The comment is kept as written.",
    review.REDACT: "The words are removed from the comment for good.",
    review.HIDE: "The comment is hidden: nobody reading the results will see it.",
}


class CommentReviewForm(FlaskForm):
    """One form for the page's two actions: check pasted names, or decide on one comment."""

    action = HiddenField()
    names = TextAreaField()
    comment = HiddenField()
    decision = StringField()  # kept, redacted or hidden: checked by review.decide
    words = StringField()
    reason = StringField()


@bp.route("/cycles/<slug>/comments/review", methods=["GET", "POST"])
@role_required(RELEASER)
def review_comments(slug):
    cycle = cycle_or_404(slug)
    db = get_db()
    if cycle["status"] != "closed":
        # Nothing of the comments, not even a count, while people may still be answering.
        return render_template("admin/comment_review_later.html", cycle=cycle)
    form = CommentReviewForm()
    names, problem, problem_key = (), None, None
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            names = comment_flags.entered_names(form.names.data)
            if form.action.data == "decide":
                problem_key = form.comment.data
                review.decide(
                    db,
                    cycle,
                    form.comment.data,
                    form.decision.data or "",
                    g.user["email"],
                    reason=form.reason.data or "",
                    words=form.words.data or "",
                )
                if not names:
                    flash(DONE_MESSAGES[form.decision.data])
                    return redirect(url_for("admin.review_comments", slug=slug))
        except Problem as error:
            problem = error
    comments = review.comments_to_review(db, cycle, names)
    return render_template(
        "admin/comment_review.html",
        cycle=cycle,
        comments=comments,
        awaiting=[comment for comment in comments if comment.decision is None],
        reviewed=[comment for comment in comments if comment.decision is not None],
        names="\n".join(names),
        checked_names=bool(names),
        problem=problem,
        problem_key=problem_key,
        removed=comment_flags.REMOVED,
        released=bool(cycle.get("released_on")),
    )
