"""Colour names: the words people use for a colour, checked against the XKCD colour survey's own colours.

The survey colours here are names that are *not* rows of colour_names.REFERENCES, so each one tests how the
table generalises; the accepted words are what a person would say for that colour.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from studiolo.model.measure import MeasuringDescriber
from studiolo.model.measure.colour import colour_name, delta_e_2000, hex_to_rgb, srgb_to_lab
from studiolo.model.measure.colour_names import REFERENCES


def name_of(hex_colour: str) -> str:
    return colour_name(srgb_to_lab(hex_to_rgb(hex_colour))).english


# (survey name, the survey's colour for it, words a person would accept)
SURVEY_COLOURS = [
    ("cobalt", "#1e488f", {"blue", "dark blue", "muted blue", "deep blue"}),
    ("cobalt blue", "#030aa7", {"blue", "deep blue", "vivid blue", "dark blue"}),
    ("sapphire", "#2138ab", {"blue", "deep blue"}),
    ("electric blue", "#0652ff", {"blue", "vivid blue"}),
    ("cornflower blue", "#5170d7", {"blue", "muted blue", "light blue"}),
    ("steel blue", "#5a7d9a", {"muted blue", "blue grey"}),
    ("slate", "#516572", {"blue grey", "dark grey", "grey"}),
    ("midnight blue", "#020035", {"navy", "dark blue"}),
    ("dark navy", "#000435", {"navy", "dark blue"}),
    ("marine blue", "#01386a", {"navy", "dark blue"}),
    ("prussian blue", "#004577", {"dark blue", "navy", "dark teal"}),
    ("powder blue", "#b1d1fc", {"light blue", "pale blue"}),
    ("carolina blue", "#8ab8fe", {"light blue", "sky blue"}),
    ("ocean blue", "#03719c", {"blue", "teal", "muted blue"}),
    ("periwinkle", "#8e82fe", {"lavender", "light purple", "light blue", "blue"}),
    ("aquamarine", "#04d8b2", {"turquoise", "teal"}),
    ("dark cyan", "#0a888a", {"teal", "dark teal"}),
    ("bluegreen", "#017a79", {"teal", "dark teal"}),
    ("deep turquoise", "#017374", {"teal", "dark teal"}),
    ("pale turquoise", "#a5fbd5", {"light teal", "mint", "pale green"}),
    ("forest", "#0b5509", {"dark green", "deep green"}),
    ("hunter green", "#0b4008", {"dark green", "deep green"}),
    ("bottle green", "#044a05", {"dark green", "deep green"}),
    ("emerald", "#01a049", {"green"}),
    ("grass", "#5cac2d", {"green", "muted green"}),
    ("leaf green", "#5ca904", {"green", "lime green"}),
    ("chartreuse", "#c1f80a", {"lime green"}),
    ("spring green", "#a9f971", {"light green", "lime green"}),
    ("seafoam", "#80f9ad", {"mint", "light green"}),
    ("army green", "#4b5d16", {"olive", "dark olive", "dark green"}),
    ("moss green", "#658b38", {"muted green", "olive", "green"}),
    ("lemon yellow", "#fdff38", {"yellow"}),
    ("sunflower yellow", "#ffda03", {"yellow", "golden yellow"}),
    ("goldenrod", "#fac205", {"golden yellow", "yellow"}),
    ("mustard yellow", "#d2bd0a", {"mustard", "dark yellow"}),
    ("butter", "#ffff81", {"pale yellow", "light yellow"}),
    ("sand", "#e2ca76", {"beige", "tan", "light yellow"}),
    ("ivory", "#ffffcb", {"cream", "white"}),
    ("taupe", "#b9a281", {"beige", "tan", "light brown"}),
    ("pumpkin", "#e17701", {"orange", "dark orange"}),
    ("apricot", "#ffb16d", {"peach", "light orange"}),
    ("bright orange", "#ff5b00", {"orange"}),
    ("vermillion", "#f4320c", {"red", "orange"}),
    ("salmon pink", "#fe7b7c", {"coral", "pink"}),
    ("tomato", "#ef4026", {"red", "coral"}),
    ("fire engine red", "#fe0002", {"red"}),
    ("blood red", "#980002", {"dark red", "deep red"}),
    ("brick", "#a03623", {"dark red", "reddish brown", "muted red"}),
    ("wine", "#80013f", {"maroon"}),
    ("bordeaux", "#7b002c", {"maroon"}),
    ("chocolate", "#3d1c02", {"dark brown"}),
    ("chestnut", "#742802", {"brown", "reddish brown"}),
    ("milk chocolate", "#7f4e1e", {"brown"}),
    ("coffee", "#a6814c", {"light brown", "tan"}),
    ("baby pink", "#ffb7ce", {"pink", "light pink", "pale pink"}),
    ("bubblegum pink", "#fe83cc", {"pink"}),
    ("rose", "#cf6275", {"muted pink", "dark pink", "pink"}),
    ("neon pink", "#fe019a", {"hot pink", "magenta"}),
    ("raspberry", "#b00149", {"deep pink", "dark pink", "red", "magenta"}),
    ("light violet", "#d6b4fc", {"lavender", "pale purple", "light purple"}),
    ("pale violet", "#ceaefa", {"lavender", "pale purple", "light purple"}),
    ("plum", "#580f41", {"dark purple", "deep purple", "maroon"}),
    ("eggplant", "#380835", {"dark purple", "deep purple"}),
    ("royal purple", "#4b006e", {"dark purple", "deep purple", "purple", "indigo"}),
    ("grape", "#6c3461", {"purple", "muted purple", "dark purple"}),
    ("orchid", "#c875c4", {"light purple", "muted pink", "pink", "purple", "pale purple"}),
    ("charcoal grey", "#3c4142", {"dark grey"}),
    ("gunmetal", "#536267", {"dark grey", "grey", "blue grey"}),
    ("cool grey", "#95a3a6", {"grey", "light grey", "blue grey"}),
    ("warm grey", "#978a84", {"grey"}),
]


def test_the_survey_colours_tested_are_not_rows_of_the_table() -> None:
    in_table = {survey_name for survey_name, _, _ in REFERENCES}
    assert len(SURVEY_COLOURS) >= 50
    assert [name for name, _, _ in SURVEY_COLOURS if name in in_table] == []


@pytest.mark.parametrize(("survey_name", "hex_colour", "accepted"), SURVEY_COLOURS, ids=[c[0] for c in SURVEY_COLOURS])
def test_a_survey_colour_gets_words_people_use(survey_name: str, hex_colour: str, accepted: set[str]) -> None:
    assert name_of(hex_colour) in accepted


def test_each_table_colour_gets_its_own_words() -> None:
    """No row is shadowed by another: the table's own colours come back with their own words."""
    assert [(survey, name_of(colour)) for survey, colour, words in REFERENCES if name_of(colour) != words] == []


