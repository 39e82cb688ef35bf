"""The sketch painter's prompt parser: what a user notices about how a prompt is understood."""

from __future__ import annotations

import colorsys
import re
import time

import pytest
from PIL import ImageColor

from studiolo.model.sketch import vocabulary as V
from studiolo.model.sketch.lexicon import FULL, PERMISSIVE
from studiolo.model.sketch.parse import parse_prompt
from studiolo.model.sketch.reader import HANDLERS, check_handlers
from studiolo.model.sketch.scene import FLOWER_KINDS, SHAPE_KINDS, Scene
from studiolo.model.sketch.vocabulary import CSS_COLORS

EN_SAMPLE = "yellow and pink flowers on a spring mountain with lush trees"
KO_SAMPLE = "노란색 꽃과 분홍색 꽃이 피어있고 나무가 무성한 봄의 산 풍경"
HEX = re.compile(r"^#[0-9a-f]{6}$")


def css(name: str) -> str:
    """The painter's hex for a colour name: CSS's, except where people mean another shade (navy)."""
    return CSS_COLORS[name]


def hls(c: str) -> tuple[float, float, float]:
    return colorsys.rgb_to_hls(int(c[1:3], 16) / 255, int(c[3:5], 16) / 255, int(c[5:7], 16) / 255)


def hue_gap(a: str, b: str) -> float:
    d = abs(hls(a)[0] - hls(b)[0]) * 360
    return min(d, 360 - d)


def kinds(scene: Scene) -> set[str]:
    return {m.kind for m in scene.motifs}


def motif(scene: Scene, kind: str):  # noqa: ANN201
    return next(m for m in scene.motifs if m.kind == kind)


def flowers(scene: Scene) -> list:  # noqa: ANN201
    return [m for m in scene.motifs if m.kind in FLOWER_KINDS]


def all_colors(scene: Scene) -> list[str]:
    p = scene.palette
    return p.sky + p.ground + p.accents + [c for m in scene.motifs for c in m.colors]


# --- the sample prompts ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("prompt", [EN_SAMPLE, KO_SAMPLE])
def test_sample_prompt_is_understood(prompt: str) -> None:
    scene = parse_prompt(prompt, seed=7)
    assert scene.layout == "landscape"
    assert {"mountain", "tree"} <= kinds(scene)
    assert flowers(scene), "the flowers become concrete flower kinds"
    for f in flowers(scene):
        assert f.colors == [css("yellow"), css("pink")]
    assert scene.named_colors == ["yellow", "pink"]
    assert "spring" in scene.themes
    assert scene.density >= 1.5, "lush trees make a dense picture"
    assert scene.detail >= 0.8


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 42, 2024])
def test_english_and_korean_sample_prompts_give_the_same_scene(seed: int) -> None:
    en, ko = parse_prompt(EN_SAMPLE, seed), parse_prompt(KO_SAMPLE, seed)
    same = {"prompt", "understood"}
    assert en.model_dump(exclude=same) == ko.model_dump(exclude=same)


def test_understood_keeps_the_prompts_own_words() -> None:
    assert parse_prompt(EN_SAMPLE, 1).understood == ["yellow", "pink", "flowers", "spring", "mountain", "lush", "trees"]
    ko = parse_prompt(KO_SAMPLE, 1).understood
    assert {"노란색", "분홍색", "꽃", "나무", "봄", "산"} <= set(ko)
    assert parse_prompt("Flowers on VENUS", 1).understood == ["Flowers", "VENUS"]


# --- colours ---------------------------------------------------------------------------------------------------


def test_every_css_colour_name_parses() -> None:
    for name in ImageColor.colormap:
        scene = parse_prompt(name, seed=0)
        assert scene.named_colors == [name.replace("grey", "gray")], name


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("light blue", "lightblue"), ("sky blue flowers", "skyblue"), ("a grey sky", "gray"),
        ("hot pink", "hotpink"), ("light golden rod yellow", "lightgoldenrodyellow"), ("dark slate grey", "darkslategray"),
        ("a golden desert", "gold"), ("pinkish clouds", "pink"), ("navy blue", "navy"), ("colour: teal", "teal"),
    ],
)  # fmt: skip
def test_spaced_british_and_informal_colour_names(prompt: str, expected: str) -> None:
    assert parse_prompt(prompt, 0).named_colors == [expected]


