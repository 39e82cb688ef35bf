"""collaborate: rounds of K proposals and the collaborator's answer, until they accept a draft or the rounds run out.

A skill's run is one job and cannot wait for a person, so a collaboration is a small state machine that the agent
keeps in the session: `run` paints round 1 from the brief and ends with a collaboration.update carrying the new
CollaborationState; `respond(state, answer, ctx)` takes the collaborator's answer to the current round (a pick,
with a rating and a comment) and either refines the pick into the next round's K drafts or ends the
collaboration (accepted, or the last round answered) with a summary. The agent replaces its state with the one
in each collaboration.update; when a round's painting fails or is cancelled no update comes, the state stays on
the round that was answered, and the collaborator can answer it again.

A round's time runs from when its proposals were asked for (the brief, or the answer before) to its answer, so it
includes the painting as the collaborator lived it. A pick refined without a comment gives variations around it
(the next seeds); with a comment, the comment is read as feedback on the pick's prompt, at the pick's seed.
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from typing import Any, Literal

from pydantic import BaseModel, Field, computed_field

from studiolo.errors import StudioloError
from studiolo.events import CollaborationUpdate, DraftFinal, Event, JobFinished, JobStarted
from studiolo.model.protocols import MAX_PROMPT_CHARS, MAX_SIDE, MIN_SIDE, Painting, PaintSpec
from studiolo.skills import words
from studiolo.skills.base import (
    DraftId,
    RouteArgs,
    Routing,
    Skill,
    SkillContext,
    SkillReply,
    TurnContext,
    job_failed,
    redraw_spec,
    run_paint_job,
    text_check,
    understand,
)  # fmt: skip
from studiolo.skills.refine import feedback_prompt

REFINE_STRENGTH = 0.55  # as refine's default: the pick's layout stays, the comment shows


MAX_PROPOSALS = 8


class CollaborateArgs(RouteArgs):
    brief: str | None = Field(None, max_length=MAX_PROMPT_CHARS, description="what to design together, if said")
    n: int | None = Field(None, ge=1, le=MAX_PROPOSALS, description="drafts to propose each round, when the user says")


# What people say when they want this (the semantic router compares a turn with these), English and Korean.
EXAMPLES = (
    "let's work on this together",
    "can we design a wallpaper together",
    "I want to collaborate on a poster",
    "propose some ideas and I'll pick one",
    "let's iterate until it's right",
    "show me options each round and I'll give feedback",
    "help me develop a logo step by step",
    "let's brainstorm a pattern together and refine it",
    "we'll go back and forth until I'm happy",
    "be my design partner for a book cover",
    "let's co-create a mural",
    "start a collaboration session",
    "give me rounds of drafts to choose from",
    "I'll rate your proposals, keep refining the best one",
    "work with me on a fabric design",
    "let's do a few rounds",
    "guide me through designing a label",
    "I have a rough idea, let's shape it together",
    "keep proposing until I say it's done",
    "let's run a design session for the spring collection",
    "같이 디자인해 보자",
    "함께 작업하자",
    "시안 보여주면 내가 고를게",
    "몇 번 주고받으면서 다듬어 보자",
    "포스터 같이 만들어 볼래?",
    "라운드마다 몇 개씩 제안해 줘",
    "우리 협업하자",
    "내가 피드백 줄 테니 계속 수정해 줘",
    "마음에 들 때까지 같이 고쳐 나가자",
)

# Its Korean request words in English: the router embeds a Korean turn's English gloss (agent/router/gloss.py).
KOREAN = {
    "같이": "together", "함께": "together", "협업": "collaborate", "피드백": "feedback", "골라": "choose",
    "고를": "choose", "수정": "revise", "디자인": "design", "제안": "propose", "작업": "work on",
    "주고받": "back and forth",
}  # fmt: skip

CUE = re.compile(
    r"\btoge?th?er\b|\bcollaborat|\bco-?(?:creat|design)|\bback and forth\b|\brounds?\b|\bpartner\b"
    r"|\bstep by step\b"
    r"|\biterat|\bi'?ll (?:choose|pick|rate)\b|같이|함께|협업|주고받|라운드|골라서|고를게",
    re.IGNORECASE,
)


class CollaborateParams(BaseModel):
    brief: str = Field(min_length=1, max_length=MAX_PROMPT_CHARS, description="what to design together")
    k: int = Field(4, ge=1, le=MAX_PROPOSALS, description="drafts to propose each round")
    max_rounds: int = Field(5, ge=1, le=20, description="rounds before the collaboration ends without acceptance")
    seed: int | None = Field(
        None, ge=0, lt=2**32, description="round 1's draft i uses seed + i; none: the session's next seed"
    )
    width: int = Field(512, ge=MIN_SIDE, le=MAX_SIDE)
    height: int = Field(512, ge=MIN_SIDE, le=MAX_SIDE)
    pattern: bool = Field(False, description="design a seamless repeating tile")
    expand: bool = Field(True, description="let the artist enrich a short brief with its taste")


class CollaborationAnswer(BaseModel):
    """The collaborator's answer to a round: the draft they pick, and whether they accept it or want another round."""

    action: Literal["feedback", "accept"]
    draft_id: DraftId
    rating: int | None = Field(None, ge=-2, le=2)
    comment: str | None = Field(None, max_length=2000, description="what to change in the next round")


