"""RayDescriber: the Describer of backend `ray:<app>`, describing on the application's describer deployment."""

from __future__ import annotations

from PIL import Image

from studiolo.language import Language
from studiolo.model.protocols import CancelToken, Description
from studiolo.model.ray.gateway import Gateway
from studiolo.model.ray.messages import DescribeCall


class RayDescriber:
    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway
        self.backend_id = gateway.start().describer.backend_id

    def describe(
        self, image: Image.Image, *, seed: int = 0, cancel: CancelToken | None = None, lang: Language = "en"
    ) -> Description:
        cancel = cancel or CancelToken()
        if not cancel.cancelled:
            description = self.gateway.call("describe", DescribeCall(image, seed, lang), cancel, lambda _: None)
            if description is not None:
                return description
        return Description(text="", facts={}, backend=self.backend_id, cancelled=True)
