"""The measuring describer: what it says about images whose colours, periods and layout the tests know exactly."""

from __future__ import annotations

import io
import json
import re
import time
from typing import Any

import numpy as np
import pytest
from PIL import Image

from studiolo.errors import StudioloError
from studiolo.language import detect_language
from studiolo.model.images import encode_png, open_image
from studiolo.model.measure import MeasuringDescriber
from studiolo.model.protocols import CancelToken, Describer, Description

# Things the sketch painter draws. A describer without provenance can measure none of them, so must never say them.
OBJECT_WORDS = (
    "flower", "daisy", "daisies", "tulip", "rose", "sunflower", "blossom", "lotus", "poppy", "poppies",
    "tree", "pine", "palm", "mountain", "hill", "sea", "wave", "cloud", "sun", "moon", "star", "planet",
    "bird", "butterfly", "butterflies", "leaf", "leaves", "sofa", "window", "lamp", "plant", "rug", "shelves",
    "ornament", "person", "face", "animal", "building",
)  # fmt: skip


@pytest.fixture(scope="module")
def describer() -> MeasuringDescriber:
    return MeasuringDescriber()


def solid(rgb: tuple[int, int, int], size: tuple[int, int] = (64, 64)) -> Image.Image:
    return Image.new("RGB", size, rgb)


def grey(values: np.ndarray) -> Image.Image:
    return Image.fromarray(np.clip(values, 0, 255).astype(np.uint8)).convert("RGB")