class CollaborationRound(BaseModel):
    round: int
    draft_ids: list[str]
    picked: str
    rating: int | None = None
    comment: str | None = None
    seconds: float


class CollaborationState(BaseModel):
    brief: str
    prompt: str  # the brief as painted, after the persona's expansion
    round: int = Field(ge=1)  # the round whose proposals are on the table (or were, once done)
    max_rounds: int = Field(ge=1)
    k: int = Field(ge=1)
    current_ids: list[str]
    history: list[CollaborationRound] = Field(default_factory=list)  # answered rounds, in order
    accepted: bool = False
    started_at: float  # unix seconds
    round_started_at: float

    @computed_field  # type: ignore[prop-decorator]
    @property
    def picks(self) -> list[str]:
        return [answered.picked for answered in self.history]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def done(self) -> bool:
        return self.accepted or len(self.history) >= self.max_rounds


def rounds_to_accept(state: CollaborationState) -> int | None:
    """The round on which the collaborator accepted, or None while (or when) they have not."""
    return state.history[-1].round if state.accepted else None


def seconds_per_round(state: CollaborationState) -> list[float]:
    return [answered.seconds for answered in state.history]


def summary(state: CollaborationState) -> dict[str, Any]:
    return {
        "accepted": state.accepted,
        "accepted_id": state.picks[-1] if state.accepted else None,
        "rounds": len(state.history),
        "rounds_to_accept": rounds_to_accept(state),
        "seconds_per_round": seconds_per_round(state),
    }


def _update(state: CollaborationState) -> CollaborationUpdate:
    return CollaborationUpdate(state=state.model_dump(mode="json"), summary=summary(state) if state.done else None)


