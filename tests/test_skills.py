"""The skills end to end with the embedded painter and describer, judged by what a collaborator would notice."""

from __future__ import annotations

import asyncio
import io
import threading
from typing import Any

import numpy as np
import pytest
from PIL import Image
from pydantic import BaseModel, TypeAdapter, ValidationError

from studiolo.drafts import Draft, draft_id
from studiolo.errors import StudioloError
from studiolo.events import AnyEvent, CollaborationUpdate, DraftDescribed, DraftFinal, DraftPreview, Event
from studiolo.model.images import open_image
from studiolo.model.measure import MeasuringDescriber
from studiolo.model.protocols import CancelToken, PaintResult, PaintSpec, Preview, PreviewCallback
from studiolo.model.sketch import SketchPainter
from studiolo.skills import builtin_skills
from studiolo.skills.base import Skill, SkillContext, paint_stream
from studiolo.skills.collaborate import (
    Collaborate,
    CollaborateParams,
    CollaborationAnswer,
    CollaborationState,
    rounds_to_accept,
    seconds_per_round,
)  # fmt: skip
from studiolo.skills.describe import Describe, DescribeParams
from studiolo.skills.extend import Extend, ExtendParams
from studiolo.skills.imagine import Imagine, ImagineParams
from studiolo.skills.pattern import Pattern, PatternParams
from studiolo.skills.refine import Refine, RefineParams
from studiolo.skills.tools import skills_as_tools
from studiolo.skills.upscale import Upscale, UpscaleParams

SIDE = 128
FEATHER = 4  # extend's feather band on a 128 px draft: 1/32 of its side


class Studio:
    """What the agent's session does for skills, in miniature: keeps every final draft and hands drafts back."""

    def __init__(self) -> None:
        self.drafts: dict[str, tuple[Draft, bytes]] = {}
        self.painter: Any = SketchPainter()
        self.describer = MeasuringDescriber()
        self.upscale_tile: int | None = None
        self.jobs = 0

    def load_draft(self, draft_id: str) -> tuple[Draft, Image.Image]:
        if draft_id not in self.drafts:
            raise StudioloError("draft.not_found", f"there is no draft {draft_id!r} in this session", field="draft_id")
        draft, data = self.drafts[draft_id]
        return draft, open_image(data)

    def context(self) -> SkillContext:
        self.jobs += 1
        return SkillContext(
            self.painter,
            self.describer,
            f"job{self.jobs}",
            self.load_draft,
            seed=1000 * self.jobs,
            upscale_tile=self.upscale_tile,
        )

    def keep(self, events: list[Event]) -> list[Event]:
        for event in events:
            if isinstance(event, DraftFinal) and event.draft is not None:
                self.drafts[event.draft_id] = (event.draft, event.image)
        return events

    async def run(self, skill: Skill, params: BaseModel, ctx: SkillContext | None = None) -> list[Event]:
        return self.keep([event async for event in skill.run(params, ctx or self.context())])

    async def imagine(
        self, prompt: str, *, n: int = 1, seed: int = 3, size: tuple[int, int] = (SIDE, SIDE), **kw: Any
    ) -> list[Draft]:
        params = ImagineParams(prompt=prompt, n=n, seed=seed, width=size[0], height=size[1], expand=False, **kw)
        return drafts(await self.run(Imagine(), params))

    def image(self, draft: Draft) -> np.ndarray:
        return np.asarray(open_image(self.drafts[draft.id][1]).convert("RGB"), np.float32)


@pytest.fixture
def studio() -> Studio:
    return Studio()


def types(events: list[Event]) -> list[str]:
    return [event.type for event in events]


def drafts(events: list[Event]) -> list[Draft]:
    return [event.draft for event in events if isinstance(event, DraftFinal) and event.draft is not None]


def warmth(pixels: np.ndarray) -> float:
    return float(pixels[..., 0].mean() - pixels[..., 2].mean())


def motif_count(draft: Draft, kind: str) -> int | None:
    return next(m["count"] for m in draft.scene["motifs"] if m["kind"] == kind)


