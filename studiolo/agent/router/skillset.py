"""The skills as the router sees them: each skill's Routing (examples, args, cues, offers), plus chat and clarify,
the router's own answers, which run no skill.

A RouteTarget is one thing a turn can be routed to. The skills' targets come from their own declarations
(`Skill.routing`, `Skill.read`, `Skill.description`); chat (small talk) is declared here, and clarify (asking
back) is what the router answers when it cannot decide, so it has no examples. Both routers produce params
validated through the target's Args model, so a decision always has the same shape.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from studiolo.agent.router.gloss import Glossary
from studiolo.skills import builtin_skills
from studiolo.skills.base import RouteArgs, Routing, Skill

CHAT_DESCRIPTION = "Small talk, thanks, and questions about the artist itself; no image work."
CLARIFY_DESCRIPTION = "Ask one short question back when it is unclear what the user wants."

# What people say when they want this (the semantic router compares a turn with these), English and Korean.
CHAT_EXAMPLES = (
    "hi",
    "hello there",
    "how are you",
    "who are you",
    "what's your name",
    "where are you from",
    "thanks!",
    "that's lovely, thank you",
    "what kind of art do you like",
    "tell me about yourself",
    "what inspires you",
    "good morning",
    "bye for now",
    "what can you do",
    "do you have a favorite color",
    "haha",
    "how long have you been painting",
    "are you an AI",
    "nice to meet you",
    "what's your style",
    "tell me a story about Venus",
    "what do you think about Matisse",
    "I'm tired today",
    "ok cool",
    "you're amazing",
    "do you ever paint portraits",
    "have you always been an artist",
    "did you enjoy making that one",
    "what's it like being a painter from Venus",
    "안녕",
    "안녕하세요",
    "고마워",
    "너는 누구야?",
    "이름이 뭐야?",
    "어디서 왔어?",
    "좋아하는 색이 뭐야?",
    "뭘 할 수 있어?",
    "오늘 기분 어때?",
    "잘 가",
    "반가워요",
)

CHAT_CUE = re.compile(
    r"^\W*(?:hi|hey|hello|helo|thanks|thx|thank you|bye|see you|good (?:morning|evening|night))\b"
    r"|\bwho (?:are|made) you\b|\b(?:do|did|have|are) you\b|\byour (?:name|story|favou?rite)\b"
    r"|\bhow(?:'s| is| are) (?:you|your)\b"
    r"|안녕|고마|감사|반가|누구|이름이|어디서|좋아해\?|좋아하는|좋은 (?:아침|밤|하루)|잘 (?:자|지냈)|날씨"
    r"|또 봐|다음에 봐",
    re.IGNORECASE,
)

# Chat's Korean words in English, for the router's gloss of a Korean turn (gloss.py).
CHAT_KOREAN = {
    "안녕": "hello", "고마": "thanks", "감사": "thank you", "반가": "nice to meet you", "이름": "name", "누구": "who",
    "어디서": "where", "좋아하": "like", "기분": "mood", "날씨": "weather", "아침": "morning", "화가": "painter",
    "배웠": "learned", "다음에": "next time", "잘": "well", "또": "again", "오늘": "today",
}  # fmt: skip


class ClarifyArgs(RouteArgs):
    question: str = Field(min_length=1, max_length=500, description="one short question back to the user")


@dataclass(frozen=True)
class RouteTarget:
    name: str
    description: str
    routing: Routing
    read: Callable[[str], dict[str, Any]]  # the args the words of a turn give it

    @classmethod
    def of(cls, skill: Skill) -> RouteTarget:
        return cls(skill.name, skill.description, skill.routing, skill.read)


CHAT = RouteTarget(
    "chat",
    CHAT_DESCRIPTION,
    Routing(
        examples=CHAT_EXAMPLES, cue=CHAT_CUE, korean=CHAT_KOREAN, offer={"en": "just chat", "ko": "그냥 이야기할까요"}
    ),
    lambda text: {},
)


class SkillSet:
    """What a turn can be routed to, in the order the router weighs them: the skills, then chat."""

    def __init__(self, skills: Sequence[Skill] | None = None) -> None:
        skills = builtin_skills() if skills is None else skills
        self.targets: tuple[RouteTarget, ...] = (*(RouteTarget.of(skill) for skill in skills), CHAT)
        self.names: tuple[str, ...] = tuple(target.name for target in self.targets)
        if len(set(self.names)) != len(self.names) or "clarify" in self.names:
            raise ValueError(f"skill names must be unique and not 'clarify': {self.names}")
        self._by_name = {target.name: target for target in self.targets}
        self.glossary = Glossary(target.routing.korean for target in self.targets)

    def __getitem__(self, name: str) -> RouteTarget:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name or name == "clarify"

    def needs_draft(self, name: str) -> bool:
        return name in self._by_name and self._by_name[name].routing.needs_draft

    def args(self, name: str) -> type[RouteArgs]:
        return ClarifyArgs if name == "clarify" else self._by_name[name].routing.Args

    def validated_params(self, name: str, params: dict[str, Any]) -> dict[str, Any]:
        """The params checked against the target's Args model, without the ones left unset."""
        return self.args(name).model_validate(params).model_dump(exclude_none=True)

    def tools(self) -> list[dict[str, Any]]:
        """Every target (and clarify) as a tool in the OpenAI function format, which every LangChain chat model with
        tool calling accepts."""
        described: list[tuple[str, str, type[BaseModel]]] = [
            (t.name, t.description, t.routing.Args) for t in self.targets
        ]
        described.append(("clarify", CLARIFY_DESCRIPTION, ClarifyArgs))
        return [
            {
                "type": "function",
                "function": {"name": name, "description": text, "parameters": args.model_json_schema()},
            }
            for name, text, args in described
        ]
