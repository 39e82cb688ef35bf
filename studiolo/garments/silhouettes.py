"""The garments a pattern can be worn on, drawn in code: pieces, seams, folds and buttons in centimetres.

Each garment has a front and a back view. A view is a list of pattern pieces (each cut from one printed length
at its own place, `cut_at`, with the repeat following its grain), the folds that give the cloth its drape (a
height field: ridges and valleys), the seams (a valley, a line of stitching) and small hardware. Sizes are real:
the dress is 100 cm from shoulder to hem, so a repeat asked for in centimetres lands at the right count.
Nothing is downloaded; the outlines are Bézier curves below.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from studiolo.garments.geometry import Point, bezier, chain, mirrored, reflect, rounded_rect, stroke, wavy

GarmentName = Literal["dress", "shirt", "skirt", "scarf", "tote"]
ViewName = Literal["front", "back"]
GARMENTS: tuple[GarmentName, ...] = ("dress", "shirt", "skirt", "scarf", "tote")
VIEWS: tuple[ViewName, ...] = ("front", "back")

Side = Literal["face", "inside", "reverse"]


@dataclass(frozen=True)
class Piece:
    """One pattern piece as it shows in the view.

    `grain`: degrees between the printed length's warp (the tile's vertical) and straight down on the page;
    a sleeve hanging outward has its grain tilted with it. `cut_at`: where on the printed length (cm) the
    piece's `anchor` was cut, so neighbouring pieces do not line up by accident. `side`: the printed face, the
    inside seen through an opening (in shadow), or the reverse of a one-sided print (mirrored and paler).
    `colour`: a solid piece (cotton webbing, a zip pull) instead of the print.
    """

    name: str
    outline: tuple[Point, ...]
    anchor: Point
    grain: float = 0.0
    cut_at: Point = (0.0, 0.0)
    side: Side = "face"
    colour: str | None = None
    roundness: float = 2.0  # cm the cloth falls away towards the piece's edges (a body inside it)


@dataclass(frozen=True)
class Fold:
    """A ridge (depth > 0) or valley (depth < 0) of cloth from `start` to `end`, `width` cm across at each end,
    fading in over the first `fade_in` and out over the last `fade_out` of its length. start == end: a bump."""

    start: Point
    end: Point
    depth: float
    width: tuple[float, float]
    fade_in: float = 0.2
    fade_out: float = 0.1


@dataclass(frozen=True)
class Seam:
    """A seam line; `stitched` adds a row of topstitching `offset` cm beside it."""

    path: tuple[Point, ...]
    stitched: bool = False
    offset: float = 0.6


@dataclass(frozen=True)
class Button:
    centre: Point
    radius: float = 0.6
    colour: str = "#f4f1ea"


@dataclass(frozen=True)
class View:
    pieces: tuple[Piece, ...]
    folds: tuple[Fold, ...] = ()
    seams: tuple[Seam, ...] = ()
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class Garment:
    name: GarmentName
    canvas: tuple[float, float]  # width and height of the picture in cm, margins included
    length_cm: float  # the garment's own length, as a size chart gives it
    views: dict[ViewName, View] = field(default_factory=dict)


def garment(name: GarmentName) -> Garment:
    return _BUILDERS[name]()


def _piece(name: str, outline: list[Point], **kwargs: object) -> Piece:
    xs, ys = [p[0] for p in outline], [p[1] for p in outline]
    anchor = ((min(xs) + max(xs)) / 2, min(ys))
    return Piece(name=name, outline=tuple(outline), anchor=anchor, **kwargs)  # type: ignore[arg-type]


def _seam(points: list[Point], stitched: bool = False, offset: float = 0.6) -> Seam:
    return Seam(tuple(points), stitched, offset)


def _flare_folds(cx: float, top: float, bottom: float, tops: list[float], spread: float, depth: float) -> list[Fold]:
    """Folds falling from a gathered or fitted line (a waist) and opening towards the hem, alternately ridge and
    valley, as a flared skirt hangs."""
    folds = []
    for i, offset in enumerate(tops):
        sign = 1 if i % 2 == 0 else -1
        folds.append(
            Fold(
                (cx + offset, top), (cx + offset * spread, bottom), sign * depth, (1.4, 3.6), fade_in=0.3, fade_out=0.0
            )
        )
    return folds


# ---------------------------------------------------------------------------------------------------------------
# Dress: sleeveless, scoop neck, fitted bodice, flared skirt; 100 cm shoulder to hem.


def _dress() -> Garment:
    cx, waist = 42.0, 50.0
    half_front = chain(
        bezier((cx, 23), (cx + 4.5, 23), (cx + 7, 17), (cx + 7.5, 12)),
        [(cx + 17, 14.5)],
        bezier((cx + 17, 14.5), (cx + 14.5, 20), (cx + 14.5, 28), (cx + 19, 32)),
        bezier((cx + 19, 32), (cx + 19.2, 38), (cx + 17, 44), (cx + 16.5, waist)),
        [(cx + 16.6, waist + 1.2)],  # under the skirt: pieces that only touch would let the backdrop show between
        bezier((cx + 16.6, waist + 1.2), (cx + 10, waist + 1.8), (cx + 5, waist + 2.2), (cx, waist + 2.2)),
    )
    back_neck = bezier((cx - 7.5, 12), (cx - 6, 15.5), (cx + 6, 15.5), (cx + 7.5, 12))
    half_back = chain(
        bezier((cx, 15), (cx + 3, 15), (cx + 6.5, 14), (cx + 7.5, 12)),
        half_front[half_front.index((cx + 7.5, 12)) :],
    )
    hem_y = 112.0
    skirt = chain(
        bezier((cx - 16.5, waist), (cx - 10, waist + 0.6), (cx - 5, waist + 1), (cx, waist + 1)),
        bezier((cx, waist + 1), (cx + 5, waist + 1), (cx + 10, waist + 0.6), (cx + 16.5, waist)),
        bezier((cx + 16.5, waist), (cx + 20, 62), (cx + 27, 88), (cx + 33, hem_y)),
        wavy((cx + 33, hem_y), (cx - 33, hem_y), waves=9, amplitude=0.9, sag=3.0),
        bezier((cx - 33, hem_y), (cx - 27, 88), (cx - 20, 62), (cx - 16.5, waist)),
    )
    flare = _flare_folds(cx, waist + 2, hem_y + 2, [-13.5, -9.5, -5.5, -1.8, 1.8, 5.5, 9.5, 13.5], 2.25, 2.2)
    darts = [Fold((cx + s * 8.5, waist), (cx + s * 8, 38), -0.6, (0.5, 0.2), 0.0, 0.3) for s in (-1, 1)]
    bust = [Fold((cx + s * 8.5, 33), (cx + s * 8.5, 33), 2.2, (6.5, 6.5)) for s in (-1, 1)]
    waist_seam = _seam(bezier((cx - 16.5, waist), (cx - 6, waist + 1.2), (cx + 6, waist + 1.2), (cx + 16.5, waist)))
    front = View(
        pieces=(
            _piece("inside back", chain(back_neck, [(cx + 8, 26), (cx - 8, 26)]), side="inside", cut_at=(11.0, 4.0)),
            _piece("front bodice", mirrored(half_front, cx), cut_at=(0.0, 0.0)),
            _piece("front skirt", skirt, cut_at=(3.7, 41.3), roundness=3.0),
        ),
        folds=tuple(flare + darts + bust),
        seams=(waist_seam,),
    )
    zip_line = [(cx, 15.2), (cx, 68.0)]
    back = View(
        pieces=(
            _piece("back bodice", mirrored(half_back, cx), cut_at=(17.0, 2.0)),
            _piece("back skirt", reflect(skirt, cx), cut_at=(9.2, 47.5), roundness=3.0),
            _piece("zip pull", rounded_rect(cx - 0.45, 15.6, cx + 0.45, 18.2, 0.3), colour="#b8b2a7", roundness=0.2),
        ),
        folds=tuple(
            flare + [Fold((cx + s * 8, waist), (cx + s * 7.5, 36), -0.6, (0.5, 0.2), 0.0, 0.3) for s in (-1, 1)]
        ),
        seams=(waist_seam, _seam(zip_line, stitched=True, offset=0.5)),
    )
    return Garment("dress", (84.0, 124.0), 100.0, {"front": front, "back": back})


# ---------------------------------------------------------------------------------------------------------------
# Shirt: long-sleeved button-up with a collar, patch pocket and shirt-tail hem; 75 cm long.


def _sleeve(cx: float, side: int) -> tuple[Piece, Piece, list[Fold], list[Seam]]:
    """A sleeve hanging down and outward from the shoulder, with its cuff, folds and seams; side 1: the
    viewer's right, -1: left."""
    tilt = math.radians(22)
    axis = (side * math.sin(tilt), math.cos(tilt))
    across = (-side * math.cos(tilt), math.sin(tilt))  # from the outer edge towards the body

    def at(t: float, s: float) -> Point:  # t cm along the outer edge from the shoulder, s cm across
        return (cx + side * 24 + axis[0] * t + across[0] * s, 14.5 + axis[1] * t + across[1] * s)

    shoulder, underarm = at(0, 0), (cx + side * 27, 36.0)
    outer = [at(t, -0.6 * math.sin(math.pi * t / 52)) for t in range(0, 53, 4)]
    sleeve = chain(
        outer,
        [at(52, 12.5)],
        bezier(at(52, 12.5), at(40, 13.5), (underarm[0] + side * 3, 50), underarm),
        bezier(underarm, (cx + side * 21, 30), (cx + side * 20, 20), shoulder),  # tucked under the body
    )
    cuff = [at(51.5, -0.2), at(59, -0.2), at(59, 11.8), at(51.5, 12.2)]
    grain = math.degrees(tilt) * side
    pieces = (
        Piece("sleeve", tuple(sleeve), anchor=shoulder, grain=grain, cut_at=(31.0 + 7 * side, 80.0), roundness=2.5),
        Piece("cuff", tuple(cuff), anchor=at(51.5, 0), grain=grain + 90, cut_at=(5.0, 140.0), roundness=0.8),
    )
    folds = [Fold(at(t, 1.0 + k), at(t + 3.5, 9.5 + k), d, (0.9, 1.2), 0.15, 0.25)
             for t, k, d in ((44, 0, -0.6), (46.5, 0.6, 0.5), (48.5, 0.2, -0.5), (31, 0.5, -0.5), (33, 1.2, 0.4))]  # fmt: skip
    folds.append(Fold(at(6, 6), at(26, 6.5), 0.6, (5.0, 4.0), 0.2, 0.4))  # the sleeve's fullness below the cap
    seams = [_seam([at(51.5, -0.2), at(51.5, 12.2)], stitched=True, offset=0.4)]
    return pieces[0], pieces[1], folds, seams


