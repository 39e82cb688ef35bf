"""The glyph motifs: the catalogue, its English and Korean lookups, rendering in a scene's colours, and the
approximation of unknown words by meaning."""

from __future__ import annotations

import colorsys
import hashlib

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from studiolo.model.sketch import glyphs
from studiolo.model.sketch.canvas import rgb
from studiolo.model.sketch.glyphs import GLYPHS, find_glyph, nearest_glyph, render_glyph
from studiolo.model.sketch.motifs import DRAWERS, MotifColors
from studiolo.model.sketch.vocabulary import MOTIF_EN

SCENE = MotifColors(main="#2f4b7c", second="#f5e6c8", center="#e07a5f", line="#1d2333", leaf="#81b29a")


def _rng() -> np.random.Generator:
    return np.random.default_rng(7)


# ---------------------------------------------------------------------------------------------------------------
# The catalogue.


def test_catalogue_has_at_least_400_distinct_things() -> None:
    assert len(GLYPHS) >= 400
    assert len({g.codepoints for g in GLYPHS.values()}) == len(GLYPHS)  # no glyph listed twice under two keys


def test_every_entry_is_complete() -> None:
    for glyph in GLYPHS.values():
        assert glyph.english and glyph.korean and glyph.label.replace("-", " ") == glyph.english[0]
        assert glyph.place in ("sky", "water", "ground")
        assert glyph.source == f"OpenMoji {glyphs.GLYPH_SOURCE['version']}" and glyph.licence == "CC BY-SA 4.0"
        assert all(any("\uac00" <= ch <= "\ud7a3" for ch in name) for name in glyph.korean), glyph.key


def test_names_are_unambiguous() -> None:
    english = [name for g in GLYPHS.values() for name in g.english]
    korean = [name for g in GLYPHS.values() for name in g.korean]
    assert len(english) == len(set(english))
    assert len(korean) == len(set(korean))


def test_the_catalogue_leaves_the_procedural_motifs_alone() -> None:
    # a procedural kind's own name (and the words that name it exactly) must keep reaching the procedural drawer
    procedural = {kind.replace("_", " ") for kind in DRAWERS} | {w for w, kind in MOTIF_EN.items() if w == kind}
    assert not procedural & set(glyphs.english_names())
    assert not {kind for kind in DRAWERS} & set(GLYPHS)


def test_no_people_flags_keycaps_or_skin_tones() -> None:
    for glyph in GLYPHS.values():
        for cp in glyph.codepoints:
            assert not 0x1F1E6 <= cp <= 0x1F1FF, glyph.key  # regional indicators: flags
            assert not 0x1F3FB <= cp <= 0x1F3FF, glyph.key  # skin tones
            assert cp != 0x20E3, glyph.key  # keycaps
            assert not 0x1F600 <= cp <= 0x1F64F, glyph.key  # faces and gestures
            assert not 0x1F466 <= cp <= 0x1F469, glyph.key  # boy, girl, man, woman


def test_source_credits_openmoji() -> None:
    assert glyphs.GLYPH_SOURCE["name"] == "OpenMoji"
    assert glyphs.GLYPH_SOURCE["licence"] == "CC BY-SA 4.0"
    assert "OpenMoji" in glyphs.GLYPH_SOURCE["attribution"]
    assert glyphs.GLYPH_SOURCE["version"].startswith("17.")


# ---------------------------------------------------------------------------------------------------------------
# Lookup.


