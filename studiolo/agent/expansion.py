"""Prompt expansion: a short prompt enriched with the persona's taste and the collaborator's preferences.

"a garden" becomes "a garden, spring, with butterflies, in goldenrod, coral and plum, watercolor style, soft
golden light". Expansion only ever adds after the user's own words, each addition only where the prompt says
nothing of its kind, never anything the persona or the collaborator dislikes, and the same seed always makes the
same choices. Long prompts keep their words: only learned preferences touch them.

The additions serve the request, never outweigh it: style, mood and detail always may come; new motifs only when
the user named none (and never in a pattern, where every motif is drawn large in the repeat); colours (a palette,
a season's or place's colours, a phrase's "linen") only when the user named neither colours nor things, as they
would paint the things named. An addition that brings what is not allowed (a theme's motifs, a phrase's colours)
is left out.
"""

from __future__ import annotations

import random

from studiolo.agent.preferences import Preferences, named_motifs
from studiolo.model.sketch.parse import parse_prompt
from studiolo.model.sketch.scene import Scene
from studiolo.model.sketch.vocabulary import MOODS
from studiolo.persona.spec import Persona


def expand_prompt(
    prompt: str, seed: int, persona: Persona | None = None, preferences: Preferences | None = None
) -> str:
    understood = parse_prompt(prompt, seed)
    additions: list[str] = []
    avoided: list[str] = []
    asked_style = understood.style if _names_style(prompt, understood.style) else None
    named_style: str | None = asked_style  # a style the prompt names, or one an addition names
    if preferences is not None:
        liked_colours = [c for c in preferences.liked(preferences.colors) if c not in prompt.lower()]
        if liked_colours and not understood.named_colors:
            additions.append(f"in {_and(liked_colours[:2])}")
        liked_styles = preferences.liked(preferences.styles)
        if liked_styles and named_style is None:
            additions.append(f"{liked_styles[0]} style")
            named_style = liked_styles[0]
        avoided += [m.replace("_", " ") for m in preferences.disliked(preferences.motifs)]
        avoided += preferences.disliked(preferences.colors)
    asked_motifs = named_motifs(prompt)
    if persona is not None and len(prompt.split()) <= persona.expansion.max_words:
        additions += _persona_additions(prompt, seed, persona, understood, has_style=named_style is not None,
                                        has_colour=bool(understood.named_colors) or any(a.startswith("in ") for a in additions),
                                        has_motifs=bool(asked_motifs), avoided=set(avoided))  # fmt: skip
    avoided = [a for a in avoided if a not in prompt.lower()]  # never contradict what the user asked for
    text = prompt.strip()
    for addition in [*additions, *([f"without {_and(avoided)}"] if avoided else [])]:
        expanded = parse_prompt(f"{text}, {addition}", seed)
        if _keeps(understood, asked_motifs, asked_style, expanded) and _serves(understood, asked_motifs, expanded):
            text = f"{text}, {addition}"
    return text


def _keeps(asked: Scene, asked_motifs: set[str], asked_style: str | None, expanded: Scene) -> bool:
    """Does the expanded prompt still say everything the user's own words said?

    Motifs count only where the user named them: the parser's own additions to a sparse prompt may change."""
    return (
        set(asked.named_colors) <= set(expanded.named_colors)
        and asked_motifs <= {m.kind for m in expanded.motifs}
        and (asked_style is None or expanded.style == asked_style)
        and (asked.layout == expanded.layout or not _layout_named(asked))
    )


def _serves(asked: Scene, asked_motifs: set[str], expanded: Scene) -> bool:
    """Does the expanded prompt add no motif beside the ones the user named, and no colour where the user named
    colours or things ("linen textures", or the palette of "at dusk", would paint the field and the user's lemons)?"""
    no_new_motifs = not asked_motifs or {m.kind for m in expanded.motifs} <= {m.kind for m in asked.motifs}
    colours_open = not asked.named_colors and not asked_motifs
    no_new_colours = set(expanded.named_colors) <= set(asked.named_colors)
    no_new_palette = all(t in MOODS for t in set(expanded.themes) - set(asked.themes))  # a mood only tints
    return no_new_motifs and (colours_open or (no_new_colours and no_new_palette))


def _layout_named(scene: Scene) -> bool:
    return scene.layout in ("pattern", "interior", "cosmic")


def _persona_additions(prompt: str, seed: int, persona: Persona, understood: Scene, *, has_style: bool,
                       has_colour: bool, has_motifs: bool, avoided: set[str]) -> list[str]:  # fmt: skip
    rules, taste = persona.expansion, persona.taste
    pick = random.Random(f"{seed}/expansion/{persona.id}")
    additions = []
    # a season or place brings its palette, which would paint what the user named; a mood only tints it
    themes = [t for t in rules.themes if t in MOODS] if has_colour or has_motifs else rules.themes
    if not understood.themes and themes:
        additions.append(pick.choice(themes))
    present = {m.kind for m in understood.motifs}
    candidates = [m for m in rules.motifs if m not in present and m.replace("_", " ") not in avoided]
    count = 0 if has_motifs or understood.layout == "pattern" else min(rules.motif_count, len(candidates))
    for motif in pick.sample(candidates, count):
        additions.append(f"with {_plural(motif.replace('_', ' '))}")
    if not has_colour and not has_motifs and rules.use_palette and taste.palettes:
        palette = pick.choice(taste.palettes)
        additions.append(f"in {_and([c for c in palette.colors if c not in avoided])}")
    if not has_style and rules.style is not None:
        additions.append(f"{rules.style} style")
    if rules.phrases:
        additions.append(pick.choice(rules.phrases))
    return additions


def _names_style(prompt: str, style: str) -> bool:
    words = prompt.lower().replace("colour", "color")
    return style != "flat" and (
        style in words
        or {"watercolor": "수채", "ink": "잉크", "pastel": "파스텔", "neon": "네온"}.get(style, "@") in words
    )


def _plural(word: str) -> str:
    if word.endswith("s"):
        return word
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return f"{word[:-1]}ies"
    return f"{word}es" if word.endswith(("sh", "ch", "x")) else f"{word}s"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
