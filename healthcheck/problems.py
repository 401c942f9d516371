"""Input that cannot be accepted, said in plain English and placed where it belongs.

Every domain check raises a Problem: its message is written for the person who typed or
uploaded the thing, and its field names the form field (or the question) it concerns, so
every page shows it in the GOV.UK error summary the same way (web.forms.show_problem).
Several at once travel together in one Problem (Problem.together), each with its field.
"""

from __future__ import annotations


class Problem(ValueError):
    """What is wrong, and the form field or question it concerns (None: the whole form)."""

    def __init__(self, message: str, field: str | None = None, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.problems = list(problems) if problems else [self]

    @classmethod
    def together(cls, messages: dict[str, str]) -> Problem:
        """Several problems found at once, keyed by the field each concerns."""
        return cls(
            "; ".join(messages.values()), problems=[Problem(message, field) for field, message in messages.items()]
        )

    @property
    def messages(self) -> dict[str | None, str]:
        """Each field's message (what a page shows beside the field)."""
        return {problem.field: problem.message for problem in self.problems}


class CycleClosed(Problem):
    """The cycle is closed, so what was asked can no longer change; a page says so and goes back."""