def _shirt() -> Garment:
    cx = 56.0
    hem = bezier((cx + 26.5, 78), (cx + 26, 84), (cx + 12, 89), (cx, 89))
    body_half = lambda neck_y: chain(  # noqa: E731  (front and back differ only at the neck)
        bezier((cx, neck_y), (cx + 4.5, neck_y), (cx + 7.5, neck_y - 5), (cx + 8, 10)),
        [(cx + 24, 14.5)],
        bezier((cx + 24, 14.5), (cx + 23, 22), (cx + 24, 30), (cx + 27, 36)),
        [(cx + 26.5, 78)],
        hem,
    )
    sleeves = [_sleeve(cx, side) for side in (-1, 1)]
    sleeve_pieces = tuple(p for s in sleeves for p in s[:2])
    sleeve_folds = [f for s in sleeves for f in s[2]]
    sleeve_seams = [m for s in sleeves for m in s[3]]
    drape = [Fold((cx + s * 25, 40), (cx + s * 14, 64), -0.8, (2.0, 3.0), 0.2, 0.4) for s in (-1, 1)]
    drape += [Fold((cx + s * 10, 60), (cx + s * 12, 88), 0.7, (2.0, 3.0), 0.3, 0.0) for s in (-1, 1)]
    placket = stroke([(cx, 17.5), (cx, 88.6)], 3.2)
    pocket = chain([(cx + 9, 30), (cx + 20, 30), (cx + 20, 41.5), (cx + 14.5, 43.5), (cx + 9, 41.5)])
    band = chain(bezier((cx - 8.5, 9.5), (cx - 6, 15), (cx + 6, 15), (cx + 8.5, 9.5)), [(cx + 8, 22), (cx - 8, 22)])
    leaf = chain([(cx + 8.6, 9.2), (cx + 9.6, 11.5)], bezier((cx + 9.6, 11.5), (cx + 9.4, 17), (cx + 8.5, 21), (cx + 7.2, 24.5)),
                 bezier((cx + 7.2, 24.5), (cx + 5, 22), (cx + 2, 19.5), (cx + 0.3, 18.2)),
                 bezier((cx + 0.3, 18.2), (cx + 3, 16), (cx + 6.5, 12.5), (cx + 8.6, 9.2)))  # fmt: skip
    collar_edge = leaf[1 : leaf.index((cx + 0.3, 18.2)) + 1]  # outer edge and point, not the neck edge
    front = View(
        pieces=(
            _piece("inside collar band", band, side="inside", cut_at=(2.0, 150.0)),
            *sleeve_pieces,
            _piece("front", mirrored(body_half(19.0), cx), cut_at=(0.0, 0.0), roundness=2.5),
            _piece("placket", placket, cut_at=(60.0, 0.0), roundness=0.4),
            _piece("pocket", pocket, cut_at=(23.5, 95.0), roundness=0.5),
            _piece("collar", leaf, cut_at=(12.0, 160.0), roundness=0.5),
            _piece("collar", reflect(leaf, cx), cut_at=(12.0, 170.0), roundness=0.5),
        ),
        folds=tuple(sleeve_folds + drape),
        seams=(
            *sleeve_seams,
            *(_seam([(cx + s * 1.6, 18.0), (cx + s * 1.6, 88.6)], stitched=True, offset=0.25) for s in (-1, 1)),
            _seam(pocket[1:] + pocket[:1], stitched=True, offset=0.4),
            _seam([(cx + 9, 32), (cx + 20, 32)]),
            *(_seam(edge, stitched=True, offset=0.35) for edge in (collar_edge, reflect(collar_edge, cx)[::-1])),
        ),
        buttons=tuple(Button((cx, y), 0.55) for y in (21.5, 31.5, 41.5, 51.5, 61.5, 71.5, 81.5)),
    )
    yoke = chain([(cx - 8, 10), (cx + 8, 10), (cx + 24, 14.5)],
                 bezier((cx + 24, 14.5), (cx + 24, 18), (cx + 23.5, 21), (cx + 23.5, 22)),
                 bezier((cx + 23.5, 22), (cx + 10, 24), (cx - 10, 24), (cx - 23.5, 22)),
                 bezier((cx - 23.5, 22), (cx - 23.5, 21), (cx - 24, 18), (cx - 24, 14.5)))  # fmt: skip
    back_collar = chain(bezier((cx - 9.5, 11.5), (cx - 6, 6.5), (cx + 6, 6.5), (cx + 9.5, 11.5)),
                        bezier((cx + 9.5, 11.5), (cx + 6, 9.8), (cx - 6, 9.8), (cx - 9.5, 11.5)))  # fmt: skip
    back = View(
        pieces=(
            *sleeve_pieces,
            _piece("back", mirrored(body_half(11.0), cx), cut_at=(29.0, 5.0), roundness=2.5),
            _piece("yoke", yoke, grain=90.0, cut_at=(40.0, 120.0), roundness=0.8),
            _piece("collar", back_collar, cut_at=(12.0, 175.0), roundness=0.5),
        ),
        folds=tuple(
            sleeve_folds
            + drape
            + [Fold((cx + s * 2.2, 24), (cx + s * 3.0, 62), -0.9, (0.5, 1.6), 0.0, 0.6) for s in (-1, 1)]
        ),  # fmt: skip
        seams=(*sleeve_seams, _seam(bezier((cx - 23.5, 22), (cx - 10, 24), (cx + 10, 24), (cx + 23.5, 22)), True, 0.3)),
    )
    return Garment("shirt", (112.0, 96.0), 75.0, {"front": front, "back": back})