@pytest.mark.parametrize(("word", "key"), [
    ("lemon", "lemon"), ("Lemons", "lemon"), ("LEMON", "lemon"), ("cherries", "cherries"),
    ("strawberries", "strawberry"),
    ("mice", "mouse"), ("geese", "goose"), ("fish", "fish"), ("fishes", "fish"), ("teeth", "tooth"),
    ("knives", "kitchen_knife"), ("wolves", "wolf"), ("boxes", "package"), ("cacti", "cactus"), ("oxen", "ox"),
    ("fallen leaves", "fallen_leaves"), ("ice cream", "ice_cream"), ("hot dogs", "hot_dog"),
    ("teddy bears", "teddy_bear"), ("polar bear", "polar_bear"), ("ferris wheel", "ferris_wheel"),
    ("T-Rex", "t_rex"), ("t rex", "t_rex"), ("flip-flops", "flip_flop"), ("  Kitten ", "cat"), ("puppies", "dog"),
    ("teapot", "teapot"), ("koi", "fish"), ("hot air balloon", None), ("cherry blossom", None), ("daisy", None),
    ("xylophone", None),
])  # fmt: skip
def test_english_lookup(word: str, key: str | None) -> None:
    found = find_glyph(word, "en")
    assert (found.key if found else None) == key


def test_cherries_the_fruit_are_not_cherry_blossom() -> None:
    cherries = find_glyph("cherries")
    assert cherries is not None and cherries.key == "cherries" and cherries.codepoints == (0x1F352,)
    assert MOTIF_EN["cherry blossom"] == "cherry_blossom"  # the blossom stays procedural
    assert find_glyph("cherry blossoms") is None and find_glyph("벚꽃", "ko") is None


KOREAN_SAMPLE = {
    "레몬": "lemon", "고양이": "cat", "찻주전자": "teapot", "체리": "cherries", "강아지": "dog", "개구리": "frog",
    "물고기": "fish", "금붕어": "tropical_fish", "고래": "whale", "문어": "octopus", "우산": "umbrella",
    "가위": "scissors", "열쇠": "key", "왕관": "crown", "닻": "anchor", "무지개": "rainbow", "번개": "lightning",
    "눈송이": "snowflake", "혜성": "comet", "궁전": "castle", "교회": "church", "다리": "bridge_at_night",
    "집": "house", "자전거": "bicycle", "비행기": "airplane", "열기구": None, "기타": "guitar", "바이올린": "violin",
    "딸기": "strawberry", "수박": "watermelon", "포도": "grapes", "바나나": "banana", "토끼": "rabbit",
    "코끼리": "elephant", "부엉이": "owl", "하트": "heart", "검은 고양이": "black_cat", "검은고양이": "black_cat",
    "고양이들": "cat", "아이스크림": "ice_cream", "호랑이": "tiger", "거북이": "turtle",
}  # fmt: skip


@pytest.mark.parametrize(("noun", "key"), KOREAN_SAMPLE.items())
def test_korean_lookup(noun: str, key: str | None) -> None:
    found = find_glyph(noun, "ko")
    assert (found.key if found else None) == key


def test_name_tables_for_the_parser() -> None:
    english, korean = glyphs.english_names(), glyphs.korean_names()
    assert english["lemon"] == "lemon" and english["mice"] == "mouse" and english["ice cream"] == "ice_cream"
    assert korean["검은 고양이"] == "black_cat" and korean["레몬"] == "lemon"
    assert len(korean) >= len(GLYPHS)


def test_permissive_only_finds_nothing_under_share_alike() -> None:
    assert find_glyph("lemon", permissive_only=True) is None
    assert find_glyph("레몬", "ko", permissive_only=True) is None
    assert glyphs.english_names(permissive_only=True) == {} and glyphs.korean_names(permissive_only=True) == {}
    assert nearest_glyph("lemon", _FakeEmbedder(), min_similarity=0.5, permissive_only=True) is None


# ---------------------------------------------------------------------------------------------------------------
# Rendering.


def _font_render(text: str) -> bytes:
    font = ImageFont.truetype(glyphs.font_path(), 32)
    image = Image.new("RGBA", (120, 60), (0, 0, 0, 0))
    ImageDraw.Draw(image).text((4, 4), text, font=font, embedded_color=True)
    return image.tobytes()