# --- describe --------------------------------------------------------------------------------------------------


async def test_describe_says_what_a_draft_shows_with_the_facts(studio: Studio) -> None:
    (moon,) = await studio.imagine("a moon over the hills at night")
    events = await studio.run(Describe(), DescribeParams(draft_id=moon.id))
    assert types(events) == ["job.started", "draft.described", "job.finished"]
    described = events[1]
    assert isinstance(described, DraftDescribed) and described.draft_id == moon.id
    assert "moon" in described.text
    assert described.facts["provenance"]["layout"] == moon.scene["layout"]
    assert described.facts["size"]["width"] == SIDE and described.facts["palette"]


async def test_describe_an_upload_by_measuring_it(studio: Studio) -> None:
    pixels = np.zeros((96, 160, 3), np.uint8)
    pixels[:, :80] = (200, 30, 30)  # red left half, blue right half
    pixels[:, 80:] = (30, 30, 200)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="JPEG", quality=95)
    upload = Draft(id=draft_id(out.getvalue()), skill="upload", prompt="", seed=0, model="upload", width=160, height=96)
    studio.drafts[upload.id] = (upload, out.getvalue())
    events = await studio.run(Describe(), DescribeParams(draft_id=upload.id))
    described = events[1]
    assert isinstance(described, DraftDescribed)
    assert described.facts["provenance"] is None  # nothing to read from a stranger's image: only measurements
    assert [swatch["name"] for swatch in described.facts["palette"][:2]] == [
        "red",
        "deep blue",
    ]  # (30, 30, 200) is no navy
    assert "red" in described.text and "deep blue" in described.text


# --- refine ----------------------------------------------------------------------------------------------------


async def test_refine_adds_what_the_feedback_asks_for_as_children(studio: Studio) -> None:
    (moon,) = await studio.imagine("a moon over the hills at night", seed=5)
    events = await studio.run(Refine(), RefineParams(draft_id=moon.id, feedback="add a second moon"))
    children = drafts(events)
    assert len(children) == 2 and events[-1].draft_ids == [c.id for c in children]  # type: ignore[attr-defined]
    for i, child in enumerate(children):
        assert child.parent_ids == [moon.id] and child.skill == "refine"
        assert child.prompt == "a moon over the hills at night, add a second moon"
        assert child.seed == moon.seed + i  # the first child keeps the draft's seed, so its composition
        assert motif_count(child, "moon") == 2
    assert any(isinstance(event, DraftPreview) for event in events)


async def test_refine_warmer_warms_the_picture(studio: Studio) -> None:
    (meadow,) = await studio.imagine("a calm meadow with hills under a pale sky", seed=2)
    children = drafts(await studio.run(Refine(), RefineParams(draft_id=meadow.id, feedback="warmer", n=1)))
    assert warmth(studio.image(children[0])) > warmth(studio.image(meadow)) + 5


async def test_refine_a_region_changes_only_inside_it(studio: Studio) -> None:
    (sea,) = await studio.imagine("a calm blue sea", seed=1)
    region = [0.25, 0.25, 0.75, 0.5]
    params = RefineParams(draft_id=sea.id, feedback="a big yellow sun, red sky", n=1, region=region)
    (child,) = drafts(await studio.run(Refine(), params))
    before, after = studio.image(sea), studio.image(child)
    inside = np.zeros((SIDE, SIDE), bool)
    inside[32:64, 32:96] = True
    assert np.array_equal(after[~inside], before[~inside])
    assert np.abs(after[inside] - before[inside]).mean() > 10
    assert child.params["region"] == region and child.parent_ids == [sea.id]


# --- pattern ---------------------------------------------------------------------------------------------------


