"""The embedded painter `sketch`, judged by what a designer would see in its images."""

from __future__ import annotations

import colorsys

import numpy as np
import pytest
from PIL import Image

from studiolo.model.images import encode_png, open_image, read_provenance
from studiolo.model.protocols import CancelToken, Painter, PaintSpec, Preview
from studiolo.model.sketch import SketchPainter
from studiolo.model.sketch.vocabulary import CSS_COLORS

LONG_EN = "yellow and pink flowers on a spring mountain with lush trees"
LONG_KO = "노란색 꽃과 분홍색 꽃이 피어있고 나무가 무성한 봄의 산 풍경"
SHORT_KO = "꽃이 핀 산"


@pytest.fixture(scope="module")
def painter() -> SketchPainter:
    return SketchPainter()


def paint(painter: SketchPainter, prompt: str, seed: int = 1, size: tuple[int, int] = (256, 256), **kw) -> Image.Image:
    result = painter.text_to_image(PaintSpec(prompt=prompt, width=size[0], height=size[1], seed=seed, **kw))
    return result.paintings[0].image


def pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"), np.float32)


def hue_shares(image: Image.Image) -> dict[str, float]:
    """The share of clearly coloured pixels falling in each named hue band (a hue histogram with names)."""
    rgb = pixels(image.resize((96, 96))).reshape(-1, 3) / 255
    hsv = np.array([colorsys.rgb_to_hsv(*p) for p in rgb])
    coloured = hsv[(hsv[:, 1] > 0.15) & (hsv[:, 2] > 0.2)]  # CSS pink is pale: saturation 0.25
    bands = {"red": (345, 15), "orange": (15, 40), "yellow": (40, 70), "green": (70, 170), "cyan": (170, 200),
             "blue": (200, 255), "purple": (255, 290), "pink": (290, 345)}  # fmt: skip
    hue = coloured[:, 0] * 360
    shares = {}
    for name, (lo, hi) in bands.items():
        inside = (hue >= lo) | (hue < hi) if lo > hi else (hue >= lo) & (hue < hi)
        shares[name] = float(inside.sum()) / max(len(hue), 1)
    return shares


def test_sketch_is_a_painter(painter: SketchPainter) -> None:
    assert isinstance(painter, Painter)
    assert painter.backend_id == "sketch"


@pytest.mark.parametrize("prompt", [LONG_EN, "a seamless textile pattern of roses", "a cosy living room at night", ""])
def test_same_prompt_seed_and_size_give_identical_bytes(painter: SketchPainter, prompt: str) -> None:
    first = painter.text_to_image(PaintSpec(prompt=prompt, width=320, height=200, seed=42)).paintings[0]
    second = painter.text_to_image(PaintSpec(prompt=prompt, width=320, height=200, seed=42)).paintings[0]
    assert encode_png(first.image, first.provenance()) == encode_png(second.image, second.provenance())


def test_different_seeds_give_visibly_different_pictures(painter: SketchPainter) -> None:
    images = [pixels(paint(painter, "flowers", seed=s)) for s in range(4)]
    for i in range(4):
        for j in range(i + 1, 4):
            assert np.abs(images[i] - images[j]).mean() > 12, (i, j)


def test_different_seeds_give_different_interpretations(painter: SketchPainter) -> None:
    spec = PaintSpec(prompt="flowers", width=64, height=64, seed=0, n=8)
    scenes = [p.scene for p in painter.text_to_image(spec).paintings]
    readings = {(s["layout"], s["style"], tuple(m["kind"] for m in s["motifs"])) for s in scenes}
    assert len(readings) >= 3


def test_a_batch_uses_consecutive_seeds(painter: SketchPainter) -> None:
    batch = painter.text_to_image(PaintSpec(prompt="night sea", width=96, height=96, seed=10, n=3)).paintings
    assert [p.seed for p in batch] == [10, 11, 12]
    alone = paint(painter, "night sea", seed=11, size=(96, 96))
    assert np.array_equal(pixels(batch[1].image), pixels(alone))


