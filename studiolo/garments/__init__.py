"""From pattern to garment: mock-ups on garments, colourways and print-ready repeats.

Each step takes a PIL tile and parameters and returns images (or a file) and a params dict for the lineage, so
a skill wraps it in a few lines: `wear`, `colourways` / `recolour`, `export_print`.
"""

from studiolo.garments.colourways import Colourway, colourways, recolour
from studiolo.garments.palettes import Palette, default_palettes, named_palette, palette_from_image, rotations
from studiolo.garments.print_export import PrintSpec, export_print, print_spec
from studiolo.garments.repeats import REPEAT_STYLES, RepeatStyle
from studiolo.garments.silhouettes import GARMENTS, VIEWS
from studiolo.garments.tiles import read_tile
from studiolo.garments.wear import Worn, wear

__all__ = [
    "GARMENTS",
    "REPEAT_STYLES",
    "VIEWS",
    "Colourway",
    "Palette",
    "PrintSpec",
    "RepeatStyle",
    "Worn",
    "colourways",
    "default_palettes",
    "export_print",
    "named_palette",
    "palette_from_image",
    "print_spec",
    "read_tile",
    "recolour",
    "rotations",
    "wear",
]