# ---------------------------------------------------------------------------------------------------------------
# Skirt: flared, with a waistband; 60 cm long.


def _skirt() -> Garment:
    cx, top, band, hem_y = 42.0, 10.0, 14.5, 70.0
    waistband = chain(
        bezier((cx - 17, top), (cx - 6, top + 1), (cx + 6, top + 1), (cx + 17, top)),
        [(cx + 17, band)],
        bezier((cx + 17, band), (cx + 6, band + 1), (cx - 6, band + 1), (cx - 17, band)),
    )
    body = chain(  # its top runs 1 cm under the waistband, so no backdrop shows along the seam
        bezier((cx - 17, band - 1), (cx - 6, band), (cx + 6, band), (cx + 17, band - 1)),
        bezier((cx + 17, band - 1), (cx + 21, 30), (cx + 29, 50), (cx + 36, hem_y)),
        wavy((cx + 36, hem_y), (cx - 36, hem_y), waves=11, amplitude=1.0, sag=3.0),
        bezier((cx - 36, hem_y), (cx - 29, 50), (cx - 21, 30), (cx - 17, band - 1)),
    )
    flare = _flare_folds(cx, band + 1.5, hem_y + 2, [-14.5, -11, -7.5, -4, -1.2, 1.2, 4, 7.5, 11, 14.5], 2.4, 1.9)
    band_seam = _seam(bezier((cx - 17, band), (cx - 6, band + 1), (cx + 6, band + 1), (cx + 17, band)), True, 0.35)
    front = View(
        pieces=(
            _piece("front", body, cut_at=(0.0, 0.0), roundness=3.0),
            _piece("waistband", waistband, grain=90.0, cut_at=(70.0, 0.0), roundness=0.5),
        ),
        folds=tuple(flare),
        seams=(band_seam,),
    )
    back = View(
        pieces=(
            _piece("back", reflect(body, cx), cut_at=(21.0, 63.0), roundness=3.0),
            _piece("waistband", reflect(waistband, cx), grain=90.0, cut_at=(70.0, 40.0), roundness=0.5),
            _piece("zip pull", rounded_rect(cx - 0.45, band + 1.3, cx + 0.45, band + 3.8, 0.3), colour="#b8b2a7"),
        ),
        folds=tuple(flare),
        seams=(band_seam, _seam([(cx, band + 1), (cx, 34.0)], stitched=True, offset=0.5)),
        buttons=(Button((cx + 15.5, top + 2.3), 0.5),),
    )
    return Garment("skirt", (84.0, 84.0), 60.0, {"front": front, "back": back})


