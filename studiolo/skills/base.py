"""What every skill is made of: a name, a description, a params model, and an async run() that yields events.

A skill also declares everything the rest of studiolo needs to know about it, in its own module, so that a new
skill is one new file and one line in `studiolo.skills.builtin_skills()`:

- `routing` (Routing): the example utterances the semantic router compares a turn with, the arguments a turn's
  words can carry (`Args`, also the tool schema a chat model fills), cue words, whether it needs a draft to work
  on, and how the artist offers it when asking back;
- `read(text)`: those arguments read from the words of a turn (the semantic router's extraction);
- `fill(said, turn)`: the skill's full params from what the words said and what the turn knows (its draft, its
  language, the options sent with it);
- `reply` (SkillReply): what the artist says when the job is done, in English and Korean.

A skill gets a SkillContext (the model backends, the job's id and cancel token, a way to read drafts, and the
persona's prompt expansion) and never sees a websocket or a session: it yields events, the agent records them.
Model calls are blocking and CPU- or GPU-bound, so `paint_stream` runs them in a worker thread and hands their
previews back to the event loop as they come.
"""

from __future__ import annotations

import asyncio
import io
import re
import time
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Annotated, Any, ClassVar

from PIL import Image
from pydantic import BaseModel, ConfigDict, Field, model_validator

from studiolo.drafts import Draft, Faithfulness, draft_id
from studiolo.errors import StudioloError
from studiolo.events import DraftFinal, DraftPreview, Event, JobCancelled, JobFailed, JobFinished, JobStarted
from studiolo.jobs import PreviewId
from studiolo.language import Language
from studiolo.model.adherence import Repaint, ThingDetector, paint_until_faithful
from studiolo.model.images import encode_png
from studiolo.model.protocols import (
    CancelToken,
    Describer,
    Painter,
    Painting,
    PaintResult,
    PaintSpec,
    Preview,
    PreviewCallback,
)  # fmt: skip
from studiolo.model.request import Request
from studiolo.model.sketch.request import read_request

PREVIEW_SIDE = 512  # previews are for watching, not keeping: small WebP frames keep the stream light

# A draft to work from. Loosely checked here: the session's load_draft says clearly when there is no such draft.
DraftId = Annotated[str, Field(min_length=1, max_length=200, description="the id of the draft to work from")]

# What a job adds after its paintings' finals, before job.finished (pattern: the repeat; collaborate: its state).
Finish = Callable[[list[Painting], list[DraftFinal]], list[Event]]


@dataclass
class SkillContext:
    painter: Painter
    describer: Describer
    job_id: str
    load_draft: Callable[[str], tuple[Draft, Image.Image]]  # raises StudioloError("draft.not_found")
    seed: int = 0  # the job's seed when the params name none: derived from the session, so replays repeat
    cancel: CancelToken = field(default_factory=CancelToken)
    expand: Callable[[str, int], str] = lambda prompt, seed: prompt  # the persona's prompt expansion
    # upscale refines in tiles of this side (a diffusion model's native size, e.g. 512 or 1024); None: the whole
    # canvas in one pass, for painters that paint any size well (the embedded one)
    upscale_tile: int | None = None
    # the least time between two previews of one image: the server streams at most preview_fps of them, so it
    # need not encode more (0: every preview the painter makes)
    preview_interval: float = 0.0
    # what a request asks for, and which of its things the painter can draw (the agent's reader also finds
    # stand-ins by meaning); the self-check measures every draft against it
    read_request: Callable[[str], Request] = read_request
    # paintings the self-check may make of one draft: the first, then repaints while checks fail (1: check only,
    # 0: no self-check)
    tries: int = 3
    # tells whether a thing is in a picture, for painters that do not report what they drew (a CLIP scorer)
    detector: ThingDetector | None = None


@dataclass(frozen=True)
class SelfCheck:
    """What a job's drafts are checked against, and how one of them is painted again with the misses emphasised."""

    request: Request
    repaint: Repaint