def test_colours_bind_to_the_motif_they_describe() -> None:
    scene = parse_prompt("yellow and pink flowers and a red and white striped umbrella under a blue moon", 3)
    for f in flowers(scene):
        assert f.colors == [css("yellow"), css("pink")]
    assert motif(scene, "stripes").colors == [css("red"), css("white")]
    assert motif(scene, "moon").colors == [css("blue")]
    assert scene.named_colors == ["yellow", "pink", "red", "white", "blue"]


def test_colours_after_the_noun_bind_too() -> None:
    scene = parse_prompt("roses in red and gold", 1)
    assert motif(scene, "rose").colors == [css("red"), css("gold")]
    scene = parse_prompt("the sky is orange and the grass is purple", 1)
    assert scene.palette.sky[0] == css("orange")
    assert scene.palette.ground[0] == css("purple")


def test_sky_and_ground_colours() -> None:
    scene = parse_prompt("a blue sky over green hills", 2)
    assert scene.palette.sky[0] == css("blue")
    assert scene.palette.ground[0] == css("green")
    assert parse_prompt("a golden desert", 2).palette.ground[0] == css("gold")
    assert parse_prompt("푸른 하늘 아래 푸른 나무", 2).palette.sky[0] == css("blue")
    assert motif(parse_prompt("푸른 하늘 아래 푸른 나무", 2), "tree").colors == [css("green")]


def test_colour_modifiers_shift_the_shade() -> None:
    pink = hls(css("pink"))[1]
    pale = motif(parse_prompt("pale pink roses", 1), "rose").colors[0]
    dark = motif(parse_prompt("dark pink roses", 1), "rose").colors[0]
    assert hls(pale)[1] > pink > hls(dark)[1]
    assert hue_gap(pale, css("pink")) < 15 and hue_gap(dark, css("pink")) < 15
    assert parse_prompt("pale pink roses", 1).named_colors == ["pink"]
    assert motif(parse_prompt("연분홍 벚꽃", 1), "cherry_blossom").colors[0] != css("pink")


@pytest.mark.parametrize(
    ("prompt", "layout"),
    [
        ("a landscape in yellow and pink", "landscape"), ("a yellow and pink spring landscape", "landscape"),
        ("an orange and teal pattern", "pattern"), ("a purple living room", "interior"), ("pink", "landscape"),
        ("a pink galaxy", "cosmic"), ("노란색과 분홍색 패턴", "pattern"), ("an autumn landscape in blue and white", "landscape"),
    ],
)  # fmt: skip
def test_named_colours_dominate_the_large_areas(prompt: str, layout: str) -> None:
    for seed in range(4):
        scene = parse_prompt(prompt, seed)
        if scene.layout != layout:
            continue  # "pink" alone may also become a pattern
        named = [css(n) for n in scene.named_colors]
        large = scene.palette.sky + scene.palette.ground  # the sky/walls and the land/floor/pattern field
        for c in large:
            assert min(hue_gap(c, n) for n in named) < 25 or hls(c)[2] < 0.1, (prompt, c, named)
        assert set(named) <= set(large) | set(scene.palette.accents[: len(named)])


def test_a_colour_given_a_place_stays_there() -> None:
    scene = parse_prompt("a yellow meadow under a crimson sky", 1)
    assert scene.palette.ground[0] == css("yellow")
    assert scene.palette.sky[0] == css("crimson")
    night = parse_prompt("a yellow meadow under a crimson night sky", 1)
    assert night.palette.ground[0] == css("yellow")
    assert hue_gap(night.palette.sky[0], css("crimson")) < 25, "still crimson"
    assert hls(night.palette.sky[0])[1] < hls(css("crimson"))[1], "but a night sky"


