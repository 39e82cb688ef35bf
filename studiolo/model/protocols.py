"""The small protocols every model backend implements, embedded or real.

A Painter turns text (and optionally an image and a mask) into images; a Describer turns an image into text plus
structured facts; an Embedder turns texts into vectors. The chat model is any LangChain `BaseChatModel`.

Generative calls take a seed (same seed, same output), a cancel token checked between layers or denoising steps,
and a preview callback that receives partial images. A cancelled call returns promptly with `cancelled=True`
and no images, rather than raising: cancelling is something a user asks for, not an error.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np
from PIL import Image
from pydantic import BaseModel, Field

from studiolo.language import Language

MIN_SIDE = 64
MAX_SIDE = 4096
MAX_PROMPT_CHARS = 20_000


class CancelToken:
    """A thread-safe flag a caller sets to stop a running model call at its next layer or step.

    `skip(i)` drops one image of a batch instead: a painter stops painting it where it can (the embedded painter
    at its next layer) and the caller discards it where it cannot (a diffusion batch goes on for the others).
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._skipped: frozenset[int] = frozenset()
        self._callbacks: list[Callable[[], object]] = []
        self._lock = threading.Lock()

    def cancel(self) -> None:
        with self._lock:
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def skip(self, index: int) -> None:
        self._skipped = self._skipped | {index}

    def skipped(self, index: int) -> bool:
        return index in self._skipped

    def on_cancel(self, callback: Callable[[], object]) -> None:
        """Call `callback` (from the cancelling thread) when the token is cancelled, or now if it already is."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)
                return
        callback()


@dataclass(frozen=True)
class Preview:
    """A partial image handed to the preview callback while a painting is being made."""

    index: int  # which image of the batch
    step: int  # 1-based: layers done (embedded painter) or denoising steps done (diffusion)
    total: int
    image: Image.Image  # any mode: whatever is cheapest for the painter to hand over (the consumer converts)
    label: str = ""  # what the step was, e.g. "background" or "step 12"


PreviewCallback = Callable[[Preview], None]


class PaintSpec(BaseModel):
    """What to paint: the prompt and the canvas. Images i of a batch use seed + i."""

    prompt: str = Field("", max_length=MAX_PROMPT_CHARS)
    negative_prompt: str = Field("", max_length=MAX_PROMPT_CHARS)
    width: int = Field(512, ge=MIN_SIDE, le=MAX_SIDE)
    height: int = Field(512, ge=MIN_SIDE, le=MAX_SIDE)
    seed: int = Field(0, ge=0, lt=2**32)
    n: int = Field(1, ge=1, le=64)
    pattern: bool = False  # a seamless, repeating tile


@dataclass
class Painting:
    """One finished image with the facts needed to reproduce it (written into its PNG as provenance)."""

    image: Image.Image
    prompt: str
    seed: int
    backend: str
    scene: dict[str, Any] = field(default_factory=dict)
    index: int = 0  # which image of the batch (as in Preview.index)

    def provenance(self) -> dict[str, Any]:
        return {
            "backend": self.backend,
            "prompt": self.prompt,
            "seed": self.seed,
            "width": self.image.width,
            "height": self.image.height,
            "scene": self.scene,
        }


@dataclass
class PaintResult:
    paintings: list[Painting]
    cancelled: bool = False


@runtime_checkable
class Painter(Protocol):
    backend_id: str

    def text_to_image(
        self, spec: PaintSpec, *, cancel: CancelToken | None = None, on_preview: PreviewCallback | None = None
    ) -> PaintResult: ...

    def image_to_image(
        self,
        spec: PaintSpec,
        init_image: Image.Image,
        strength: float,
        *,
        cancel: CancelToken | None = None,
        on_preview: PreviewCallback | None = None,
    ) -> PaintResult:
        """Pull the result from `init_image` (strength 0) towards the prompt's own picture (strength 1)."""
        ...

    def inpaint(
        self,
        spec: PaintSpec,
        init_image: Image.Image,
        mask: Image.Image,
        *,
        cancel: CancelToken | None = None,
        on_preview: PreviewCallback | None = None,
    ) -> PaintResult:
        """Repaint only where `mask` is white; everything outside it keeps its pixels."""
        ...


class Description(BaseModel):
    """What a describer says about an image: a fluent paragraph and the facts behind it."""

    text: str
    facts: dict[str, Any]
    backend: str
    cancelled: bool = False


@runtime_checkable
class Describer(Protocol):
    backend_id: str

    def describe(
        self, image: Image.Image, *, seed: int = 0, cancel: CancelToken | None = None, lang: Language = "en"
    ) -> Description:
        """The paragraph in `lang` where the backend can write it; the facts' keys are English whatever `lang`."""
        ...


@runtime_checkable
class Embedder(Protocol):
    backend_id: str
    dimension: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length vectors, one row per text (cosine similarity is a dot product)."""
        ...
