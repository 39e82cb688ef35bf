"""BatchingExecutor: paints concurrent requests together, for the server's asyncio scheduler.

A diffusion step costs about the same for one image as for several (the GPU, or the CPU's vector units, are
rarely full with one), so requests that can share a pipeline call should. Callers `await` a request; it goes
into a queue, and one worker thread takes the oldest request together with every queued request that has the
same batch key (task, size, strength, tile mode), up to `max_images`, and paints them in one call. Requests
that arrive while the worker is busy wait for the next call; the worker also waits up to `window` seconds after
the first request for company, waking as soon as the batch is full.

Each request keeps its own seed (one generator per image), its previews (delivered on the caller's event loop)
and its cancel token: a request cancelled mid-call is answered at once with `cancelled=True`, and the call goes
on for the others; if every request in the call is cancelled, the pipeline stops.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from PIL import Image

from studiolo.model.diffusers.painter import DiffusersPainter, PaintJob
from studiolo.model.protocols import CancelToken, PaintResult, PaintSpec, Preview, PreviewCallback


@dataclass
class _Request:
    job: PaintJob
    key: tuple[Any, ...]
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[PaintResult] = field(repr=False)


class BatchingExecutor:
    def __init__(self, painter: DiffusersPainter, *, max_images: int = 8, window: float = 0.02) -> None:
        self.painter = painter
        self.max_images = max_images
        self.window = window
        self._queue: deque[_Request] = deque()
        self._changed = threading.Condition()
        self._closed = False
        self._worker = threading.Thread(target=self._work, name="studiolo-diffusers", daemon=True)
        self._worker.start()

    async def text_to_image(
        self, spec: PaintSpec, *, cancel: CancelToken | None = None, on_preview: PreviewCallback | None = None
    ) -> PaintResult:
        return await self.submit(PaintJob("text_to_image", spec, cancel=cancel, on_preview=on_preview))

    async def image_to_image(
        self,
        spec: PaintSpec,
        init_image: Image.Image,
        strength: float,
        *,
        cancel: CancelToken | None = None,
        on_preview: PreviewCallback | None = None,
    ) -> PaintResult:
        return await self.submit(
            PaintJob("image_to_image", spec, init_image, strength=strength, cancel=cancel, on_preview=on_preview)
        )

    async def inpaint(
        self,
        spec: PaintSpec,
        init_image: Image.Image,
        mask: Image.Image,
        *,
        cancel: CancelToken | None = None,
        on_preview: PreviewCallback | None = None,
    ) -> PaintResult:
        return await self.submit(PaintJob("inpaint", spec, init_image, mask, cancel=cancel, on_preview=on_preview))

    async def submit(self, job: PaintJob) -> PaintResult:
        """Queue `job` and wait for its result. Cancelling the awaiting task cancels the job too."""
        loop = asyncio.get_running_loop()
        cancel = job.cancel or CancelToken()
        on_preview = job.on_preview
        # Previews are made on the worker thread and handed to the caller's loop, like the result.
        job = replace(
            job,
            cancel=cancel,
            on_preview=None if on_preview is None else lambda preview: _call_soon(loop, on_preview, preview),
        )
        request = _Request(job, self.painter.batch_key(job), loop, loop.create_future())
        with self._changed:
            if self._closed:
                raise RuntimeError("the executor is closed")
            self._queue.append(request)
            self._changed.notify()
        try:
            return await request.future
        except asyncio.CancelledError:
            cancel.cancel()
            raise

    def close(self) -> None:
        """Stop taking requests, answer the queued ones as cancelled, and wait for the running call to end."""
        with self._changed:
            self._closed = True
            left, self._queue = list(self._queue), deque()
            self._changed.notify()
        for request in left:
            _settle(request, PaintResult(paintings=[], cancelled=True))
        self._worker.join()

    def _work(self) -> None:
        while (batch := self._next_batch()) is not None:
            if not batch:
                continue
            try:
                results = self.painter.run([request.job for request in batch], on_cancelled=partial(_cancelled, batch))
            except Exception as exc:  # an out-of-memory StudioloError, say: every request in the call gets it
                for request in batch:
                    _fail(request, exc)
                continue
            for request, result in zip(batch, results):
                _settle(request, result)

    def _next_batch(self) -> list[_Request] | None:
        """The oldest request and the queued requests that can share its call (those already cancelled are
        answered instead, which may leave the list empty); None once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._queue or self._closed)
            if self._closed:
                return None
            key = self._queue[0].key
            self._changed.wait_for(lambda: self._images(key) >= self.max_images or self._closed, timeout=self.window)
            if self._closed:
                return None
            batch: list[_Request] = []
            images = 0
            for request in list(self._queue):
                n = request.job.spec.n
                if request.key != key or (batch and images + n > self.max_images):
                    continue
                self._queue.remove(request)
                if request.job.cancelled:
                    _settle(request, PaintResult(paintings=[], cancelled=True))
                    continue
                batch.append(request)
                images += n
            return batch

    def _images(self, key: tuple[Any, ...]) -> int:
        return sum(request.job.spec.n for request in self._queue if request.key == key)