def test_motif_colours_tint_the_background_when_nothing_else_does() -> None:
    scene = parse_prompt("빨간색 장미", 0)
    for c in scene.palette.sky + scene.palette.ground:
        assert hue_gap(c, css("red")) < 20, c
    assert motif(scene, "rose").colors == [css("red")]
    themed = parse_prompt("a red rose in a spring meadow", 0)
    assert themed.palette.ground[0] != parse_prompt("a red rose", 0).palette.ground[0]


def test_more_of_a_colour_makes_it_dominate() -> None:
    before = parse_prompt("pink roses", 4)
    after = parse_prompt("pink roses. more yellow", 4)
    assert hue_gap(after.palette.ground[0], css("yellow")) < 10
    assert before.palette.ground != after.palette.ground
    assert after.named_colors == ["pink", "yellow"]
    assert motif(after, "rose").colors == [css("pink")], "the roses stay pink"


def test_all_colours_are_lowercase_hex() -> None:
    for prompt in ["", EN_SAMPLE, KO_SAMPLE, "a dreamy neon pink galaxy", "warm cosy bedroom", "not blue"]:
        scene = parse_prompt(prompt, 11)
        assert all(HEX.match(c) for c in all_colors(scene))
        assert scene.palette.sky and scene.palette.ground and scene.palette.accents


# --- counts ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "kind", "count"),
    [
        ("two moons over the sea", "moon", 2), ("three birds", "bird", 3), ("12 stars", "star", 12),
        ("a second moon", "moon", 2), ("a pair of butterflies", "butterfly", 2),
        ("달 두 개", "moon", 2), ("두 개의 달", "moon", 2), ("새 세 마리가 날아가는 하늘", "bird", 3),
        ("별 셋", "star", 3), ("나비 네 마리", "butterfly", 4), ("장미 한 송이", "rose", 1),
    ],
)  # fmt: skip
def test_counts(prompt: str, kind: str, count: int) -> None:
    assert motif(parse_prompt(prompt, 0), kind).count == count


def test_feedback_counts_add_to_what_is_there() -> None:
    assert motif(parse_prompt("a moon over the hills. add a second moon", 0), "moon").count == 2
    assert motif(parse_prompt("two moons. add another moon", 0), "moon").count == 3
    assert motif(parse_prompt("달 위에 달을 하나 더 추가해줘", 0), "moon").count == 2


# --- negation --------------------------------------------------------------------------------------------------


def test_negation_removes_motifs_and_colours() -> None:
    scene = parse_prompt("a spring meadow with flowers, no birds, without clouds, not pink", 3)
    assert not {"bird", "cloud"} & kinds(scene)
    assert "pink" not in scene.named_colors
    assert flowers(scene)
    # a theme's own pinks go as well
    assert all(hue_gap(c, css("pink")) > 12 or hls(c)[2] < 0.25 for c in scene.palette.accents)


def test_a_negated_colour_also_leaves_the_motifs_usually_drawn_in_it() -> None:
    scene = parse_prompt("a calm sea under green palms, not blue", 2)
    sea = motif(scene, "sea")
    assert sea.colors and all(hue_gap(c, css("blue")) > 30 for c in sea.colors)
    assert all(hue_gap(c, css("blue")) > 15 or hls(c)[2] < 0.2 for c in all_colors(scene))


def test_korean_negation() -> None:
    scene = parse_prompt("새와 구름 없이 달과 별", 3)
    assert {"moon", "star"} <= kinds(scene) and not {"bird", "cloud"} & kinds(scene)
    assert "pink" not in parse_prompt("분홍색 말고 노란색 장미", 3).named_colors
    assert motif(parse_prompt("분홍색 말고 노란색 장미", 3), "rose").colors == [css("yellow")]


def test_negative_prompt() -> None:
    scene = parse_prompt("flowers with birds and clouds at night", 5, negative_prompt="birds, stars, pink")
    assert not {"bird", "star"} & kinds(scene)
    assert "cloud" in kinds(scene)
    scene = parse_prompt("pink and blue flowers", 5, negative_prompt="pink")
    assert scene.named_colors == ["blue"]
    assert not flowers(parse_prompt("a meadow of flowers and trees", 5, negative_prompt="flowers"))


# --- seeds -----------------------------------------------------------------------------------------------------