@pytest.mark.parametrize("size", [(64, 64), (64, 512), (1000, 80), (1024, 768), (2048, 2048)])
def test_any_size_and_aspect(painter: SketchPainter, size: tuple[int, int]) -> None:
    image = paint(painter, LONG_EN, size=size)
    assert image.size == size
    assert pixels(image).std() > 10  # a picture, not a blank


def seam_and_neighbours(image: Image.Image, axis: int) -> tuple[float, np.ndarray]:
    """Mean pixel difference across the wrap edge along an axis, and between every pair of neighbours inside."""
    a = pixels(image)
    if axis == 0:
        a = a.transpose(1, 0, 2)
    across = float(np.abs(a[:, -1] - a[:, 0]).mean())
    inside = np.abs(np.diff(a, axis=1)).mean(axis=(0, 2))
    return across, inside


PATTERN_PROMPTS = [
    "a seamless pattern of pink roses",
    "watercolour cherry blossom textile",
    "neon stripes and stars pattern",
    "ink line pattern of waves",
    "pastel butterflies and leaves wallpaper",
    "gradient hexagon tile",
    "금성의 꽃 패턴",
]


def test_patterns_wrap_without_a_seam(painter: SketchPainter) -> None:
    """Across the wrap edge, pixels differ no more than neighbours inside do.

    Each tile: the edge is no larger than the largest difference inside. Over many tiles: the edge ranks like
    any inside pair (a motif may sit on the edge now and then, as it may anywhere), not at the top, as a seam would.
    """
    ranks = []
    for prompt in PATTERN_PROMPTS:
        for seed in range(3):
            tile = paint(painter, prompt, seed=seed, size=(200, 136), pattern=True)
            for axis in (0, 1):
                across, inside = seam_and_neighbours(tile, axis)
                assert across <= inside.max(), (prompt, seed, axis)
                ranks.append(float((inside < across).mean()))
    assert np.mean(ranks) < 0.7, ranks


def test_a_landscape_is_not_seamless_so_the_seam_check_can_fail(painter: SketchPainter) -> None:
    across, inside = seam_and_neighbours(paint(painter, LONG_EN, size=(200, 136)), axis=0)
    assert across > inside.max()  # sky at the top, meadow at the bottom


def test_pattern_symmetry_families(painter: SketchPainter) -> None:
    """Mirror tiles read the same reflected; half-turn tiles the same upside down; plain repeats do not."""

    def asymmetry(image: Image.Image, flip) -> float:
        a = pixels(image)
        return float(np.abs(a - flip(a)).mean())

    found = {}
    for seed in range(40):
        scene = painter.scene_for(PaintSpec(prompt="flat pattern of daisies", pattern=True), seed)
        if scene.symmetry not in found and scene.style == "flat":
            found[scene.symmetry] = paint(painter, "flat pattern of daisies", seed=seed, size=(192, 192), pattern=True)
    assert {"translate", "mirror", "rotate2", "rotate4"} <= set(found)
    mirror = lambda a: a[:, ::-1]  # noqa: E731
    half_turn = lambda a: a[::-1, ::-1]  # noqa: E731
    quarter_turn = lambda a: np.rot90(a)  # noqa: E731
    assert asymmetry(found["mirror"], mirror) < 0.35 * asymmetry(found["translate"], mirror)
    assert asymmetry(found["rotate2"], half_turn) < 0.35 * asymmetry(found["translate"], half_turn)
    assert asymmetry(found["rotate4"], quarter_turn) < 0.35 * asymmetry(found["translate"], quarter_turn)


