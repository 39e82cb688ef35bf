"""A Korean turn glossed in English words, so MiniLM (an English model) can compare it with the skills' examples.

MiniLM reads Hangul as jamo: every Korean sentence is about equally close to every other (cosines of 0.8 +- 0.05),
so a skill with fewer Korean examples than its neighbours looked further from every Korean turn, and one with more
looked closer to all of them. Glossed, "이 패턴을 원피스에 입혀 줘" is read as "this pattern dress wear" and compared
with the English examples, where MiniLM tells the skills apart.

Each Hangul token is read from its start: a request word (the skills' own, `Routing.korean`, and the common ones
below: longest first, a one-syllable word only alone or before a particle), then the rest of the token the same way;
a token that opens with no request word gives the things, themes and colours the sketch painter's lexicon knows in
it ("강아지가" -> "dog", "겨울" -> "winter"). Latin words and numbers are kept ("4k", "#3"). A turn with no known
request word (only endings like "줘", or things) has no gloss, and the router compares its own words with the
examples as before: a skill that declares no Korean words is still found by its Korean examples.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from studiolo.model.sketch.lexicon import prompt_items
from studiolo.model.sketch.vocabulary import KO_PARTICLES

# The endings of a request and its "please": they name nothing (and are glossed as nothing).
FILLERS = frozenset({"해", "해줘", "해서", "해줄래", "해주세요", "줘", "줄래", "주세요", "좀"})

# Words of a request that belong to no one skill: what it points at, showing and making, and the endings that
# carry no meaning for routing.
COMMON: Mapping[str, str] = {
    "이": "this", "이거": "this", "이걸": "this", "이것": "this", "이건": "this", "그거": "that", "저거": "that",
    "그림": "picture", "이미지": "image", "사진": "photo", "작품": "artwork", "시안": "draft", "버전": "version",
    "보여": "show", "보여줘": "show me", "보고": "see", "봐": "see", "볼래": "see", "만들": "make", "만들어": "make",
    "만든": "made", "다시": "again", "더": "more", "덜": "less", "다른": "other", "어때": "how about",
    "느낌": "look", "올린": "uploaded", "업로드": "upload", "보낸": "sent", "가져": "take",
    "크기": "size", "작게": "smaller", "크게": "bigger",
    "부탁": "please", "부탁해": "please",
    **dict.fromkeys(FILLERS, ""),
}  # fmt: skip

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_TOKEN = re.compile(r"[\uac00-\ud7a3]+|[A-Za-z]+|\d+|#")
_SUBJECT_KINDS = ("motif", "theme", "color")  # the sketch lexicon's items that name what a picture shows
MAX_TOKENS = 200  # a turn is read as far as this: routing needs its request, not every word of a long prompt


class Glossary:
    """Korean request words -> English; `english(text)` glosses a turn."""

    def __init__(self, words: Iterable[Mapping[str, str]]) -> None:
        merged: dict[str, str] = dict(COMMON)
        for table in words:
            for korean, english in table.items():
                if merged.get(korean, english) != english:
                    raise ValueError(f"{korean!r} is glossed both {merged[korean]!r} and {english!r}")
                merged[korean] = english
        self.words = merged
        self._longest_first = sorted(merged, key=len, reverse=True)

    def english(self, text: str) -> str | None:
        """The turn in English words, or None when no Korean request word in it is known (a skill that declares no
        Korean words is then still found by its Korean examples)."""
        out: list[str] = []
        asks = False  # a request word known: without one, the gloss would name things but not what to do with them
        for token in _TOKEN.findall(text)[:MAX_TOKENS]:
            if not _HANGUL.match(token):
                out.append(token)
                continue
            words = self._request_words(token)
            if words is None:
                words = [str(item.value).lstrip("@?") for item in prompt_items(token)
                         if item.kind in _SUBJECT_KINDS and isinstance(item.value, str)]  # fmt: skip
            else:
                asks = asks or any(words)
            out.extend(word for word in words if word)
        return " ".join(out) if asks else None

    def _request_words(self, token: str) -> list[str] | None:
        """The request words a token opens with, in English; None when it opens with none."""
        words: list[str] = []
        rest = token
        while rest and (word := self._opening(rest)) is not None:
            words.append(self.words[word])
            rest = rest[len(word) :]
        return words if words or not rest else None

    def _opening(self, token: str) -> str | None:
        for word in self._longest_first:
            if token.startswith(word) and (len(word) > 1 or token == word or token[1:].startswith(KO_PARTICLES)):
                return word
        return None