async def test_pattern_from_a_motif_is_a_seamless_tile_with_an_exact_3x3_repeat(studio: Studio) -> None:
    events = await studio.run(
        Pattern(), PatternParams(motif="pink roses and leaves", width=SIDE, height=96, expand=False)
    )
    tile, repeat = drafts(events)
    assert events[-1].draft_ids == [tile.id, repeat.id]  # type: ignore[attr-defined]
    assert tile.scene["layout"] == "pattern" and tile.params["pattern"] is True
    facts = studio.describer.describe(open_image(studio.drafts[tile.id][1])).facts
    assert facts["periodicity"]["seamless"]["tiles"]  # no seam where the tile meets itself
    assert (repeat.width, repeat.height) == (3 * SIDE, 3 * 96)
    assert np.array_equal(studio.image(repeat), np.tile(studio.image(tile), (3, 3, 1)))
    assert repeat.parent_ids == [tile.id] and repeat.params["repeat_of"] == tile.id and repeat.params["repeat"] == 3


async def test_pattern_from_a_draft_repeats_its_motifs(studio: Studio) -> None:
    (garden,) = await studio.imagine("yellow tulips and butterflies in a garden", seed=4)
    tile, repeat = drafts(await studio.run(Pattern(), PatternParams(draft_id=garden.id, width=SIDE, height=SIDE)))
    assert tile.parent_ids == [garden.id] and repeat.parent_ids == [tile.id]
    assert tile.scene["layout"] == "pattern" and garden.scene["layout"] != "pattern"
    kinds = {m["kind"] for m in tile.scene["motifs"]}
    assert {"tulip", "butterfly"} <= kinds and kinds == {m["kind"] for m in garden.scene["motifs"]}


# --- upscale ---------------------------------------------------------------------------------------------------


def structure(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a.mean(axis=2).ravel(), b.mean(axis=2).ravel())[0, 1])


async def test_upscale_to_2048_keeps_the_picture(studio: Studio) -> None:
    (mountain,) = await studio.imagine("yellow and pink flowers on a spring mountain", seed=6)
    (big,) = drafts(await studio.run(Upscale(), UpscaleParams(draft_id=mountain.id)))
    assert (big.width, big.height) == (2048, 2048) and big.parent_ids == [mountain.id]
    assert big.prompt == mountain.prompt and big.seed == mountain.seed
    small = np.asarray(
        Image.fromarray(studio.image(big).astype(np.uint8)).resize((SIDE, SIDE), Image.Resampling.BOX), np.float32
    )
    assert structure(small, studio.image(mountain)) > 0.9


async def test_upscale_in_tiles_for_painters_that_paint_best_at_one_size(studio: Studio) -> None:
    (moon,) = await studio.imagine("a moon over the hills at night", seed=2)
    studio.upscale_tile = SIDE
    events = await studio.run(Upscale(), UpscaleParams(draft_id=moon.id, width=320))
    (big,) = drafts(events)
    assert (big.width, big.height) == (320, 320) and big.parent_ids == [moon.id]
    tiles = big.scene["upscale"]["tiles"]
    assert tiles == 9 and [e.step for e in events if isinstance(e, DraftPreview)] == list(range(1, tiles + 1))
    assert big.scene["motifs"] == moon.scene["motifs"]  # the describer can still say what was drawn
    small = np.asarray(
        Image.fromarray(studio.image(big).astype(np.uint8)).resize((SIDE, SIDE), Image.Resampling.BOX), np.float32
    )
    assert structure(small, studio.image(moon)) > 0.9


async def test_upscale_keeps_the_aspect_and_refuses_sizes_past_the_limit(studio: Studio) -> None:
    (wide,) = await studio.imagine("sea at dawn", size=(SIDE, 64))
    (big,) = drafts(await studio.run(Upscale(), UpscaleParams(draft_id=wide.id, width=512)))
    assert (big.width, big.height) == (512, 256)
    (boxed,) = drafts(await studio.run(Upscale(), UpscaleParams(draft_id=wide.id, width=300, height=300)))
    assert (boxed.width, boxed.height) == (300, 150)  # fits inside the box
    (scaled,) = drafts(await studio.run(Upscale(), UpscaleParams(draft_id=wide.id, scale=8)))
    assert (scaled.width, scaled.height) == (8 * SIDE, 8 * 64)
    (tall,) = await studio.imagine("a tower", size=(64, 600))
    failed = await studio.run(Upscale(), UpscaleParams(draft_id=tall.id, scale=8))
    assert types(failed) == ["job.started", "job.failed"] and failed[-1].code == "size.out_of_range"  # type: ignore[attr-defined]


