"""A pattern worn: the tile printed at a real repeat size, cut into a garment's pieces and shaded as cloth.

`wear(tile, "dress", scale_cm=16)` returns the mock-up image and the parameters a lineage records. Each piece
samples one printed length (the tile repeating every `scale_cm` along the width) at the place it was cut, along
its grain, slid a little along the folds; the garment's height field then shades it (cloth.py). Outside the
pieces the picture is the plain backdrop, so the print never spills past the silhouette.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image, ImageColor, ImageDraw

from studiolo.errors import StudioloError
from studiolo.garments import cloth
from studiolo.garments.silhouettes import GARMENTS, VIEWS, Garment, GarmentName, Piece, View, ViewName, garment
from studiolo.garments.tiles import check_tile, resize_tile, sample_wrapped

BACKDROP = (236, 233, 228)  # a pale studio grey, warm like paper, against which most prints read
DEFAULT_REPEAT_CM = 16.0
MIN_REPEAT_CM, MAX_REPEAT_CM = 1.0, 200.0
MIN_SIDE, MAX_SIDE = 128, 4096
DEFAULT_SIDE = 1024
SUPERSAMPLE = 3  # outlines are rasterised this much finer and averaged down: smooth edges
MASK_MARGIN_CM = 13.0  # room round a piece for its rounded edges' blur (4 cm, to three deviations)
INSIDE_SHADE = 0.55  # the inside of a garment seen through its neckline is in shadow
REVERSE_FADE = 0.42  # the back of a one-sided print: this much of the cloth's white shows through
SEAM_DARKEN, STITCH_DARKEN = 0.30, 0.42
EDGE_DARKEN = 0.25  # a garment's outline is drawn a shade darker, so a pale print still reads on the backdrop


@dataclass(frozen=True)
class Worn:
    """A mock-up: the image, where the garment is (alpha 0..1 per pixel) and the parameters that made it."""

    image: Image.Image
    alpha: np.ndarray
    params: dict[str, Any]

    @property
    def repeat_px(self) -> float:
        return float(self.params["repeat_px"])


def wear(
    tile: Image.Image,
    on: str,
    *,
    scale_cm: float = DEFAULT_REPEAT_CM,
    view: str = "front",
    size: int = DEFAULT_SIDE,
) -> Worn:
    """`tile` printed with a repeat `scale_cm` wide, on garment `on` seen from `view`, `size` pixels on the
    picture's longer side."""
    shape = _check_garment(on)
    side = _check_view(view)
    if not (
        isinstance(scale_cm, int | float) and math.isfinite(scale_cm) and MIN_REPEAT_CM <= scale_cm <= MAX_REPEAT_CM
    ):
        raise StudioloError(
            "scale.out_of_range",
            f"the repeat must be between {MIN_REPEAT_CM:g} and {MAX_REPEAT_CM:g} cm, not {scale_cm}",
            field="scale",
        )
    if not MIN_SIDE <= size <= MAX_SIDE:
        raise StudioloError(
            "size.out_of_range", f"the mock-up's side must be {MIN_SIDE}..{MAX_SIDE} pixels, not {size}", field="size"
        )
    tile = check_tile(tile)
    item = garment(shape)
    px_per_cm = size / max(item.canvas)
    width, height = round(item.canvas[0] * px_per_cm), round(item.canvas[1] * px_per_cm)
    image, alpha = _render(tile, item, item.views[side], scale_cm, px_per_cm, (height, width))
    params = {
        "garment": shape,
        "view": side,
        "scale_cm": float(scale_cm),
        "garment_length_cm": item.length_cm,
        "px_per_cm": round(px_per_cm, 4),
        "repeat_px": scale_cm * px_per_cm,
        "width": width,
        "height": height,
    }
    return Worn(image, alpha, params)


def _check_garment(name: str) -> GarmentName:
    for known in GARMENTS:
        if name == known:
            return known
    raise StudioloError("garment.unknown", f"no garment {name!r}; choose one of {', '.join(GARMENTS)}", field="on")


def _check_view(name: str) -> ViewName:
    for known in VIEWS:
        if name == known:
            return known
    raise StudioloError("view.unknown", f"no view {name!r}; choose front or back", field="view")