# ---------------------------------------------------------------------------------------------------------------
# Scarf: a 90 cm square silk carré laid out, with a hand-rolled hem; the back is the print's reverse.


def _scarf() -> Garment:
    lo, hi = 10.0, 100.0
    square = chain(
        wavy((lo, lo), (hi, lo), waves=5, amplitude=0.35),
        wavy((hi, lo), (hi, hi), waves=4, amplitude=0.35),
        wavy((hi, hi), (lo, hi), waves=5, amplitude=0.35),
        wavy((lo, hi), (lo, lo), waves=4, amplitude=0.35),
    )
    ripples = [Fold((a, b), (c, d), depth, (width, width * 1.3), 0.3, 0.3)
               for a, b, c, d, depth, width in ((18, 30, 60, 95, 1.3, 4.0), (40, 14, 92, 64, -1.0, 3.5),
                                               (14, 62, 38, 96, 0.9, 3.0), (70, 20, 96, 40, 0.7, 2.5))]  # fmt: skip
    inset = 0.5
    hem = [(lo + inset, lo + inset), (hi - inset, lo + inset), (hi - inset, hi - inset), (lo + inset, hi - inset)]
    rolled = _seam(hem + hem[:1])
    front = View(pieces=(_piece("scarf", square, roundness=0.4),), folds=tuple(ripples), seams=(rolled,))
    back = View(
        pieces=(_piece("scarf", reflect(square, 55.0), side="reverse", roundness=0.4),),
        folds=tuple(
            Fold(reflect([f.start], 55.0)[0], reflect([f.end], 55.0)[0], f.depth, f.width, f.fade_in, f.fade_out)
            for f in ripples
        ),  # fmt: skip
        seams=(rolled,),
    )
    return Garment("scarf", (110.0, 110.0), 90.0, {"front": front, "back": back})


