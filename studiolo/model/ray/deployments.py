"""The Ray Serve application `studiolo workers deploy` makes: a painter and a describer deployment, built on each
replica from the same model settings a server uses for its own backends, behind a small `studio` ingress.

    studio (ingress, no CPU)   info() -> StudioInfo: what both deployments serve
    painter                    paint(PaintCall) streams Preview ..., then PaintResult | Failure
    describer                  describe(DescribeCall) -> Description | Failure

A replica runs the blocking model call in a thread and stays responsive: previews are streamed back as they are
made (the newest of each image when the stream falls behind), and a request cancelled by its caller sets the
call's CancelToken, so the backend stops at its next layer or step. A backend that paints several jobs in one
pipeline call (diffusers) gets them through `@serve.batch`, its batch size and wait from the settings.

Ray is imported with this module: only a process that deploys or serves on Ray imports it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

from ray import serve
from ray.serve.handle import DeploymentHandle

from studiolo.errors import StudioloError
from studiolo.model.protocols import CancelToken, Describer, Description, Painter, PaintResult, Preview
from studiolo.model.ray.messages import (
    DescribeCall,
    DescriberInfo,
    Failure,
    PaintCall,
    PainterInfo,
    StudioInfo,
)
from studiolo.settings import DeploymentSettings, ModelSettings, Settings


@serve.deployment(name="painter")
class PainterReplica:
    def __init__(self, models: dict[str, Any], jobs_at_once: int, max_batch_size: int, batch_wait_s: float) -> None:
        from studiolo.model.registry import build_painter

        self.painter: Painter = build_painter(Settings(models=ModelSettings.model_validate(models)))
        self.jobs_at_once = jobs_at_once
        self.jobs_painting = 0  # jobs whose model call runs on this replica
        self.model_calls = 0  # painter calls made (a batch of jobs painted together is one)
        self.previews_made = 0
        self.batches = hasattr(self.painter, "batch_key")  # paints compatible jobs in one call (DiffusersPainter)
        # @serve.batch's setters (its wrapper's own attributes, which type checkers do not see)
        self._paint_together.set_max_batch_size(max_batch_size)  # type: ignore[attr-defined]
        self._paint_together.set_batch_wait_timeout_s(batch_wait_s)  # type: ignore[attr-defined]

    def info(self) -> PainterInfo:
        permissive = bool(getattr(self.painter, "permissive_only", False))
        return PainterInfo(
            backend_id=self.painter.backend_id, permissive_only=permissive, jobs_at_once=self.jobs_at_once
        )

    def activity(self) -> dict[str, int]:
        """This replica's work: jobs its backend is painting now, model calls made, previews made (a cancelled
        job stops within a layer or step: it makes no more previews and ends its model call)."""
        return {"painting": self.jobs_painting, "calls": self.model_calls, "previews": self.previews_made}

    async def paint(self, call: PaintCall) -> AsyncIterator[Preview | PaintResult | Failure]:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[Preview | None] = asyncio.Queue()
        cancel = CancelToken()

        def on_preview(preview: Preview) -> None:
            self.previews_made += 1
            loop.call_soon_threadsafe(queue.put_nowait, preview)

        work = asyncio.ensure_future(self._paint(call, cancel, on_preview))
        # the work's end is queued after its previews: they were handed to the loop before the thread returned
        work.add_done_callback(lambda _: queue.put_nowait(None))
        try:
            finished = False
            while not finished:
                batch = [await queue.get()]
                while not queue.empty():
                    batch.append(queue.get_nowait())
                finished = batch[-1] is None
                for preview in {p.index: p for p in batch if p is not None}.values():  # the newest of each image
                    yield preview
            try:
                yield work.result()
            except StudioloError as error:
                yield Failure.of(error)
        finally:
            if not work.done():  # the caller cancelled (or went away): stop the backend at its next step
                cancel.cancel()

    async def _paint(self, call: PaintCall, cancel: CancelToken, on_preview: Callable[[Preview], None]) -> PaintResult:
        self.jobs_painting += 1
        try:
            return await self._paint_one(call, cancel, on_preview)
        finally:
            self.jobs_painting -= 1

    async def _paint_one(self, call: PaintCall, cancel: CancelToken, on_preview: Callable[[Preview], None]) -> PaintResult:  # fmt: skip
        if self.batches:
            from studiolo.model.diffusers import PaintJob

            job = PaintJob(call.task, call.spec, call.init_image, call.mask, call.strength, cancel, on_preview)
            result = await self._paint_together(job)
            if isinstance(result, StudioloError):
                raise result
            return result
        self.model_calls += 1
        return await asyncio.to_thread(_call_painter, self.painter, call, cancel, on_preview)

    @serve.batch(max_batch_size=1, batch_wait_timeout_s=0.0)
    async def _paint_together(self, jobs: list[Any]) -> list[PaintResult | StudioloError]:
        """Jobs that arrived together, painted in as few pipeline calls as their batch keys allow."""
        groups: dict[Any, list[Any]] = {}
        for job in jobs:
            groups.setdefault(self.painter.batch_key(job), []).append(job)  # type: ignore[attr-defined]
        results: dict[int, PaintResult | StudioloError] = {}
        for group in groups.values():
            self.model_calls += 1
            try:
                painted = await asyncio.to_thread(self.painter.run, group)  # type: ignore[attr-defined]
            except StudioloError as error:  # out of memory, say: every job of the call gets it
                painted = [error] * len(group)
            results.update((id(job), result) for job, result in zip(group, painted))
        return [results[id(job)] for job in jobs]


def _call_painter(painter: Painter, call: PaintCall, cancel: CancelToken, on_preview: Callable[[Preview], None]) -> PaintResult:  # fmt: skip
    if call.task == "text_to_image":
        return painter.text_to_image(call.spec, cancel=cancel, on_preview=on_preview)
    assert call.init_image is not None
    if call.task == "image_to_image":
        return painter.image_to_image(call.spec, call.init_image, call.strength, cancel=cancel, on_preview=on_preview)
    assert call.mask is not None
    return painter.inpaint(call.spec, call.init_image, call.mask, cancel=cancel, on_preview=on_preview)


@serve.deployment(name="describer")
class DescriberReplica:
    def __init__(self, models: dict[str, Any]) -> None:
        from studiolo.model.registry import build_describer

        self.describer: Describer = build_describer(Settings(models=ModelSettings.model_validate(models)))

    def info(self) -> DescriberInfo:
        return DescriberInfo(backend_id=self.describer.backend_id)

    async def describe(self, call: DescribeCall) -> Description | Failure:
        cancel = CancelToken()
        work = asyncio.ensure_future(
            asyncio.to_thread(self.describer.describe, call.image, seed=call.seed, cancel=cancel, lang=call.lang)
        )
        try:
            return await asyncio.shield(work)
        except StudioloError as error:
            return Failure.of(error)
        finally:
            if not work.done():
                cancel.cancel()


@serve.deployment(name="studio", num_replicas=1, ray_actor_options={"num_cpus": 0})
class Studio:
    """The application's ingress: answers what it serves. Jobs go to the two deployments directly."""

    def __init__(self, painter: DeploymentHandle, describer: DeploymentHandle) -> None:
        self.painter = painter
        self.describer = describer

    async def info(self) -> StudioInfo:
        painter, describer = await asyncio.gather(self.painter.info.remote(), self.describer.info.remote())
        return StudioInfo(painter=painter, describer=describer)