def _render(
    tile: Image.Image, item: Garment, view: View, scale_cm: float, px_per_cm: float, shape: tuple[int, int]
) -> tuple[Image.Image, np.ndarray]:
    # The tile resampled once to about its printed size in pixels (no aliasing when a big tile prints small);
    # sampling then maps centimetres onto it exactly, so the repeat is scale_cm * px_per_cm whatever rounding.
    repeat_w = max(4, round(scale_cm * px_per_cm))
    repeat_h = max(4, round(repeat_w * tile.height / tile.width))
    printed = np.asarray(resize_tile(tile, repeat_w, repeat_h), dtype=np.float32) / 255
    tile_px_per_cm = (repeat_w / scale_cm, repeat_h / (scale_cm * tile.height / tile.width))

    masks = [_rasterise(piece.outline, shape, px_per_cm) for piece in view.pieces]
    creases = cloth.fold_heights(view.folds, shape, px_per_cm) + cloth.seam_heights(view.seams, shape, px_per_cm)
    height = creases.copy()
    for piece, (box, alpha) in zip(view.pieces, masks):
        height[box] += alpha * cloth.body_height((alpha * 255).astype(np.uint8), piece.roundness, px_per_cm)
    gx, gy = cloth.slopes(height, px_per_cm)
    light = cloth.shading(creases, gx, gy, px_per_cm)

    canvas = np.empty((*shape, 3), dtype=np.float32)
    canvas[:] = np.array(BACKDROP, dtype=np.float32) / 255
    coverage = np.zeros(shape, dtype=np.float32)
    for piece, (box, alpha) in zip(view.pieces, masks):
        inside = np.nonzero(alpha)  # only the pixels the piece covers are printed
        ys, xs = inside[0] + box[0].start, inside[1] + box[1].start
        colour = _piece_colour(piece, printed, tile_px_per_cm, ys, xs, gx[ys, xs], gy[ys, xs], px_per_cm)
        a = alpha[inside][:, None]
        canvas[ys, xs] = canvas[ys, xs] * (1 - a) + colour * light[ys, xs][:, None] * a
        np.maximum(coverage[box], alpha, out=coverage[box])

    _darken_lines(canvas, view, coverage, px_per_cm)
    image = Image.fromarray((np.clip(canvas, 0, 1) * 255 + 0.5).astype(np.uint8))
    _draw_buttons(image, view, px_per_cm)
    return image, coverage


def _piece_colour(
    piece: Piece,
    printed: np.ndarray,
    tile_px_per_cm: tuple[float, float],
    ys: np.ndarray,
    xs: np.ndarray,
    gx: np.ndarray,
    gy: np.ndarray,
    px_per_cm: float,
) -> np.ndarray:
    """The cloth's colour at pixels (ys, xs) of the piece, before shading."""
    if piece.colour is not None:
        solid = np.array(ImageColor.getrgb(piece.colour)[:3], dtype=np.float32) / 255
        colour = np.broadcast_to(solid, (len(ys), 3)).copy()
    else:
        slide_x, slide_y = cloth.displacement(gx, gy)
        dx = (xs + 0.5) / px_per_cm - piece.anchor[0] + slide_x
        dy = (ys + 0.5) / px_per_cm - piece.anchor[1] + slide_y
        grain = math.radians(piece.grain)
        u = dx * math.cos(grain) - dy * math.sin(grain)
        v = dx * math.sin(grain) + dy * math.cos(grain)
        if piece.side == "reverse":
            u = -u  # the print seen through the cloth from behind is its mirror image
        colour = sample_wrapped(
            printed, (u + piece.cut_at[0]) * tile_px_per_cm[0], (v + piece.cut_at[1]) * tile_px_per_cm[1]
        )
    if piece.side == "inside":
        colour = colour * INSIDE_SHADE
    elif piece.side == "reverse":
        grey = colour.mean(axis=-1, keepdims=True)
        colour = (1 - REVERSE_FADE) * (0.7 * colour + 0.3 * grey) + REVERSE_FADE
    return colour


