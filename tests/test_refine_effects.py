"""Refinement does what the feedback says, measured on the pixels a person sees (embedded sketch painter).

Each feedback moves its quantity in the right direction by an amount a person notices: mean CIELAB lightness and
warmth for moods, a colour's share of the picture (pixels within ΔE 25 of it) for colours and for motifs drawn in
a colour of their own, the things standing out of the sky for moons, and the painter's own scene record (the
PNG's provenance) for counts and sizes. The draft is stored as the session stores it, a PNG with its provenance,
and refined with refine's default strength.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageFilter

from studiolo.model.images import encode_png, open_image, read_provenance
from studiolo.model.protocols import PaintSpec
from studiolo.model.sketch import SketchPainter
from studiolo.skills.refine import RefineParams, feedback_prompt

SIDE = 192
STRENGTH = RefineParams.model_fields["strength"].default
MEADOW = "a calm meadow with hills under a pale sky"
POPPIES = "a green meadow with red poppies"
NIGHT = "a moon over the hills at night"
ROSE = "a rose"
TEXTILE = "a seamless pattern of red roses and green leaves"
SEEDS = {MEADOW: 2, POPPIES: 3, NIGHT: 5, ROSE: 4, TEXTILE: 4}


def lab(image: Image.Image) -> np.ndarray:
    """CIELAB (D65) of every pixel, from sRGB."""
    rgb = np.asarray(image.convert("RGB"), np.float64) / 255
    linear = np.where(rgb > 0.04045, ((rgb + 0.055) / 1.055) ** 2.4, rgb / 12.92)
    to_xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = linear @ to_xyz.T / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


def lightness(image: Image.Image) -> float:
    return float(lab(image)[..., 0].mean())


def warmth(image: Image.Image) -> float:
    """Mean a* + b*: red and yellow raise it, green and blue lower it."""
    pixels = lab(image)
    return float((pixels[..., 1] + pixels[..., 2]).mean())


def colour_share(image: Image.Image, colour: str, within: float = 25.0) -> float:
    """The share of the picture within ΔE (CIE76) `within` of `colour`."""
    target = lab(Image.new("RGB", (1, 1), colour))[0, 0]
    return float((np.linalg.norm(lab(image) - target, axis=-1) < within).mean())


def chroma(colour: np.ndarray) -> float:
    return float(np.hypot(colour[1], colour[2]))


def hue_gap(colour: np.ndarray, other: np.ndarray) -> float:
    """Degrees between two Lab colours' hue angles."""
    gap = abs(np.degrees(np.arctan2(colour[2], colour[1]) - np.arctan2(other[2], other[1]))) % 360
    return float(min(gap, 360 - gap))


def sky_bodies(image: Image.Image, rows: float = 0.4, least_area: int = 60) -> int:
    """How many large things stand out of the sky at the top of the picture: moons and suns, not stars or specks.

    A pixel stands out at ΔE > 12 from its row's median colour (the sky's gradient runs by row); an erosion of
    3 px takes the specks away; each remaining 4-connected blob of at least `least_area` pixels is one body."""
    top = lab(image)[: round(image.height * rows)]
    standing_out = np.linalg.norm(top - np.median(top, axis=1, keepdims=True), axis=-1) > 12
    eroded = Image.fromarray(standing_out.astype(np.uint8) * 255).filter(ImageFilter.MinFilter(3))
    left = {(int(y), int(x)) for y, x in zip(*np.nonzero(np.asarray(eroded)))}
    bodies = 0
    while left:
        blob, frontier = 0, [left.pop()]
        while frontier:
            y, x = frontier.pop()
            blob += 1
            for neighbour in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                if neighbour in left:
                    left.remove(neighbour)
                    frontier.append(neighbour)
        bodies += blob >= least_area
    return bodies


def motif(image: Image.Image, kind: str) -> dict[str, Any] | None:
    """What the painter recorded of one motif in the PNG's provenance (None: not drawn)."""
    provenance = read_provenance(image)
    assert provenance is not None
    return next((m for m in provenance["scene"]["motifs"] if m["kind"] == kind), None)


def drawn(image: Image.Image) -> set[str]:
    """The kinds of motif the painter drew, from its record."""
    return {m["kind"] for m in read_provenance(image)["scene"]["motifs"]}  # type: ignore[index]


