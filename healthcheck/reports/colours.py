"""Band colours for the pack: the lowest band red, the highest green, any between amber,
as on the results pages and in the workbook. Each band also has a pattern, and every chart
and table writes the band in words, so colour is never the only signal."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class BandColour:
    fill: str  # a bar: at least 3:1 against white
    light: str  # a table cell behind dark text
    text: str  # dark text on the light fill (WCAG AA)
    hatch: str  # matplotlib's pattern for the bar


RED = BandColour(fill="C2311F", light="F6D7D2", text="6E1A10", hatch="xx")
AMBER = BandColour(fill="A8650A", light="FFF1C2", text="4D4200", hatch="//")
GREEN = BandColour(fill="00703C", light="CCE2D8", text="004A28", hatch="")
NONE = BandColour(fill="B1B4B6", light="F3F2F1", text="0B0C0C", hatch="..")


def band_colour(bands: list[dict], name: str | None) -> BandColour:
    """The colour of a band named in the view's list of bands (lowest first by their minimum)."""
    names = [band["name"] for band in sorted(bands, key=lambda band: band["min"])]
    if name not in names:
        return NONE
    position = names.index(name)
    return RED if position == 0 else GREEN if position == len(names) - 1 else AMBER


def hex_colour(value: str) -> str:
    return f"#{value}"
