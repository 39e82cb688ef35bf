"""SketchPainter: the embedded, procedural Painter (backend `sketch`). No weights, no GPU, deterministic.

text_to_image: parse the prompt into a Scene (seeded), paint its layout layer by layer, apply the style.
image_to_image: paint the prompt's own picture at the init image's size, then pull the init image towards it by
    strength: its palette first (colour statistics move fully by strength 0.5), then, region by region, the
    parts that differ most, so at low strength the structure and layout stay while colours and details move.
    When the init image is one of this painter's own, the picture painted is its recorded scene revised by the
    prompt (same layout, style and detail, parse_prompt's `revising`): the draft with the change, so a strong
    pull shows the change and keeps the composition.
inpaint: the same picture, composited only where the mask is set; pixels outside the mask never change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Literal

import numpy as np
from PIL import Image, ImageFilter
from pydantic import BaseModel, ConfigDict, ValidationError

from studiolo.model.images import read_provenance
from studiolo.model.protocols import CancelToken, Painting, PaintResult, PaintSpec, Preview, PreviewCallback
from studiolo.model.sketch.canvas import Canvas
from studiolo.model.sketch.glyphs import GLYPH_SOURCE, GLYPHS
from studiolo.model.sketch.layouts import LAYOUTS, Brush
from studiolo.model.sketch.parse import parse_prompt
from studiolo.model.sketch.scene import FIELD_KINDS, PROCEDURAL_SOURCE, InView, MotifSource, Scene
from studiolo.model.sketch.style import apply_style

LAYERS = ("background", "far", "near", "motifs", "details", "texture")
REGIONS_FROM = 0.3  # image_to_image keeps every region of the init image up to this strength


class _Cancelled(Exception):
    pass


class _Skipped(Exception):
    """One image of the batch was skipped (CancelToken.skip): the others go on."""


class SketchSettings(BaseModel):
    """The sketch painter's options (`models.painter_options` when the painter is `sketch`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # "permissive": draw only motifs whose licence puts no condition on the pictures (the procedural ones), for
    # commercial work; OpenMoji's glyphs are CC BY-SA 4.0, whose share-alike reaches into the pictures
    motifs: Literal["all", "permissive"] = "all"


class SketchPainter:
    backend_id = "sketch"

    def __init__(self, settings: SketchSettings | None = None) -> None:
        self.settings = settings or SketchSettings()

    @property
    def permissive_only(self) -> bool:
        return self.settings.motifs == "permissive"

    def scene_for(self, spec: PaintSpec, seed: int, revising: Scene | None = None) -> Scene:
        scene = parse_prompt(
            spec.prompt, seed, spec.negative_prompt, revising=revising, permissive_only=self.permissive_only
        )
        if spec.pattern and scene.layout != "pattern":
            scene = scene.model_copy(update={"layout": "pattern"})
        return scene

    def text_to_image(
        self, spec: PaintSpec, *, cancel: CancelToken | None = None, on_preview: PreviewCallback | None = None
    ) -> PaintResult:
        return self._run(spec, cancel, on_preview, finish=lambda image, index: image)

    def image_to_image(
        self,
        spec: PaintSpec,
        init_image: Image.Image,
        strength: float,
        *,
        cancel: CancelToken | None = None,
        on_preview: PreviewCallback | None = None,
    ) -> PaintResult:
        if not 0.0 <= strength <= 1.0:
            raise ValueError("strength must be between 0 and 1")
        drawn = _recorded_scene(init_image)
        init = init_image.convert("RGB")
        spec = spec.model_copy(update={"width": init.width, "height": init.height})
        return self._run(
            spec, cancel, on_preview, finish=lambda target, index: _pull(init, target, strength), revising=drawn
        )

    def inpaint(
        self,
        spec: PaintSpec,
        init_image: Image.Image,
        mask: Image.Image,
        *,
        cancel: CancelToken | None = None,
        on_preview: PreviewCallback | None = None,
    ) -> PaintResult:
        init = init_image.convert("RGB")
        if mask.size != init.size:
            raise ValueError(f"mask is {mask.width} x {mask.height}; the image is {init.width} x {init.height}")
        spec = spec.model_copy(update={"width": init.width, "height": init.height})
        inside = np.asarray(mask.convert("L"), np.float32)[..., None] / 255
        return self._run(spec, cancel, on_preview, finish=lambda target, index: _blend(init, target, inside))

    def _run(
        self,
        spec: PaintSpec,
        cancel: CancelToken | None,
        on_preview: PreviewCallback | None,
        *,
        finish: Callable[[Image.Image, int], Image.Image],
        revising: Scene | None = None,
    ) -> PaintResult:
        paintings: list[Painting] = []
        try:
            for index in range(spec.n):
                seed = spec.seed + index
                scene = self.scene_for(spec, seed, revising)
                try:
                    image, scene = self._paint(scene, spec.width, spec.height, seed, index, cancel, on_preview)
                except _Skipped:
                    continue
                final = finish(image, index)
                paintings.append(
                    Painting(final, spec.prompt, seed, self.backend_id, scene.model_dump(mode="json"), index)
                )
        except _Cancelled:
            return PaintResult(paintings=[], cancelled=True)
        return PaintResult(paintings=paintings)

    def _paint(
        self,
        scene: Scene,
        width: int,
        height: int,
        seed: int,
        index: int,
        cancel: CancelToken | None,
        on_preview: PreviewCallback | None,
    ) -> tuple[Image.Image, Scene]:
        """The picture, and the scene with what ended up in view."""
        canvas = Canvas.blank(width, height, wrap=scene.layout == "pattern")
        brush = Brush(scene, canvas, seed)
        steps = LAYOUTS[scene.layout](brush)
        for step, label in enumerate(LAYERS, start=1):
            if cancel is not None and cancel.cancelled:
                raise _Cancelled
            if cancel is not None and cancel.skipped(index):
                raise _Skipped
            if label == "texture":
                apply_style(canvas, scene, brush.rng("style"))
            else:
                next(steps)
            if on_preview is not None:  # the RGBA canvas as it is (a copy: ~0.3 ms, where RGB costs ~2 on this thread)
                on_preview(Preview(index=index, step=step, total=len(LAYERS), image=canvas.image.copy(), label=label))
        in_view = _in_view(scene, canvas)
        return canvas.snapshot(), scene.model_copy(update={"in_view": in_view, "sources": _sources(in_view)})


