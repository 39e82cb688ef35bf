"""A skill declares everything about itself in its own module: a toy skill written here, in one class, is routed to
(by the semantic router and as a chat model's tool), has its params filled from the turn, runs, and is replied to
in its own words, without a line changed anywhere else."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import BaseModel, Field

from studiolo.agent.agent import Agent
from studiolo.agent.router import SemanticRouter, SkillSet
from studiolo.events import DraftFinal, Event
from studiolo.model.measure import MeasuringDescriber
from studiolo.model.protocols import MAX_SIDE, MIN_SIDE, PaintSpec
from studiolo.model.sketch import SketchPainter
from studiolo.persona.library import get_persona
from studiolo.skills import builtin_skills
from studiolo.skills.base import RouteArgs, Routing, Skill, SkillContext, SkillReply, TurnContext, run_paint_job

pytestmark = pytest.mark.slow


# --- the toy skill: everything about it, in one place --------------------------------------------------------


class StampArgs(RouteArgs):
    subject: str | None = Field(None, description="what the stamp shows, when said")


class StampParams(BaseModel):
    subject: str = Field(min_length=1, max_length=200)
    side: int = Field(256, ge=MIN_SIDE, le=MAX_SIDE)
    seed: int | None = None


class Stamp(Skill):
    name = "stamp"
    description = "Carve a rubber stamp: one bold, single-colour motif on a square."
    Params = StampParams
    routing = Routing(
        examples=(
            "carve me a rubber stamp of a fox",
            "make a stamp with a little house on it",
            "I need an ink stamp for my letters",
            "turn this idea into a rubber stamp: a whale",
            "a stamp of an owl please",
            "도장 만들어 줘",
            "고양이 도장 파 줘",
            "이름 도장 하나 파 주세요",
        ),
        Args=StampArgs,
        cue=re.compile(r"\bstamps?\b|도장", re.IGNORECASE),
        offer={"en": "carve a stamp", "ko": "도장을 만들까요"},
    )
    reply = SkillReply(en="Your stamp is ready: {drafts}, “{prompt}”.", ko="도장이 다 됐어요: {drafts}.")

    def read(self, text: str) -> dict[str, Any]:
        found = re.search(r"\bstamp (?:of|with) (?:an? )?(.+?)(?: on it)?(?: please)?$", text, re.IGNORECASE)
        return {"subject": found[1]} if found else {}

    def fill(self, said: dict[str, Any], turn: TurnContext) -> dict[str, Any]:
        values: dict[str, Any] = {"subject": said.get("subject") or turn.text}
        if turn.options.size is not None:
            values["side"] = turn.options.size
        return values | ({"seed": turn.options.seed} if turn.options.seed is not None else {})

    async def run(self, params: StampParams, ctx: SkillContext) -> AsyncIterator[Event]:  # type: ignore[override]
        seed = ctx.seed if params.seed is None else params.seed
        prompt = f"{params.subject}, in black on white"
        spec = PaintSpec(prompt=prompt, width=params.side, height=params.side, seed=seed, n=1)
        call = lambda on_preview: ctx.painter.text_to_image(spec, cancel=ctx.cancel, on_preview=on_preview)  # noqa: E731
        async for event in run_paint_job(
            ctx, call, skill=self.name, prompt=prompt, seed=seed, params=params.model_dump(), parent_ids=[]
        ):
            yield event


# --- the test ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def skills() -> list[Skill]:
    return [*builtin_skills(), Stamp()]


@pytest.fixture(scope="module")
def router(skills: list[Skill]) -> SemanticRouter:
    return SemanticRouter(skills=skills)


async def test_a_skill_declared_in_one_class_is_routed_to_run_and_replied_to(
    skills: list[Skill], router: SemanticRouter
) -> None:
    decision = router.route("could you carve a rubber stamp of a hedgehog")
    assert decision.skill == "stamp" and decision.params == {"subject": "hedgehog"}
    assert router.route("paint a lighthouse in a storm").skill == "imagine"  # the others keep their turns

    agent = Agent(get_persona("vespera"), SketchPainter(), MeasuringDescriber(), router, skills=skills)
    session = agent.new_session()
    events = [e async for e in agent.say(session, "could you carve a rubber stamp of a hedgehog")]
    assert [e.skill for e in events if e.type == "turn.routed"] == ["stamp"]
    finals = [e for e in events if isinstance(e, DraftFinal)]
    assert len(finals) == 1 and finals[0].skill == "stamp" and (finals[0].width, finals[0].height) == (256, 256)
    assert finals[0].prompt == "hedgehog, in black on white"
    assert (
        events[-1].type == "reply.done"
        and events[-1].text == "Your stamp is ready: draft #1, “could you carve a rubber stamp of a hedgehog”."
    )

    korean = [e async for e in agent.say(agent.new_session(), "여우 도장 파 줘")]
    assert [e.skill for e in korean if e.type == "turn.routed"] == ["stamp"]
    assert korean[-1].text == "도장이 다 됐어요: 초안 #1."


def test_its_args_are_offered_as_a_tool_and_its_offer_asked_back(skills: list[Skill]) -> None:
    tools = {tool["function"]["name"]: tool["function"] for tool in SkillSet(skills).tools()}
    assert tools["stamp"]["description"] == Stamp.description
    assert tools["stamp"]["parameters"] == StampArgs.model_json_schema()
    assert list(tools) == [*(skill.name for skill in skills), "chat", "clarify"]


def test_without_the_skill_in_the_list_nothing_routes_to_it() -> None:
    assert "stamp" not in SkillSet().names


def test_a_skill_that_needs_a_draft_must_say_what_to_ask_without_one() -> None:
    with pytest.raises(ValueError, match="no_draft"):
        Routing(examples=("stamp it",), needs_draft=True, offer={"en": "stamp it", "ko": "도장"})
