"""The order of the survey's pages: about you, one page per standard, check your answers.

Pages are named "about-you", "standard-<n>" and "check"; a draft remembers the name
of the page it reached so a resume code takes the practitioner back there.
"""

from healthcheck.questions import QuestionBank

ABOUT_YOU = "about-you"
CHECK = "check"


def standard_numbers(bank: QuestionBank) -> list[int]:
    """The standards that have practitioner questions, in order: one page each."""
    return [standard.number for standard in bank.standards if bank.items_for(standard.number)]


def standard_page(number: int) -> str:
    return f"standard-{number}"


def pages(bank: QuestionBank) -> list[str]:
    return [ABOUT_YOU] + [standard_page(n) for n in standard_numbers(bank)] + [CHECK]


def next_page(bank: QuestionBank, page: str) -> str:
    order = pages(bank)
    return order[min(order.index(page) + 1, len(order) - 1)]


def previous_page(bank: QuestionBank, page: str) -> str | None:
    """The page before this one, or None for the first page (whose back link is the start page)."""
    order = pages(bank)
    index = order.index(page)
    return order[index - 1] if index > 0 else None


def known_page(bank: QuestionBank, page: str | None) -> str:
    """A page name from a draft, or the first page if the bank no longer has it."""
    return page if page in pages(bank) else ABOUT_YOU


def progress(bank: QuestionBank, number: int) -> tuple[int, int]:
    """(position, count) for the progress line, like Standard 3 of 8."""
    numbers = standard_numbers(bank)
    return numbers.index(number) + 1, len(numbers)