class TurnOptions(BaseModel):
    """What a turn may set besides its words (the web client's drawer by the composer): explicit options win over
    what the words imply. Each applies where the skill has it (imagine, pattern, refine, collaborate)."""

    model_config = ConfigDict(extra="forbid")

    n: int | None = Field(None, ge=1, le=8, description="how many drafts (a collaboration: per round)")
    size: int | None = Field(None, ge=256, le=2048, description="the side of a square canvas, in pixels")
    seed: int | None = Field(None, ge=0, lt=2**32, description="draft i uses seed + i")
    pattern: bool | None = Field(None, description="a seamless repeating tile; none: as the words say")
    exact: bool = Field(False, description="paint the words exactly as said: no prompt expansion")
    lang: Language | None = Field(
        None, description="the language the artist answers in (a kiosk's language button); none: the words' own"
    )
    # A button that means one skill (a card's "On a garment") names it: the router is not asked, and `args` are
    # the skill's arguments as its routing Args have them (what the words could say), checked by the agent.
    skill: str | None = Field(None, pattern=r"^[a-z_]{1,40}$", description="the skill to run; none: as the words say")
    args: dict[str, Any] = Field(
        default_factory=dict, description="the skill's arguments (its routing Args), with skill"
    )

    @model_validator(mode="after")
    def _args_need_a_skill(self) -> TurnOptions:
        if self.args and self.skill is None:
            raise ValueError("args are a skill's arguments: name the skill")
        return self


@dataclass(frozen=True)
class TurnContext:
    """What the agent knows of a turn beyond the words' params: its text, language, the draft it points at (an
    attachment, "#2", or the cursor) and the options sent with it."""

    text: str
    lang: Language = "en"
    target: str | None = None
    cursor: str | None = None  # the session's current draft, whatever the words point at
    options: TurnOptions = field(default_factory=TurnOptions)

    def draft(self) -> str:
        """The draft to work on; draft.not_found (asked back in character) when there is none yet."""
        if self.target is None:
            raise StudioloError(
                "draft.not_found", "there is no draft to work on yet; ask me to paint one first", field="draft_id"
            )
        return self.target

    def size(self) -> dict[str, int]:
        return {"width": self.options.size, "height": self.options.size} if self.options.size is not None else {}


class RouteArgs(BaseModel):
    """What a turn's words can say to a skill: read by the semantic router, or filled in by a chat model's tool
    call. Unset fields are left to the skill's defaults."""

    model_config = ConfigDict(extra="ignore")  # a chat model may add arguments nobody asked for


class Routing(BaseModel):
    """How a turn finds its way to a skill."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    # utterances the semantic router compares a turn with, English and Korean; never copies of the labelled set
    # the router is measured on (tests/routing_utterances.jsonl)
    examples: tuple[str, ...] = Field(min_length=1)
    Args: type[RouteArgs] = RouteArgs
    # words that say this skill is meant where embeddings alone are not enough (Korean above all: MiniLM reads
    # Hangul as jamo); a cue shifts the odds, it does not decide
    cue: re.Pattern[str] | None = None
    # its Korean request words in English ("입혀": "wear"): the router embeds a Korean turn's English gloss, since
    # MiniLM cannot tell Korean sentences apart (agent/router/gloss.py)
    korean: Mapping[str, str] = Field(default_factory=dict)
    needs_draft: bool = False  # works on an image: a current draft or an attached one
    draft_bonus: float = 0.0  # logits added when there is a current draft
    image_bonus: float = 0.0  # logits added when an image is attached
    offer: dict[Language, str]  # how the artist offers it when asking which was meant: "paint something new"
    no_draft: dict[Language, str] | None = None  # asked back when it needs a draft and there is none

    @model_validator(mode="after")
    def _asks_without_a_draft(self) -> Routing:
        if self.needs_draft and self.no_draft is None:
            raise ValueError("a skill that needs a draft says what to ask when there is none (no_draft)")
        return self


class SkillReply(BaseModel):
    """What the artist says when the skill's job is done, in each language. The voice fills the template's fields:
    {drafts} ("drafts #5, #6"), {prompt}, {expanded} (a sentence with the prompt as painted, when expansion added to
    it), {honesty} (what was not drawn as asked), {description}, {round}, {message}; English also has {is_are}."""

    model_config = ConfigDict(frozen=True)

    en: str
    ko: str
    names_source: bool = False  # opens with the draft it worked from: "Working from #1: ..."
    phrase: bool = False  # may open with one of the persona's phrases


class Skill(ABC):
    name: ClassVar[str]
    # what it does, for choosing it: the tool description a chat model reads
    description: ClassVar[str]
    Params: ClassVar[type[BaseModel]]
    routing: ClassVar[Routing]
    reply: ClassVar[SkillReply]
    # the param holding the collaborator's request in words, when the skill paints from words ("prompt"): the
    # agent asks instead of running it when nothing in them can be drawn
    request_field: ClassVar[str | None] = None

    def read(self, text: str) -> dict[str, Any]:
        """The routing args the words of a turn give this skill (validated against `routing.Args` by the router)."""
        return {}

    @abstractmethod
    def fill(self, said: dict[str, Any], turn: TurnContext) -> dict[str, Any]:
        """The values of the skill's Params: what the words said (`said`, the routing args) and what the turn knows."""

    @abstractmethod
    def run(self, params: BaseModel, ctx: SkillContext) -> AsyncIterator[Event]:
        """Yield the skill's events (job.started, previews, finals, job.finished, or job.cancelled/failed)."""