@pytest.mark.parametrize(
    "prompt, colours",
    [
        ("a red pattern", {"red"}),
        ("a blue sea under a blue sky", {"blue", "cyan"}),
        ("green hills", {"green"}),
        ("purple night", {"purple", "blue"}),
        ("orange desert", {"orange", "red", "yellow"}),
        ("yellow and pink flowers", {"yellow", "pink", "red"}),
        ("pink roses pattern", {"pink", "red"}),
        ("a yellow butterfly", {"yellow", "orange"}),
        ("빨간색 장미", {"red", "pink"}),
        ("파란색 바다", {"blue", "cyan"}),
    ],
)
def test_named_colours_dominate_the_palette(painter: SketchPainter, prompt: str, colours: set[str]) -> None:
    for seed in range(3):
        shares = hue_shares(paint(painter, prompt, seed=seed, size=(192, 192)))
        named = sum(shares[c] for c in colours)
        assert named >= 0.5, (seed, shares)
        assert max(shares, key=shares.get) in colours, (seed, shares)


def test_the_long_brief_is_visibly_a_flowering_spring_mountain(painter: SketchPainter) -> None:
    for prompt in (LONG_EN, LONG_KO):
        for seed in range(3):
            scene = painter.scene_for(PaintSpec(prompt=prompt), seed)
            kinds = {m["kind"] if isinstance(m, dict) else m.kind for m in scene.model_dump()["motifs"]}
            assert scene.layout == "landscape"
            assert "mountain" in kinds and kinds & {"tree", "pine", "palm"}
            shares = hue_shares(paint(painter, prompt, seed=seed, size=(256, 256)))
            assert shares["yellow"] > 0.03 and shares["pink"] + shares["red"] > 0.03, (prompt, seed, shares)
            assert shares["green"] > 0.2, (prompt, seed, shares)


def test_korean_and_english_briefs_paint_alike(painter: SketchPainter) -> None:
    en = painter.scene_for(PaintSpec(prompt=LONG_EN), 3)
    ko = painter.scene_for(PaintSpec(prompt=LONG_KO), 3)
    assert en.layout == ko.layout
    assert {m.kind for m in en.motifs} == {m.kind for m in ko.motifs}
    a, b = hue_shares(paint(painter, LONG_EN, seed=3)), hue_shares(paint(painter, LONG_KO, seed=3))
    assert sum(abs(a[k] - b[k]) for k in a) < 0.3


def busyness(image: Image.Image) -> float:
    lum = pixels(image.convert("L"))
    return float(np.abs(np.diff(lum, axis=1)).mean() + np.abs(np.diff(lum, axis=0)).mean())


def test_a_short_prompt_gives_a_plainer_picture(painter: SketchPainter) -> None:
    plain = np.mean([busyness(paint(painter, SHORT_KO, seed=s)) for s in range(4)])
    rich = np.mean([busyness(paint(painter, LONG_KO, seed=s)) for s in range(4)])
    assert plain < rich