def test_every_glyph_exists_in_the_font_and_renders() -> None:
    notdef = _font_render("\u0378")  # an unassigned code point: the font's .notdef
    font = ImageFont.truetype(glyphs.font_path(), 32)
    for glyph in GLYPHS.values():
        assert _font_render(glyph.text) != notdef, glyph.key
        # a sequence (black cat) joined into one glyph, as wide as its first, not drawn as two side by side
        assert font.getlength(glyph.text) == font.getlength(glyph.text[0]), glyph.key
        sprite = render_glyph(glyph.key, 48, SCENE, _rng())
        assert sprite.mode == "RGBA" and sprite.height == 48, glyph.key
        assert sprite.width >= 4, glyph.key
        alpha = np.asarray(sprite)[..., 3]
        assert (alpha > 128).mean() > 0.04, glyph.key
        # cropped to the ink: every edge touches it
        edges = (alpha[0], alpha[-1], alpha[:, 0], alpha[:, -1])
        assert all(edge.max() > 0 for edge in edges), glyph.key


@pytest.mark.parametrize("height", [20, 64, 257])
def test_sprite_height_is_the_height_asked(height: int) -> None:
    assert render_glyph("teapot", height, SCENE, _rng()).height == height


def _fill_pixels(sprite: Image.Image, line: str) -> np.ndarray:
    """Opaque pixels that are clearly not outline, as RGB in [0, 1]."""
    pixels = np.asarray(sprite, dtype=np.float32)
    opaque = pixels[pixels[..., 3] > 250][:, :3]
    far_from_line = np.abs(opaque - np.array(rgb(line))).sum(axis=1) > 60
    return opaque[far_from_line] / 255


def _dominant_hue(fills: np.ndarray) -> float:
    """The hue (degrees) of the most saturated half of the fills' mean colour."""
    saturation = fills.max(axis=1) - fills.min(axis=1)
    r, g, b = fills[saturation >= np.median(saturation)].mean(axis=0)
    return colorsys.rgb_to_hsv(r, g, b)[0] * 360


def _hue_distance(a: float, b: float) -> float:
    return min(abs(a - b), 360 - abs(a - b))


@pytest.mark.parametrize(
    ("key", "color", "hue"),
    [("lemon", "#1e50c8", 220), ("cat", "#2e8b57", 146), ("teapot", "#c0392b", 6), ("fish", "#8e44ad", 283)],
)
def test_recolor_gives_the_fills_the_named_colour(key: str, color: str, hue: float) -> None:
    fills = _fill_pixels(render_glyph(key, 96, SCENE, _rng(), recolor=color), SCENE.line)
    assert _hue_distance(_dominant_hue(fills), hue) < 15


def test_recolor_keeps_the_glyphs_shading() -> None:
    fills = _fill_pixels(render_glyph("lemon", 96, SCENE, _rng(), recolor="#1e50c8"), SCENE.line)
    lightness = fills.max(axis=1)
    assert lightness.max() - lightness.min() > 0.1  # the lemon's rim is darker than its face, in blue too


@pytest.mark.parametrize(("key", "hue"), [("lemon", 55), ("frog", 75), ("strawberry", 5)])
def test_harmonising_keeps_identity(key: str, hue: float) -> None:
    # a blue-and-cream scene pulls the fills toward it, but a lemon stays yellow and a frog green
    fills = _fill_pixels(render_glyph(key, 96, SCENE, _rng()), SCENE.line)
    assert _hue_distance(_dominant_hue(fills), hue) < 30


def test_harmonising_pulls_toward_the_palette() -> None:
    warm = MotifColors(main="#ff0000", second="#ff8800", center="#ff4400", line="#000000", leaf="#ff2200")
    cool = MotifColors(main="#0000ff", second="#0088ff", center="#0044ff", line="#000000", leaf="#2200ff")
    in_warm = np.asarray(render_glyph("teapot", 64, warm, _rng()), dtype=np.float32)
    in_cool = np.asarray(render_glyph("teapot", 64, cool, _rng()), dtype=np.float32)
    assert in_warm[..., 0].mean() > in_cool[..., 0].mean() and in_cool[..., 2].mean() > in_warm[..., 2].mean()