# Motifs a landscape paints as whole layers rather than stamps, and the textile fields every layout paints.
LAYER_KINDS = {"landscape": ("mountain", "hill", "sea", "wave")}


def _sources(kinds: Iterable[str]) -> dict[str, MotifSource]:
    """Where each drawn motif comes from and under which licence (a glyph's reaches into the picture)."""
    return {kind: MotifSource(source=g.source, licence=g.licence, attribution=GLYPH_SOURCE["attribution"]) if (g := GLYPHS.get(kind))
            else PROCEDURAL_SOURCE for kind in sorted(kinds)}  # fmt: skip


def _in_view(scene: Scene, canvas: Canvas) -> dict[str, InView]:
    stamped = {
        kind: InView(count=count, share=round(share, 5), y=round(y, 3))
        for kind, (count, share, y) in canvas.in_view().items()
    }
    layers = {m.kind: InView() for m in scene.motifs
              if m.kind in FIELD_KINDS or m.kind in LAYER_KINDS.get(scene.layout, ())}  # fmt: skip
    return {**stamped, **layers}


def _recorded_scene(image: Image.Image) -> Scene | None:
    """The scene this painter recorded in a PNG it painted (None for any other image): what a repaint revises."""
    provenance = read_provenance(image)
    if provenance is None or provenance.get("backend") != SketchPainter.backend_id:
        return None
    try:
        return Scene.model_validate(provenance.get("scene"))
    except ValidationError:  # a record from an older painter, or damaged: paint from the words alone
        return None


def _pull(init: Image.Image, target: Image.Image, strength: float) -> Image.Image:
    """Pull `init` towards `target`: the palette everywhere, the pixels region by region.

    Colour statistics move first (fully by strength 0.5) and the target's fine detail fades in. Above
    REGIONS_FROM, the regions where the target differs most from the init (a new moon, a changed sky) take the
    target's pixels, a larger share of the picture the higher the strength, through a soft mask: no ghostly
    double exposure, and at low strength the layout stays.
    """
    source = np.asarray(init, np.float32)
    goal = np.asarray(target, np.float32)
    if strength >= 1.0:
        return target.copy()
    # colour transfer: match each channel's mean and spread to the target's (Reinhard-style, in RGB)
    mean_s, std_s = source.mean(axis=(0, 1)), source.std(axis=(0, 1)) + 1e-3
    mean_g, std_g = goal.mean(axis=(0, 1)), goal.std(axis=(0, 1)) + 1e-3
    recoloured = (source - mean_s) / std_s * std_g + mean_g
    moved = source + (recoloured - source) * min(1.0, 2 * strength)
    # details: the target's fine texture, faintly, growing with strength
    soft_goal = np.asarray(target.filter(ImageFilter.GaussianBlur(min(init.size) / 200)), np.float32)
    moved = moved + (goal - soft_goal) * strength
    share = (strength - REGIONS_FROM) / (1 - REGIONS_FROM)  # of the picture that takes the target's pixels
    if share > 0:
        difference = Image.fromarray(np.clip(np.abs(goal - moved).mean(axis=2), 0, 255).astype(np.uint8), "L")
        difference = difference.filter(ImageFilter.GaussianBlur(min(init.size) / 80))  # regions, not speckles
        spread = np.asarray(difference, np.float32)
        threshold = float(np.quantile(spread, 1 - share))
        mask = np.clip((spread - threshold) / 6 + 0.5, 0, 1)[..., None]
        moved = moved + (goal - moved) * mask
    return Image.fromarray(np.clip(moved + 0.5, 0, 255).astype(np.uint8), "RGB")


def _blend(init: Image.Image, target: Image.Image, inside: np.ndarray) -> Image.Image:
    source = np.asarray(init, np.float32)
    goal = np.asarray(target, np.float32)
    out = source * (1 - inside) + goal * inside
    return Image.fromarray(np.clip(out + 0.5, 0, 255).astype(np.uint8), "RGB")