def vertical_stripes(width: int, height: int, stripe: int) -> Image.Image:
    columns = (np.arange(width) // stripe) % 2 * 255
    return grey(np.tile(columns, (height, 1)))


def checkerboard(size: int, cell: int) -> Image.Image:
    y, x = np.mgrid[:size, :size]
    return grey(((x // cell + y // cell) % 2) * 200 + 30)


def round_trip(image: Image.Image, fmt: str, **options: Any) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return open_image(buffer.getvalue())


def assert_json_plain(value: Any) -> None:
    """Facts must survive json.dumps unchanged: plain Python types only, no numpy scalars."""
    if isinstance(value, dict):
        assert all(isinstance(key, str) for key in value)
        for item in value.values():
            assert_json_plain(item)
    elif isinstance(value, list):
        for item in value:
            assert_json_plain(item)
    else:
        assert type(value) in (str, int, float, bool, type(None)), f"{value!r} is {type(value)}"


def mentions_objects(text: str) -> list[str]:
    return [word for word in OBJECT_WORDS if re.search(rf"\b{word}s?\b", text.lower())]


def test_it_is_a_describer_with_the_documented_facts(describer: MeasuringDescriber) -> None:
    assert isinstance(describer, Describer)
    assert describer.backend_id == "measure"
    result = describer.describe(checkerboard(64, 8))
    assert isinstance(result, Description) and not result.cancelled and result.backend == "measure"
    assert set(result.facts) == {
        "palette", "brightness", "contrast", "saturation", "composition", "texture", "periodicity", "size",
        "provenance",
    }  # fmt: skip
    assert_json_plain(result.facts)
    assert json.loads(json.dumps(result.facts)) == result.facts
    assert 2 <= result.text.count(". ") + 1 <= 5


@pytest.mark.parametrize(
    ("rgb", "names"),
    [
        ((255, 0, 0), {"red"}),
        ((0, 0, 128), {"navy", "dark blue", "deep blue"}),  # CSS navy is brighter than the survey's navy
        ((255, 192, 203), {"pink", "light pink", "pale pink"}),
        ((135, 206, 235), {"sky blue", "light blue"}),
        ((255, 255, 0), {"yellow"}),
        ((0, 128, 0), {"green"}),
        ((30, 144, 255), {"blue", "sky blue"}),
        ((255, 255, 255), {"white"}),
        ((10, 10, 10), {"black"}),
    ],
)
def test_a_solid_colour_is_named_and_fills_the_image(
    describer: MeasuringDescriber, rgb: tuple[int, int, int], names: set[str]
) -> None:
    result = describer.describe(solid(rgb))
    [swatch] = result.facts["palette"]
    assert swatch["name"] in names
    assert swatch["name_ko"].endswith("색")
    assert swatch["hex"] == "#{:02x}{:02x}{:02x}".format(*rgb)
    assert swatch["share"] == pytest.approx(1.0)
    assert f"solid {swatch['name']}" in result.text
    assert result.facts["contrast"] == pytest.approx(0.0, abs=0.01)
    assert result.facts["periodicity"]["repeating"] is False


def test_palette_shares_follow_the_areas(describer: MeasuringDescriber) -> None:
    pixels = np.zeros((120, 200, 3), np.uint8)
    pixels[:, :150] = (0, 0, 128)  # three quarters navy
    pixels[:, 150:] = (255, 192, 203)  # one quarter pink
    result = describer.describe(Image.fromarray(pixels))
    shares = {swatch["hex"]: swatch["share"] for swatch in result.facts["palette"]}
    assert shares == pytest.approx({"#000080": 0.75, "#ffc0cb": 0.25}, abs=0.02)
    assert all(swatch["name"] in result.text for swatch in result.facts["palette"])
    assert result.facts["saturation"] > 0.3


def test_light_measures(describer: MeasuringDescriber) -> None:
    dark = describer.describe(solid((20, 20, 30))).facts
    light = describer.describe(solid((240, 240, 235))).facts
    assert dark["brightness"] < 0.15 < 0.9 < light["brightness"]
    vivid = describer.describe(solid((255, 0, 0))).facts
    assert vivid["saturation"] > 0.9 > 0.05 > light["saturation"]


@pytest.mark.parametrize(("width", "stripe"), [(256, 16), (250, 16), (1024, 64), (1000, 7), (300, 1)])
def test_vertical_stripes_repeat_every_two_stripes(describer: MeasuringDescriber, width: int, stripe: int) -> None:
    result = describer.describe(vertical_stripes(width, 120, stripe))
    periodicity = result.facts["periodicity"]
    assert periodicity["x"]["period_px"] == 2 * stripe  # the repeat length: one dark and one light stripe
    assert periodicity["x"]["strength"] > 0.95
    assert periodicity["y"]["uniform"] and periodicity["y"]["period_px"] is None
    assert periodicity["stripes"] == "vertical"
    assert f"vertical stripes repeating every {2 * stripe} px" in result.text


def test_horizontal_stripes_of_several_colours(describer: MeasuringDescriber) -> None:
    colours = np.array([(255, 0, 0), (255, 255, 0), (0, 0, 255)], np.uint8)
    rows = colours[(np.arange(300) // 10) % 3]  # period 30, not a divisor of the height
    pixels = np.repeat(rows[:, None, :], 90, axis=1)
    periodicity = describer.describe(Image.fromarray(pixels)).facts["periodicity"]
    assert periodicity["y"]["period_px"] == 30
    assert periodicity["stripes"] == "horizontal"


@pytest.mark.parametrize(("size", "cell"), [(256, 8), (512, 32), (90, 5)])
def test_checkerboard_period_is_two_cells_both_ways(describer: MeasuringDescriber, size: int, cell: int) -> None:
    result = describer.describe(checkerboard(size, cell))
    periodicity = result.facts["periodicity"]
    assert periodicity["repeat"] == "both"
    assert periodicity["x"]["period_px"] == periodicity["y"]["period_px"] == 2 * cell
    assert periodicity["seamless"]["tiles"] is (size % (2 * cell) == 0)
    assert f"period of {2 * cell} px" in result.text


def test_different_periods_along_x_and_y(describer: MeasuringDescriber) -> None:
    y, x = np.mgrid[:700, :1000]
    pixels = np.stack([(x % 7 < 3) * 200, (y % 11 < 5) * 200, np.zeros_like(x)], axis=-1).astype(np.uint8)
    result = describer.describe(Image.fromarray(pixels))
    assert result.facts["periodicity"]["x"]["period_px"] == 7
    assert result.facts["periodicity"]["y"]["period_px"] == 11
    assert "7 x 11 px" in result.text


def test_a_horizontal_gradient_is_smooth_not_periodic_and_middling(describer: MeasuringDescriber) -> None:
    result = describer.describe(grey(np.tile(np.linspace(0, 255, 300), (200, 1))))
    facts = result.facts
    assert facts["periodicity"]["repeating"] is False
    assert facts["periodicity"]["x"]["period_px"] is None
    assert 0.35 < facts["brightness"] < 0.65
    assert facts["texture"]["label"] == "smooth"
    assert facts["periodicity"]["seamless"]["x"]["seamless"] is False  # black meets white across the wrap
    assert facts["periodicity"]["seamless"]["y"]["seamless"] is True
    assert facts["composition"]["horizon"] is None
    assert "smooth" in result.text and "repeat" not in result.text


def test_a_seamless_tile_and_an_image_that_is_not(describer: MeasuringDescriber) -> None:
    y, x = np.mgrid[:200, :300] / np.array([200, 300])[:, None, None]
    tile = 128 + 50 * np.sin(2 * np.pi * x) * np.cos(4 * np.pi * y) + 40 * np.cos(2 * np.pi * (x + y))
    seam = 128 + 110 * np.sin(2 * np.pi * 1.25 * x) * np.cos(2 * np.pi * 0.6 * y)
    tiling = describer.describe(grey(tile))
    seamed = describer.describe(grey(seam))
    assert tiling.facts["periodicity"]["seamless"]["tiles"] is True
    assert "seamless" in tiling.text
    assert seamed.facts["periodicity"]["seamless"]["tiles"] is False
    assert "seamless" not in seamed.text
    noise = np.random.default_rng(1).integers(0, 256, (128, 128, 3), dtype=np.uint8)
    assert describer.describe(Image.fromarray(noise)).facts["periodicity"]["seamless"]["tiles"] is True


@pytest.mark.parametrize(("repeats", "seamless"), [(7, True), (12, True), (5.5, False)])
def test_a_repeat_that_is_not_a_whole_number_of_pixels(
    describer: MeasuringDescriber, repeats: float, seamless: bool
) -> None:
    """Seven stripe pairs across 512 px repeat every 73.14 px: reported as 73, and still a seamless tile."""
    x = np.arange(512)
    columns = np.clip(np.sin(2 * np.pi * x * repeats / 512) * 3, -1, 1) * 100 + 120  # anti-aliased edges
    periodicity = describer.describe(grey(np.tile(columns, (64, 1)))).facts["periodicity"]
    assert periodicity["x"]["period_px"] == round(512 / repeats)
    assert periodicity["seamless"]["tiles"] is seamless


def test_half_black_half_white_mass_and_symmetry(describer: MeasuringDescriber) -> None:
    pixels = np.full((256, 256), 255, np.uint8)
    pixels[:, :128] = 0
    result = describer.describe(grey(pixels))
    composition = result.facts["composition"]
    assert composition["mass"]["x"] == pytest.approx(0.25, abs=0.02)  # the dark half weighs on pale paper
    assert composition["mass"]["y"] == pytest.approx(0.5, abs=0.02)
    assert composition["placement"] == "left"
    assert composition["symmetry"]["left_right"] < 0.05
    assert composition["symmetry"]["top_bottom"] > 0.95
    assert composition["horizon"] is None
    assert result.facts["contrast"] > 0.95
    assert "to the left" in result.text and "symmetric top to bottom" in result.text
    assert result.facts["periodicity"]["seamless"]["x"]["seamless"] is False


def test_a_horizon_and_the_weight_beneath_it(describer: MeasuringDescriber) -> None:
    pixels = np.zeros((300, 400, 3), np.uint8)
    pixels[:200] = (250, 245, 235)  # a pale field, the background, down to two-thirds of the height
    pixels[200:] = (40, 60, 120)  # a dark band below it, where the weight is
    pixels[60:120, 40:100] = (200, 30, 30)
    result = describer.describe(Image.fromarray(pixels))
    composition = result.facts["composition"]
    assert composition["horizon"] == pytest.approx(2 / 3, abs=0.02)
    assert composition["mass"]["y"] > 2 / 3
    assert composition["mass"]["x"] < 0.5  # pulled left by the red square
    assert "under a horizon about two-thirds of the way down" in result.text
    assert result.facts["size"] == {"width": 400, "height": 300, "aspect_ratio": 1.333, "aspect": "landscape"}


def test_a_vertical_fade_is_no_horizon(describer: MeasuringDescriber) -> None:
    fade = np.tile(np.linspace(30, 230, 240)[:, None], (1, 160))
    assert describer.describe(grey(fade)).facts["composition"]["horizon"] is None


@pytest.mark.parametrize(
    ("size", "aspect"),
    [((100, 100), "square"), ((160, 90), "landscape"), ((90, 160), "portrait"), ((300, 100), "panorama")],
)
def test_size_and_aspect(describer: MeasuringDescriber, size: tuple[int, int], aspect: str) -> None:
    result = describer.describe(solid((90, 120, 200), size))
    assert result.facts["size"]["aspect"] == aspect
    assert f"{aspect} image of {size[0]} x {size[1]} px" in result.text


def test_busy_and_calm_textures(describer: MeasuringDescriber) -> None:
    noise = np.random.default_rng(2).integers(0, 256, (256, 256), dtype=np.uint8)
    busy = describer.describe(grey(noise)).facts["texture"]
    calm = describer.describe(solid((200, 180, 160))).facts["texture"]
    assert busy["edge_density"] > 0.5 and busy["label"] == "very busy"
    assert calm["edge_density"] == 0 and calm["label"] == "smooth"


@pytest.mark.parametrize(("fmt", "options"), [("JPEG", {"quality": 85}), ("WEBP", {"quality": 80})])
def test_lossy_jpeg_and_webp_keep_their_measures(describer: MeasuringDescriber, fmt: str, options: dict) -> None:
    stripes = describer.describe(round_trip(vertical_stripes(256, 128, 16), fmt, **options)).facts
    assert stripes["periodicity"]["x"]["period_px"] == 32
    assert stripes["periodicity"]["seamless"]["tiles"] is True
    board = describer.describe(round_trip(checkerboard(128, 8), fmt, **options)).facts
    assert board["periodicity"]["x"]["period_px"] == board["periodicity"]["y"]["period_px"] == 16
    red = describer.describe(round_trip(solid((255, 0, 0)), fmt, **options)).facts
    assert red["palette"][0]["name"] == "red" and red["palette"][0]["share"] > 0.97
    assert stripes["provenance"] is None


@pytest.mark.parametrize(
    "image",
    [
        Image.new("RGB", (1, 1), (0, 0, 128)),
        Image.new("RGBA", (1, 1), (255, 0, 0, 0)),
        Image.new("L", (3, 200), 40),
        Image.new("RGB", (200, 3), (1, 2, 3)),
        Image.new("1", (5, 5), 1),
        Image.new("P", (7, 7), 3),
        Image.new("CMYK", (20, 20), (0, 255, 255, 0)),
        Image.new("LA", (20, 20), (10, 128)),
        Image.new("La", (20, 20)),
        Image.new("I;16", (30, 30), 40000),
        Image.new("I", (30, 30), 70000),
        Image.new("F", (30, 30), 0.5),
        Image.new("YCbCr", (30, 30), (128, 128, 128)),
    ],
    ids=lambda image: f"{image.mode}-{image.width}x{image.height}",
)
def test_any_mode_and_any_size_from_one_pixel(describer: MeasuringDescriber, image: Image.Image) -> None:
    result = describer.describe(image)
    assert result.text and not result.cancelled
    assert_json_plain(result.facts)


def test_an_image_without_pixels_is_a_clear_error(describer: MeasuringDescriber) -> None:
    with pytest.raises(StudioloError) as error:
        describer.describe(Image.new("RGB", (0, 0)))
    assert error.value.code == "image.empty"


def test_transparency_is_composited_on_white(describer: MeasuringDescriber) -> None:
    result = describer.describe(Image.new("RGBA", (40, 40), (255, 0, 0, 0)))
    assert result.facts["palette"][0]["name"] == "white"
    half = describer.describe(Image.new("RGBA", (40, 40), (0, 0, 0, 128)))
    assert half.facts["palette"][0]["name"] == "grey"


def test_high_bit_grey_is_scaled_not_clipped(describer: MeasuringDescriber) -> None:
    ramp = Image.fromarray(np.tile(np.linspace(0, 65535, 128), (64, 1)).astype(np.uint16))
    assert 0.35 < describer.describe(ramp).facts["brightness"] < 0.65


def studiolo_png(provenance: dict[str, Any]) -> Image.Image:
    pixels = np.zeros((200, 300, 3), np.uint8)
    pixels[:70] = (255, 194, 26)
    pixels[70:] = (58, 125, 44)
    pixels[120:170, 40:100] = (255, 143, 176)
    return open_image(encode_png(Image.fromarray(pixels), provenance))


SCENE = {
    "prompt": "pink tulips under a golden sky",
    "layout": "landscape",
    "style": "watercolor",
    "symmetry": "translate",
    "time_of_day": "dusk",
    "palette": {"sky": ["#ffc21a"], "ground": ["#3a7d2c"], "accents": ["#ff8fb0"]},
    "motifs": [
        {"kind": "tulip", "colors": ["#ffc0cb"], "count": 12, "size": 1.0},
        {"kind": "cloud", "colors": [], "count": 3, "size": 1.0},
        {"kind": "sun", "colors": ["#ffc21a"], "count": None, "size": 1.0},
        {"kind": "butterfly", "colors": ["#000080"], "count": 1, "size": 0.5},
        {"kind": "cherry_blossom", "colors": [], "count": None, "size": 1.0},
    ],
    "named_colors": ["pink", "golden"],
    "themes": ["spring"],
}


def test_studiolo_png_names_prompt_layout_motifs_and_style(describer: MeasuringDescriber) -> None:
    provenance = {"backend": "sketch", "prompt": SCENE["prompt"], "seed": 7, "width": 300, "height": 200}
    result = describer.describe(studiolo_png({**provenance, "scene": SCENE}))
    text = result.text
    assert "painted by studiolo's sketch painter from the prompt 'pink tulips under a golden sky'" in text
    assert "a landscape in watercolor style" in text
    assert "12 pale pink tulips" in text and "3 clouds" in text and "a golden yellow sun" in text
    assert "a deep blue butterfly" in text and "cherry blossoms" in text and "at dusk" in text
    facts = result.facts["provenance"]
    assert facts["prompt"] == SCENE["prompt"] and facts["seed"] == 7 and facts["layout"] == "landscape"
    assert [(m["kind"], m["count"]) for m in facts["motifs"]][:2] == [("tulip", 12), ("cloud", 3)]
    assert facts["motifs"][0]["color_names"] == ["pale pink"]
    assert facts["motifs"][0]["color_names_ko"] == ["옅은 분홍색"]
    assert_json_plain(result.facts)


@pytest.mark.parametrize(
    "provenance",
    [
        {},
        {"backend": "sketch", "prompt": "dots", "scene": "not a scene"},
        {"backend": 3, "prompt": ["x"], "seed": "7", "scene": {"layout": ["landscape"], "motifs": "tulips"}},
        {"scene": {"motifs": [None, 5, {"kind": 7}, {"kind": "daisy", "count": "many", "colors": "red"}]}},
        {"scene": {"motifs": [{"kind": "leaf", "count": True, "colors": ["#zzzzzz", "#FF0000", 3]}]}},
        {"backend": "sketch", "prompt": "a\nprompt  over\tlines", "scene": {"motifs": [{"kind": "star"}] * 500}},
    ],
)
def test_malformed_provenance_never_crashes(describer: MeasuringDescriber, provenance: dict[str, Any]) -> None:
    result = describer.describe(studiolo_png(provenance))
    assert result.text.count("It was painted by studiolo") == 1
    assert "\n" not in result.text
    assert_json_plain(result.facts)


def test_provenance_keeps_only_well_formed_motifs(describer: MeasuringDescriber) -> None:
    scene = {"motifs": [None, {"kind": 7}, {"kind": "leaf", "count": True, "colors": ["#zzzzzz", "#FF0000"]}]}
    facts = describer.describe(studiolo_png({"backend": "sketch", "scene": scene})).facts["provenance"]
    assert facts["motifs"] == [
        {"kind": "leaf", "count": None, "colors": ["#ff0000"], "color_names": ["red"], "color_names_ko": ["빨간색"]}
    ]


def test_without_provenance_it_never_names_objects(describer: MeasuringDescriber) -> None:
    pixels = np.zeros((200, 300, 3), np.uint8)
    pixels[:70] = (135, 206, 235)
    pixels[70:] = (34, 139, 34)
    pixels[100:150, 200:240] = (255, 215, 0)
    y, x = np.mgrid[:256, :256]
    images = [
        Image.fromarray(pixels),
        round_trip(Image.fromarray(pixels), "JPEG"),
        checkerboard(256, 16),
        vertical_stripes(256, 256, 8),
        grey(128 + 100 * np.sin(x / 9.0) * np.cos(y / 13.0)),
        Image.fromarray(np.random.default_rng(3).integers(0, 256, (300, 200, 3), dtype=np.uint8)),
    ]
    for image in images:
        result = describer.describe(image)
        assert result.facts["provenance"] is None
        assert mentions_objects(result.text) == [], result.text
        assert "painted" not in result.text


def test_the_same_image_gets_the_same_description(describer: MeasuringDescriber) -> None:
    image = Image.fromarray(np.random.default_rng(4).integers(0, 256, (180, 240, 3), dtype=np.uint8))
    first, second = describer.describe(image, seed=1), describer.describe(image.copy(), seed=99)
    assert first == second


def test_a_large_image_is_quick(describer: MeasuringDescriber) -> None:
    y, x = np.mgrid[:1024, :1024]
    rng = np.random.default_rng(5)
    pixels = np.stack([(x * 3 + y) % 256, (x ^ y) % 256, rng.integers(0, 256, (1024, 1024))], axis=-1)
    image = Image.fromarray(pixels.astype(np.uint8))
    started = time.perf_counter()
    result = describer.describe(image)
    assert time.perf_counter() - started < 1.0  # the target is 300 ms; this only catches a gross regression
    assert result.facts["size"]["width"] == 1024


class _CancelAfter(CancelToken):
    """A token that reports cancelled from its n-th check on, to cancel between stages."""

    def __init__(self, checks: int) -> None:
        super().__init__()
        self._left = checks

    @property
    def cancelled(self) -> bool:
        self._left -= 1
        return self._left < 0


def test_cancel_returns_a_cancelled_description(describer: MeasuringDescriber) -> None:
    token = CancelToken()
    token.cancel()
    result = describer.describe(checkerboard(64, 8), cancel=token)
    assert result == Description(text="", facts={}, backend="measure", cancelled=True)
    midway = describer.describe(checkerboard(64, 8), cancel=_CancelAfter(2))
    assert midway.cancelled and midway.facts == {}
    assert not describer.describe(checkerboard(64, 8), cancel=CancelToken()).cancelled


# --- Korean --------------------------------------------------------------------------------------------------------


def horizon_scene() -> Image.Image:
    pixels = np.zeros((300, 400, 3), np.uint8)
    pixels[:200] = (250, 245, 235)
    pixels[200:] = (40, 60, 120)
    pixels[60:120, 40:100] = (200, 30, 30)
    return Image.fromarray(pixels)


KOREAN_CASES = {
    "solid": (solid((255, 0, 0)), ["빨간색 한 가지로 칠해진 정사각형 이미지(64 x 64 px)입니다.", "완전히 평평합니다."]),
    "horizon": (
        horizon_scene(),
        ["흰색과 짙은 파란색으로 이루어져", "위에서 약 3분의 2 지점에 지평선이 있고", "지평선 아래에"],
    ),
    "stripes": (
        vertical_stripes(250, 120, 10),
        ["20 px마다 반복되는 세로 줄무늬지만, 가장자리는 이음매 없이 이어지지 않습니다."],
    ),
    "checkerboard": (checkerboard(256, 16), ["32 px 주기로 반복되는 무늬로, 가장자리도 이음매 없이 이어집니다."]),
    "half black": (
        grey(np.where(np.arange(256) < 128, 0, 255)[None, :].repeat(256, axis=0)),
        ["왼쪽에 쏠려", "상하 대칭입니다."],
    ),
}


@pytest.mark.parametrize("case", list(KOREAN_CASES))
def test_korean_says_the_same_facts_in_korean(describer: MeasuringDescriber, case: str) -> None:
    image, phrases = KOREAN_CASES[case]
    english, korean = describer.describe(image), describer.describe(image, lang="ko")
    assert korean.facts == english.facts  # the same measurements, with English keys
    for phrase in phrases:
        assert phrase in korean.text, korean.text
    assert detect_language(korean.text) == "ko"
    assert set(re.findall(r"[A-Za-z]+", korean.text)) <= {"x", "px"}  # no English left in it, but for sizes
    assert all(swatch["name_ko"] in korean.text for swatch in korean.facts["palette"] if swatch["share"] >= 0.2)


def test_korean_for_a_studiolo_png_says_what_was_painted(describer: MeasuringDescriber) -> None:
    provenance = {"backend": "sketch", "prompt": SCENE["prompt"], "seed": 7, "width": 300, "height": 200}
    text = describer.describe(studiolo_png({**provenance, "scene": SCENE}), lang="ko").text
    assert "studiolo의 스케치 화가가 프롬프트 'pink tulips under a golden sky'에 따라 그린" in text
    assert "해 질 녘의 수채화풍 풍경으로" in text
    assert "옅은 분홍색 튤립 12송이, 구름 3개, 황금색 해, 진한 파란색 나비, 벚꽃이 있습니다." in text


def test_korean_without_provenance_never_names_objects(describer: MeasuringDescriber) -> None:
    from studiolo.model.measure.prose_ko import _MOTIFS

    shapes = {"circle", "triangle", "square", "diamond", "hexagon", "stripes", "dots", "checks", "scales"}
    # things, not shapes; and of two syllables or more, since a single syllable occurs inside other words
    objects = [word for kind, word in _MOTIFS.items() if kind not in shapes and len(word) >= 2]
    for image in (horizon_scene(), checkerboard(128, 8), vertical_stripes(256, 64, 8)):
        text = describer.describe(image, lang="ko").text
        assert [word for word in objects if word in text] == [], text
        assert "그렸습니다" not in text and "그린" not in text


@pytest.mark.parametrize(
    ("words", "joined"),
    [
        (["빨간색"], "빨간색"),
        (["빨간색", "흰색"], "빨간색과 흰색"),
        (["나비", "해"], "나비와 해"),
        (["남색", "회색", "흰색"], "남색, 회색과 흰색"),
    ],
)
def test_korean_particles_follow_the_last_syllable(words: list[str], joined: str) -> None:
    from studiolo.model.measure.prose_ko import _and, _particle

    assert _and(words) == joined
    assert [_particle(word, "으로", "로") for word in ("풍경", "타일", "무늬", "px")] == ["으로", "로", "로", "로"]
