"""The last layer: the style's texture over the finished picture.

Every operation here is periodic over the canvas (np.roll neighbours, whole-period noise, wrap-aware blur,
per-pixel grain), so applying a style to a pattern tile keeps it seamless. The heavy lifting is done by Pillow's
C routines (blend, screen, multiply, masked paste) rather than float arrays, to stay fast at 2048 px.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageChops

from studiolo.model.sketch.canvas import Canvas, blur_image, periodic_noise
from studiolo.model.sketch.scene import Scene


def apply_style(canvas: Canvas, scene: Scene, rng: np.random.Generator) -> None:
    unit = min(canvas.width, canvas.height)
    if scene.style == "watercolor":
        canvas.blur(unit / 700)
        wash = periodic_noise(canvas.width, canvas.height, rng, octaves=3, base=3)
        canvas.paint("#ffffff", 0.12 + 0.1 * np.clip(wash, 0, 1))  # pigment pools and thins out
        canvas.paint("#5a4a3a", 0.06 * np.clip(-wash, 0, 1))
        _grain(canvas, rng, strength=6)
    elif scene.style == "pastel":
        canvas.paint("#ffffff", 0.22)
        _grain(canvas, rng, strength=3)
    elif scene.style == "ink":
        _ink(canvas)
    elif scene.style == "neon":
        _neon(canvas, unit)
    elif scene.style == "gradient":
        sweep = (periodic_noise(canvas.width, canvas.height, rng, octaves=1, base=1) + 1) / 2
        canvas.paint(scene.palette.accents[-1], 0.3 * sweep)


def _grain(canvas: Canvas, rng: np.random.Generator, *, strength: int) -> None:
    """Paper grain: seeded per-pixel noise of +-strength levels, the same on all channels."""
    noise = rng.integers(0, 2 * strength + 1, size=(canvas.height, canvas.width), dtype=np.uint8)
    grain = Image.fromarray(noise, "L").convert("RGBA")
    canvas.image = ImageChops.add(canvas.image, grain, scale=1.0, offset=-strength).convert("RGBA")
    canvas.image.putalpha(255)


def _ink(canvas: Canvas) -> None:
    """Dark lines where lightness changes sharply, on a cream paper tone: a pen-and-wash look."""
    lum = np.asarray(canvas.image.convert("L"), np.int16)
    edge = np.abs(lum - np.roll(lum, 1, axis=0)) + np.abs(lum - np.roll(lum, 1, axis=1))
    canvas.paint("#f6f0e2", 0.25)
    canvas.paint("#28221e", np.clip((edge - 10) / 25, 0, 1))


def _neon(canvas: Canvas, unit: int) -> None:
    """Dim the dull parts, let the saturated parts glow (a blurred copy, screened back on)."""
    rgb_image = canvas.image.convert("RGB")
    saturation = rgb_image.convert("HSV").getchannel("S")
    keep = saturation.point(lambda s: 89 + round(0.65 * s))  # 0.35 of the light survives where grey
    base = ImageChops.multiply(rgb_image, Image.merge("RGB", (keep, keep, keep)))
    blurred = blur_image(canvas.image, unit / 90, wrap=canvas.wrap).convert("RGB")
    glow = ImageChops.multiply(blurred, Image.merge("RGB", (saturation, saturation, saturation)))
    canvas.image = ImageChops.screen(base, glow.point(lambda v: round(v * 0.9))).convert("RGBA")
