"""Names that look alike: a team called "Аdults North" with a Cyrillic "А" reads exactly as
"Adults North", so a link to it could put a person into a team of one.

skeleton() reduces a name to what a reader sees, in the spirit of Unicode's confusables
check (UTS #39): NFKC, case folded, accents and invisible characters dropped, and the
letters of other scripts that look like Latin ones (and digits that look like letters)
read as those Latin letters. Two names with the same skeleton are confusable."""

import unicodedata

# Cyrillic and Greek letters drawn like Latin ones, after case folding; and 0/1 read as o/l.
LOOK_ALIKE = str.maketrans(
    {
        # Cyrillic
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
        "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d",
        "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ɡ": "g",
        # Greek
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
        "τ": "t", "υ": "u", "χ": "x", "ω": "w", "μ": "u", "ζ": "z",
        # Digits and strokes
        "0": "o", "1": "l", "|": "l", "ı": "i",
    }
)  # fmt: skip


def skeleton(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    text = unicodedata.normalize("NFKD", text)
    # Combining marks (accents) and format characters (zero-width spaces and joiners) go.
    text = "".join(c for c in text if unicodedata.category(c) not in ("Mn", "Me", "Cf"))
    text = text.translate(LOOK_ALIKE)
    return " ".join(text.split())


def normalised(name: str) -> str:
    """The name as stored: NFKC, so full-width and compatibility forms become plain ones."""
    return unicodedata.normalize("NFKC", name).strip()