def test_parsing_is_deterministic_per_seed() -> None:
    for prompt in ["", "flowers", EN_SAMPLE, KO_SAMPLE, "a geometric pattern"]:
        assert parse_prompt(prompt, 99) == parse_prompt(prompt, 99)


def test_seeds_give_different_interpretations() -> None:
    picks = {tuple(sorted(kinds(parse_prompt("flowers", seed)) & set(FLOWER_KINDS))) for seed in range(20)}
    assert len(picks) >= 5
    assert all(picks)
    assert {parse_prompt("flowers", seed).layout for seed in range(20)} >= {"landscape", "pattern"}
    assert len({parse_prompt("a pattern of leaves", seed).symmetry for seed in range(20)}) >= 3
    assert len({parse_prompt("spring hills", seed).style for seed in range(30)}) >= 3
    assert len({tuple(parse_prompt("spring hills", seed).palette.sky) for seed in range(5)}) == 5  # shade jitter
    shapes = {tuple(sorted(kinds(parse_prompt("geometric shapes", s)))) for s in range(20)}
    assert len(shapes) >= 4 and all(set(s) <= set(SHAPE_KINDS) for s in shapes)


def test_a_named_flower_is_kept() -> None:
    for seed in range(10):
        assert {m.kind for m in flowers(parse_prompt("roses", seed))} == {"rose"}
        assert {m.kind for m in flowers(parse_prompt("장미꽃", seed))} == {"rose"}


def test_style_is_named_or_chosen_by_theme() -> None:
    assert parse_prompt("a watercolour landscape", 1).style == "watercolor"
    assert parse_prompt("line art of a cat", 1).style == "ink"
    assert parse_prompt("수채화 풍경", 1).style == "watercolor"
    assert parse_prompt("네온 별", 1).style == "neon"
    dreamy = [parse_prompt("a dreamy meadow", seed).style for seed in range(40)]
    assert sum(s in ("watercolor", "pastel") for s in dreamy) > len(dreamy) / 2


# --- empty and odd prompts -------------------------------------------------------------------------------------


@pytest.mark.parametrize("prompt", ["", "   ", "asdf qwer zxcv", "!!!???", "1234", "ㅋㅋㅋ 아무거나", "the and of"])
def test_empty_or_nonsense_prompt_still_gives_a_pleasant_scene(prompt: str) -> None:
    for seed in range(5):
        scene = parse_prompt(prompt, seed)
        assert scene.motifs and scene.themes
        assert scene.layout in ("landscape", "pattern")
        assert scene.detail < 0.3


# Not a speed target (bench/embedded.py has those): a bound that tells linear parsing (~0.1 s here) from
# catastrophic regex backtracking (minutes), loose enough for a garbage collection of a full test run's heap.
LINEAR_BOUND_S = 2.0


def test_long_prompt_is_parsed_in_linear_time() -> None:
    prompt = ("yellow flowers and pink trees on the hills, " * 3000)[:100_000]
    start = time.perf_counter()
    scene = parse_prompt(prompt, 1, negative_prompt=prompt)
    assert time.perf_counter() - start < LINEAR_BOUND_S
    assert isinstance(scene, Scene)
    start = time.perf_counter()
    parse_prompt("꽃" * 100_000, 1)
    parse_prompt("9" * 100_000, 1)
    assert time.perf_counter() - start < LINEAR_BOUND_S


# --- layouts, themes, vocabulary -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "layout"),
    [
        ("a seamless floral pattern", "pattern"), ("roses wallpaper", "pattern"), ("a textile print of leaves", "pattern"),
        ("장미 무늬", "pattern"), ("분홍색꽃 패턴", "pattern"), ("stripes", "pattern"),
        ("a cosy living room", "interior"), ("a bedroom with a lamp", "interior"), ("거실", "interior"),
        ("a sofa and a plant", "interior"), ("planets in space", "cosmic"), ("the galaxy", "cosmic"),
        ("우주의 행성들", "cosmic"), ("mountains and a lake", "landscape"), ("바다 풍경", "landscape"),
        ("a meadow", "landscape"), ("a rose", "centered"), ("a butterfly", "centered"), ("an icon", "centered"),
        ("장미 한 송이", "centered"),
    ],
)  # fmt: skip
def test_layout_detection(prompt: str, layout: str) -> None:
    for seed in range(3):
        assert parse_prompt(prompt, seed).layout == layout, seed