def _rasterise(
    outline: tuple[tuple[float, float], ...], shape: tuple[int, int], px_per_cm: float
) -> tuple[tuple[slice, slice], np.ndarray]:
    """Where a polygon lies (a box of the picture, with room round it for the piece's rounded edges to blur
    into) and its coverage of each pixel of the box, 0..1, from a finer rasterisation averaged down."""
    margin = MASK_MARGIN_CM * px_per_cm
    xs, ys = [x * px_per_cm for x, _ in outline], [y * px_per_cm for _, y in outline]
    left, top = max(0, int(min(xs) - margin)), max(0, int(min(ys) - margin))
    right, bottom = min(shape[1], int(max(xs) + margin) + 1), min(shape[0], int(max(ys) + margin) + 1)
    fine = Image.new("L", ((right - left) * SUPERSAMPLE, (bottom - top) * SUPERSAMPLE), 0)
    points = [((x - left) * SUPERSAMPLE, (y - top) * SUPERSAMPLE) for x, y in zip(xs, ys)]
    ImageDraw.Draw(fine).polygon(points, fill=255)
    box = (slice(top, bottom), slice(left, right))
    return box, np.asarray(fine.reduce(SUPERSAMPLE), dtype=np.float32) / 255


def _darken_lines(canvas: np.ndarray, view: View, coverage: np.ndarray, px_per_cm: float) -> None:
    """Seam lines and topstitching, drawn as darker thread on the cloth, never beyond the garment's edge."""
    scale = px_per_cm * SUPERSAMPLE
    size = (canvas.shape[1] * SUPERSAMPLE, canvas.shape[0] * SUPERSAMPLE)
    seams, stitches = Image.new("L", size, 0), Image.new("L", size, 0)
    seam_pen, stitch_pen = ImageDraw.Draw(seams), ImageDraw.Draw(stitches)
    seam_width = max(SUPERSAMPLE, round(0.12 * scale))
    stitch_width = max(SUPERSAMPLE, round(0.07 * scale))
    for seam in view.seams:
        seam_pen.line([(x * scale, y * scale) for x, y in seam.path], fill=255, width=seam_width, joint="curve")
        if seam.stitched:
            for a, b in cloth.dashes(cloth.offset_path(seam.path, seam.offset)):
                stitch_pen.line(
                    [(a[0] * scale, a[1] * scale), (b[0] * scale, b[1] * scale)], fill=255, width=stitch_width
                )
    darkness = (
        SEAM_DARKEN * np.asarray(seams.reduce(SUPERSAMPLE), dtype=np.float32) / 255
        + STITCH_DARKEN * np.asarray(stitches.reduce(SUPERSAMPLE), dtype=np.float32) / 255
    )
    # The outline: where coverage changes (the anti-aliased edge and the pixel inside it), never outside.
    gy, gx = np.gradient(coverage)
    outline = np.clip(2 * np.hypot(gx, gy), 0, 1) * (coverage > 0)
    darkness += EDGE_DARKEN * outline
    canvas *= (1 - np.clip(darkness, 0, 0.8) * coverage)[..., None]


def _draw_buttons(image: Image.Image, view: View, px_per_cm: float) -> None:
    """Each button drawn finer in a small square of its own and laid on the picture, with a soft shadow."""
    scale = px_per_cm * SUPERSAMPLE
    for button in view.buttons:
        side = int(2 * button.radius * px_per_cm) + 4
        left, top = int(button.centre[0] * px_per_cm) - side // 2, int(button.centre[1] * px_per_cm) - side // 2
        overlay = Image.new("RGBA", (side * SUPERSAMPLE, side * SUPERSAMPLE), (0, 0, 0, 0))
        pen = ImageDraw.Draw(overlay)
        x, y = (button.centre[0] * px_per_cm - left) * SUPERSAMPLE, (button.centre[1] * px_per_cm - top) * SUPERSAMPLE
        r = button.radius * scale
        fill = ImageColor.getrgb(button.colour)[:3]
        rim = tuple(int(c * 0.72) for c in fill)
        shadow = (x - r + scale * 0.05, y - r + scale * 0.08, x + r + scale * 0.05, y + r + scale * 0.08)
        pen.ellipse(shadow, fill=(0, 0, 0, 70))
        pen.ellipse((x - r, y - r, x + r, y + r), fill=(*fill, 255), outline=(*rim, 255), width=max(1, round(r * 0.18)))
        hole = r * 0.14
        for hx, hy in ((-0.3, -0.3), (0.3, -0.3), (-0.3, 0.3), (0.3, 0.3)):
            cx, cy = x + hx * r, y + hy * r
            pen.ellipse((cx - hole, cy - hole, cx + hole, cy + hole), fill=(*rim, 255))
        small = overlay.reduce(SUPERSAMPLE)
        image.paste(small, (left, top), small)