@pytest.mark.parametrize("prompt", ["", "   ", "qwzx blorp fnord", "1234 !!! ???", "的的的", "a" * 20000])
def test_empty_or_nonsense_prompts_still_give_a_pleasant_image(painter: SketchPainter, prompt: str) -> None:
    image = paint(painter, prompt, seed=5)
    a = pixels(image)
    assert 40 < a.mean() < 235  # neither black nor blown out
    assert a.std() > 15  # something to look at
    assert len(np.unique((a // 32).reshape(-1, 3), axis=0)) >= 4  # more than a flat wash


def test_previews_arrive_layer_by_layer_and_end_at_the_final_image(painter: SketchPainter) -> None:
    previews: list[Preview] = []
    result = painter.text_to_image(
        PaintSpec(prompt=LONG_EN, width=128, height=128, seed=2, n=2), on_preview=previews.append
    )
    assert [(p.index, p.step) for p in previews] == [(i, s) for i in range(2) for s in range(1, 7)]
    assert [p.label for p in previews[:6]] == ["background", "far", "near", "motifs", "details", "texture"]
    assert all(p.total == 6 for p in previews)
    for index in range(2):
        assert np.array_equal(pixels(previews[index * 6 + 5].image), pixels(result.paintings[index].image))
    # the picture builds up: most layers visibly add to it (a flat style's texture layer may add nothing)
    changes = [np.abs(pixels(a.image) - pixels(b.image)).mean() for a, b in zip(previews[:5], previews[1:6])]
    assert sum(change > 0.5 for change in changes) >= 4, changes


def test_cancel_stops_at_the_next_layer_with_a_cancelled_result(painter: SketchPainter) -> None:
    token = CancelToken()
    seen: list[Preview] = []

    def cancel_after_second_layer(preview: Preview) -> None:
        seen.append(preview)
        if preview.step == 2:
            token.cancel()

    result = painter.text_to_image(
        PaintSpec(prompt=LONG_EN, width=256, height=256, n=4), cancel=token, on_preview=cancel_after_second_layer
    )
    assert result.cancelled
    assert result.paintings == []
    assert len(seen) == 2


def test_provenance_round_trips_through_the_png(painter: SketchPainter, tmp_path) -> None:
    painting = painter.text_to_image(PaintSpec(prompt="노란색 꽃과 금성", width=128, height=96, seed=9)).paintings[0]
    path = tmp_path / "draft.png"
    path.write_bytes(encode_png(painting.image, painting.provenance()))
    provenance = read_provenance(open_image(path))
    assert provenance == painting.provenance()
    assert provenance["backend"] == "sketch" and provenance["seed"] == 9 and provenance["prompt"] == "노란색 꽃과 금성"
    assert provenance["scene"]["layout"] in ("landscape", "pattern", "centered", "interior", "cosmic")


def test_image_to_image_keeps_structure_at_low_strength_and_moves_the_palette(painter: SketchPainter) -> None:
    init = paint(painter, "green hills under a blue sky", seed=4)
    target = paint(painter, "red desert at sunset", seed=4)
    spec = PaintSpec(prompt="red desert at sunset", width=999, height=999, seed=4)

    def structure(a: Image.Image, b: Image.Image) -> float:
        return float(np.corrcoef(pixels(a.convert("L")).ravel(), pixels(b.convert("L")).ravel())[0, 1])

    low = painter.image_to_image(spec, init, 0.25).paintings[0].image
    assert low.size == init.size  # the init image decides the size
    assert structure(low, init) > 0.8  # layout and shapes stay
    mean = lambda im: pixels(im).mean(axis=(0, 1))  # noqa: E731
    assert np.linalg.norm(mean(low) - mean(target)) < 0.6 * np.linalg.norm(mean(init) - mean(target))  # palette moves
    full = painter.image_to_image(spec, init, 1.0).paintings[0].image
    assert np.abs(pixels(full) - pixels(target)).max() <= 1
    assert structure(painter.image_to_image(spec, init, 0.8).paintings[0].image, target) > structure(low, target)


def test_inpaint_changes_only_the_masked_region(painter: SketchPainter) -> None:
    init = paint(painter, "a calm blue sea", seed=1)
    mask = Image.new("L", init.size, 0)
    mask.paste(255, (64, 64, 192, 160))
    out = painter.inpaint(PaintSpec(prompt="a big yellow sun", seed=1), init, mask).paintings[0].image
    inside = np.asarray(mask) > 0
    assert np.array_equal(pixels(out)[~inside], pixels(init)[~inside])
    assert np.abs(pixels(out)[inside] - pixels(init)[inside]).mean() > 10


def test_inpaint_rejects_a_mask_of_another_size(painter: SketchPainter) -> None:
    init = paint(painter, "sea", size=(128, 128))
    with pytest.raises(ValueError, match="mask"):
        painter.inpaint(PaintSpec(prompt="sun"), init, Image.new("L", (64, 64)))


# --- textiles ----------------------------------------------------------------------------------------------------

WOVEN = ["houndstooth", "chevron", "herringbone", "argyle", "ikat"]


FIELDS = WOVEN + ["stripes", "checks", "dots", "scales"]


def field_cover(kind: str, size: tuple[int, int], *, laps: int = 1) -> np.ndarray:
    """A field's coverage drawn on its own, over `laps` turns of a tile of `size` each way."""
    from studiolo.model.sketch.motifs import FIELD_DRAWERS, FIELD_REPEAT, FieldGrid, MotifColors

    across, down = FIELD_REPEAT.get(kind, (1.0, 1.0))
    tile = FieldGrid.over(*size, 16 * across, 16 * down)
    x = tile.x[0, 0] + np.arange(size[0] * laps, dtype=np.float32) / size[0] * tile.repeats[0]
    y = tile.y[0, 0] + np.arange(size[1] * laps, dtype=np.float32) / size[1] * tile.repeats[1]
    grid = FieldGrid(x[None, :], y[:, None], tile.repeats, tile.cell)
    layers = FIELD_DRAWERS[kind](
        grid, MotifColors("#000000", "#808080", "#000000", "#ffffff", "#000000"), np.random.default_rng(0)
    )
    return np.stack([np.broadcast_to(cover, (len(y), len(x))) for _, cover in layers])


@pytest.mark.parametrize("kind", FIELDS)
def test_a_field_is_a_function_of_its_repeat_so_it_wraps_exactly(kind: str) -> None:
    """Drawn past the tile's edge, every field goes on exactly as it began: whole repeats, any tile size."""
    for size in [(200, 136), (97, 131), (64, 512)]:
        cover = field_cover(kind, size, laps=2)
        w, h = size
        # float32 phases may tip a pixel lying exactly on an ikat thread's border; a seam shifts whole rows
        assert np.abs(cover[:, :, :w] - cover[:, :, w:]).mean() < 2e-3, (kind, size)
        assert np.abs(cover[:, :h, :] - cover[:, h:, :]).mean() < 2e-3, (kind, size)


@pytest.mark.parametrize("kind", FIELDS + ["paisley", "damask", "toile"])
def test_textile_tiles_wrap_without_a_seam(painter: SketchPainter, kind: str) -> None:
    for size in [(200, 136), (97, 131)]:
        tile = paint(painter, f"flat {kind}", seed=2, size=size, pattern=True)
        for axis in (0, 1):
            across, inside = seam_and_neighbours(tile, axis)
            assert across <= inside.max() + 0.5, (kind, size, axis, across)  # the wrap may cross an edge, as inside


def test_a_woven_textile_alone_is_the_whole_design(painter: SketchPainter) -> None:
    """Two named colours: ink on cloth and nothing else, no rosettes or stars scattered over the houndstooth."""
    tile = pixels(paint(painter, "flat navy and cream houndstooth", size=(256, 256), pattern=True))
    t, off = colour_axis(tile, NAVY, np.array([255, 248, 220.0]))
    assert (off < 18).mean() > 0.99


NAVY = np.array([int(CSS_COLORS["navy"][i : i + 2], 16) for i in (1, 3, 5)], dtype=float)  # the painter's navy


def colour_axis(tile: np.ndarray, ink: np.ndarray, ground: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each pixel as a mix of ink and ground: how far towards the ink (0 ground, 1 ink), and how far off that line."""
    axis = ink - ground
    t = ((tile - ground) @ axis) / float(axis @ axis)
    off = np.linalg.norm(tile - ground - t[..., None] * axis, axis=2)
    return t, off


def edges(tile: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lum = tile.mean(axis=2)
    return np.diff(lum, axis=1)[:-1, :], np.diff(lum, axis=0)[:, :-1]


def slanted_share(tile: np.ndarray) -> float:
    """Of the pixels on an edge, the share where it runs slanted (both across and down)."""
    gx, gy = np.abs(edges(tile)[0]) > 20, np.abs(edges(tile)[1]) > 20
    return float((gx & gy).sum() / max((gx | gy).sum(), 1))


def test_houndstooth_is_half_ink_with_pointed_teeth_and_a_visible_repeat(painter: SketchPainter) -> None:
    from studiolo.model.measure import MeasuringDescriber

    for seed in range(3):
        image = paint(painter, "flat navy and cream houndstooth", seed=seed, size=(256, 256), pattern=True)
        t, _ = colour_axis(pixels(image), NAVY, np.array([255, 248, 220.0]))
        assert 0.45 < (t > 0.5).mean() < 0.55  # a broken check: as much dark as light
        periodicity = MeasuringDescriber().describe(image).facts["periodicity"]
        assert periodicity["repeat"] == "both" and periodicity["seamless"]["tiles"]
        assert periodicity["x"]["period_px"] == periodicity["y"]["period_px"] == 32  # 1.6 field periods, whole
        assert slanted_share(pixels(image)) > 0.2  # teeth: many edges run diagonally
    check = np.repeat(field_cover("checks", (256, 256))[0][..., None], 3, axis=2) * 255
    assert slanted_share(check) < 0.05  # where a check's run straight


def slant_by_column(tile: np.ndarray) -> np.ndarray:
    """For each column, which way its edges slant: > 0 like '\\', < 0 like '/'."""
    gx, gy = edges(tile)
    return (gx * gy).sum(axis=0) / (np.abs(gx * gy).sum(axis=0) + 1e-6)


@pytest.mark.parametrize("kind", ["chevron", "herringbone"])
def test_chevron_and_herringbone_slant_one_way_then_the_other(painter: SketchPainter, kind: str) -> None:
    """Zigzags: column after column the diagonals turn, where stripes would slant one way or not at all."""
    for seed in range(3):
        slant = slant_by_column(pixels(paint(painter, f"flat {kind}", seed=seed, size=(256, 256), pattern=True)))
        strong = slant[np.abs(slant) > 0.5]
        assert len(strong) > 0.6 * len(slant)  # nearly every column slants clearly
        assert 0.35 < (strong > 0).mean() < 0.65  # as much one way as the other
        turns = np.count_nonzero(np.diff(np.sign(strong)))
        assert turns >= 8  # it turns again and again across the tile


def test_argyle_is_diamonds_in_two_colours_crossed_by_lines(painter: SketchPainter) -> None:
    tile = pixels(paint(painter, "flat navy and green argyle", size=(256, 256), pattern=True))
    navy, green = NAVY, np.array([0, 128, 0.0])
    share = lambda c: float((np.linalg.norm(tile - c, axis=2) < 40).mean())  # noqa: E731
    assert 0.3 < share(navy) < 0.6 and 0.3 < share(green) < 0.6
    assert 0.01 < 1 - share(navy) - share(green) < 0.2  # the thin crossing lines, and their edges
    assert slanted_share(tile) > 0.4  # diamonds: slanted edges


def test_ikat_edges_are_feathered(painter: SketchPainter) -> None:
    """As if dyed before weaving: many pixels part way between ink and ground, and edges that step thread by thread."""
    tile = pixels(paint(painter, "flat indigo and white ikat", size=(256, 256), pattern=True))
    t, _ = colour_axis(tile, np.array([75, 0, 130.0]), np.array([255, 255, 255.0]))
    woven = pixels(paint(painter, "flat indigo and white houndstooth", size=(256, 256), pattern=True))
    crisp, _ = colour_axis(woven, np.array([75, 0, 130.0]), np.array([255, 255, 255.0]))
    blurred = lambda t: float(((t > 0.15) & (t < 0.85)).mean())  # noqa: E731
    assert blurred(t) > 0.1 and blurred(t) > 2 * blurred(crisp)
    columns = t > 0.5
    assert np.abs(np.diff(columns.astype(int), axis=1)).mean() > 0.05  # neighbouring threads disagree


def test_toile_is_one_ink_on_cream(painter: SketchPainter) -> None:
    for prompt, ink in [("flat toile de jouy", "#2f4a7a"), ("flat red toile", "#ff0000"), ("flat 투알", "#2f4a7a")]:
        scene = painter.scene_for(PaintSpec(prompt=prompt), 1)
        assert scene.layout == "pattern"
        tile = pixels(paint(painter, prompt, seed=1, size=(256, 256), pattern=True))
        ink_rgb = np.array([int(ink[i : i + 2], 16) for i in (1, 3, 5)], np.float32)
        t, off = colour_axis(tile, ink_rgb, np.array([0xF3, 0xEA, 0xD7], np.float32))
        assert (off < 18).mean() > 0.99, prompt  # every pixel is ink, cream, or an edge between them
        assert 0.04 < (t > 0.5).mean() < 0.4, prompt  # fine lines: some ink, mostly ground


def test_damask_is_a_mirror_symmetric_medallion_in_close_tones(painter: SketchPainter) -> None:
    from studiolo.model.sketch.motifs import MotifColors, draw_motif

    for seed in range(3):
        sprite = np.asarray(
            draw_motif(
                "damask", 160, MotifColors("#8e2a36", "#c06070", "#f6c445", "#333", "#4a4"), np.random.default_rng(seed)
            ),
            np.float32,
        )
        assert np.abs(sprite - sprite[:, ::-1]).mean() < 0.5
        assert (sprite[..., 3] > 128).mean() > 0.25  # a full medallion, not a few strokes
    tile = paint(painter, "flat red damask", size=(256, 256), pattern=True)
    hsv = np.array([colorsys.rgb_to_hsv(*p) for p in pixels(tile.resize((64, 64))).reshape(-1, 3) / 255])
    hue = np.minimum(hsv[:, 0], 1 - hsv[:, 0]) * 360  # distance from red
    assert np.quantile(hue, 0.98) < 15  # one colour: reds only
    lum = pixels(tile).mean(axis=2)
    assert 20 < np.quantile(lum, 0.95) - np.quantile(lum, 0.05) < 110  # two tones, close but distinct


def test_paisley_is_a_teardrop_with_a_curled_tip(painter: SketchPainter) -> None:
    from studiolo.model.sketch.motifs import MotifColors, draw_motif

    sprite = np.asarray(
        draw_motif(
            "paisley", 200, MotifColors("#b22222", "#f08080", "#f6c445", "#333", "#4a4"), np.random.default_rng(0)
        )
    )
    alpha = sprite[..., 3] > 128
    rows = alpha.sum(axis=1)
    top, bottom = np.nonzero(rows)[0][[0, -1]]
    height = bottom - top
    assert np.argmax(rows) > top + 0.6 * height  # widest low down: the round bulb
    tip = np.nonzero(alpha[top + int(0.03 * height)])[0].mean()
    bulb = np.nonzero(alpha[top + int(0.75 * height)])[0].mean()
    assert abs(tip - bulb) > 0.1 * alpha.shape[1]  # the tip curls over to one side
    columns = np.nonzero(alpha.any(axis=0))[0]
    box = alpha[:, columns[0] : columns[-1] + 1]
    assert (box & box[:, ::-1]).sum() < 0.9 * box.sum()  # not mirror-symmetric, unlike a rosette or a damask
    shares = hue_shares(paint(painter, "red paisley", size=(256, 256), pattern=True))
    assert shares["red"] + shares["pink"] > 0.7, shares


def render_scene(scene, size: tuple[int, int] = (256, 192), seed: int = 1) -> np.ndarray:  # noqa: ANN001
    from studiolo.model.sketch.canvas import Canvas
    from studiolo.model.sketch.layouts import LAYOUTS, Brush

    canvas = Canvas.blank(*size, wrap=scene.layout == "pattern")
    for _ in LAYOUTS[scene.layout](Brush(scene, canvas, seed)):
        pass
    return pixels(canvas.snapshot())


@pytest.mark.parametrize("kind", WOVEN)
def test_woven_textiles_are_a_faint_texture_in_other_layouts(painter: SketchPainter, kind: str) -> None:
    for prompt in (f"a {kind} landscape with hills", f"a {kind} sofa in a living room"):
        scene = painter.scene_for(PaintSpec(prompt=prompt), 1)
        assert scene.layout != "pattern" and kind in {m.kind for m in scene.motifs}
        bare = scene.model_copy(update={"motifs": [m for m in scene.motifs if m.kind != kind]})
        change = np.abs(render_scene(scene) - render_scene(bare)).mean(axis=2)
        assert 0.5 < change.mean() < 40 and (change > 1).mean() > 0.3, (prompt, change.mean())
