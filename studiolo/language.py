"""The collaborator's language: replies and descriptions answer in the language of the turn (English or Korean)."""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["en", "ko"]
LANGUAGES: tuple[Language, ...] = ("en", "ko")

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str, default: Language = "en") -> Language:
    """Korean when Hangul outnumbers Latin letters (a Korean turn may name "damask" or "RGB"); else English."""
    hangul, latin = len(_HANGUL.findall(text)), len(_LATIN.findall(text))
    if hangul == 0 and latin == 0:
        return default
    return "ko" if hangul >= latin else "en"
