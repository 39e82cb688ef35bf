"""Words that point at refine, in English and Korean: an edit or feedback on something already there. Each skill's
own cue words are in its module (`Skill.routing.cue`).

MiniLM was trained on English: it reads Korean as Hangul jamo, so that every Korean sentence is about equally
close to every other (cosines of 0.8 +- 0.05); a Korean turn is embedded as its English gloss (gloss.py), and the
cues match its own words. In English the cues settle what the embedding leaves close: "wider" (extend) against
"warmer" (refine), "4k" (upscale) against "4 drafts" (imagine). Each cue only shifts the odds; the semantic scores still decide between skills that both have cues.
"""

from __future__ import annotations

import re

_FLAGS = re.IGNORECASE

# A turn that opens with an edit ("add a boat on the water", "put a cat on the sill") or asks for a part to be
# otherwise ("can the fox be bigger"): with a draft or image, an edit even when it reads like a new subject.
EDIT = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|now|and|then|please|pls)[,!]?\s+)*"
    r"(?:add|ad|put|place|insert|remove|delete|erase|take out|get rid of|replace|swap|change|recolou?r|move"
    r"|make (?:it|the|this|that))\b"
    r"|\b(?:should|could|can|must)\b(?:\s+\w+){1,3}?\s+be\b",
    _FLAGS,
)

# Feedback on something already there: with a draft or image these point at refine.
FEEDBACK = re.compile(
    r"\b(?:more|less|les|fewer|warmer|cooler|brighter|brighten|darker|lighter|softer|bolder|bigger|smaller|greener"
    r"|add|ad|put|place|remove|delete|get rid of|take out|change|swap|replace|tone (?:it )?down|too"
    r"|make (?:it|the|this)|mkae"
    r"|simplify|instead of|should be|could (?:the|it) be|can the|pop)\b"
    r"|더|덜|따뜻하게|차갑게|밝게|어둡게|추가|빼|지워|없애|바꿔|너무|줄여|단순하게|넣어",
    _FLAGS,
)