def test_pattern_keeps_its_motif_and_field_motifs_work_anywhere() -> None:
    assert "rose" in kinds(parse_prompt("a pattern of roses", 0))
    scene = parse_prompt("a striped landscape with hills", 0)
    assert scene.layout == "landscape" and "stripes" in kinds(scene)


def test_venus() -> None:
    layouts = set()
    for seed in range(12):
        scene = parse_prompt("flowers blooming on Venus", seed)
        layouts.add(scene.layout)
        assert "venus" in scene.themes and flowers(scene)
        h, _, _ = hls(scene.palette.sky[0])
        assert 25 <= h * 360 <= 55, "a hazy golden amber sky"
        assert hls(scene.palette.ground[0])[0] * 360 < 30, "a rust ground"
    assert layouts == {"landscape", "cosmic"}
    assert parse_prompt("금성에 핀 꽃", 3).themes == ["venus"]


def test_night_is_dark_and_adds_only_what_fits() -> None:
    scene = parse_prompt("a quiet lake at night", 1)
    assert scene.time_of_day == "night"
    assert hls(scene.palette.sky[0])[1] < 0.3
    assert kinds(scene) <= {"sea", "star", "moon"}
    assert parse_prompt("밤", 1).time_of_day == "night"
    assert parse_prompt("sunset over the desert", 1).time_of_day == "dusk"


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("blossoms", "@flower"), ("cherry blossoms", "cherry_blossom"), ("peaks", "mountain"), ("waves", "wave"),
        ("ocean", "sea"), ("daisies", "daisy"), ("butterflies", "butterfly"), ("leaves", "leaf"), ("pines", "pine"),
        ("palm trees", "palm"), ("polka dots", "dots"), ("checkered", "checks"), ("fish scales", "scales"),
        ("damask", "damask"), ("hexagons", "hexagon"), ("bookshelves", "shelves"), ("carpet", "rug"),
        ("꽃", "@flower"), ("장미", "rose"), ("튤립", "tulip"), ("데이지", "daisy"), ("해바라기", "sunflower"),
        ("벚꽃", "cherry_blossom"), ("연꽃", "lotus"), ("양귀비", "poppy"), ("나무", "tree"), ("소나무", "pine"),
        ("야자수", "palm"), ("산", "mountain"), ("언덕", "hill"), ("바다", "sea"), ("파도", "wave"), ("구름", "cloud"),
        ("해", "sun"), ("태양", "sun"), ("달", "moon"), ("별", "star"), ("행성", "planet"), ("새", "bird"),
        ("나비", "butterfly"), ("나뭇잎", "leaf"), ("잎", "leaf"), ("동그라미", "circle"), ("원", "circle"),
        ("삼각형", "triangle"), ("네모", "square"), ("사각형", "square"), ("마름모", "diamond"), ("육각형", "hexagon"),
        ("줄무늬", "stripes"), ("물방울", "dots"), ("도트", "dots"), ("점", "dots"), ("체크", "checks"),
        ("비늘", "scales"), ("장식", "ornament"), ("문양", "ornament"), ("소파", "sofa"), ("창문", "window"),
        ("램프", "lamp"), ("조명", "lamp"), ("식물", "plant"), ("화분", "plant"), ("러그", "rug"), ("카펫", "rug"),
        ("선반", "shelves"), ("책장", "shelves"),
    ],
)  # fmt: skip
def test_motif_words(word: str, kind: str) -> None:
    for suffix in ("", "이", "과"):
        if suffix and not re.search(r"[가-힣]$", word):
            continue
        scene = parse_prompt(word + suffix, 1)
        if kind == "@flower":
            assert flowers(scene), word
        else:
            assert kind in kinds(scene), word + suffix


