"""Hostile free text, for every test that shows or exports what someone typed.

Import it from any test (`from payloads import PAYLOADS, assert_shown_inertly`): type a
payload into a name, comment or upload, then check the page with
`assert_shown_inertly(response, payload)` or an export cell with `payload.exported_safely`.
"""

from dataclasses import dataclass

from bs4 import BeautifulSoup

from healthcheck.formatting import DIRECTION_CONTROLS

RLO = "\u202e"  # right-to-left override
LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate and its end

# OWASP: a spreadsheet cell starting with one of these can become a formula.
FORMULA_STARTERS = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True)
class Payload:
    name: str
    text: str

    @property
    def shown(self) -> str:
        """What a person should see: the text exactly, without direction controls."""
        return self.text.translate(DIRECTION_CONTROLS)

    @property
    def starts_a_formula(self) -> bool:
        return self.text.startswith(FORMULA_STARTERS)

    def as_email(self) -> "Payload":
        """The payload inside an email address the account rules accept (lower case)."""
        compact = "".join(self.text.split())
        return Payload(f"{self.name} email", f"x{compact}@council.example".lower())

    def exported_safely(self, cell) -> bool:
        """True when a workbook cell (openpyxl) keeps the words exactly, as text that no
        spreadsheet evaluates: a string cell, with Excel's quote-prefix style when it
        starts like a formula, and no apostrophe added to what was written."""
        text = cell.value
        if not isinstance(text, str) or cell.data_type != "s" or self.shown.strip() not in text:
            return False
        if text.startswith("'") and not self.shown.startswith("'"):
            return False  # an apostrophe people would see, added to their words
        return bool(cell.quotePrefix) or not text.startswith(FORMULA_STARTERS)

    def exported_safely_to_csv(self, value) -> bool:
        """True when a CSV value keeps the words but cannot be read as a formula: CSV has
        no types, so text starting like a formula carries a leading single quote."""
        text = str(value)
        return not text.startswith(FORMULA_STARTERS) and self.shown.strip() in text


PAYLOADS = [
    Payload("html", "<b>bold</b> <i>and</i> <u>underlined</u>"),
    Payload("script", '<script>alert("pwned")</script>'),
    Payload("image with handler", '<img src=x onerror="alert(1)">'),
    Payload("attribute breakout", '"><svg/onload=alert(1)>'),
    Payload("single-quote breakout", "'><a href='javascript:alert(1)'>link</a>"),
    Payload("entity", "Tom &amp; Jerry &lt;team&gt;"),
    Payload("template expression", "Team {{7*7}} {{ config }}"),
    Payload("template statement", "{% for x in range(3) %}loop{% endfor %} team"),
    Payload("direction override", f"Adults {RLO}gnissim{RLO} team"),
    Payload("direction isolate", f"Front {LRI}door{PDI} team {RLO}exe.txt"),
    Payload("formula equals", "=1+1 team"),
    Payload("formula hyperlink", '=HYPERLINK("http://evil.example","click") team'),
    Payload("formula plus", "+SUM(1,2) team"),
    Payload("formula minus", "-2+3 team"),
    Payload("formula at", "@SUM(A1:A2) team"),
]


def payload_ids(payloads=PAYLOADS):
    return [payload.name for payload in payloads]


def assert_page_is_inert(html: str) -> BeautifulSoup:
    """No markup on the page came from typed text: every script is ours (a file or the CSP
    nonce), no element has an event handler, no link runs script, no direction control
    remains. Returns the parsed page."""
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        assert script.get("src", "").startswith("/static/") or script.get("nonce"), script
    for element in soup.find_all(True):
        handlers = [name for name in element.attrs if name.lower().startswith("on")]
        assert not handlers, element
        for name in ("href", "src", "action"):
            assert not str(element.get(name, "")).strip().lower().startswith("javascript:"), element
    assert not any(chr(code) in html for code in DIRECTION_CONTROLS), "direction control on the page"
    return soup


def assert_shown_inertly(response, payload: Payload) -> BeautifulSoup:
    """The page shows the payload as text a person can read, and nothing it could run."""
    html = response.get_data(as_text=True)
    soup = assert_page_is_inert(html)
    assert payload.shown in soup.get_text(), f"{payload.name!r} is not shown as typed"
    return soup