# --- extend ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "size", "at"),
    [
        ("right", (192, 128), (0, 0)), ("left", (192, 128), (64, 0)), ("up", (128, 192), (0, 64)),
        ("down", (128, 192), (0, 0)), ("horizontal", (192, 128), (32, 0)), ("all", (192, 192), (32, 32)),
    ],
)  # fmt: skip
async def test_extend_grows_the_canvas_and_keeps_the_draft(
    studio: Studio, direction: str, size: tuple[int, int], at: tuple[int, int]
) -> None:
    (hills,) = await studio.imagine("green hills under a blue sky with clouds", seed=7)
    (grown,) = drafts(await studio.run(Extend(), ExtendParams(draft_id=hills.id, direction=direction)))  # type: ignore[arg-type]
    assert (grown.width, grown.height) == size and grown.parent_ids == [hills.id]
    x, y = at
    old = studio.image(grown)[y : y + SIDE, x : x + SIDE]
    keep = np.ones((SIDE, SIDE), bool)  # the draft, less the feather band along each edge that was grown
    if x > 0:
        keep[:, :FEATHER] = False
    if y > 0:
        keep[:FEATHER, :] = False
    if size[0] - x > SIDE:
        keep[:, -FEATHER:] = False
    if size[1] - y > SIDE:
        keep[-FEATHER:, :] = False
    assert np.array_equal(old[keep], studio.image(hills)[keep])
    assert not np.array_equal(old, studio.image(hills))  # the band blends into the new area


async def test_extending_a_pattern_repeats_its_tile(studio: Studio) -> None:
    tile, repeat = drafts(await studio.run(Pattern(), PatternParams(motif="lemons", width=64, height=96, expand=False)))
    events = await studio.run(Extend(), ExtendParams(draft_id=tile.id, direction="down", amount=1.5))
    assert types(events) == ["job.started", "draft.final", "job.finished"]  # repeated, not painted
    (longer,) = drafts(events)
    (wider,) = drafts(await studio.run(Extend(), ExtendParams(draft_id=longer.id, direction="left", amount=0.3)))
    assert (wider.width, wider.height) == (83, 240)
    expected = np.tile(studio.image(tile), (3, 3, 1))[:240, 64 - 19 : 64 - 19 + 83]
    assert np.array_equal(studio.image(wider), expected)  # the tile's repeat, phase kept, on every side
    (from_repeat,) = drafts(
        await studio.run(Extend(), ExtendParams(draft_id=repeat.id, direction="right", amount=0.25))
    )
    assert np.array_equal(studio.image(from_repeat), np.tile(studio.image(tile), (3, 4, 1))[:, :240])


async def test_extending_past_the_largest_canvas_fails_clearly(studio: Studio) -> None:
    (wide,) = await studio.imagine("a long beach", size=(2048, 64))
    events = await studio.run(Extend(), ExtendParams(draft_id=wide.id, direction="right", amount=1.5))
    assert types(events) == ["job.started", "job.failed"] and events[-1].code == "size.out_of_range"  # type: ignore[attr-defined]


# --- collaborate -----------------------------------------------------------------------------------------------


def update(events: list[Event]) -> CollaborationUpdate:
    (found,) = [event for event in events if isinstance(event, CollaborationUpdate)]
    assert types(events)[-1] == "job.finished"  # the update comes within its job
    return found