TEXTILE_WORDS = {
    "houndstooth": ["houndstooth", "hounds tooth", "hound's tooth", "dogtooth", "pied-de-poule", "pied de poule",
                    "하운드투스", "하운드투스체크"],
    "chevron": ["chevron", "chevrons", "zigzag", "zig-zag", "쉐브론", "셰브론", "지그재그"],
    "herringbone": ["herringbone", "herring bone", "헤링본"],
    "argyle": ["argyle", "argyll", "diamond check", "아가일", "아가일체크"],
    "ikat": ["ikat", "이캇"],
    "paisley": ["paisley", "paisleys", "boteh", "페이즐리"],
    "damask": ["damask", "brocade", "다마스크", "브로케이드"],
    "toile": ["toile", "toile de jouy", "Toile-de-Jouy", "투알", "투알 드 주이"],
}  # fmt: skip


@pytest.mark.parametrize(("kind", "word"), [(kind, word) for kind, words in TEXTILE_WORDS.items() for word in words])
def test_textile_words_name_their_textile_and_make_a_pattern(kind: str, word: str) -> None:
    for seed in range(3):
        scene = parse_prompt(word, seed)
        assert kinds(scene) == {kind}, (word, seed)
        assert scene.layout == "pattern", (word, seed)


def test_textile_words_vote_for_a_pattern_but_a_named_layout_wins() -> None:
    assert parse_prompt("red paisley and roses", 0).layout == "pattern"
    assert parse_prompt("a houndstooth sofa in a living room", 0).layout == "interior"
    scene = parse_prompt("herringbone hills landscape", 0)
    assert scene.layout == "landscape" and "herringbone" in kinds(scene)


@pytest.mark.parametrize("word", ["ornament", "mandala", "arabesque", "rosette", "장식", "만다라", "아라베스크"])
def test_ornament_words_stay_the_rosette(word: str) -> None:
    assert kinds(parse_prompt(word, 0)) == {"ornament"}


def test_toile_and_damask_stand_upright_unless_asked_to_turn() -> None:
    for word in ("toile de jouy", "damask", "투알", "다마스크"):
        assert {parse_prompt(word, seed).symmetry for seed in range(20)} == {"translate", "mirror"}, word
    assert parse_prompt("kaleidoscope damask", 0).symmetry == "rotate4"


def test_a_woven_textile_alone_claims_no_symmetry_it_does_not_have() -> None:
    for word in ("houndstooth", "herringbone", "chevron", "argyle", "ikat", "하운드투스"):
        assert {parse_prompt(word, seed).symmetry for seed in range(12)} == {"translate"}, word
    assert len({parse_prompt("paisley", seed).symmetry for seed in range(20)}) >= 3


def test_colours_bind_to_a_textile() -> None:
    assert motif(parse_prompt("navy and cream houndstooth", 0), "houndstooth").colors == [css("navy"), css("cornsilk")]
    assert motif(parse_prompt("red paisley", 0), "paisley").colors == [css("red")]
    assert motif(parse_prompt("빨간색 페이즐리", 0), "paisley").colors == [css("red")]
    assert motif(parse_prompt("blue toile de jouy", 0), "toile").colors == [css("blue")]


@pytest.mark.parametrize(
    ("word", "theme"),
    [
        ("spring", "spring"), ("summer", "summer"), ("autumn", "autumn"), ("fall", "autumn"), ("winter", "winter"),
        ("night", "night"), ("dawn", "dawn"), ("sunset", "sunset"), ("dusk", "sunset"), ("ocean", "ocean"),
        ("desert", "desert"), ("forest", "forest"), ("Venus", "venus"), ("Mars", "mars"), ("tropical", "tropical"),
        ("calm", "calm"), ("dreamy", "dreamy"), ("romantic", "romantic"), ("vibrant", "vibrant"),
        ("melancholy", "melancholy"), ("warmer", "warm"), ("cool", "cool"), ("brighter", "bright"), ("darker", "dark"),
        ("봄", "spring"), ("여름", "summer"), ("가을", "autumn"), ("겨울", "winter"), ("밤", "night"), ("새벽", "dawn"),
        ("노을", "sunset"), ("석양", "sunset"), ("저녁", "sunset"), ("사막", "desert"), ("숲", "forest"),
        ("금성", "venus"), ("화성", "mars"), ("우주", "space"), ("열대", "tropical"), ("바다", "ocean"),
        ("몽환적인", "dreamy"), ("따뜻하게", "warm"), ("차분한", "calm"),
    ],
)  # fmt: skip
def test_theme_words(word: str, theme: str) -> None:
    assert theme in parse_prompt(word, 1).themes


