"""The pack's charts as images (PNG for documents, SVG for the web and print): horizontal
bars out of 100 in band colours and patterns, each labelled with its score and band in
words, with its 95 % interval drawn as a line; text sized to read on a slide.

Drawing is most of the pack's time, so each image is drawn once and kept (a few dozen, the
newest): the Word report and the chart downloads of the same release share them. An image
is kept under a digest of everything drawn in it, so a changed release, title or band can
never bring back an old picture."""

from __future__ import annotations

import collections
import hashlib
import io
import json
import textwrap
import threading

from healthcheck.reports.colours import NONE, band_colour, hex_colour
from healthcheck.reports.pack import CommitteePack

FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
WIDTH_INCHES = 11.0
DPI = 150
FONT_SIZE = 14  # points: about 20 px on a 16:9 slide shown full width
_drawing = threading.Lock()  # one chart at a time (see _draw)
IMAGES_KEPT = 64  # about 4 releases' worth (18 images each, tens of kB apiece)

_images: collections.OrderedDict[str, bytes] = collections.OrderedDict()
_images_lock = threading.Lock()


class UnknownChart(LookupError):
    """No chart of that name in the pack."""


def chart_names(pack: CommitteePack) -> list[tuple[str, str]]:
    """(name, title) of every chart the pack offers, the overview first."""
    return [("standards", "Scores by standard")] + [
        (f"standard-{standard['number']}", f"Standard {standard['number']}: {standard['title']}, by step")
        for standard in pack.standards
    ]


def chart_image(pack: CommitteePack, name: str, image_format: str) -> bytes:
    """The named chart (see chart_names) as PNG or SVG bytes."""
    if image_format not in FORMATS:
        raise UnknownChart(f"Charts come as {' or '.join(FORMATS)}, not {image_format!r}")
    if name == "standards":
        return standards_chart(pack, image_format)
    number = name.removeprefix("standard-")
    if number.isdigit() and pack.standard(int(number)):
        return steps_chart(pack, int(number), image_format)
    raise UnknownChart(f"There is no chart called {name!r}")


def standards_chart(pack: CommitteePack, image_format: str = "png") -> bytes:
    rows = [(f"{s['number']}. {s['short_title']}", s) for s in pack.standards]
    return bar_chart(rows, f"{pack.cycle['name']}: scores by standard (out of 100)", pack.bands, image_format)


def steps_chart(pack: CommitteePack, number: int, image_format: str = "png") -> bytes:
    standard = pack.standard(number)
    rows = [(_step_label(step), step) for step in standard["steps"]]
    title = f"Standard {number}: {standard['short_title']}, scores by step (out of 100)"
    return bar_chart(rows, title, pack.bands, image_format)


def _step_label(step: dict) -> str:
    if step["supplementary"]:
        return f"Supplementary: {step['title']}"
    return f"Step {step['number']}: {step['title']}"


def bar_chart(rows: list[tuple[str, dict]], title: str, bands: list[dict], image_format: str = "png") -> bytes:
    """rows: (label, entry with score, band and interval). Returns the image's bytes, drawn
    once for the same rows, title, bands and format and kept."""
    key = _image_key(rows, title, bands, image_format)
    with _images_lock:
        image = _images.get(key)
        if image is not None:
            _images.move_to_end(key)
            return image
    image = _draw(rows, title, bands, image_format)
    with _images_lock:
        _images[key] = image
        while len(_images) > IMAGES_KEPT:
            _images.popitem(last=False)
    return image


def forget_images() -> None:
    """Drop the images this process keeps: to time the drawing they save."""
    with _images_lock:
        _images.clear()


def _image_key(rows: list[tuple[str, dict]], title: str, bands: list[dict], image_format: str) -> str:
    drawn = [
        (label, entry.get("score"), entry.get("band"), entry.get("interval"), entry.get("basis"))
        for label, entry in rows
    ]
    described = json.dumps([drawn, title, bands, image_format, DPI, FONT_SIZE], sort_keys=True, default=str)
    return hashlib.sha256(described.encode()).hexdigest()


def _draw(rows: list[tuple[str, dict]], title: str, bands: list[dict], image_format: str) -> bytes:
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    labels = [textwrap.fill(label, 38, max_lines=2, placeholder="…") for label, _ in rows]
    height = 1.9 + 0.72 * len(rows)
    # rc_context changes matplotlib's global settings: one chart is drawn at a time, so a
    # server answering requests in threads never mixes two charts' settings.
    with _drawing, matplotlib.rc_context({"font.size": FONT_SIZE, "svg.fonttype": "none", "hatch.linewidth": 1.0}):
        figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
        axes = figure.add_subplot()
        positions = list(range(len(rows)))
        for position, (_, entry) in zip(positions, rows):
            colour = band_colour(bands, entry.get("band"))
            score = entry.get("score")
            if score is None:
                axes.text(1, position, "No score", va="center", color="#505a5f")
                continue
            axes.barh(
                position,
                max(score, 0.5),
                height=0.62,
                color=hex_colour(colour.fill),
                hatch=colour.hatch,
                edgecolor="white",
                linewidth=0,
            )
            interval = entry.get("interval")
            end = score
            if interval:
                axes.errorbar(
                    score,
                    position,
                    xerr=[[score - interval["low"]], [interval["high"] - score]],
                    fmt="none",
                    ecolor="#0b0c0c",
                    elinewidth=1.6,
                    capsize=5,
                )
                end = max(score, interval["high"])
            said = f"{score} {entry['band']}" + (" (own view only)" if entry.get("basis") == "organisation" else "")
            axes.text(end + 1.5, position, said, va="center", color="#0b0c0c", weight="bold")
        for band in bands[:-1]:
            axes.axvline(band["max"] + 0.5, color="#b1b4b6", linewidth=1, linestyle="--", zorder=0)
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlim(0, 112)
        axes.set_xticks([0, 25, 50, 75, 100])
        axes.set_xlabel("Score out of 100 (the black line: 95% interval)")
        axes.spines[["top", "right"]].set_visible(False)
        axes.set_title(textwrap.fill(title, 70), loc="left", fontsize=FONT_SIZE + 2, weight="bold")
        legend = [
            Patch(
                facecolor=hex_colour(band_colour(bands, band["name"]).fill),
                hatch=band_colour(bands, band["name"]).hatch,
                edgecolor="white",
                label=f"{band['name']} {band['min']}–{band['max']}",
            )
            for band in bands
        ]
        if any(entry.get("score") is None for _, entry in rows):
            legend.append(Patch(facecolor=hex_colour(NONE.light), label="No score"))
        figure.legend(handles=legend, loc="outside lower center", ncols=len(legend), frameon=False)
        buffer = io.BytesIO()
        figure.savefig(buffer, format=image_format, dpi=DPI, metadata=_metadata(image_format))
    return buffer.getvalue()


def _metadata(image_format: str) -> dict:
    # No creation date, so the same release always makes the same file.
    return {"Date": None} if image_format == "svg" else {"Software": None}