async def test_a_three_round_collaboration_accepted_on_round_three(studio: Studio) -> None:
    skill = Collaborate()
    first = await studio.run(
        skill, CollaborateParams(brief="a quiet lake at dusk", k=2, width=SIDE, height=SIDE, expand=False)
    )
    state = CollaborationState.model_validate(update(first).state)
    assert state.round == 1 and state.current_ids == [d.id for d in drafts(first)] and not state.done

    script = [  # the collaborator's answers: action, which draft of the round they pick, rating, comment
        ("feedback", 1, 1, "warmer, add stars"),
        ("feedback", 0, 2, None),
        ("accept", 0, 2, None),
    ]
    for number, (action, index, rating, comment) in enumerate(script, start=1):
        await asyncio.sleep(0.02)  # the collaborator looks before answering
        pick = state.current_ids[index]
        answer = CollaborationAnswer(action=action, draft_id=pick, rating=rating, comment=comment)  # type: ignore[arg-type]
        events = [event async for event in skill.respond(state, answer, studio.context())]
        studio.keep(events)
        state = CollaborationState.model_validate(update(events).state)
        assert state.picks[-1] == pick and len(state.history) == number
        if number < 3:
            assert state.round == number + 1 and len(state.current_ids) == 2
            assert all(d.parent_ids == [pick] and d.params["round"] == number + 1 for d in drafts(events))
    assert state.done and state.accepted and rounds_to_accept(state) == 3
    assert "star" in {m["kind"] for m in studio.drafts[state.history[1].draft_ids[0]][0].scene["motifs"]}
    times = seconds_per_round(state)
    assert len(times) == 3 and all(t >= 0.02 for t in times)
    assert update(events).summary == {  # type: ignore[union-attr]
        "accepted": True, "accepted_id": state.picks[-1], "rounds": 3, "rounds_to_accept": 3, "seconds_per_round": times,
    }  # fmt: skip


async def test_a_collaboration_ends_at_its_round_limit_and_then_refuses_answers(studio: Studio) -> None:
    skill = Collaborate()
    params = CollaborateParams(brief="roses", k=1, max_rounds=1, width=64, height=64, expand=False)
    state = CollaborationState.model_validate(update(await studio.run(skill, params)).state)
    events = [
        e async for e in skill.respond(state, CollaborationAnswer(action="feedback", draft_id="nope"), studio.context())
    ]
    assert types(events) == ["job.started", "job.failed"] and events[-1].code == "collaboration.not_proposed"  # type: ignore[attr-defined]
    answer = CollaborationAnswer(action="feedback", draft_id=state.current_ids[0], comment="bluer")
    events = [e async for e in skill.respond(state, answer, studio.context())]
    assert types(events) == ["job.started", "collaboration.update", "job.finished"]  # no painting: it is over
    ended = CollaborationState.model_validate(update(events).state)
    assert ended.done and not ended.accepted and rounds_to_accept(ended) is None
    again = [e async for e in skill.respond(ended, answer, studio.context())]
    assert again[-1].code == "collaboration.ended"  # type: ignore[attr-defined]


# --- previews --------------------------------------------------------------------------------------------------


async def test_a_slow_consumer_gets_the_newest_preview_not_a_backlog() -> None:
    """Previews that pile up while the consumer is busy collapse to the newest of each image, in order."""
    blank = Image.new("RGB", (8, 8))
    taken, all_sent = threading.Event(), threading.Event()

    def call(on_preview: PreviewCallback) -> PaintResult:
        on_preview(Preview(index=0, step=1, total=4, image=blank))
        taken.wait(10)  # the consumer holds the first preview while the painter goes on
        for step in (2, 3, 4):
            on_preview(Preview(index=0, step=step, total=4, image=blank))
        on_preview(Preview(index=1, step=1, total=4, image=blank))
        all_sent.set()
        return PaintResult(paintings=[])

    items = []
    async for item in paint_stream(call):
        items.append(item)
        if len(items) == 1:
            taken.set()
            await asyncio.to_thread(all_sent.wait, 10)  # everything after the first is queued by now
    previews = [(p.index, p.step) for p in items if isinstance(p, Preview)]
    assert previews == [(0, 1), (0, 4), (1, 1)]
    assert isinstance(items[-1], PaintResult)