def studio_app(settings: Settings) -> Any:
    """The bound application for `settings.models` (the backends themselves) and `settings.workers` (how many
    replicas, with what, batching how)."""
    models, workers = settings.models, settings.workers
    for slot in ("painter", "describer"):
        if getattr(models, slot).startswith("ray:"):
            raise StudioloError(
                "settings.invalid",
                f"workers deploy needs the {slot} backend itself (sketch, diffusers:..., measure, transformers:...), "
                f"not {getattr(models, slot)!r}: the replicas run it",
                field=f"models.{slot}",
            )
    model_values = models.model_dump(mode="json")
    batches = models.painter.startswith("diffusers:")
    painter_batch = workers.painter.max_batch_size if batches else 1
    painter_options, painter_jobs = deployment_options(workers.painter, painter_batch)
    describer_options, _ = deployment_options(workers.describer, 1)
    painter = PainterReplica.options(**painter_options).bind(  # type: ignore[attr-defined]  # a Deployment
        model_values, painter_jobs, painter_batch, workers.painter.batch_wait_timeout_s
    )
    describer = DescriberReplica.options(**describer_options).bind(model_values)  # type: ignore[attr-defined]
    return Studio.bind(painter, describer)  # type: ignore[attr-defined]


def deployment_options(deployment: DeploymentSettings, batch: int) -> tuple[dict[str, Any], int]:
    """Serve's options for one deployment, and how many jobs it takes at once (its replicas at most, times the
    jobs each takes: a whole batch by default)."""
    ongoing = deployment.max_ongoing_requests or batch
    options: dict[str, Any] = {"max_ongoing_requests": ongoing, "ray_actor_options": dict(deployment.ray_actor_options)}
    if deployment.autoscaling_config is not None:
        options["autoscaling_config"] = dict(deployment.autoscaling_config)
        replicas = int(deployment.autoscaling_config.get("max_replicas", 1))
    else:
        options["num_replicas"] = replicas = deployment.num_replicas or 1
    return options, replicas * ongoing


def app_builder(args: dict[str, Any]) -> Any:
    """The application for a Serve config file or KubeRay's serveConfigV2, from a settings file on the cluster:
    `import_path: studiolo.model.ray.deployments:app_builder`, `args: {config: /etc/studiolo/workers.yaml}`."""
    return studio_app(Settings.load(args.get("config")))
