"""The screen every public wish (and every text the wall shows) passes before anything is painted or shown.

Two steps: the word list (words.txt plus the installation's own `moderation.words`) refuses a wish outright;
then the MiniLM embedder compares the wish with the shipped exemplars (exemplars/unsafe.{en,ko}.txt): one nearer
to an unsafe exemplar than `moderation.threshold[lang]` (cosine) is refused, unless a safe exemplar
(exemplars/safe.{en,ko}.txt: "a bloody mary cocktail illustration", "a knife-pleated skirt") is nearer by
`moderation.safe_margin`. The exemplars are embedded once, when the screen is made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import numpy as np

from studiolo.installation.config import Moderation
from studiolo.language import LANGUAGES, Language, detect_language
from studiolo.model.protocols import Embedder

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    lang: Language
    reason: Literal["ok", "word", "exemplar"]
    matched: str = ""  # the word, or the nearest unsafe exemplar (for the operator's list, never the visitor)
    similarity: float = 0.0


def shipped_lines(name: str) -> list[str]:
    text = resources.files("studiolo.installation").joinpath("exemplars", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


class Screen:
    def __init__(self, settings: Moderation, embedder: Embedder) -> None:
        self.settings = settings
        self.embedder = embedder
        words = [*shipped_lines("words.txt"), *settings.words]
        latin = [w for w in words if not _HANGUL.search(w)]
        self._latin = re.compile(r"\b(" + "|".join(re.escape(w) for w in latin) + r")\b", re.IGNORECASE)
        self._hangul = [w for w in words if _HANGUL.search(w)]
        self._unsafe = {lang: self._exemplars(f"unsafe.{lang}.txt") for lang in LANGUAGES}
        self._safe = {lang: self._exemplars(f"safe.{lang}.txt") for lang in LANGUAGES}

    def _exemplars(self, name: str) -> tuple[list[str], np.ndarray]:
        lines = shipped_lines(name)
        return lines, self.embedder.embed(lines)

    def check(self, text: str) -> Verdict:
        lang = detect_language(text)
        if (found := self._latin.search(text)) is not None:
            return Verdict(False, lang, "word", found.group(0))
        if (word := next((w for w in self._hangul if w in text), None)) is not None:
            return Verdict(False, lang, "word", word)
        vector = self.embedder.embed([text])[0]
        unsafe_lines, unsafe = self._unsafe[lang]
        scores = unsafe @ vector
        nearest = int(np.argmax(scores))
        similarity = float(scores[nearest])
        safe_best = float(np.max(self._safe[lang][1] @ vector))
        if similarity >= self.settings.threshold.get(lang, 1.0) and similarity > safe_best + self.settings.safe_margin:
            return Verdict(False, lang, "exemplar", unsafe_lines[nearest], similarity)
        return Verdict(True, lang, "ok", similarity=similarity)
