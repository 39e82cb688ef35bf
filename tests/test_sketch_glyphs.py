"""The glyph library inside the sketch painter: things by name, where they belong, in the asked colours, credited."""

from __future__ import annotations

import colorsys

import numpy as np
import pytest

from studiolo.errors import StudioloError
from studiolo.model.protocols import PaintSpec
from studiolo.model.registry import build_painter
from studiolo.model.sketch import SketchPainter, SketchSettings
from studiolo.model.sketch.parse import parse_prompt
from studiolo.model.sketch.request import read_request
from studiolo.settings import Settings


def kinds(prompt: str, **options: object) -> list[str]:
    return [m.kind for m in parse_prompt(prompt, 1, **options).motifs]  # type: ignore[arg-type]


def paint(prompt: str, *, seed: int = 1, size: int = 256, painter: SketchPainter | None = None):  # type: ignore[no-untyped-def]
    return (
        (painter or SketchPainter())
        .text_to_image(PaintSpec(prompt=prompt, width=size, height=size, seed=seed))
        .paintings[0]
    )


@pytest.mark.parametrize(
    ("prompt", "kind"),
    [("lemons and leaves textile print", "lemon"), ("cherries", "cherries"), ("a teapot", "teapot"), ("two cats", "cat"),
     ("레몬과 나뭇잎", "lemon"), ("고양이 두 마리", "cat"), ("oranges", "tangerine"), ("a hot air balloon", "balloon")],
)  # fmt: skip
def test_everyday_things_are_drawn_by_name(prompt: str, kind: str) -> None:
    assert kind in kinds(prompt)
    assert paint(prompt).scene["in_view"][kind]["count"] >= 1


def test_cherries_are_fruit_and_cherry_blossom_is_a_flower() -> None:
    assert kinds("cherries") == ["cherries"] and kinds("cherry blossom") == ["cherry_blossom"]
    assert kinds("벚꽃") == ["cherry_blossom"] and kinds("체리") == ["cherries"]


def test_a_colour_word_stays_a_colour_and_its_plural_is_the_fruit() -> None:
    scene = parse_prompt("orange roses", 1)
    assert scene.named_colors == ["orange"] and kinds("orange roses") == ["rose"]
    assert "tangerine" in kinds("oranges and lemons")


def test_a_named_colour_recolours_the_thing() -> None:
    painting = paint("three blue lemons against a white wall", size=256)
    pixels = np.asarray(painting.image, np.float32) / 255
    hues = [colorsys.rgb_to_hsv(*p) for p in pixels.reshape(-1, 3)[::7]]
    blue = sum(1 for h, s, v in hues if 0.55 < h < 0.72 and s > 0.35)
    yellow = sum(1 for h, s, v in hues if 0.1 < h < 0.2 and s > 0.35)
    assert blue > 10 * max(yellow, 1)  # blue lemons, not yellow ones
    assert painting.scene["in_view"]["lemon"]["count"] == 3


@pytest.mark.parametrize("seed", range(4))
def test_things_stand_where_they_belong_in_a_landscape(seed: int) -> None:
    seen = paint("a fox, a kite and a whale by the sea, landscape", seed=seed).scene["in_view"]
    assert seen["kite"]["y"] < 0.45 < seen["whale"]["y"] < seen["fox"]["y"]  # flying, then swimming, then on land


def test_a_koi_is_drawn_as_a_fish_and_reported_as_a_stand_in() -> None:
    request = read_request("three koi in a pond")
    koi = request.things[0]
    assert (koi.word, koi.motif, koi.stand_in, koi.count) == ("koi", "fish", "fish", 3)


def test_the_provenance_names_each_motifs_source_and_licence() -> None:
    sources = paint("a teapot and roses").scene["sources"]
    assert sources["teapot"]["licence"] == "CC BY-SA 4.0" and "OpenMoji" in sources["teapot"]["source"]
    assert "OpenMoji" in sources["teapot"]["attribution"]
    assert sources["rose"]["licence"] == "Apache-2.0"


def test_a_permissive_painter_draws_no_glyph_and_the_request_says_so() -> None:
    painter = SketchPainter(SketchSettings(motifs="permissive"))
    painting = paint("a teapot and roses", painter=painter)
    assert all(source["licence"] == "Apache-2.0" for source in painting.scene["sources"].values())
    assert "teapot" not in kinds("a teapot and roses", permissive_only=True)
    request = read_request("a teapot and roses", permissive_only=True)
    assert [t.word for t in request.missing] == ["teapot"]


def test_the_settings_choose_permissive_motifs_and_refuse_unknown_options() -> None:
    painter = build_painter(Settings(models={"painter": "sketch", "painter_options": {"motifs": "permissive"}}))
    assert isinstance(painter, SketchPainter) and painter.permissive_only
    with pytest.raises(StudioloError) as refused:
        build_painter(Settings(models={"painter": "sketch", "painter_options": {"motif": "all"}}))
    assert refused.value.code == "settings.invalid"


def test_one_syllable_korean_words_that_mean_something_else_are_not_things() -> None:
    assert kinds("꽃이 핀 산") == [k for k in kinds("꽃이 핀 산") if k not in ("round_pushpin",)]
    assert "round_pushpin" not in kinds("꽃이 핀 산")