def stored(painting: Any) -> Image.Image:
    return open_image(encode_png(painting.image, painting.provenance()))


def refined(prompt: str, feedback: str) -> tuple[Image.Image, Image.Image]:
    """The draft and its first refined child, both as the PNGs the session keeps (child 0 keeps the draft's seed)."""
    painter, seed = SketchPainter(), SEEDS[prompt]
    (draft,) = painter.text_to_image(PaintSpec(prompt=prompt, width=SIDE, height=SIDE, seed=seed)).paintings
    before = stored(draft)
    spec = PaintSpec(prompt=feedback_prompt(prompt, feedback), width=SIDE, height=SIDE, seed=seed)
    (child,) = painter.image_to_image(spec, before, STRENGTH).paintings
    return before, stored(child)


@pytest.mark.parametrize(
    ("feedback", "measure", "least_change"),
    [("warmer", warmth, 8.0), ("cooler", warmth, -8.0), ("brighter", lightness, 5.0), ("darker", lightness, -5.0)],
)
def test_a_mood_moves_the_whole_picture(feedback: str, measure: Any, least_change: float) -> None:
    before, after = refined(POPPIES, feedback)
    change = measure(after) - measure(before)
    assert change >= least_change if least_change > 0 else change <= least_change, f"{feedback}: {change:+.1f}"


@pytest.mark.parametrize(("feedback", "factor"), [("more poppies", 1.3), ("fewer poppies", 0.7), ("less poppies", 0.7)])
def test_more_or_fewer_of_a_motif_changes_its_area(feedback: str, factor: float) -> None:
    before, after = refined(POPPIES, feedback)
    red_before, red_after = colour_share(before, "red"), colour_share(after, "red")
    assert red_before > 0.02
    assert (red_after >= red_before * factor) if factor > 1 else (red_after <= red_before * factor), (
        red_before,
        red_after,
    )
    assert colour_share(after, "green") == pytest.approx(colour_share(before, "green"), abs=0.1)  # the meadow stays


@pytest.mark.parametrize(("feedback", "factor"), [("more roses", 1.3), ("fewer roses", 0.7)])
def test_more_or_fewer_of_a_motif_in_a_pattern_changes_its_area(feedback: str, factor: float) -> None:
    before, after = refined(TEXTILE, feedback)
    assert read_provenance(after)["scene"]["layout"] == "pattern"  # type: ignore[index]
    red_before, red_after = colour_share(before, "red"), colour_share(after, "red")
    assert (red_after >= red_before * factor) if factor > 1 else (red_after <= red_before * factor), (
        red_before,
        red_after,
    )
    assert motif(after, "leaf") is not None


@pytest.mark.parametrize(("feedback", "factor"), [("bigger poppies", 1.3), ("smaller poppies", 0.75)])
def test_bigger_or_smaller_changes_a_motifs_size(feedback: str, factor: float) -> None:
    before, after = refined(POPPIES, feedback)
    poppy = motif(after, "poppy")
    assert poppy is not None and (poppy["size"] > 1 if factor > 1 else poppy["size"] < 1)
    red_before, red_after = colour_share(before, "red"), colour_share(after, "red")
    assert (red_after >= red_before * factor) if factor > 1 else (red_after <= red_before * factor), (
        red_before,
        red_after,
    )


def test_remove_leaves_none_of_the_motif() -> None:
    before, after = refined(POPPIES, "remove the poppies")
    assert motif(before, "poppy") is not None and motif(after, "poppy") is None
    assert colour_share(before, "red") > 0.02 and colour_share(after, "red") < 0.002


@pytest.mark.parametrize(("feedback", "factor"), [("more red", 1.5), ("less red", 0.3)])
def test_more_or_less_of_a_colour_changes_its_share(feedback: str, factor: float) -> None:
    before, after = refined(POPPIES, feedback)
    red_before, red_after = colour_share(before, "red"), colour_share(after, "red")
    assert (red_after >= red_before * factor) if factor > 1 else (red_after <= red_before * factor), (
        red_before,
        red_after,
    )