@pytest.mark.parametrize(
    ("hex_colour", "accepted"),
    [
        ("#1f5fd6", {"blue", "vivid blue"}),
        ("#2c5fd0", {"blue", "vivid blue"}),
        ("#3a6ee8", {"blue", "vivid blue"}),
        ("#1e1ec8", {"blue", "vivid blue", "deep blue"}),  # royal blue; the upload the old describer called navy
    ],
)
def test_a_vivid_medium_blue_is_blue_not_navy(hex_colour: str, accepted: set[str]) -> None:
    assert name_of(hex_colour) in accepted
    rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    described = MeasuringDescriber().describe(Image.new("RGB", (64, 64), rgb))
    assert "blue" in described.text and "navy" not in described.text


@pytest.mark.parametrize("hex_colour", ["#1b2a4a", "#2a3550", "#223355", "#1a2440"])
def test_a_dark_blue_ground_is_dark_blue_not_grey(hex_colour: str) -> None:
    assert name_of(hex_colour) in {"dark blue", "navy"}
    pixels = np.zeros((96, 96, 3), np.uint8)
    pixels[:] = hex_to_rgb(hex_colour) * 255
    pixels[30:60, 30:60] = (250, 240, 220)  # a pale shape on the ground, as a draft has
    described = MeasuringDescriber().describe(Image.fromarray(pixels))
    assert described.facts["palette"][0]["name"] in {"dark blue", "navy"}
    assert "grey" not in described.text


@pytest.mark.parametrize(
    ("hex_colour", "english", "korean"),
    [
        ("#0343df", "blue", "파란색"),
        ("#00035b", "dark blue", "짙은 파란색"),
        ("#ffd1df", "light pink", "연한 분홍색"),
        ("#01153e", "navy", "남색"),
        ("#e50000", "red", "빨간색"),
        ("#d8dcd6", "light grey", "연한 회색"),
    ],
)
def test_names_come_in_english_and_korean(hex_colour: str, english: str, korean: str) -> None:
    name = colour_name(srgb_to_lab(hex_to_rgb(hex_colour)))
    assert (name.english, name.korean) == (english, korean)


# Test pairs and results published with the CIEDE2000 formula's implementation notes (Sharma, Wu, Dalal 2005).
@pytest.mark.parametrize(
    ("lab_1", "lab_2", "difference"),
    [
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0009), 7.1792),  # hues either side of 0 degrees
        ((50.0, 2.5, 0.0), (50.0, 0.0, -2.5), 4.3065),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),  # one colour is a neutral grey
    ],
)
def test_delta_e_2000_matches_the_published_test_data(
    lab_1: tuple[float, ...], lab_2: tuple[float, ...], difference: float
) -> None:
    assert delta_e_2000(np.array(lab_1), np.array(lab_2)) == pytest.approx(difference, abs=1e-4)
    assert delta_e_2000(np.array(lab_2), np.array(lab_1)) == pytest.approx(difference, abs=1e-4)
