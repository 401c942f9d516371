"""Which comments look like they name or contact someone, and why: email addresses, UK phone
numbers, capitalised personal names, job titles held by one person, and names the principal
social worker enters for one check. Pure and deterministic: the text never leaves the server.

A flag is a reason for a person to look, not a verdict; the principal social worker decides."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from healthcheck.problems import Problem

REMOVED = "[removed by the principal social worker]"
EMAIL, PHONE, NAME, JOB_TITLE, ENTERED = (
    "email address",
    "phone number",
    "possible name",
    "job title held by one person",
    "a name you entered",
)
ENTERED_LIMIT = 2000  # characters of names pasted in for one check


@dataclass(frozen=True)
class Flag:
    kind: str  # one of EMAIL, PHONE, NAME, JOB_TITLE, ENTERED
    start: int
    end: int
    words: str  # the words the flag is about, as written

    @property
    def reason(self) -> str:
        return f"{NAME}: {self.words}" if self.kind == NAME else self.kind


_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# +44 or 0, then digits with spaces, hyphens or brackets between: counted afterwards.
_PHONE = re.compile(r"(?<![\w+])(?:\+\s?44\s?(?:\(0\)\s?)?|\(?0)\d[\d\s()-]{7,16}\d(?!\d)")
_WORD = r"(?:Mc|Mac|O')?[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?"
_CAPITALISED = re.compile(rf"(?<![\w'-]){_WORD}(?![\w'-])")
# "my manager Sarah", "colleague Tom": a role word and then one capitalised word.
_ROLE_THEN_NAME = re.compile(
    rf"\b(?:manager|supervisor|colleague|senior|lead|director|boss|mentor|educator|TM|SP)\s+({_WORD})\b"
)
# Titles one person holds in an organisation; "team manager" alone is many people, "the team
# manager of X" is one.
_JOB_TITLES = re.compile(
    r"\b(?:"
    r"(?:assistant |deputy |executive |strategic )?director of [A-Za-z' ]*?(?:services|care|health|practice|social work)"
    r"|(?:assistant |deputy )?director\b(?! of)"
    r"|head of (?:service|services|practice|social work|quality|safeguarding|[A-Z][a-z]+)"
    r"|principal (?:social worker|occupational therapist|practitioner)|\bPSW\b"
    r"|chief (?:executive|social worker)"
    r"|(?:AMHP|duty|rota|MASH|practice) (?:rota )?(?:lead|coordinator|co-ordinator)"
    r"|(?:team|service|practice|group) manager (?:of|for) (?:the )?[A-Z][\w']*(?: [A-Z][\w']*)*"
    r"|(?:caldicott guardian|monitoring officer|lead member)"
    r")",
    re.IGNORECASE,
)

# Every job title above holds one of these (lower case): a comment with none skips the search.
_TITLE_WORDS = (
    "director",
    "head of",
    "principal",
    "psw",
    "chief",
    "lead",
    "co-ordinator",
    "coordinator",
    "manager of",
    "manager for",
    "caldicott",
    "monitoring officer",
)

# Capitalised words that are not personal names: sentence starters, places, services, job
# words, days and months. Team and organisation names are added for each cycle.
COMMON_WORDS = frozenset(
    """
    a about after again all also although an and another any are as at because before being both but by
    can could did do does during each either even every few for from had has have having he her here
    his how however i if in into is it its just last least less let like many may me might more most
    much my near never next no none nor not now of off often on once one only or other our out over
    own perhaps please quite rather really same she should since so some sometimes still such than
    thank thanks that the their them then there these they this those though through to too under
    unless until up upon us very was we well were what when where whether which while who whom why
    will with within without would yes yet you your yours overall honestly generally currently
    recently lately frankly personally sadly luckily thankfully again also new old good great
    social work worker workers care children child adult adults family families young people person
    council borough county city district authority local government service services team teams unit
    department directorate office hub front door duty hospital discharge locality north south east
    west central mental health learning disability disabled disabilities transitions protection
    safeguarding court legal housing education school schools police probation nhs trust trusts
    england english wales scotland ireland britain british uk london manchester birmingham leeds
    kirklees yorkshire northfield university college academy institute agency agencies
    manager managers senior practitioner practitioners principal head director assistant deputy
    chief executive lead leads officer officers support business admin coordinator supervisor
    approved professional professionals occupational therapist therapists assessment approved
    standards standard framework health check survey steering group forum forums panel board
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december christmas easter covid ofsted cqc
    microsoft teams outlook windows excel word liquid logic mosaic azeus eclipse careflow
    employee assistance programme wellbeing occupational hr human resources payroll ict it
    practice development educator educators student students newly qualified asye aspire
    step steps mash amhp psw cpd toil sw sws
    ask tell speak ring call phone email contact see meet thank dear hello hi sorry sadly maybe
    """.split()
)


def entered_names(text: str | None) -> tuple[str, ...]:
    """The names pasted in for one check: one a line, or separated by commas or semicolons;
    entries made only of common words are left out."""
    text = text or ""
    if len(text) > ENTERED_LIMIT:
        raise Problem(f"Enter at most {ENTERED_LIMIT:,} characters of names; you entered {len(text):,}", "names")
    names = []
    for part in re.split(r"[\n\r,;]+", text):
        name = " ".join(part.split())
        # A name needs one word that is not a common one: "the" or "duty" would find every
        # comment, and the check is for people, not a way to read comments before release.
        if _has_name_word(name) and name.lower() not in (n.lower() for n in names):
            names.append(name)
    return tuple(names)


def _has_name_word(name: str) -> bool:
    return any(len(word) >= 3 and word.lower().strip(".,'") not in COMMON_WORDS for word in name.split())


def flags_in(text: str, names: tuple[str, ...] = (), known_words: frozenset[str] = frozenset()) -> list[Flag]:
    """Every flag in the comment, in reading order, overlapping ones merged under the first
    found (an email address is not also a name)."""
    common = _common_with(known_words)
    lowered = text.lower()
    found: list[Flag] = []
    # Cheap tests first: most comments hold no "@", no title word and no entered name.
    if "@" in text:
        found += [Flag(EMAIL, m.start(), m.end(), m.group()) for m in _EMAIL.finditer(text)]
    found += [Flag(PHONE, m.start(), m.end(), m.group()) for m in _PHONE.finditer(text) if _is_phone(m.group())]
    found += [Flag(ENTERED, start, end, text[start:end]) for start, end in _entered_spans(text, names)]
    if any(word in lowered for word in _TITLE_WORDS):
        found += [Flag(JOB_TITLE, m.start(), m.end(), m.group()) for m in _JOB_TITLES.finditer(text)]
    found += _names(text, common)
    kept: list[Flag] = []
    for flag in found:
        if not any(flag.start < other.end and other.start < flag.end for other in kept):
            kept.append(flag)
    return sorted(kept, key=lambda flag: flag.start)


@functools.lru_cache(maxsize=16)
def _common_with(known_words: frozenset[str]) -> frozenset[str]:
    return COMMON_WORDS | {word.lower() for word in known_words}


def _is_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if digits.startswith("44"):
        digits = "0" + digits[2:].removeprefix("0")
    return digits.startswith("0") and len(digits) in (10, 11) and not digits.startswith("00")


def _entered_spans(text: str, names: tuple[str, ...]):
    if names:
        pattern, pieces = _entered_pattern(names)
        lowered = text.lower()
        if any(piece in lowered for piece in pieces):  # most comments mention none: skip the search
            for match in pattern.finditer(text):
                yield match.start(), match.end()


@functools.lru_cache(maxsize=8)
def _entered_pattern(names: tuple[str, ...]) -> tuple[re.Pattern, tuple[str, ...]]:
    """Each entered name as whole words, and each of its words of three letters or more that
    is not a common word ("Sarah Jenkins" also finds "Jenkins"), longest first."""
    pieces = set()
    for name in names:
        pieces.add(name)
        pieces.update(word for word in name.split() if len(word) >= 3 and word.lower() not in COMMON_WORDS)
    alternatives = "|".join(re.escape(piece) for piece in sorted(pieces, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    return pattern, tuple(piece.lower() for piece in pieces)


def _names(text: str, common: frozenset[str]) -> list[Flag]:
    """Two or more capitalised words in a row, none of them common ("When Sarah Jenkins
    said" finds "Sarah Jenkins"), and a capitalised word after a role ("my manager Sarah")."""
    found = []
    run: list[re.Match] = []

    def is_common(word: re.Match) -> bool:
        return word.group().lower().removesuffix("'s") in common

    for word in [*_CAPITALISED.finditer(text), None]:
        joined = word is not None and run and text[run[-1].end() : word.start()] in (" ", "\u00a0")
        if word is not None and not is_common(word) and (joined or not run):
            run.append(word)
            continue
        if len(run) >= 2:
            found.append(Flag(NAME, run[0].start(), run[-1].end(), text[run[0].start() : run[-1].end()]))
        run = [word] if word is not None and not is_common(word) else []
    for match in _ROLE_THEN_NAME.finditer(text):
        if match.group(1).lower() not in common:
            found.append(Flag(NAME, match.start(1), match.end(1), match.group(1)))
    return found


def highlighted(text: str, flags: list[Flag]) -> list[tuple[str, str | None]]:
    """The comment in pieces, each with the reason it is marked (None for unmarked text)."""
    pieces, at = [], 0
    for flag in flags:
        if flag.start > at:
            pieces.append((text[at : flag.start], None))
        pieces.append((text[flag.start : flag.end], flag.reason))
        at = flag.end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces


def redacted(text: str, words: str) -> str:
    """The comment with every occurrence of the words (any case) replaced by REMOVED."""
    words = " ".join((words or "").split())
    if not words:
        raise Problem("Enter the words to remove, exactly as they appear in the comment", "words")
    pattern = re.compile(r"\s+".join(re.escape(part) for part in words.split(" ")), re.IGNORECASE)
    if not pattern.search(text):
        raise Problem("The words to remove are not in the comment: copy them exactly as they appear in it", "words")
    return pattern.sub(REMOVED, text)