def _call_soon(loop: asyncio.AbstractEventLoop, callback: PreviewCallback, preview: Preview) -> None:
    if not loop.is_closed():
        loop.call_soon_threadsafe(callback, preview)


def _cancelled(batch: list[_Request], job: PaintJob) -> None:
    """The painter's word that `job` was cancelled mid-batch: its request settles now, the others paint on."""
    _settle(next(request for request in batch if request.job is job), PaintResult(paintings=[], cancelled=True))


def _settle(request: _Request, result: PaintResult) -> None:
    def set_result() -> None:
        if not request.future.done():
            request.future.set_result(result)

    if not request.loop.is_closed():
        request.loop.call_soon_threadsafe(set_result)


def _fail(request: _Request, exc: Exception) -> None:
    def set_exception() -> None:
        if not request.future.done():
            request.future.set_exception(exc)

    if not request.loop.is_closed():
        request.loop.call_soon_threadsafe(set_exception)


class BatchingPainter:
    """A Painter whose blocking calls (made from worker threads, as skills make them) meet in a BatchingExecutor
    running on `loop`, so jobs of different sessions running at once share pipeline calls."""

    def __init__(self, executor: BatchingExecutor, loop: asyncio.AbstractEventLoop) -> None:
        self.executor = executor
        self.loop = loop
        self.backend_id = executor.painter.backend_id

    def text_to_image(
        self, spec: PaintSpec, *, cancel: CancelToken | None = None, on_preview: PreviewCallback | None = None
    ) -> PaintResult:
        return self._wait(self.executor.text_to_image(spec, cancel=cancel, on_preview=on_preview))

    def image_to_image(
        self, spec: PaintSpec, init_image: Image.Image, strength: float, *, cancel: CancelToken | None = None,
        on_preview: PreviewCallback | None = None,
    ) -> PaintResult:  # fmt: skip
        return self._wait(
            self.executor.image_to_image(spec, init_image, strength, cancel=cancel, on_preview=on_preview)
        )

    def inpaint(
        self, spec: PaintSpec, init_image: Image.Image, mask: Image.Image, *, cancel: CancelToken | None = None,
        on_preview: PreviewCallback | None = None,
    ) -> PaintResult:  # fmt: skip
        return self._wait(self.executor.inpaint(spec, init_image, mask, cancel=cancel, on_preview=on_preview))

    def _wait(self, call: Any) -> PaintResult:
        if _running_on(self.loop):
            raise RuntimeError("BatchingPainter is called from worker threads, not from its event loop")
        return asyncio.run_coroutine_threadsafe(call, self.loop).result()


def _running_on(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False