@pytest.mark.parametrize(("feedback", "colour"), [("background in pink", "pink"), ("make the background blue", "blue")])
def test_the_background_takes_the_named_colour(feedback: str, colour: str) -> None:
    before, after = refined(POPPIES, feedback)
    sky = lambda image: image.crop((0, 0, SIDE, SIDE // 5))  # noqa: E731  the top of a landscape is its sky
    assert colour_share(sky(before), colour) < 0.05 and colour_share(sky(after), colour) > 0.8


@pytest.mark.parametrize("colour", ["green", "orange"])
def test_a_background_colour_leaves_the_subject_as_it_was(colour: str) -> None:
    before, after = refined(ROSE, f"background in {colour}")
    edge = 24
    boxes = (
        (0, 0, edge, edge),
        (SIDE - edge, 0, SIDE, edge),
        (0, SIDE - edge, edge, SIDE),
        (SIDE - edge, SIDE - edge, SIDE, SIDE),
    )
    corners = lambda image: np.concatenate([lab(image.crop(box)).reshape(-1, 3) for box in boxes]).mean(axis=0)  # noqa: E731
    target = lab(Image.new("RGB", (1, 1), colour))[0, 0]
    assert hue_gap(corners(after), target) < 15 and chroma(corners(after)) > 30  # clearly that colour
    assert chroma(corners(before)) < 15  # and it was not before
    middle = (SIDE // 2 - 12, SIDE // 2 - 12, SIDE // 2 + 12, SIDE // 2 + 12)
    assert (
        np.linalg.norm(lab(after.crop(middle)).mean(axis=(0, 1)) - lab(before.crop(middle)).mean(axis=(0, 1))) < 10
    )  # the rose


@pytest.mark.parametrize(
    ("feedback", "kind", "count"), [("add 3 trees", "tree", 3), ("add a sun", "sun", 1), ("add two clouds", "cloud", 2)]
)
def test_add_n_things_draws_n_of_them_in_full(feedback: str, kind: str, count: int) -> None:
    before, after = refined(POPPIES, feedback)
    in_view = read_provenance(after)["scene"]["in_view"]  # type: ignore[index]  what the painter drew, as it counted
    assert kind not in read_provenance(before)["scene"]["in_view"] and in_view[kind]["count"] == count  # type: ignore[index]
    changed = float((np.linalg.norm(lab(after) - lab(before), axis=-1) > 10).mean())
    assert changed >= 0.8 * in_view[kind]["share"] > 0  # they are in the refined picture, not a faint ghost of it


@pytest.mark.parametrize("feedback", ["add a second moon", "add a moon", "add another moon", "달 하나 더 추가해 줘"])
def test_adding_a_moon_to_a_moonlit_draft_makes_two(feedback: str) -> None:
    before, after = refined(NIGHT, feedback)
    assert motif(before, "moon")["count"] is None  # type: ignore[index]  one moon, as the layout draws it
    assert motif(after, "moon")["count"] == 2  # type: ignore[index]
    assert drawn(after) == drawn(before)  # and nothing else: 추가해 is "add", not 추가 + 해 (the sun)
    assert (sky_bodies(before), sky_bodies(after)) == (1, 2)


def test_remove_the_moon_takes_it_out_of_the_sky() -> None:
    before, after = refined(NIGHT, "remove the moon")
    assert motif(after, "moon") is None
    assert (sky_bodies(before), sky_bodies(after)) == (1, 0)


def test_warmer_and_a_second_moon_on_a_draft_without_one() -> None:
    before, after = refined(MEADOW, "make it warmer and add a second moon")
    assert motif(before, "moon") is None and motif(after, "moon")["count"] == 2  # type: ignore[index]
    assert warmth(after) >= warmth(before) + 8
    assert (sky_bodies(before), sky_bodies(after)) == (0, 2)  # both moons are seen on the pale sky


def test_korean_feedback_works_as_english() -> None:
    before, after = refined(POPPIES, "더 따뜻하게")
    assert warmth(after) >= warmth(before) + 8
    before, after = refined(POPPIES, "양귀비를 더 많이")
    assert colour_share(after, "red") >= colour_share(before, "red") * 1.3


def test_the_composition_stays() -> None:
    before, after = refined(POPPIES, "more poppies")
    assert read_provenance(after)["scene"]["layout"] == read_provenance(before)["scene"]["layout"]  # type: ignore[index]
    unchanged = np.linalg.norm(lab(after) - lab(before), axis=-1) < 5
    assert unchanged.mean() > 0.6  # the meadow, the hills and the sky where they were
