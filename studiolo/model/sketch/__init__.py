"""The embedded procedural painter `sketch`: prompt -> Scene -> layered, seeded rendering. No weights."""

from studiolo.model.sketch.painter import SketchPainter, SketchSettings
from studiolo.model.sketch.scene import Scene

__all__ = ["Scene", "SketchPainter", "SketchSettings"]
