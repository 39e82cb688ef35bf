"""The self-check: measure a finished painting against what the request asked, check by check.

Colours are measured in the pixels, in CIELAB with the describer's colour science: a named colour must cover a
visible share of the picture (COLOR_SHARE), and a named background must hold most of the picture's border. Things
and counts are read from what the painter reports in view (the embedded painter records every stamped motif that
still shows in the finished picture, `scene.in_view`); a painter that reports nothing gets no thing checks unless
a `ThingDetector` (a CLIP scorer, a VLM) is given. The layout is checked where the painter says which it drew.

The result is a Faithfulness: what was drawn, what stands in for what, what is missing, every check and the
adherence (the weighted share of checks passed).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
from PIL import Image

from studiolo.drafts import Check, Faithfulness
from studiolo.model.measure.colour import hex_to_rgb, srgb_to_lab
from studiolo.model.protocols import Painter, Painting, PaintSpec
from studiolo.model.request import AskedThing, Request

COLOR_SHARE = 0.05  # each named colour covers at least this share of the picture
COLOR_DELTA_E = 25.0  # CIELAB distance within which a pixel reads as the named colour (about 10 just-noticeable steps)
BACKGROUND_SHARE = 0.5  # a named background holds at least this share of the picture's border
BORDER = 0.08  # the border band: this fraction of the shorter side, all round
MIN_THING_SHARE = 0.0004  # a thing in view covers at least this share of the picture (~100 px at 512 x 512)
SAMPLE_SIDE = 96  # colours are measured on a grid of about 96 x 96 of the picture's own pixels: shares, not details
WEIGHTS = {"thing": 2.0, "count": 1.0, "color": 1.0, "background": 1.0, "layout": 1.0}
# Generic words stand for any of their kinds ("flowers" is drawn when any flower is).
GENERIC_KINDS = {
    "@flower": ("daisy", "tulip", "rose", "sunflower", "cherry_blossom", "lotus", "poppy"),
    "@shape": ("circle", "triangle", "square", "diamond", "hexagon"),
}

# detector(image, thing) -> whether the thing is in the picture (a CLIP scorer or a VLM behind it)
ThingDetector = Callable[[Image.Image, AskedThing], bool]


def check_painting(request: Request, image: Image.Image, scene: dict[str, Any], *,
                   detector: ThingDetector | None = None, tries: int = 1) -> Faithfulness:  # fmt: skip
    """How `image` (painted for `request`, with the painter's `scene` record) answers the request."""
    lab = _lab_grid(image)
    checks: list[Check] = []
    for color in request.colors:
        share = _share_near(lab, color.hex)
        checks.append(
            _check("color", color.name, share >= COLOR_SHARE, round(share, 4), f">= {COLOR_SHARE:.0%} of the picture")
        )
    if request.background is not None:
        share = _share_near(_border(lab), request.background.hex)
        checks.append(_check("background", request.background.name, share >= BACKGROUND_SHARE, round(share, 4),
                             f">= {BACKGROUND_SHARE:.0%} of the border"))  # fmt: skip
    in_view: dict[str, dict[str, Any]] = scene.get("in_view") or {}
    drawn: list[str] = []
    approximated: dict[str, str] = {}
    missing = [thing.word for thing in request.missing]
    checks += [
        _check("thing", word, False, None, "a motif to draw it with").model_copy(update={"fixable": False})
        for word in missing
    ]
    for thing in request.drawable:
        present, count = _present(thing, in_view, image, detector)
        if present is None:  # nobody can tell: trust the painter, check nothing
            drawn.append(thing.label)
            continue
        checks.append(_check("thing", thing.word, present, count, "in view"))
        if (
            present and thing.count is not None and count is not None and scene.get("layout") != "pattern"
        ):  # a repeat shows it many times by design
            exact = thing.count <= 12
            ok = count == thing.count if exact else count >= 0.8 * thing.count
            checks.append(
                _check("count", thing.word, ok, count, str(thing.count) if exact else f">= {0.8 * thing.count:.0f}")
            )
        if not present:
            missing.append(thing.word)
        elif thing.stand_in is not None:
            approximated[thing.word] = thing.stand_in
        else:
            drawn.append(thing.word)
    if request.layout is not None and scene.get("layout"):
        checks.append(_check("layout", request.layout, scene["layout"] == request.layout, None, request.layout))
    total = sum(c.weight for c in checks)
    adherence = round(sum(c.weight for c in checks if c.passed) / total, 4) if total else None
    return Faithfulness(
        drawn=drawn, approximated=approximated, missing=missing, adherence=adherence, checks=checks, tries=tries
    )


def _check(kind: str, subject: str, passed: bool, measured: float | None, wanted: str) -> Check:
    return Check(name=f"{kind}:{subject}", passed=passed, measured=measured, wanted=wanted, weight=WEIGHTS[kind])


def _present(thing: AskedThing, in_view: dict[str, dict[str, Any]], image: Image.Image,
             detector: ThingDetector | None) -> tuple[bool | None, int | None]:  # fmt: skip
    """(is it in view, how many) from the painter's record; else from the detector; else (None, None)."""
    if in_view or detector is None:
        if not in_view:
            return None, None
        kinds = GENERIC_KINDS.get(str(thing.motif), (thing.motif,))
        seen = [in_view[k] for k in kinds if k in in_view]
        layers = [s for s in seen if s.get("count") is None]
        count = sum(int(s["count"]) for s in seen if s.get("count") is not None)
        share = sum(float(s.get("share") or 0) for s in seen)
        present = bool(layers) or (count > 0 and share >= MIN_THING_SHARE)
        return present, None if layers else count
    return detector(image, thing), None


def _lab_grid(image: Image.Image) -> np.ndarray:
    """CIELAB of a grid of the picture's pixels. Sampled, not averaged: a box reduce would mix the colours of thin
    stripes into new ones; the grid keeps each pixel's own colour, and ~9,000 of them give a share within ~1%.
    Colours are looked up at 5 bits a channel (within ~2 ΔE, against a tolerance of 25)."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    step = max(1, max(image.size) // SAMPLE_SIDE)
    grid = np.asarray(rgb.resize((-(-image.width // step), -(-image.height // step)), Image.Resampling.NEAREST))
    levels = (grid >> 3).astype(np.int32)
    return _lab_table()[(levels[..., 0] << 10) | (levels[..., 1] << 5) | levels[..., 2]]


@cache
def _lab_table() -> np.ndarray:
    """CIELAB of every sRGB colour at 5 bits a channel, in R, G, B order (32,768 rows)."""
    levels = (np.arange(32) * 8 + 4) / 255  # each bin's middle
    r, g, b = np.meshgrid(levels, levels, levels, indexing="ij")
    return srgb_to_lab(np.stack([r, g, b], axis=-1)).reshape(-1, 3).astype(np.float32)


def _share_near(lab: np.ndarray, color: str) -> float:
    target = srgb_to_lab(hex_to_rgb(color)[None, :])[0]
    squared = ((lab.reshape(-1, 3) - target) ** 2).sum(axis=1)
    return float((squared <= COLOR_DELTA_E**2).mean()) if squared.size else 0.0


def _border(grid: np.ndarray) -> np.ndarray:
    """The grid's pixels in the border band."""
    rows, cols = grid.shape[:2]
    band = max(1, round(min(rows, cols) * BORDER))
    inside = np.zeros((rows, cols), bool)
    inside[band:-band, band:-band] = True
    return grid[~inside]


RESEED = 7919  # each repaint of a draft moves its seed by this much: far from the batch's own seeds (seed + i)
# repaint(prompt, seed) -> a new painting of the same draft, or None once cancelled
Repaint = Callable[[str, int], "Painting | None"]


def paint_until_faithful(painting: Painting, request: Request, repaint: Repaint, *, tries: int,
                         detector: ThingDetector | None = None) -> tuple[Painting, Faithfulness]:  # fmt: skip
    """Check a painting; while checks fail and tries are left, repaint it with the misses emphasised.

    Returns the most faithful painting (the first of equals) and its Faithfulness, whose `tries` counts every
    painting made. A repaint that is no better ends the tries. A repaint keeps the draft's words and adds emphasis for what missed (retry_prompt), with a
    moved seed, so the same request and seed still give the same draft."""
    best, faith = painting, check_painting(request, painting.image, painting.scene, detector=detector)
    made = 1
    while any(c.fixable for c in faith.failed) and made < max(1, tries):
        again = repaint(retry_prompt(painting.prompt, request, faith), painting.seed + made * RESEED)
        if again is None:
            break
        made += 1
        again.index = painting.index
        checked = check_painting(request, again.image, again.scene, detector=detector)
        if (checked.adherence or 0) <= (faith.adherence or 0):
            break  # emphasis did not help: another try is unlikely to, and would cost a painting
        best, faith = again, checked
    return best, faith.model_copy(update={"tries": made})


def paint_faithfully(painter: Painter, request: Request, spec: PaintSpec, *, tries: int,
                     detector: ThingDetector | None = None) -> list[tuple[Painting, Faithfulness]]:  # fmt: skip
    """Paint `spec` and self-check every image (the blocking path, for the command line and evaluations)."""

    def repaint(prompt: str, seed: int) -> Painting:
        return painter.text_to_image(
            spec.model_copy(update={"prompt": prompt, "seed": seed % 2**32, "n": 1})
        ).paintings[0]

    return [
        paint_until_faithful(p, request, repaint, tries=tries, detector=detector)
        for p in painter.text_to_image(spec).paintings
    ]


def retry_prompt(prompt: str, request: Request, faith: Faithfulness) -> str:
    """The painted prompt with emphasis for each failed check: a colour named for a thing, or a thing out of view,
    makes that thing big; a free colour gets "more"; a background is named again. ("lush big" would paint more of
    them too: no more faithful on the eval set, and each such repaint cost 2.5 first paintings.)"""
    failed = {check.name for check in faith.failed}
    emphasis: list[str] = []
    for thing in request.drawable:
        colour_missed = any(f"color:{c.name}" in failed for c in thing.colors)
        if colour_missed or f"thing:{thing.word}" in failed:
            emphasis.append(f"big {thing.label}")
    owned = {c.name for thing in request.things for c in thing.colors}
    free = [c.name for c in request.colors if f"color:{c.name}" in failed and c.name not in owned]
    if free:
        emphasis.append("more " + " and ".join(free))
    if request.background is not None and f"background:{request.background.name}" in failed:
        emphasis.append(f"against a plain {request.background.name} background")
    return ", ".join([prompt, *emphasis]) if emphasis else prompt
