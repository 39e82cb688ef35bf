"""MeasuringDescriber: the embedded describer, which measures an image instead of recognising things in it.

Each stage works at the resolution it needs: palette and light on up to 96 x 96 sampled pixels, composition on
a box-filtered copy at most 128 px a side, texture on a grey copy at most 256 px a side, and periodicity on
full-resolution rows and columns, so periods are exact in original pixels. The cancel token is checked between
stages.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PIL import Image

from studiolo.errors import StudioloError
from studiolo.language import Language
from studiolo.model.images import read_provenance
from studiolo.model.measure.colour import dominant_palette, light_and_colour, srgb_to_lab
from studiolo.model.measure.layout import composition, size_facts
from studiolo.model.measure.pattern import periodicity, texture
from studiolo.model.measure.prose import paragraph
from studiolo.model.measure.prose_ko import paragraph_ko
from studiolo.model.measure.provenance import read_scene
from studiolo.model.protocols import CancelToken, Description

_SAMPLE_SIDE = 96
_COMPOSITION_SIDE = 128
_TEXTURE_SIDE = 256
_HIGH_BIT_MODES = ("I", "F", "I;16", "I;16L", "I;16B", "I;16N")


class _Cancelled(Exception):
    """Raised at a checkpoint when the caller cancelled; turned into a cancelled Description."""


class MeasuringDescriber:
    """Describes any PNG, JPEG or WebP by its palette, light, composition, texture and repetition.

    It never names an object it cannot measure; only for studiolo's own PNGs, whose provenance holds the scene,
    does it say what was drawn. Measuring is deterministic, so `seed` is accepted for the protocol and unused.
    `lang` chooses the paragraph's language, English or Korean; the facts are the same in both.
    """

    backend_id = "measure"

    def describe(
        self, image: Image.Image, *, seed: int = 0, cancel: CancelToken | None = None, lang: Language = "en"
    ) -> Description:
        try:
            facts = self._measure(image, cancel)
        except _Cancelled:
            return Description(text="", facts={}, backend=self.backend_id, cancelled=True)
        text = paragraph_ko(facts) if lang == "ko" else paragraph(facts)
        return Description(text=text, facts=facts, backend=self.backend_id)

    def _measure(self, image: Image.Image, cancel: CancelToken | None) -> dict[str, Any]:
        def checkpoint() -> None:
            if cancel is not None and cancel.cancelled:
                raise _Cancelled

        checkpoint()
        width, height = image.size
        if width == 0 or height == 0:
            raise StudioloError("image.empty", "the image has no pixels", field="image")
        rgb = flatten_to_rgb(image)

        pixels = np.asarray(rgb)
        samples = _sample_pixels(pixels, _SAMPLE_SIDE).astype(np.float64) / 255
        sample_lab = srgb_to_lab(samples)
        palette = dominant_palette(sample_lab, samples)
        brightness, contrast, saturation = light_and_colour(sample_lab)
        checkpoint()

        repeat = periodicity(pixels)
        checkpoint()

        gray = np.asarray(_shrink(rgb.convert("L"), _TEXTURE_SIDE), dtype=np.float32) / 255
        surface = texture(gray)
        small_lab = srgb_to_lab(np.asarray(_shrink(rgb, _COMPOSITION_SIDE), dtype=np.float64) / 255)
        # A band that repeats down the image is a pattern, not a horizon.
        layout = composition(small_lab, palette[0].lab, horizon_possible=repeat["y"]["period_px"] is None)
        checkpoint()

        return {
            "palette": [swatch.facts() for swatch in palette],
            "brightness": round(brightness, 3),
            "contrast": round(contrast, 3),
            "saturation": round(saturation, 3),
            "composition": layout,
            "texture": surface,
            "periodicity": repeat,
            "size": size_facts(width, height),
            "provenance": read_scene(read_provenance(image)),
        }


def flatten_to_rgb(image: Image.Image) -> Image.Image:
    """An 8-bit RGB copy of any PIL image: transparency composited on white, high-bit greys scaled down."""
    if image.mode in _HIGH_BIT_MODES:
        values = np.asarray(image, dtype=np.float64)
        peak = float(values.max()) if values.size else 0.0
        if image.mode == "F" and peak <= 1.0:
            top = 1.0  # float images are usually 0..1
        else:
            top = 255.0 if peak <= 255 and not image.mode.startswith("I;16") else 65535.0
        grey = np.clip(values / top * 255, 0, 255).round().astype(np.uint8)
        return Image.fromarray(grey).convert("RGB")
    if image.has_transparency_data:
        if image.mode == "La":  # premultiplied grey and alpha, which Pillow converts only to LA
            image = image.convert("LA")
        rgba = image.convert("RGBA")
        backdrop = Image.new("RGBA", image.size, (255, 255, 255, 255))
        return Image.alpha_composite(backdrop, rgba).convert("RGB")
    return image.convert("RGB")


def _sample_pixels(pixels: np.ndarray, side: int) -> np.ndarray:
    """Real pixels (N x 3) from an up-to side x side grid, each row and column at a fixed random spot in its cell.

    Picking pixels keeps their true colours, where a box filter would blend a fine black-and-white pattern into
    grey; jittering the picks avoids the aliasing of a regular grid, which can hit every line of a fine grid or
    none. The generator is seeded, so the same image always gives the same samples.
    """
    generator = np.random.default_rng(0)
    rows, columns = (_jittered(length, side, generator) for length in pixels.shape[:2])
    return pixels[np.ix_(rows, columns)].reshape(-1, 3)


def _jittered(length: int, side: int, generator: np.random.Generator) -> np.ndarray:
    if length <= side:
        return np.arange(length)
    edges = np.linspace(0, length, side + 1).astype(np.intp)
    return edges[:-1] + (generator.random(side) * np.diff(edges)).astype(np.intp)


def _shrink(image: Image.Image, side: int) -> Image.Image:
    """Box-filter each axis down to at most `side` (separately, so thin strips keep all their pixels)."""
    size = (min(image.width, side), min(image.height, side))
    return image if size == image.size else image.resize(size, Image.Resampling.BOX)
