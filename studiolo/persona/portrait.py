"""A persona's portrait for PNG character cards, painted by the embedded sketch painter from the persona's taste."""

from __future__ import annotations

import hashlib

from PIL import Image

from studiolo.model.protocols import PaintSpec
from studiolo.model.sketch import SketchPainter
from studiolo.persona.spec import Persona

PORTRAIT_SIDE = 512


def portrait_prompt(persona: Persona) -> str:
    """Its first style, two themes, three motifs and its first palette: "watercolor venus dreamy cherry blossom
    star planet in goldenrod, coral and plum". A persona without taste gets the painter's gentle default."""
    taste = persona.taste
    words = [*taste.styles[:1], *taste.themes[:2], *(motif.replace("_", " ") for motif in taste.motifs[:3])]
    if taste.palettes:
        *first, last = taste.palettes[0].colors
        words.append(f"in {', '.join(first)} and {last}" if first else f"in {last}")
    return " ".join(words)


def paint_portrait(persona: Persona, side: int = PORTRAIT_SIDE) -> Image.Image:
    # the seed comes from the id, so the same persona always gets the same portrait
    seed = int.from_bytes(hashlib.sha256(persona.id.encode()).digest()[:4], "big") % 2**31
    spec = PaintSpec(prompt=portrait_prompt(persona), width=side, height=side, seed=seed)
    return SketchPainter().text_to_image(spec).paintings[0].image
