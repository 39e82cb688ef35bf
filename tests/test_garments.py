"""From pattern to garment: print files, colourways and mock-ups, measured as a designer or printer would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageCms

from studiolo.errors import StudioloError
from studiolo.garments.colourways import colourways
from studiolo.garments.palettes import default_palettes, named_palette, palette_from_image
from studiolo.garments.print_export import export_print, print_preview, print_spec
from studiolo.garments.silhouettes import GARMENTS
from studiolo.garments.tiles import read_tile, resize_tile, seam_ratio
from studiolo.garments.wear import BACKDROP, wear
from studiolo.model.measure.colour import hex_to_rgb, srgb_to_lab
from studiolo.model.protocols import PaintSpec
from studiolo.model.sketch import SketchPainter
from studiolo.persona.library import get_persona


@pytest.fixture(scope="module")
def blossom() -> Image.Image:
    """A seamless tile as `studiolo imagine --pattern` paints it."""
    spec = PaintSpec(prompt="cherry blossom textile", width=192, height=160, seed=3, pattern=True)
    return SketchPainter().text_to_image(spec).paintings[0].image.convert("RGB")


def noise_tile(width: int, height: int, seed: int = 0) -> Image.Image:
    """Random texture, periodic by construction: any window of the repeat correlates with itself only at
    whole repeats."""
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, (height // 4, width // 4, 3), dtype=np.uint8)
    return resize_tile(Image.fromarray(pixels), width, height)


# --- print files ---------------------------------------------------------------------------------------------


def expected_repeat(tile: np.ndarray, style: str, width: int, height: int) -> np.ndarray:
    """The repeat built the slow, obvious way: whole tiles placed one by one on a big canvas."""
    th, tw = tile.shape[:2]
    canvas = np.zeros((height + 3 * th, width + 3 * tw, 3), dtype=np.uint8)
    for row in range(-1, height // th + 2):
        for col in range(-1, width // tw + 2):
            block, x, y = tile, col * tw, row * th
            if style == "half-drop" and col % 2:
                y += th // 2
            if style == "brick" and row % 2:
                x -= tw // 2
            if style == "mirror":
                block = block[::-1] if row % 2 else block
                block = block[:, ::-1] if col % 2 else block
            x, y = x + tw, y + th  # the canvas starts one tile before the print
            canvas[max(y, 0) : y + th, max(x, 0) : x + tw] = block[max(-y, 0) :, max(-x, 0) :][
                : canvas.shape[0] - y, : canvas.shape[1] - x
            ]
    return canvas[th : th + height, tw : tw + width]


@pytest.mark.parametrize("suffix", [".png", ".tif", ".tiff"])
@pytest.mark.parametrize("style", ["full-drop", "half-drop", "brick", "mirror"])
def test_print_file_is_the_stated_size_and_repeats_exactly(
    blossom: Image.Image, tmp_path: Path, style: str, suffix: str
) -> None:
    spec = print_spec(width_cm=12.5, height_cm=9.0, dpi=120, repeat=style)
    result = export_print(blossom, spec, tmp_path / f"print{suffix}")
    width, height = round(12.5 / 2.54 * 120), round(9.0 / 2.54 * 120)  # 591 x 425 pixels
    with Image.open(tmp_path / f"print{suffix}") as printed:
        printed.load()
        assert printed.size == (width, height) == (result["width_px"], result["height_px"])
        assert [round(d) for d in printed.info["dpi"]] == [120, 120]
        profile = ImageCms.ImageCmsProfile(ImageCms.core.profile_frombytes(printed.info["icc_profile"]))
        assert "sRGB" in ImageCms.getProfileDescription(profile)
        pixels = np.asarray(printed.convert("RGB"))
    tile = np.asarray(blossom)
    np.testing.assert_array_equal(pixels, expected_repeat(tile, style, width, height))
    offset = {"full-drop": [0, 0], "half-drop": [0, 80], "brick": [96, 0], "mirror": [0, 0]}[style]
    assert result["offset_px"] == offset
    assert not list(tmp_path.glob(".*partial"))


def test_print_at_a_repeat_size_in_cm_stays_seamless(tmp_path: Path, blossom: Image.Image) -> None:
    assert seam_ratio(blossom) < 2.0  # the painter's tile wraps
    spec = print_spec(width_cm=30, height_cm=20, dpi=100, scale_cm=8.0)
    result = export_print(blossom, spec, tmp_path / "print.png")
    repeat = round(8.0 / 2.54 * 100)  # 315 pixels
    assert result["tile_px"][0] == repeat
    pixels = np.asarray(Image.open(tmp_path / "print.png").convert("RGB"))
    np.testing.assert_array_equal(pixels[:, :repeat], pixels[:, repeat : 2 * repeat])  # the period is exact
    one = pixels[: result["tile_px"][1], :repeat]
    assert seam_ratio(one) < 2.0  # and the resampled repeat still meets itself without a line


@pytest.mark.parametrize("style", ["full-drop", "half-drop", "mirror"])
def test_a_print_preview_is_the_whole_print_small_with_its_layout_exact(blossom: Image.Image, style: str) -> None:
    spec = print_spec(width_cm=150, height_cm=100, dpi=150, repeat=style)  # 8858 x 5906 pixels
    preview = print_preview(blossom, spec)
    tile_side = blossom.width * 1024 // 8858  # each tile shrunk to whole pixels, rounded down
    shrunk = resize_tile(blossom, tile_side, blossom.height * 1024 // 8858)
    assert preview.size == (round(8858 * tile_side / blossom.width), round(5906 * shrunk.height / blossom.height))
    # the print's proportions, as nearly as whole-pixel tiles allow (22 x 18 here, not 22.2 x 18.5)
    assert 1000 <= preview.width <= 1024 and abs(preview.width / preview.height / (8858 / 5906) - 1) < 1 / 18
    expected = expected_repeat(np.asarray(shrunk), style, *preview.size)
    np.testing.assert_array_equal(np.asarray(preview), expected)
    # a repeat finer than a pixel of the preview: one pixel a repeat, and still no larger than the preview's side
    fine = print_preview(blossom, print_spec(width_cm=1000, height_cm=1000, dpi=36, scale_cm=0.1))
    assert fine.size == (1024, 1024)


def test_print_refuses_what_it_cannot_make(blossom: Image.Image, tmp_path: Path) -> None:
    with pytest.raises(StudioloError) as too_large:
        export_print(
            blossom, print_spec(width_cm=150, height_cm=100, dpi=150), tmp_path / "big.png", budget_bytes=100 * 1024**2
        )
    assert too_large.value.code == "print.too_large"
    assert "the print budget is 100 MiB" in too_large.value.message  # the budget is named
    assert not list(tmp_path.iterdir())  # nothing half-written
    huge = print_spec(width_cm=1000, height_cm=1000, dpi=1200)
    with pytest.raises(StudioloError, match="print budget is 2.0 GiB") as default_budget:
        export_print(blossom, huge, tmp_path / "huge.tif")
    assert default_budget.value.code == "print.too_large"
    for bad, field in (({"width_cm": -5}, "width_cm"), ({"height_cm": 0}, "height_cm"), ({"dpi": 5}, "dpi"),
                       ({"repeat": "zigzag"}, "repeat"), ({"scale_cm": -1}, "scale_cm")):  # fmt: skip
        with pytest.raises(StudioloError) as invalid:
            print_spec(**{"width_cm": 10, "height_cm": 10, "dpi": 150, **bad})
        assert invalid.value.code == f"print.invalid_{field}" and invalid.value.field == field
    with pytest.raises(StudioloError) as wrong_format:
        export_print(blossom, print_spec(width_cm=10, height_cm=10, dpi=72), tmp_path / "print.jpg")
    assert wrong_format.value.code == "print.unsupported_format"


# --- colourways ----------------------------------------------------------------------------------------------


def edges(image: Image.Image) -> np.ndarray:
    lab = srgb_to_lab(np.asarray(image, dtype=np.float64) / 255)
    step = np.zeros(lab.shape[:2])
    step[:, :-1] = np.maximum(step[:, :-1], np.linalg.norm(np.diff(lab, axis=1), axis=-1))
    step[:-1] = np.maximum(step[:-1], np.linalg.norm(np.diff(lab, axis=0), axis=-1))
    return step > 12


def near(mask: np.ndarray) -> np.ndarray:
    grown = mask.copy()
    for axis in (0, 1):
        for shift in (-1, 1):
            grown |= np.roll(mask, shift, axis=axis)
    return grown


def test_colourways_keep_the_structure_and_change_the_palette(blossom: Image.Image) -> None:
    palettes = default_palettes(5, get_persona("vespera"))
    ways = colourways(blossom, palettes)
    assert len(ways) == 5 and len({w.palette.name for w in ways}) == 5
    original = edges(blossom)
    ground = np.asarray(blossom).reshape(-1, 3)
    ground_colour = np.median(ground, axis=0)
    for way in ways:
        assert way.image.size == blossom.size
        new = edges(way.image)
        # every edge of the design is still there, and no new ones appear (one pixel of give for anti-aliasing)
        assert (new & near(original)).sum() / new.sum() > 0.9, way.palette.name
        assert (original & near(new)).sum() / original.sum() > 0.9, way.palette.name
        # the ground takes the palette's ground colour
        pixels = np.asarray(way.image).reshape(-1, 3)
        new_ground = srgb_to_lab(np.median(pixels, axis=0) / 255)
        assert np.linalg.norm(new_ground - srgb_to_lab(hex_to_rgb(way.palette.colours[0]))) < 12, way.palette.name
        assert np.linalg.norm(new_ground - srgb_to_lab(ground_colour / 255)) > 15, way.palette.name
        assert seam_ratio(way.image) < 2.0


def test_colourway_palettes_by_name_and_from_an_image(tmp_path: Path, blossom: Image.Image) -> None:
    assert named_palette("Winter").colours[0] == "#eef1f4"
    assert named_palette("aurelle dusk", get_persona("vespera")).colours == ["#daa520", "#ff7f50", "#dda0dd"]
    with pytest.raises(StudioloError) as unknown:
        named_palette("neon", get_persona("vespera"))
    assert unknown.value.code == "palette.unknown" and "winter" in unknown.value.message
    blossom.save(tmp_path / "source.png")
    taken = palette_from_image(tmp_path / "source.png")
    navy = srgb_to_lab(np.median(np.asarray(blossom).reshape(-1, 3), axis=0) / 255)
    assert np.linalg.norm(srgb_to_lab(hex_to_rgb(taken.colours[0])) - navy) < 10  # the ground comes first
    Image.new("RGB", (64, 64), "teal").save(tmp_path / "flat.png")
    with pytest.raises(StudioloError) as flat:
        palette_from_image(tmp_path / "flat.png")
    assert flat.value.code == "palette.too_few_colours"


# --- mock-ups ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("garment", GARMENTS)
def test_the_print_stays_inside_the_silhouette(garment: str, blossom: Image.Image) -> None:
    for view in ("front", "back"):
        worn = wear(blossom, garment, scale_cm=12, view=view, size=384)
        pixels = np.asarray(worn.image)
        outside = worn.alpha == 0
        inside = worn.alpha == 1
        assert 0.15 < inside.mean() < 0.9
        assert (pixels[outside] == BACKDROP).all()  # no print, stitch or shadow past the garment's edge
        assert (np.abs(pixels[inside].astype(int) - BACKDROP).sum(axis=1) > 30).mean() > 0.9


@pytest.mark.parametrize(("garment", "scale_cm"), [("scarf", 8.0), ("scarf", 15.0), ("tote", 10.0), ("dress", 12.0)])
def test_the_repeat_is_printed_at_the_asked_scale(garment: str, scale_cm: float) -> None:
    worn = wear(noise_tile(96, 96), garment, scale_cm=scale_cm, size=768)
    expected = scale_cm * worn.params["px_per_cm"]
    rows, cols = np.nonzero(worn.alpha == 1)
    # A window in the middle of the garment's largest piece, where the cloth is printed edge to edge.
    top, bottom = np.percentile(rows, [55, 85]).astype(int)
    left, right = np.percentile(cols, [20, 80]).astype(int)
    luma = np.asarray(worn.image.convert("L"), dtype=np.float64)[top:bottom, left:right]
    assert (worn.alpha[top:bottom, left:right] == 1).mean() > 0.97
    luma -= luma.mean(axis=1, keepdims=True)
    lags = np.arange(int(expected * 0.6), min(int(expected * 1.5), luma.shape[1] - 20))
    correlation = [float((luma[:, :-lag] * luma[:, lag:]).mean()) for lag in lags]
    measured = lags[int(np.argmax(correlation))]
    assert abs(measured - expected) <= max(2.0, 0.03 * expected), (measured, expected)


def test_mock_ups_refuse_bad_requests(blossom: Image.Image, tmp_path: Path) -> None:
    cases = [
        (lambda: wear(blossom, "hat"), "garment.unknown"),
        (lambda: wear(blossom, "dress", view="side"), "view.unknown"),
        (lambda: wear(blossom, "dress", scale_cm=-3), "scale.out_of_range"),
        (lambda: wear(blossom, "dress", scale_cm=float("nan")), "scale.out_of_range"),
        (lambda: wear(blossom, "dress", size=100_000), "size.out_of_range"),
        (lambda: wear(Image.new("RGB", (4, 4)), "dress"), "tile.too_small"),
    ]
    for call, code in cases:
        with pytest.raises(StudioloError) as error:
            call()
        assert error.value.code == code
    (tmp_path / "notes.png").write_text("not a picture")
    with pytest.raises(StudioloError) as not_image:
        read_tile(tmp_path / "notes.png")
    assert not_image.value.code == "image.unsupported_format"


# --- the commands --------------------------------------------------------------------------------------------


def studiolo(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUTF8": "1"}
    return subprocess.run(
        [sys.executable, "-m", "studiolo.cli", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_the_commands_write_files_and_explain_failures(blossom: Image.Image, tmp_path: Path) -> None:
    tile = tmp_path / "blossom.png"
    blossom.save(tile)
    worn = studiolo("wear", str(tile), "--on", "skirt", "--view", "both", "--size", "256", "--out", str(tmp_path))
    assert worn.returncode == 0, worn.stderr
    assert [Path(line).name for line in worn.stdout.split()] == ["blossom-skirt-front.png", "blossom-skirt-back.png"]
    ways = studiolo("colourways", str(tile), "--n", "3", "--palette", "autumn", "--out", str(tmp_path))
    assert ways.returncode == 0, ways.stderr
    assert len(ways.stdout.split()) == 3 and all(Path(p).is_file() for p in ways.stdout.split())
    printed = studiolo("print", str(tile), "--width-cm", "10", "--height-cm", "5", "--dpi", "100", "--repeat",
                       "half-drop", "--out", str(tmp_path / "length.tif"))  # fmt: skip
    assert printed.returncode == 0, printed.stderr
    assert Image.open(tmp_path / "length.tif").size == (394, 197)
    for args, code in (
        (["print", str(tile), "--width-cm", "-1", "--height-cm", "5", "--out", str(tmp_path / "x.png")], "print.invalid_width_cm"),
        (["print", str(tile), "--width-cm", "900", "--height-cm", "900", "--dpi", "1200", "--out", str(tmp_path / "x.png")], "print.too_large"),
        (["wear", str(tmp_path / "missing.png"), "--on", "dress"], "image.not_found"),
        (["colourways", str(tile), "--n", "40"], "n.out_of_range"),
    ):  # fmt: skip
        failed = studiolo(*args)
        assert failed.returncode == 1 and failed.stderr.strip().endswith(f"[{code}]"), failed.stderr
    unknown = studiolo("wear", str(tile), "--on", "hat")
    assert unknown.returncode == 2 and "dress" in unknown.stderr
    assert not (tmp_path / "x.png").exists()