@pytest.mark.parametrize(
    ("word", "color"),
    [
        ("빨간", "red"), ("빨강", "red"), ("빨간색", "red"), ("노란", "yellow"), ("노랑", "yellow"), ("노란색", "yellow"),
        ("분홍", "pink"), ("분홍색", "pink"), ("파란", "blue"), ("파랑", "blue"), ("파란색", "blue"),
        ("초록", "green"), ("초록색", "green"), ("녹색", "green"), ("보라", "purple"), ("보라색", "purple"),
        ("주황", "orange"), ("주황색", "orange"), ("하얀", "white"), ("흰", "white"), ("흰색", "white"),
        ("하얀색", "white"), ("검은", "black"), ("검정", "black"), ("검은색", "black"), ("회색", "gray"),
        ("갈색", "brown"), ("금색", "gold"), ("황금색", "gold"), ("은색", "silver"), ("하늘색", "skyblue"),
        ("남색", "navy"), ("청록색", "teal"), ("연두색", "yellowgreen"), ("베이지", "beige"),
    ],
)  # fmt: skip
def test_korean_colour_words(word: str, color: str) -> None:
    assert parse_prompt(word + " 꽃", 1).named_colors == [color]
    assert flowers(parse_prompt(word + "꽃", 1))[0].colors == [css(color)]  # a compound: 분홍색꽃


@pytest.mark.parametrize(
    ("prompt", "style"),
    [
        ("flat", "flat"), ("watercolour", "watercolor"), ("watercolor", "watercolor"), ("ink line", "ink"),
        ("line art", "ink"), ("sketch", "ink"), ("pastel", "pastel"), ("neon", "neon"), ("gradient", "gradient"),
        ("수채화", "watercolor"), ("잉크", "ink"), ("선화", "ink"), ("스케치", "ink"), ("파스텔", "pastel"),
        ("네온", "neon"), ("그라데이션", "gradient"), ("플랫", "flat"),
    ],
)  # fmt: skip
def test_style_words(prompt: str, style: str) -> None:
    assert parse_prompt(f"{prompt} hills", 1).style == style


def test_density_and_size_words() -> None:
    for word in ("lush", "dense", "busy", "many", "full", "무성한", "울창한", "가득", "많은"):
        assert parse_prompt(f"{word} trees", 1).density > 1.2, word
    for word in ("sparse", "minimal", "few", "simple", "단순한", "적은", "미니멀"):
        assert parse_prompt(f"{word} trees", 1).density < 0.8, word
    assert parse_prompt("trees. less busy", 1).density < 1
    assert motif(parse_prompt("a big moon", 1), "moon").size > 1
    assert motif(parse_prompt("tiny stars", 1), "star").size < 1
    assert motif(parse_prompt("큰 달", 1), "moon").size > 1
    assert motif(parse_prompt("작은 별", 1), "star").size < 1
    assert parse_prompt("make it huge", 1).scale > 1


def test_detail_grows_with_what_was_understood() -> None:
    assert parse_prompt("꽃이 핀 산", 1).detail <= 0.4
    assert parse_prompt(EN_SAMPLE, 1).detail >= 0.8
    assert parse_prompt("flowers", 1).detail < parse_prompt("flowers and trees by the sea at dawn", 1).detail


# --- refinement feedback ---------------------------------------------------------------------------------------


def warmth(scene: Scene) -> float:
    cs = scene.palette.sky + scene.palette.ground + scene.palette.accents
    return sum(int(c[1:3], 16) - int(c[5:7], 16) for c in cs) / len(cs)


