"""Resolving how people point at drafts: "#3", "the second one", "this", "the last pattern", "the blue one".

`resolve_reference(text, graph)` returns the draft a turn points at, None when it points at none, and raises
`draft.not_found` when it clearly points at one that does not exist ("#9" in a session of four).
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Callable

from PIL import ImageColor

from studiolo.agent.lineage import DraftGraph
from studiolo.drafts import Draft
from studiolo.errors import StudioloError

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7, "8th": 8,
    "첫": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8,
}  # fmt: skip
COLOUR_WORDS = {
    "red": "red", "orange": "orange", "yellow": "yellow", "gold": "yellow", "golden": "yellow", "green": "green",
    "blue": "blue", "navy": "blue", "teal": "blue", "purple": "purple", "violet": "purple", "pink": "pink",
    "brown": "brown", "white": "white", "black": "black", "grey": "grey", "gray": "grey", "dark": "black",
    "빨간": "red", "주황": "orange", "노란": "yellow", "초록": "green", "파란": "blue", "보라": "purple",
    "분홍": "pink", "갈색": "brown", "하얀": "white", "흰": "white", "검은": "black", "회색": "grey",
}  # fmt: skip
KIND_WORDS = {
    "pattern": "pattern", "tile": "pattern", "textile": "pattern", "패턴": "pattern", "landscape": "landscape",
    "풍경": "landscape", "room": "interior", "interior": "interior", "space": "cosmic",
}  # fmt: skip

_NUMBER = re.compile(r"(?:#|\bdraft\s*#?|\bnumber\s+|\bno\.\s*)(\d{1,6})\b", re.IGNORECASE)
_ORDINAL = re.compile(
    r"\b(?:the\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth|1st|2nd|3rd|4th|5th|6th|7th|8th)\s+"
    r"(?:one|draft|image|picture|version)\b|(첫|두|세|네|다섯|여섯|일곱|여덟)\s*번째",
    re.IGNORECASE,
)
_LAST = re.compile(
    r"\b(?:the\s+)?(?:last|latest|newest|previous)\s+(one|draft|image|pattern|tile|textile|landscape|room|interior)\b|마지막|방금",
    re.IGNORECASE,
)
_COLOURED = re.compile(
    r"\bthe\s+(\w+)\s+(?:one|draft|image|picture|version)\b|(\w+?)(?:색)?\s*(?:거|것)\b", re.IGNORECASE
)
_THIS = re.compile(r"\b(this|that|it)(\s+one)?\b|이거|이것|그거|그것", re.IGNORECASE)


def resolve_reference(text: str, graph: DraftGraph) -> Draft | None:
    if match := _NUMBER.search(text):
        return graph.by_number(int(match.group(1)))
    if match := _ORDINAL.search(text):
        word = (match.group(1) or match.group(2)).lower()
        return _in_latest_batch(graph, ORDINALS[word])
    if match := _LAST.search(text):
        kind = KIND_WORDS.get((match.group(1) or "").lower())
        return _newest(graph, lambda d: kind is None or _layout(d) == kind, what=f"{match.group(1) or 'draft'}")
    if match := _COLOURED.search(text):
        colour = COLOUR_WORDS.get((match.group(1) or match.group(2) or "").lower())
        if colour is not None:
            return _newest(graph, lambda d: colour in draft_colours(d), what=f"{colour} draft")
    if _THIS.search(text):
        if graph.cursor is None:
            raise StudioloError("draft.not_found", "there is no draft yet to refer to", field="draft_id")
        return graph.get(graph.cursor)
    return None


def _latest_batch(graph: DraftGraph) -> list[Draft]:
    drafts = graph.drafts()
    if not drafts:
        return []
    job = drafts[-1].job_id
    return [d for d in drafts if d.job_id == job] if job is not None else drafts[-1:]


def _in_latest_batch(graph: DraftGraph, position: int) -> Draft:
    batch = _latest_batch(graph)
    if not 1 <= position <= len(batch):
        raise StudioloError(
            "draft.not_found", f"the latest set has {len(batch)} drafts, not {position}", field="draft_id"
        )
    return batch[position - 1]


def _newest(graph: DraftGraph, matches: Callable[[Draft], bool], *, what: str) -> Draft:
    for draft in reversed(graph.drafts()):
        if matches(draft):
            return draft
    raise StudioloError("draft.not_found", f"there is no {what} in this session yet", field="draft_id")


def _layout(draft: Draft) -> str | None:
    if draft.skill == "pattern":
        return "pattern"
    layout = draft.scene.get("layout")
    return layout if isinstance(layout, str) else None


def draft_colours(draft: Draft) -> set[str]:
    """The basic colour words a person would use for a draft: named in its prompt, or dominant in its palette."""
    found = {COLOUR_WORDS[w] for w in re.findall(r"\w+", draft.prompt.lower()) if w in COLOUR_WORDS}
    found_palette = draft.scene.get("palette")
    palette = found_palette if isinstance(found_palette, dict) else {}
    for role in ("sky", "ground"):
        colours = palette.get(role) or []
        if colours and isinstance(colours[0], str):
            found.add(basic_colour(colours[0]))
    for name in draft.scene.get("named_colors") or []:
        if isinstance(name, str):
            try:
                found.add(basic_colour(name))
            except ValueError:
                continue
    return found


def basic_colour(color: str) -> str:
    """One of a dozen everyday colour words for any CSS colour."""
    r, g, b = (v / 255 for v in ImageColor.getrgb(color)[:3])
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    if lightness > 0.9 or (saturation < 0.15 and lightness > 0.75):
        return "white"
    if lightness < 0.12:
        return "black"
    if saturation < 0.15:
        return "grey"
    degrees = hue * 360
    if (degrees < 15 or degrees >= 345) and lightness > 0.7:
        return "pink"
    if 15 <= degrees < 45 and lightness < 0.4:
        return "brown"
    for limit, name in (
        (15, "red"),
        (45, "orange"),
        (70, "yellow"),
        (170, "green"),
        (255, "blue"),
        (320, "purple"),
        (345, "pink"),
    ):
        if degrees < limit:
            return name
    return "red"
