"""The short questions the artist asks back instead of guessing, in the language of the turn; the skills' own
words for them (offers, what to ask when there is no draft) are in their Routing."""

from __future__ import annotations

import re

from studiolo.language import Language
from studiolo.skills.base import Routing

_HANGUL = re.compile(r"[\uac00-\ud7a3]")

NO_SUBJECT = {"en": "What would you like me to paint?", "ko": "무엇을 그려 드릴까요?"}


def language(text: str) -> Language:
    return "ko" if _HANGUL.search(text) else "en"


def which_of(text: str, first: Routing, second: Routing) -> str:
    """'Should I paint something new, or change the current draft?' for the two likeliest skills (their offers)."""
    if language(text) == "ko":
        return f"{first.offer['ko']}, 아니면 {second.offer['ko']}?"
    return f"Should I {first.offer['en']}, or {second.offer['en']}?"


def no_target(text: str, routing: Routing) -> str:
    """The question when a skill that works on an image is asked for and there is none."""
    assert routing.no_draft is not None, "a skill that needs a draft says what to ask when there is none"
    return routing.no_draft[language(text)]


def no_subject(text: str) -> str:
    return NO_SUBJECT[language(text)]