def test_feedback_words_change_the_scene() -> None:
    base = parse_prompt(EN_SAMPLE, 8)
    fed = parse_prompt(f"{EN_SAMPLE}. warmer, more petals, add a second moon", 8)
    assert warmth(fed) > warmth(base)
    assert fed.density == base.density and all(m.amount == 1.6 for m in flowers(fed))  # more of the flowers only
    assert motif(fed, "moon").count == 2 and "moon" not in kinds(base)
    assert warmth(parse_prompt(f"{EN_SAMPLE}. cooler", 8)) < warmth(base)

    calmer = parse_prompt(f"{EN_SAMPLE}. less busy, add stars", 8)
    assert calmer.density < base.density and "star" in kinds(calmer)

    ko = parse_prompt(f"{KO_SAMPLE}. 더 따뜻하게, 별을 추가", 8)
    assert warmth(ko) > warmth(base) and "star" in kinds(ko)


def test_more_of_a_motif_raises_its_count() -> None:
    assert motif(parse_prompt("three birds. more birds", 1), "bird").count > 3
    assert motif(parse_prompt("six birds. fewer birds", 1), "bird").count < 6


def test_more_or_fewer_of_an_uncounted_motif_changes_only_that_motif() -> None:
    base = parse_prompt("birds over a meadow with tulips", 1)
    more = parse_prompt("birds over a meadow with tulips. more birds", 1)
    fewer = parse_prompt("birds over a meadow with tulips. fewer birds", 1)
    assert motif(more, "bird").amount > 1.5 and motif(fewer, "bird").amount <= 0.5
    assert motif(more, "tulip").amount == motif(fewer, "tulip").amount == 1 and more.density == base.density


def test_add_a_motif_already_drawn_adds_one_more() -> None:
    assert motif(parse_prompt("a moon over the hills. add a moon", 0), "moon").count == 2
    assert motif(parse_prompt("the hills. add a moon", 0), "moon").count is None  # one, as the layout draws it
    assert motif(parse_prompt("two moons. add 3 moons", 0), "moon").count == 5
    assert motif(parse_prompt("a meadow with tulips. add tulips", 0), "tulip").count is None  # not two tulips


def test_a_revision_keeps_the_drafts_composition_unless_the_words_change_it() -> None:
    draft = parse_prompt("a rose", 4)
    assert draft.layout == "centered"
    revised = parse_prompt("a rose, add a butterfly, warmer", 4, revising=draft)
    assert (revised.layout, revised.style, revised.symmetry, revised.detail) == (
        draft.layout,
        draft.style,
        draft.symmetry,
        draft.detail,
    )
    assert {m.kind for m in revised.motifs} == {"rose", "butterfly"}
    assert parse_prompt("a rose, in ink", 4, revising=draft).style == "ink"
    assert parse_prompt("a rose, more detail", 4, revising=draft).detail > draft.detail


def test_digits_that_are_not_numbers_are_words() -> None:
    # "²" and "³" say isdigit() but int() refuses them: a prompt with them is parsed, not crashed on (found by fuzzing)
    scene = parse_prompt("a garden of 12 roses, 3² tiles ² ³", 1)
    assert scene is not None


def test_every_kind_of_word_the_tables_hold_has_one_handler() -> None:
    # a kind without a handler would be read as nothing: the word would silently not count
    made_by_the_tokenizer = {"unknown", "punct", "number", "coord", "color", "motif"}
    in_tables = {kind for lex in (FULL, PERMISSIVE) for entries, _ in lex.english.values() for kind, _ in entries}
    in_tables |= {kind for lex in (FULL, PERMISSIVE) for entries in lex.korean.values() for kind, _ in entries}
    assert in_tables | made_by_the_tokenizer == set(HANDLERS)


def test_a_missing_or_stray_handler_is_refused_at_import() -> None:
    check_handlers(HANDLERS)  # the real table passes
    with pytest.raises(RuntimeError, match=r"no handler for \['postop'\]"):
        check_handlers(k for k in HANDLERS if k != "postop")
    with pytest.raises(RuntimeError, match=r"handlers for no kind \['colour'\]"):
        check_handlers([*HANDLERS, "colour"])
    with pytest.raises(RuntimeError, match=r"unknown entry kinds \['colour'\]"):
        V._check_entry_kinds({"red": (("colour", "red"),)})  # type: ignore[dict-item]
