"""The artist's voice: replies in character, grounded in what the skill actually did.

Every reply starts from an Outcome, the facts of the turn (how many drafts were made, the prompt as expanded, the
description, the error). Replies about work are templates in the persona's voice: they can only say what the
Outcome holds, so the artist never claims a result it did not produce. Small talk goes to the chat model with
the persona as its instructions; a reply that claims to have made something, or rambles past the persona's
sentence length, is replaced by a template (the small embedded model is not reliable enough to be trusted).
Replies are streamed a sentence at a time: the whole reply is known before its first word is sent (a template,
or a chat answer checked first), so smaller deltas would only multiply the events every viewer is sent and the
store keeps, without showing anything sooner.
"""

from __future__ import annotations

import random
import re
from collections.abc import AsyncIterator
from typing import Literal

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from studiolo.persona.spec import Persona

OutcomeKind = Literal[
    "greeting", "imagined", "described", "refined", "pattern", "upscaled", "extended", "collaborating",
    "accepted", "cancelled", "failed", "clarify", "chat", "refused", "error",
]  # fmt: skip
SENTENCES = {"short": 2, "medium": 3, "long": 4}
SENTENCE = re.compile(r"[^.!?]*[.!?]+\s*|[^.!?]+$")  # each up to its end mark and the spaces after; any rest
CLAIMS = re.compile(r"\b(here (is|are)|i('ve| have)? (drawn|painted|made|created|sketched)|attached|see the (image|draft))\b", re.I)


class Outcome(BaseModel):
    kind: OutcomeKind
    count: int = 0
    prompt: str = ""
    expanded: str = ""  # the prompt as painted, when expansion added to it
    description: str = ""
    question: str = ""
    user_text: str = ""
    message: str = ""  # an error's message, for failures
    numbers: list[int] = Field(default_factory=list)  # the drafts' numbers as people see them (#5, #6)


class Voice:
    def __init__(self, persona: Persona, chat_model: BaseChatModel | None = None) -> None:
        self.persona = persona
        self.chat_model = chat_model

    async def speak(self, outcome: Outcome, *, seed: int = 0) -> AsyncIterator[str]:
        """The reply as deltas (sentences with their spaces); join them for the whole reply."""
        text = await self._chat(outcome, seed) if outcome.kind == "chat" and self.chat_model is not None else None
        for delta in SENTENCE.findall(text or self.template(outcome, seed=seed)):
            yield delta

    def template(self, outcome: Outcome, *, seed: int = 0) -> str:
        pick = random.Random(f"{seed}/{outcome.kind}/{self.persona.id}")
        phrase = pick.choice(self.persona.voice.phrases) if self.persona.voice.phrases and pick.random() < 0.4 else ""
        drafts = _drafts(outcome.count, outcome.numbers)
        lines = {
            "greeting": pick.choice(self.persona.greetings),
            "imagined": f"Here {'is' if outcome.count == 1 else 'are'} {drafts} for “{outcome.prompt}”."
            + (f" I painted it as “{outcome.expanded}”." if outcome.expanded and outcome.expanded != outcome.prompt else "")
            + " Which one speaks to you?",
            "described": outcome.description,
            "refined": f"I reworked it: {drafts}, with “{outcome.prompt}”. Better?",
            "pattern": f"Here is the pattern: {drafts}, a seamless tile with its repeat.",
            "upscaled": f"Done: {drafts} at full size.",
            "extended": f"I grew the canvas: {drafts}.",
            "collaborating": f"Round {outcome.count or 1}: {drafts}. Rate them, pick one, or tell me what to change.",
            "accepted": f"Wonderful, we have it: {drafts}.",
            "cancelled": "Stopped. Nothing half-finished was kept.",
            "failed": f"Something went wrong with my brushes: {outcome.message}",
            "clarify": outcome.question,
            "chat": pick.choice(self.persona.questions) if self.persona.questions else "What shall we make?",
            "refused": self.persona.safety.refusal,
            "error": outcome.message,
        }
        text = lines[outcome.kind]
        return f"{phrase} {text}".strip() if phrase and outcome.kind in ("imagined", "refined", "pattern", "chat") else text

    async def _chat(self, outcome: Outcome, seed: int) -> str | None:
        persona = self.persona
        limit = SENTENCES[persona.voice.sentence_length]
        system = (
            f"You are {persona.name}, an artist. {persona.tagline} Your tone: {', '.join(persona.voice.tone)}. "
            f"Answer in at most {limit} short sentences. You have not made any image in this reply; never say you have."
        )
        try:
            message = await self.chat_model.ainvoke(  # type: ignore[union-attr]
                [SystemMessage(system), HumanMessage(outcome.user_text)], seed=seed, max_tokens=80
            )
        except Exception:  # noqa: BLE001 - any model failure falls back to the template; the turn goes on
            return None
        text = message.content if isinstance(message.content, str) else ""
        sentences = re.findall(r"[^.!?]+[.!?]", text.strip())
        reply = " ".join(s.strip() for s in sentences[:limit])
        if not reply or CLAIMS.search(reply):
            return None
        return reply


def _drafts(count: int, numbers: list[int]) -> str:
    if numbers:
        marks = ", ".join(f"#{n}" for n in numbers)
        return f"{'draft' if len(numbers) == 1 else 'drafts'} {marks}"
    words = {1: "one draft", 2: "two drafts", 3: "three drafts", 4: "four drafts"}
    return words.get(count, f"{count} drafts")