async def paint_stream(call: Callable[[PreviewCallback], PaintResult]) -> AsyncIterator[Preview | PaintResult]:
    """Run a blocking painter call in a worker thread, yielding its previews as they arrive, then its result.

    Newest wins: a preview not yet taken when a newer one of the same image arrives is replaced by it, so a slow
    consumer gets the latest picture instead of falling behind.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Preview | None] = asyncio.Queue()

    def on_preview(preview: Preview) -> None:
        loop.call_soon_threadsafe(queue.put_nowait, preview)

    task = loop.run_in_executor(None, call, on_preview)
    task.add_done_callback(lambda _: loop.call_soon_threadsafe(queue.put_nowait, None))
    finished = False
    while not finished:
        batch = [await queue.get()]
        while not queue.empty():
            batch.append(queue.get_nowait())
        finished = batch[-1] is None  # the call's end is queued after all of its previews
        for preview in {p.index: p for p in batch if p is not None}.values():  # the newest of each image
            yield preview
    yield await task


async def run_paint_job(
    ctx: SkillContext,
    call: Callable[[PreviewCallback], PaintResult],
    *,
    skill: str,
    prompt: str,
    seed: int,
    params: dict[str, Any],
    parent_ids: list[str],
    finish: Finish | None = None,
    check: SelfCheck | None = None,
) -> AsyncIterator[Event]:
    """The life of one painting job as events: started, previews, finals, then finished, cancelled or failed.

    `finish` may add events after the finals; any draft.final among them counts among the job's drafts. Images
    are encoded in worker threads, so the event loop stays free to stream while a 1024 PNG is made. With a
    `check`, each painting is measured against the request and repainted while it misses (up to `ctx.tries`),
    and its final carries what was drawn, approximated and missed.
    """
    yield JobStarted(job_id=ctx.job_id)
    result: PaintResult | None = None
    next_preview: dict[int, float] = {}  # image index -> when its next preview may be encoded
    try:
        async for item in paint_stream(call):
            if not isinstance(item, Preview):
                result = item
            elif not ctx.cancel.skipped(item.index) and time.monotonic() >= next_preview.get(item.index, 0.0):
                next_preview[item.index] = time.monotonic() + ctx.preview_interval
                event = partial(
                    preview_event, item, job_id=ctx.job_id, prompt=prompt, seed=seed + item.index, parent_ids=parent_ids
                )
                yield await asyncio.to_thread(event)
    except StudioloError as error:
        yield JobFailed(job_id=ctx.job_id, code=error.code, message=error.message)
        return
    if result is None or result.cancelled:
        yield JobCancelled(job_id=ctx.job_id)
        return
    kept = [p for p in result.paintings if not ctx.cancel.skipped(p.index)]  # a diffusion batch paints them all
    checked: list[tuple[Painting, Faithfulness | None]] = [(p, None) for p in kept]
    if check is not None and ctx.tries > 0:
        checked = await asyncio.to_thread(
            lambda: [
                paint_until_faithful(p, check.request, check.repaint, tries=ctx.tries, detector=ctx.detector)
                for p in kept
            ]
        )
        if ctx.cancel.cancelled:
            yield JobCancelled(job_id=ctx.job_id)
            return
    finals = await asyncio.to_thread(
        lambda: [
            final_event(p, skill=skill, job_id=ctx.job_id, params=params, parent_ids=parent_ids, faithfulness=f)
            for p, f in checked
        ]
    )
    events: list[Event] = [*finals, *(finish([p for p, _ in checked], finals) if finish is not None else [])]
    for final in events:
        yield final
    yield JobFinished(job_id=ctx.job_id, draft_ids=[e.draft_id for e in events if isinstance(e, DraftFinal)])


def job_failed(ctx: SkillContext, error: StudioloError) -> list[Event]:
    """A job that failed before any model work (a missing draft, a size out of range): started, then failed."""
    return [JobStarted(job_id=ctx.job_id), JobFailed(job_id=ctx.job_id, code=error.code, message=error.message)]


def is_pattern(draft: Draft) -> bool:
    """A seamless tile (or tiles): said by its params (any painter) or by the scene the sketch painter drew."""
    return bool(draft.params.get("pattern")) or draft.scene.get("layout") == "pattern"


def design_of(draft: Draft, load_draft: Callable[[str], tuple[Draft, Image.Image]]) -> tuple[Draft, Image.Image]:
    """The design a draft shows, to wear or recolour: a pattern's repeat is its tile copied 3 x 3, a mock-up
    (wear) is its tile on a garment, a print's preview its tile laid out small; all lead back to the tile, so the
    tile is printed, never a picture of it."""
    source = draft.params.get("repeat_of") or (draft.params.get("source") if draft.skill in ("wear", "print") else None)
    return load_draft(source) if isinstance(source, str) else load_draft(draft.id)


def redraw_spec(
    draft: Draft, *, width: int, height: int, prompt: str | None = None, seed: int | None = None, n: int = 1
) -> PaintSpec:
    """Paint a draft again: its prompt, its seed (the sketch painter keeps the composition of a seed) and, for a
    pattern, the pattern flag, so refining or enlarging a tile keeps it seamless."""
    return PaintSpec(
        prompt=draft.prompt if prompt is None else prompt, width=width, height=height,
        seed=draft.seed if seed is None else seed, n=n, pattern=is_pattern(draft),
    )  # fmt: skip


def encode_preview(image: Image.Image) -> bytes:
    # A box reduce first (a few ms, where a bicubic resize of a 1024 canvas costs ~18): previews come several
    # times a second while the painter needs the same cores.
    rgb = image if image.mode == "RGB" else image.convert("RGB")  # and before the reduce: RGBA's is 4x slower
    factor = max(1, max(rgb.size) // PREVIEW_SIDE)
    small = rgb.reduce(factor) if factor > 1 else rgb.copy()
    small.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE))
    out = io.BytesIO()
    small.save(out, format="WEBP", quality=70, method=0)
    return out.getvalue()


def preview_event(preview: Preview, *, job_id: str, prompt: str, seed: int, parent_ids: list[str]) -> DraftPreview:
    """A preview belongs to the draft-to-be; its id is the job plus the image's index, until the final arrives."""
    image = encode_preview(preview.image)
    return DraftPreview(
        job_id=job_id, draft_id=str(PreviewId(job_id, preview.index)), parent_ids=parent_ids, prompt=prompt, seed=seed,
        width=preview.image.width, height=preview.image.height, mime="image/webp", image=image,
        step=preview.step, total=preview.total,
    )  # fmt: skip


