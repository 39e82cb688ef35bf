"""The short questions the artist asks back instead of guessing, in the language of the turn."""

from __future__ import annotations

import re

from studiolo.agent.router.decision import SkillName

_HANGUL = re.compile(r"[\uac00-\ud7a3]")

OFFERS: dict[str, dict[SkillName, str]] = {
    "en": {
        "imagine": "paint something new",
        "describe": "describe the image",
        "refine": "change the current draft",
        "collaborate": "work on it with you in rounds",
        "pattern": "make a repeating pattern",
        "upscale": "make it larger",
        "extend": "extend the canvas",
        "chat": "just chat",
    },
    "ko": {
        "imagine": "새 그림을 그릴까요",
        "describe": "이미지를 설명할까요",
        "refine": "지금 시안을 고칠까요",
        "collaborate": "함께 몇 라운드 작업할까요",
        "pattern": "반복 패턴을 만들까요",
        "upscale": "크게 키울까요",
        "extend": "캔버스를 넓힐까요",
        "chat": "그냥 이야기할까요",
    },
}

# When the turn asks for work on an image and there is none.
NO_TARGET: dict[str, dict[SkillName, str]] = {
    "en": {
        "refine": "There's no draft yet to change. What would you like me to paint?",
        "upscale": "There's no draft yet to make larger. What should I paint first?",
        "extend": "There's no draft yet to extend. What should I paint first?",
        "describe": "I don't see an image yet. Could you attach one, or pick a draft for me to describe?",
    },
    "ko": {
        "refine": "아직 고칠 시안이 없어요. 무엇을 그려 드릴까요?",
        "upscale": "아직 키울 시안이 없어요. 먼저 무엇을 그릴까요?",
        "extend": "아직 넓힐 시안이 없어요. 먼저 무엇을 그릴까요?",
        "describe": "아직 이미지가 안 보여요. 이미지를 첨부하거나 설명할 시안을 골라 주시겠어요?",
    },
}

NO_SUBJECT = {"en": "What would you like me to paint?", "ko": "무엇을 그려 드릴까요?"}


def language(text: str) -> str:
    return "ko" if _HANGUL.search(text) else "en"


def which_of(text: str, first: SkillName, second: SkillName) -> str:
    """'Should I paint something new, or change the current draft?' for the two likeliest skills."""
    if language(text) == "ko":
        return f"{OFFERS['ko'][first]}, 아니면 {OFFERS['ko'][second]}?"
    return f"Should I {OFFERS['en'][first]}, or {OFFERS['en'][second]}?"


def no_target(text: str, skill: SkillName) -> str:
    return NO_TARGET[language(text)][skill]


def no_subject(text: str) -> str:
    return NO_SUBJECT[language(text)]
