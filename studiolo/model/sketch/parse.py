"""Prompt -> Scene for the sketch painter, in English and Korean.

The words live in vocabulary.py; the logic runs in three steps, one module each:

1. lexicon.py, `prompt_items`: split the prompt into words and turn each into *items* (entries of the word tables).
2. reader.py, `Reader`: reads the items left to right like a small noun-phrase grammar into what the prompt asked
   for (motif groups with their colours and counts, palette roles, themes, layout votes, style, negations).
3. compose.py, `compose`: turns what was read into a Scene, making the seeded choices the prompt leaves open
   (flower kinds, layout, style, symmetry, shade jitter), and lets named colours take the large palette roles.

Every random choice uses its own `random.Random` seeded from (seed, purpose), so choices don't shift each other
and the English and Korean forms of one prompt give the same scene for the same seed.
"""

from __future__ import annotations

import math

from studiolo.model.sketch.compose import compose
from studiolo.model.sketch.lexicon import lexicon, prompt_items
from studiolo.model.sketch.reader import Reader
from studiolo.model.sketch.scene import Scene

__all__ = ["parse_prompt"]


def parse_prompt(prompt: str, seed: int, negative_prompt: str = "", *, revising: Scene | None = None,
                 permissive_only: bool = False) -> Scene:  # fmt: skip
    """Read a prompt (English or Korean) into a Scene; deterministic for (prompt, seed, negative_prompt, revising).

    The seed picks what the words leave open: the kinds behind "flowers", the layout when none is implied, the
    style when none is named, a pattern's symmetry, and the exact shades of a theme's palette. Words the parser
    does not know are ignored; an empty prompt still gives a pleasant scene. Everything the negative prompt
    names (motifs, colours, themes, styles) is removed.

    `revising` is the scene this prompt changes (a refinement's draft): its composition (layout, style,
    symmetry, level of detail) stays unless the words change it, so the revised picture is the same picture
    with the change, not a new one.

    `permissive_only` reads the words with the procedural motifs alone: no glyph (CC BY-SA) is drawn.
    """
    lex = lexicon(permissive_only)
    reader = Reader(prompt_items(prompt, lex)).read()
    if revising is not None:
        reader.votes = {revising.layout: math.inf}  # outweighs every word and motif: the layout is kept
        reader.style = reader.style or revising.style
        reader.symmetry = reader.symmetry or {revising.symmetry: 1.0}
    if negative_prompt.strip():
        reader.exclude(Reader(prompt_items(negative_prompt, lex)).read())
    scene = compose(reader, prompt, seed)
    if revising is None:
        return scene
    # more words make a richer picture, but a revision keeps the draft's detail, changed only by detail words
    asked = reader.detail - Reader(prompt_items(revising.prompt, lex)).read().detail
    return scene.model_copy(update={"detail": round(min(1.0, max(0.05, revising.detail + asked)), 3)})
