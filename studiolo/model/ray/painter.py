"""RayPainter: the Painter of backend `ray:<app>`, painting on the application's painter deployment.

It looks like the backend the replicas run (its `backend_id`, and the sketch painter's licence setting), so the
rest of studiolo treats it as that painter; it adds `jobs_at_once`, how many jobs the deployment takes at once,
which the server's scheduler uses as its number of slots.
"""

from __future__ import annotations

from PIL import Image

from studiolo.model.protocols import CancelToken, PaintResult, PaintSpec, PreviewCallback
from studiolo.model.ray.gateway import Gateway
from studiolo.model.ray.messages import PaintCall


class RayPainter:
    def __init__(self, gateway: Gateway) -> None:
        info = gateway.start().painter
        self.gateway = gateway
        self.backend_id = info.backend_id
        self.permissive_only = info.permissive_only
        self.jobs_at_once = info.jobs_at_once

    def text_to_image(
        self, spec: PaintSpec, *, cancel: CancelToken | None = None, on_preview: PreviewCallback | None = None
    ) -> PaintResult:
        return self._paint(PaintCall("text_to_image", spec), cancel, on_preview)

    def image_to_image(
        self, spec: PaintSpec, init_image: Image.Image, strength: float, *, cancel: CancelToken | None = None,
        on_preview: PreviewCallback | None = None,
    ) -> PaintResult:  # fmt: skip
        return self._paint(PaintCall("image_to_image", spec, init_image, strength=strength), cancel, on_preview)

    def inpaint(
        self, spec: PaintSpec, init_image: Image.Image, mask: Image.Image, *, cancel: CancelToken | None = None,
        on_preview: PreviewCallback | None = None,
    ) -> PaintResult:  # fmt: skip
        return self._paint(PaintCall("inpaint", spec, init_image, mask), cancel, on_preview)

    def _paint(self, call: PaintCall, cancel: CancelToken | None, on_preview: PreviewCallback | None) -> PaintResult:
        cancel = cancel or CancelToken()
        if cancel.cancelled:
            return PaintResult(paintings=[], cancelled=True)
        result = self.gateway.call("paint", call, cancel, on_preview or _ignore)
        return result if result is not None else PaintResult(paintings=[], cancelled=True)


def _ignore(_: object) -> None:
    pass
