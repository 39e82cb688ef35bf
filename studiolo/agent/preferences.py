"""What the collaborator likes and dislikes, learned from their feedback and applied to later prompts.

Ratings and picks credit the features of the rated draft (its colours, motifs and style); comments credit what
they name ("love the pink" likes pink, "no more birds" dislikes birds). A feature whose net score passes
THRESHOLD is a preference: liked colours and styles are added to prompts that name none, disliked motifs and
colours are kept out. `summary()` says it in words, for "/prefs" and for the artist's replies.
"""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel, Field

from studiolo.agent.references import basic_colour, draft_colours
from studiolo.drafts import Draft, Feedback
from studiolo.model.sketch import vocabulary as V
from studiolo.model.sketch.parse import parse_prompt

THRESHOLD = 1.5
NEGATIVE_CUES = re.compile(
    r"\b(no|not|less|fewer|without|too|don'?t|hate|dislike|remove|drop|lose|ugly|boring)\b|빼|없이|말고|싫|덜|너무",
    re.IGNORECASE,
)


class Preferences(BaseModel):
    colors: dict[str, float] = Field(default_factory=dict)
    motifs: dict[str, float] = Field(default_factory=dict)
    styles: dict[str, float] = Field(default_factory=dict)

    def learn(self, draft: Draft, feedback: Feedback) -> None:
        weight = float(feedback.rating or 0) + (2.0 if feedback.pick else 0.0)
        if weight:
            self._credit_draft(draft, weight)
        if feedback.text:
            self._credit_comment(feedback.text)

    def _credit_draft(self, draft: Draft, weight: float) -> None:
        for colour in draft_colours(draft):
            self.colors[colour] = self.colors.get(colour, 0.0) + weight
        for motif in {m.get("kind") for m in draft.scene.get("motifs", []) if isinstance(m, dict)}:
            if not isinstance(motif, str):
                continue
            self.motifs[motif] = self.motifs.get(motif, 0.0) + weight
        style = draft.scene.get("style")
        if isinstance(style, str):
            self.styles[style] = self.styles.get(style, 0.0) + weight

    def _credit_comment(self, text: str) -> None:
        # each clause on its own: "love the pink, but no birds" likes pink and dislikes birds
        for clause in re.split(r"[,.;!?]|\bbut\b|지만|그런데", text):
            if not clause.strip():
                continue
            # words said outright count more than what a rating implies about a whole draft
            weight = -3.0 if NEGATIVE_CUES.search(clause) else 3.0
            named = NEGATIVE_CUES.sub(" ", clause)  # the parser would drop what is negated; we want to know it
            for name in parse_prompt(named, 0).named_colors:
                colour = _colour_word(name)
                self.colors[colour] = self.colors.get(colour, 0.0) + weight
            for motif in named_motifs(named):
                self.motifs[motif] = self.motifs.get(motif, 0.0) + weight
            for style in _named_styles(named):
                self.styles[style] = self.styles.get(style, 0.0) + weight

    def liked(self, table: dict[str, float]) -> list[str]:
        return sorted((k for k, v in table.items() if v >= THRESHOLD), key=lambda k: -table[k])

    def disliked(self, table: dict[str, float]) -> list[str]:
        return sorted((k for k, v in table.items() if v <= -THRESHOLD), key=lambda k: table[k])

    def summary(self) -> str:
        parts = []
        for label, table in (("colours", self.colors), ("motifs", self.motifs), ("styles", self.styles)):
            liked, disliked = self.liked(table), self.disliked(table)
            if liked:
                parts.append(f"likes {label}: {', '.join(liked)}")
            if disliked:
                parts.append(f"dislikes {label}: {', '.join(disliked)}")
        return "; ".join(parts) if parts else "no preferences learned yet"


def named_motifs(text: str) -> set[str]:
    """The motif kinds a comment names outright (the parser would also add what a scene implies)."""
    english, korean = _motif_patterns()
    lower = text.lower()
    kinds = {kind for pattern, kind in english if pattern.search(lower)}
    for pattern, motifs in korean:
        if pattern.search(text):
            kinds |= motifs
    return kinds


@functools.cache
def _motif_patterns() -> tuple[list[tuple[re.Pattern[str], str]], list[tuple[re.Pattern[str], set[str]]]]:
    """Compiled once: there are far more words than `re`'s cache holds, so compiling them per call cost ~180 ms."""
    english = [
        (re.compile(rf"\b{re.escape(word)}(?:s|es)?\b"), kind)
        for word, kind in V.MOTIF_EN.items()
        if not kind.startswith("@")
    ]
    korean = [
        (re.compile(rf"(^|\s){re.escape(word)}"), motifs)
        for word, entries in V.KO_WORDS.items()
        if (motifs := {value for role, value in entries if role == "motif" and not value.startswith("@")})
    ]
    return english, korean


STYLE_WORDS = {
    "watercolor": "watercolor", "watercolour": "watercolor", "ink": "ink", "line art": "ink", "pastel": "pastel",
    "neon": "neon", "gradient": "gradient", "flat": "flat", "수채": "watercolor", "파스텔": "pastel", "네온": "neon",
}  # fmt: skip


def _named_styles(text: str) -> set[str]:
    lower = text.lower()
    return {style for word, style in STYLE_WORDS.items() if re.search(rf"\b{re.escape(word)}", lower)}


def _colour_word(css_name: str) -> str:
    try:
        return basic_colour(css_name)
    except ValueError:
        return css_name
