"""The measuring describer (backend `measure`): palette, light, composition, texture and repetition of any image,
plus exact scene facts for studiolo's own PNGs.

colour.py (Lab, palette, colour names), colour_names.py (the words people use, from a survey), layout.py
(composition, size), pattern.py (texture, periods, seams), provenance.py (the stored scene, read defensively),
prose.py (the paragraph), describer.py (the stages).
"""

from studiolo.model.measure.describer import MeasuringDescriber

__all__ = ["MeasuringDescriber"]