# ---------------------------------------------------------------------------------------------------------------
# Tote: 38 x 42 cm, cotton webbing handles.

WEBBING = "#e6dcc6"


def _tote() -> Garment:
    cx, top, bottom = 32.0, 30.0, 72.0
    body = rounded_rect(cx - 19, top, cx + 19, bottom, 1.5)

    def handle(spread: float, height: float, drop: float) -> list[Point]:
        return stroke(
            bezier((cx - spread, top + drop), (cx - spread, height), (cx + spread, height), (cx + spread, top + drop)),
            2.6,
        )

    far, near = handle(9.5, 2.0, 1.0), handle(9.0, 4.0, 8.0)
    sag = [Fold((cx + s * 9, top + 8), (cx + s * 6, 62), 0.9, (1.6, 4.0), 0.0, 0.5) for s in (-1, 1)]
    sag += [Fold((cx, top + 6), (cx, 58), -0.8, (2.0, 5.0), 0.1, 0.5)]
    sag += [Fold((cx + s * 17, bottom - 3), (cx + s * 12, bottom - 8), -0.7, (1.5, 1.0), 0.1, 0.4) for s in (-1, 1)]
    hem_seam = _seam([(cx - 19, top + 3.5), (cx + 19, top + 3.5)], stitched=True, offset=-2.6)
    boxes = [_seam([(cx + s * 9 - 1.1, top + 4.5), (cx + s * 9 + 1.1, top + 4.5), (cx + s * 9 + 1.1, top + 7.5),
                    (cx + s * 9 - 1.1, top + 7.5), (cx + s * 9 - 1.1, top + 4.5), (cx + s * 9 + 1.1, top + 7.5)])
             for s in (-1, 1)]  # fmt: skip
    front = View(
        pieces=(
            _piece("far handle", far, colour=WEBBING, side="inside", roundness=0.5),
            _piece("front", body, cut_at=(0.0, 0.0), roundness=2.0),
            _piece("near handle", near, colour=WEBBING, roundness=0.5),
        ),
        folds=tuple(sag),
        seams=(hem_seam, *boxes),
    )
    back = View(
        pieces=(
            _piece("far handle", reflect(far, cx), colour=WEBBING, side="inside", roundness=0.5),
            _piece("back", body, cut_at=(19.0, 45.0), roundness=2.0),
            _piece("near handle", reflect(near, cx), colour=WEBBING, roundness=0.5),
        ),
        folds=tuple(sag),
        seams=(hem_seam, *boxes),
    )
    return Garment("tote", (64.0, 80.0), 42.0, {"front": front, "back": back})


_BUILDERS = {"dress": _dress, "shirt": _shirt, "skirt": _skirt, "scarf": _scarf, "tote": _tote}