async def test_previews_are_paced_per_draft(studio: Studio) -> None:
    """With an interval longer than the job, each draft gets one preview (then its final); with none, every layer."""
    params = ImagineParams(prompt="a moon over the sea", n=2, seed=3, width=SIDE, height=SIDE, expand=False)
    paced = studio.context()
    paced.preview_interval = 3600.0
    events = await studio.run(Imagine(), params, paced)
    assert sorted(e.draft_id for e in events if isinstance(e, DraftPreview)) == ["job1.0", "job1.1"]
    assert len(drafts(events)) == 2
    unpaced = [e for e in await studio.run(Imagine(), params) if isinstance(e, DraftPreview)]
    assert len(unpaced) > 2 and len({e.step for e in unpaced}) > 1


# --- cancelling, missing drafts, bad params --------------------------------------------------------------------


class HoldsAtPreviews:
    """The sketch painter, pausing after each preview until the job is cancelled, so a cancel always lands mid-job."""

    backend_id = "sketch"

    def __init__(self) -> None:
        self.painter = SketchPainter()

    def _held(self, cancel: CancelToken | None, on_preview: PreviewCallback | None) -> PreviewCallback:
        def hold(preview: Any) -> None:
            if on_preview is not None:
                on_preview(preview)
            assert cancel is not None
            waited = threading.Event()
            for _ in range(500):
                if cancel.cancelled:
                    return
                waited.wait(0.01)

        return hold

    def text_to_image(
        self, spec: PaintSpec, *, cancel: CancelToken | None = None, on_preview: PreviewCallback | None = None
    ) -> Any:
        return self.painter.text_to_image(spec, cancel=cancel, on_preview=self._held(cancel, on_preview))

    def image_to_image(self, spec: PaintSpec, init: Image.Image, strength: float, *, cancel: CancelToken | None = None,
                       on_preview: PreviewCallback | None = None) -> Any:  # fmt: skip
        return self.painter.image_to_image(
            spec, init, strength, cancel=cancel, on_preview=self._held(cancel, on_preview)
        )

    def inpaint(self, spec: PaintSpec, init: Image.Image, mask: Image.Image, *, cancel: CancelToken | None = None,
                on_preview: PreviewCallback | None = None) -> Any:  # fmt: skip
        return self.painter.inpaint(spec, init, mask, cancel=cancel, on_preview=self._held(cancel, on_preview))


@pytest.mark.parametrize("skill", ["refine", "pattern", "upscale", "extend", "collaborate"])
async def test_cancelling_from_a_preview_cancels_the_job(studio: Studio, skill: str) -> None:
    (draft,) = await studio.imagine("a moon over the sea")
    params = {
        "refine": RefineParams(draft_id=draft.id, feedback="warmer"),
        "pattern": PatternParams(draft_id=draft.id, width=SIDE, height=SIDE),
        "upscale": UpscaleParams(draft_id=draft.id, width=256),
        "extend": ExtendParams(draft_id=draft.id, direction="right"),
        "collaborate": CollaborateParams(brief="a moon over the sea", k=2, width=SIDE, height=SIDE),
    }[skill]
    studio.painter = HoldsAtPreviews()
    ctx = studio.context()
    events = []
    async for event in {s.name: s for s in builtin_skills()}[skill].run(params, ctx):
        events.append(event)
        if isinstance(event, DraftPreview):
            ctx.cancel.cancel()
    assert types(events)[0] == "job.started" and types(events)[-1] == "job.cancelled"
    assert "draft.final" not in types(events) and "collaboration.update" not in types(events)


async def test_cancelling_a_description(studio: Studio) -> None:
    (draft,) = await studio.imagine("a moon over the sea")
    ctx = studio.context()
    ctx.cancel.cancel()
    events = await studio.run(Describe(), DescribeParams(draft_id=draft.id), ctx)
    assert types(events) == ["job.started", "job.cancelled"]