@pytest.mark.parametrize("line", ["#7a1f5c", "#0b6e4f"])
def test_outlines_take_the_line_colour(line: str) -> None:
    colors = MotifColors(SCENE.main, SCENE.second, SCENE.center, line, SCENE.leaf)
    pixels = np.asarray(render_glyph("snowflake", 128, colors, _rng()), dtype=np.int32)  # nearly all outline
    opaque = pixels[pixels[..., 3] == 255][:, :3]
    is_line = np.abs(opaque - np.array(rgb(line))).sum(axis=1) <= 6
    assert is_line.mean() > 0.5
    assert not (np.abs(opaque - 0).sum(axis=1) <= 6).any()  # no black left


def test_outline_weight_thickens_and_thins() -> None:
    def line_share(weight: int) -> float:
        pixels = np.asarray(render_glyph("lemon", 128, SCENE, _rng(), outline_weight=weight), dtype=np.int32)
        return float((np.abs(pixels[..., :3] - np.array(rgb(SCENE.line))).sum(axis=2) <= 30).mean())

    assert line_share(-1) < line_share(0) < line_share(2)


def test_same_seed_same_stamp() -> None:
    first = render_glyph("cat", 64, SCENE, np.random.default_rng(3)).tobytes()
    again = render_glyph("cat", 64, SCENE, np.random.default_rng(3)).tobytes()
    assert hashlib.sha256(first).digest() == hashlib.sha256(again).digest()


# ---------------------------------------------------------------------------------------------------------------
# Approximation by meaning.


# Shared by every instance: the catalogue's vectors are cached per backend_id, so instances must agree.
_FAKE_WORDS: dict[str, int] = {}


class _FakeEmbedder:
    """Deterministic vectors, one dimension per distinct word, with a few words that mean another: "minnow" embeds
    half as "goldfish", so it is 0.71 similar to that name and unrelated to every other."""

    backend_id = "fake-words"
    dimension = 8192
    MEANS = {"minnow": "goldfish", "mutt": "puppy", "grapefruit": "grape"}

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.split():
                for part in (word, self.MEANS.get(word)):
                    if part:
                        out[row, _FAKE_WORDS.setdefault(part, len(_FAKE_WORDS))] += 1
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)


def test_nearest_glyph_with_a_fake_embedder() -> None:
    embedder = _FakeEmbedder()
    minnow = nearest_glyph("minnow", embedder, min_similarity=0.6)
    assert minnow is not None and minnow[0].key == "tropical_fish" and minnow[1] == pytest.approx(0.5**0.5, abs=1e-3)
    mutt = nearest_glyph("mutt", embedder, min_similarity=0.6)
    assert mutt is not None and mutt[0].key == "dog"
    assert nearest_glyph("minnow", embedder, min_similarity=0.8) is None  # close, but not close enough
    assert nearest_glyph("zzyzx", embedder, min_similarity=0.6) is None
    # near "grape" only through the beginning the two words share, which is no likeness: nothing is found
    assert nearest_glyph("grapefruit", embedder, min_similarity=0.6) is None


@pytest.mark.slow
@pytest.mark.parametrize(("word", "key"), [
    ("salmon", "fish"), ("kettle", "teapot"), ("cathedral", "church"), ("mandolin", "guitar"),
    ("sailing ship", "sailboat"), ("koi", "fish"), ("dragonfly", "fly"),  # not "dragon": only a beginning in common
    ("xylophone", None), ("bureaucracy", None), ("happiness", None), ("velocity", None),
])  # fmt: skip
def test_nearest_glyph_with_minilm(word: str, key: str | None) -> None:
    from studiolo.model.embedder import MiniLMEmbedder

    found = nearest_glyph(word, MiniLMEmbedder())
    assert (found[0].key if found else None) == key