class Collaborate(Skill):
    name = "collaborate"
    request_field = "brief"
    description = (
        "Design together in rounds: propose drafts, take the collaborator's pick and comments, refine until accepted."
    )
    Params = CollaborateParams
    routing = Routing(
        examples=EXAMPLES,
        korean=KOREAN,
        Args=CollaborateArgs,
        cue=CUE,
        offer={"en": "work on it with you in rounds", "ko": "함께 몇 라운드 작업할까요"},
    )
    # a round's proposals; when the collaborator accepts, the agent says so in words of its own
    reply = SkillReply(
        en="Round {round}: {drafts}.{honesty} Rate them, pick one, or tell me what to change.",
        ko="{round}번째 라운드: {drafts}.{honesty} 점수를 주거나, 하나를 고르거나, 바꿀 점을 말해 주세요.",
    )

    def read(self, text: str) -> dict[str, Any]:
        return {"brief": words.collaboration_brief(text), "n": words.count(text, MAX_PROPOSALS)}

    def fill(self, said: dict[str, Any], turn: TurnContext) -> dict[str, Any]:
        options = turn.options
        values: dict[str, Any] = {"brief": said.get("brief") or turn.text}
        values |= {"k": k} if (k := options.n or said.get("n")) else {}
        values |= turn.size() | ({"seed": options.seed} if options.seed is not None else {})
        values |= {"pattern": options.pattern} if options.pattern is not None else {}
        return values | ({"expand": False} if options.exact else {})

    async def run(self, params: CollaborateParams, ctx: SkillContext) -> AsyncIterator[Event]:  # type: ignore[override]
        started = time.time()
        seed = ctx.seed if params.seed is None else params.seed
        request, prompt = understand(ctx, params.brief, seed, expand=params.expand)
        spec = PaintSpec(
            prompt=prompt, width=params.width, height=params.height, seed=seed, n=params.k, pattern=params.pattern
        )
        call = lambda on_preview: ctx.painter.text_to_image(spec, cancel=ctx.cancel, on_preview=on_preview)  # noqa: E731
        check = text_check(ctx, request, spec)

        def first_round(paintings: list[Painting], finals: list[DraftFinal]) -> list[Event]:
            state = CollaborationState(
                brief=params.brief, prompt=prompt, round=1, max_rounds=params.max_rounds, k=params.k,
                current_ids=[final.draft_id for final in finals], started_at=started, round_started_at=started,
            )  # fmt: skip
            return [_update(state)]

        recorded = {"brief": params.brief, "round": 1, "pattern": params.pattern}
        async for event in run_paint_job(
            ctx,
            call,
            skill=self.name,
            prompt=prompt,
            seed=seed,
            params=recorded,
            parent_ids=[],
            finish=first_round,
            check=check,
        ):
            yield event

    async def respond(
        self, state: CollaborationState, answer: CollaborationAnswer, ctx: SkillContext
    ) -> AsyncIterator[Event]:
        """The collaborator's answer to the current round: the next round's drafts, or the end with a summary."""
        answered_at = time.time()
        try:
            if state.done:
                raise StudioloError("collaboration.ended", "this collaboration has ended; start a new one")
            if answer.draft_id not in state.current_ids:
                raise StudioloError("collaboration.not_proposed", "pick one of this round's drafts", field="draft_id")
            pick, image = ctx.load_draft(answer.draft_id)
            comment = (answer.comment or "").strip()
            prompt = feedback_prompt(pick.prompt, comment) if comment else pick.prompt
        except StudioloError as error:
            for event in job_failed(ctx, error):
                yield event
            return
        record = CollaborationRound(
            round=state.round, draft_ids=state.current_ids, picked=pick.id, rating=answer.rating, comment=answer.comment,
            seconds=round(answered_at - state.round_started_at, 3),
        )  # fmt: skip
        answered = state.model_copy(update={"history": [*state.history, record], "accepted": answer.action == "accept"})
        if answered.done:
            for event in (JobStarted(job_id=ctx.job_id), _update(answered), JobFinished(job_id=ctx.job_id)):
                yield event
            return
        seed = pick.seed if comment else (pick.seed + 1) % 2**32  # no words to follow: variations around the pick
        spec = redraw_spec(pick, prompt=prompt, seed=seed, width=image.width, height=image.height, n=state.k)

        def call(on_preview: Any) -> Any:
            return ctx.painter.image_to_image(spec, image, REFINE_STRENGTH, cancel=ctx.cancel, on_preview=on_preview)

        def next_round(paintings: list[Painting], finals: list[DraftFinal]) -> list[Event]:
            ids = [final.draft_id for final in finals]
            return [
                _update(
                    answered.model_copy(
                        update={"round": state.round + 1, "current_ids": ids, "round_started_at": answered_at}
                    )
                )
            ]

        recorded = {"brief": state.brief, "round": state.round + 1, "pattern": spec.pattern}
        async for event in run_paint_job(
            ctx,
            call,
            skill=self.name,
            prompt=prompt,
            seed=seed,
            params=recorded,
            parent_ids=[pick.id],
            finish=next_round,
        ):
            yield event