MISSING = "0" * 32


@pytest.mark.parametrize(
    "skill, params",
    [
        (Describe(), DescribeParams(draft_id=MISSING)),
        (Refine(), RefineParams(draft_id=MISSING, feedback="warmer")),
        (Pattern(), PatternParams(draft_id=MISSING)),
        (Upscale(), UpscaleParams(draft_id=MISSING)),
        (Extend(), ExtendParams(draft_id=MISSING, direction="left")),
    ],
)
async def test_a_missing_draft_fails_the_job_with_a_code(studio: Studio, skill: Skill, params: BaseModel) -> None:
    events = await studio.run(skill, params)
    assert types(events) == ["job.started", "job.failed"]
    assert events[-1].code == "draft.not_found" and MISSING in events[-1].message  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "model, values",
    [
        (RefineParams, {"draft_id": MISSING, "feedback": "warmer", "n": 0}),
        (RefineParams, {"draft_id": MISSING, "feedback": "warmer", "strength": 2}),
        (RefineParams, {"draft_id": MISSING, "feedback": ""}),
        (RefineParams, {"draft_id": MISSING, "feedback": "sun", "region": [0.5, 0, 0.4, 1]}),
        (RefineParams, {"draft_id": MISSING, "feedback": "sun", "region": [0, 0, 1.5, 1]}),
        (UpscaleParams, {"draft_id": MISSING, "width": 10}),
        (UpscaleParams, {"draft_id": MISSING, "height": 5000}),
        (UpscaleParams, {"draft_id": MISSING, "width": 512, "scale": 2}),
        (ExtendParams, {"draft_id": MISSING, "direction": "sideways"}),
        (ExtendParams, {"draft_id": MISSING, "direction": "up", "amount": 0}),
        (PatternParams, {}),
        (PatternParams, {"motif": "lemons", "draft_id": MISSING}),
        (PatternParams, {"motif": "lemons", "width": 2000}),
        (CollaborateParams, {"brief": "roses", "k": 0}),
        (CollaborationAnswer, {"action": "feedback", "draft_id": MISSING, "rating": 3}),
        (DescribeParams, {"draft_id": ""}),
    ],
)  # fmt: skip
def test_bad_params_are_rejected(model: type[BaseModel], values: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        model.model_validate(values)


def test_new_events_travel_in_the_event_union() -> None:
    adapter = TypeAdapter(AnyEvent)
    described = DraftDescribed(job_id="j", draft_id=MISSING, text="a moon", facts={"brightness": 0.2})
    assert adapter.validate_json(described.model_dump_json()) == described
    collaboration = CollaborationUpdate(state={"round": 1}, summary=None)
    assert adapter.validate_json(collaboration.model_dump_json()) == collaboration


# --- tools -----------------------------------------------------------------------------------------------------


async def test_skills_as_langchain_tools() -> None:
    skills = {skill.name: skill for skill in builtin_skills()}
    assert set(skills) == {
        "imagine",
        "describe",
        "refine",
        "collaborate",
        "pattern",
        "upscale",
        "extend",
        "wear",
        "colourways",
    }
    calls: list[tuple[str, BaseModel]] = []

    async def runner(skill: Skill, params: BaseModel) -> str:
        calls.append((skill.name, params))
        return f"ran {skill.name}"

    tools = {tool.name: tool for tool in skills_as_tools(skills.values(), runner)}
    for name, skill in skills.items():
        assert tools[name].args_schema is skill.Params and tools[name].description == skill.description
        assert tools[name].args == skill.Params.model_json_schema()["properties"]
    assert await tools["refine"].ainvoke({"draft_id": MISSING, "feedback": "more yellow"}) == "ran refine"
    name, params = calls[-1]
    assert name == "refine" and params == RefineParams(draft_id=MISSING, feedback="more yellow")  # defaults filled in
    with pytest.raises(ValidationError):
        await tools["upscale"].ainvoke({"draft_id": MISSING, "width": 10})
    assert len(calls) == 1
