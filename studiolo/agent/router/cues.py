"""Words that say which skill is meant, in English and Korean, where embeddings alone are not enough.

MiniLM was trained on English: it reads Korean as Hangul jamo, so that every Korean sentence is about equally
close to every other (cosines of 0.8 +- 0.05), and Korean turns lean on these cues. In English the cues settle
what the embedding leaves close: "wider" (extend) against "warmer" (refine), "4k" (upscale) against "4 drafts"
(imagine). Each cue only shifts the odds; the semantic scores still decide between skills that both have cues.
"""

from __future__ import annotations

import re

from studiolo.agent.router.decision import SkillName

_FLAGS = re.IGNORECASE

SKILL_CUES: dict[SkillName, re.Pattern[str]] = {
    "imagine": re.compile(
        r"\b(?:draw|drwa|paint|sketch|illustrate|ilustrate|imagine|render|visuali[sz]e)\b"
        r"|\b(?:new|different) (?:one|idea|image|scene)\b"
        r"|\b(?:make|create|generate|give me) (?:a|an|some|me a) (?:picture|image|drawing|painting|illustration)\b"
        r"|그려|(?:그림|이미지|일러스트)\s*(?:을|를)?\s*(?:하나|한\s*장|보여|만들어)",
        _FLAGS,
    ),
    "describe": re.compile(
        r"\bd[ie]scri|\bwhat (?:do|can) you see\b|\bwhat'?s? (?:in|on) (?:this|the|that)\b|\bcaption|\banaly[sz]"
        r"|\balt text"
        r"|\bwhat(?:'s| is) this\b|\bwhat did you (?:paint|make|draw)|\bcompos(?:ition|ed)\b|\bpalette of\b"
        r"|설명|분석|뭐가\s*(?:있|보|그려)|캡션|무슨\s*색|어떤\s*(?:장면|스타일)",
        _FLAGS,
    ),
    "collaborate": re.compile(
        r"\btoge?th?er\b|\bcollaborat|\bco-?(?:creat|design)|\bback and forth\b|\brounds?\b|\bpartner\b"
        r"|\bstep by step\b"
        r"|\biterat|\bi'?ll (?:choose|pick|rate)\b|같이|함께|협업|주고받|라운드|골라서|고를게",
        _FLAGS,
    ),
    "pattern": re.compile(
        r"\bpat+ern|\bsee?mless|\btil(?:e|es|eable|ing)\b|\brepeat(?:ing|s)?\b|\btextile|\bfabric|\bwallpaper"
        r"|\bwrapping paper|\bdamask|\btoile|\ball-?over print"
        r"|패턴|무늬|텍스타일|심리스|반복|타일|원단|벽지",
        _FLAGS,
    ),
    "upscale": re.compile(
        r"\bup-?s(?:cale|acle)|\bscale (?:it |this )?up\b|\bresolution|\bhi(?:gh)?[- ]?res\b|\b[248] ?k\b|\bhd\b"
        r"|\benlarge"
        r"|\bblow (?:it|this) up|\bsuper[- ]?res|\bprint(?:ing|-ready| quality| size)|\bbigger for\b|\b\d{4}\b"
        r"|업스케일|해상도|고화질|확대|인쇄|키워",
        _FLAGS,
    ),
    "extend": re.compile(
        r"\be?xte?nd|\boutpaint|\bexpand|\bpanoram|\bzoom(?:ed)? out\b|\bbeyond the edges?|\bcontinue\b"
        r"|\bgrow (?:the|it|this)"
        # wider/taller only of the picture itself: "make it wider", not "the river should be wider"
        r"|(?:^|\b(?:it|this|canvas|image|picture|scene|version|format)\s+(?:\w+\s+)?)(?:wider|taller)\b"
        r"|\bwiden (?:it|this|the (?:canvas|image|picture|scene))"
        r"|\b(?:more|add) (?:space|room)\b|\bshow more\b|\bmore (?:\w+ ){0,3}(?:above|below)\b"
        r"|확장|늘려|넓게|넓혀|이어서|바깥|양옆",
        _FLAGS,
    ),
    "chat": re.compile(
        r"^\W*(?:hi|hey|hello|helo|thanks|thx|thank you|bye|see you|good (?:morning|evening|night))\b"
        r"|\bwho (?:are|made) you\b|\b(?:do|did|have|are) you\b|\byour (?:name|story|favou?rite)\b"
        r"|\bhow(?:'s| is| are) (?:you|your)\b"
        r"|안녕|고마|감사|반가|누구|이름이|어디서|좋아해\?|좋아하는|좋은 (?:아침|밤|하루)|잘 (?:자|지냈)|날씨"
        r"|또 봐|다음에 봐",
        _FLAGS,
    ),
}

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