def final_event(painting: Painting, *, skill: str, job_id: str, params: dict[str, Any], parent_ids: list[str],
                faithfulness: Faithfulness | None = None) -> DraftFinal:  # fmt: skip
    png = encode_png(painting.image, painting.provenance())
    draft = Draft(
        id=draft_id(png), parent_ids=parent_ids, job_id=job_id, skill=skill, prompt=painting.prompt, params=params,
        seed=painting.seed, model=painting.backend, width=painting.image.width, height=painting.image.height,
        scene=painting.scene, faithfulness=faithfulness,
    )  # fmt: skip
    return DraftFinal(
        job_id=job_id, draft_id=draft.id, parent_ids=parent_ids, prompt=painting.prompt, seed=painting.seed,
        width=draft.width, height=draft.height, skill=skill, image=png, draft=draft, faithfulness=faithfulness,
        params=params, pattern=is_pattern(draft),
    )  # fmt: skip


def understand(ctx: SkillContext, words: str, seed: int, *, expand: bool) -> tuple[Request, str]:
    """What `words` ask for, and the prompt to paint them by: stand-ins where the painter has no motif for a
    word ("koi" -> "fish"), then the persona's taste when `expand`."""
    request = ctx.read_request(words)
    prompt = request.painter_prompt()
    return request, ctx.expand(prompt, seed) if expand else prompt


def text_check(ctx: SkillContext, request: Request, spec: PaintSpec) -> SelfCheck:
    """The self-check of drafts painted from words: a draft that misses is painted from words again."""
    return SelfCheck(
        request, repaint_with(ctx, lambda again: ctx.painter.text_to_image(again, cancel=ctx.cancel), spec)
    )


def repaint_with(ctx: SkillContext, paint: Callable[[PaintSpec], PaintResult], spec: PaintSpec) -> Repaint:
    """A repaint of one draft of `spec`: the same canvas, another prompt and seed, one image, no previews."""

    def repaint(prompt: str, seed: int) -> Painting | None:
        if ctx.cancel.cancelled:
            return None
        result = paint(spec.model_copy(update={"prompt": prompt, "seed": seed % 2**32, "n": 1}))
        return None if result.cancelled or not result.paintings else result.paintings[0]

    return repaint
