"""The fluent paragraph: two to five sentences written from the measured facts, and only from them.

Without provenance the words stay with what was measured (colour, light, composition, texture, repetition). Only
the sentence about studiolo's own scene names things that were drawn, because the stored scene says so.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from studiolo.model.measure.colour import hex_to_rgb, srgb_to_lab

_FRACTIONS = (
    (1 / 10, "a tenth"),
    (1 / 5, "a fifth"),
    (1 / 4, "a quarter"),
    (1 / 3, "a third"),
    (2 / 5, "two-fifths"),
    (1 / 2, "half"),
    (3 / 5, "three-fifths"),
    (2 / 3, "two-thirds"),
    (3 / 4, "three-quarters"),
    (4 / 5, "four-fifths"),
    (9 / 10, "nine-tenths"),
)
_TEXTURE = {
    "smooth": "Its surface is smooth, without fine texture",
    "calm": "Its surface is calm, with little texture",
    "textured": "It has a moderate texture",
    "busy": "It is busy, with many edges",
    "very busy": "It is very busy, dense with fine detail",
}
_LAYOUTS = {
    "landscape": "landscape",
    "pattern": "pattern tile",
    "centered": "centred composition",
    "interior": "interior",
    "cosmic": "cosmic scene",
}
_MIRRORS = (("left to right", "left_right"), ("top to bottom", "top_bottom"))
_SYMMETRIES = {"mirror": "mirror-symmetric", "rotate2": "half-turn symmetric", "rotate4": "quarter-turn symmetric"}
# Motif kinds that are already plural nouns (the scene's field kinds, and shelves); kept here rather than imported,
# so describing an image never imports the painter.
_PLURAL_ONLY = {"stripes", "dots", "checks", "scales", "shelves"}
_USUALLY_ONE = {"sun", "moon", "sea"}
_MAX_MOTIFS = 6


def is_flat(facts: dict[str, Any]) -> bool:
    """One colour, no variation: nothing to say about composition, texture or pattern."""
    return facts["contrast"] < 0.02 and facts["texture"]["label"] == "smooth" and facts["palette"][0]["share"] >= 0.97


def paragraph(facts: dict[str, Any]) -> str:
    sentences = [_overview(facts)]
    if is_flat(facts):
        sentences.append("It is perfectly flat, with no texture, pattern or point of focus.")
    else:
        composition = facts["composition"]
        sentences += [_weight(composition), _symmetry(composition["symmetry"]), _surface(facts)]
    if facts["provenance"] is not None:
        sentences.append(_origin(facts["provenance"]))
    return " ".join(sentence for sentence in sentences if sentence)


def _overview(facts: dict[str, Any]) -> str:
    """E.g. "A bright, mostly golden yellow and pink square image of 512 x 512 px, with touches of navy." """
    groups = colour_groups(facts["palette"])
    names = [name for name, _ in groups]
    shares = [share for _, share in groups]
    adjectives = light_words(facts)
    tail = ""
    if is_flat(facts):
        adjectives, colour = [], f"solid {names[0]}"
    elif sum(shares[:2]) >= 0.97 and shares[0] < 0.85:
        colour = f"{names[0]} and {names[1]}"
    elif shares[0] >= 0.6:
        colour, tail = f"mostly {names[0]}", _accents(groups[1:3])
    elif sum(shares[:2]) >= 0.7:
        colour, tail = f"mostly {names[0]} and {names[1]}", _accents(groups[2:3])
    else:
        visible = [name for name, share in groups if share >= 0.05]
        many = "many colours, among them " if len(visible) > 4 else ""
        colour, tail = "", f" in {many}{_join(visible[:4])}"
    if colour.startswith("mostly"):
        words = ", ".join([*adjectives, colour])
    else:
        words = " ".join(part for part in (", ".join(adjectives), colour) if part)
    size = facts["size"]
    noun = f"{size['aspect']} image of {size['width']} x {size['height']} px"
    described = f"{words} {noun}" if words else noun
    return f"{_article(described).capitalize()} {described}{tail}."


def _accents(groups: list[tuple[str, float]]) -> str:
    """ ", with some navy and touches of white": the lesser colours, by how much of the image they cover."""
    some = [name for name, share in groups if share >= 0.2]
    touches = [name for name, share in groups if 0.05 <= share < 0.2]
    parts = ([f"some {_join(some)}"] if some else []) + ([f"touches of {_join(touches)}"] if touches else [])
    return f", with {' and '.join(parts)}" if parts else ""


def colour_groups(palette: list[dict[str, Any]], key: str = "name") -> list[tuple[str, float]]:
    """Palette shares added up by colour name (`key`: "name" or "name_ko"), largest first (ties keep palette order)."""
    shares: dict[str, float] = {}
    for swatch in palette:
        shares[swatch[key]] = shares.get(swatch[key], 0.0) + swatch["share"]
    return sorted(shares.items(), key=lambda item: -item[1])


def light_words(facts: dict[str, Any]) -> list[str]:
    """At most two of: very dark / dark / bright / very bright, vivid / muted, high-contrast / low-contrast."""
    brightness, saturation, contrast = facts["brightness"], facts["saturation"], facts["contrast"]
    light = (
        "very dark" if brightness < 0.2
        else "dark" if brightness < 0.38
        else "very bright" if brightness > 0.85
        else "bright" if brightness > 0.65
        else ""
    )  # fmt: skip
    # Low mean saturation is "muted" only when no strong colour shows: white paper with a red mark is not muted.
    strong = any(swatch["share"] >= 0.05 and _chroma(swatch["hex"]) >= 40 for swatch in facts["palette"])
    colour = "vivid" if saturation > 0.55 else "muted" if 0.04 < saturation < 0.15 and not strong else ""
    tone = "high-contrast" if contrast > 0.6 else "low-contrast" if contrast < 0.08 else ""
    return [word for word in (light, colour, tone) if word][:2]


def _chroma(hex_colour: str) -> float:
    _, a, b = srgb_to_lab(hex_to_rgb(hex_colour))
    return float(np.hypot(a, b))


def _weight(composition: dict[str, Any]) -> str:
    """E.g. "Its visual weight sits low and to the left, under a horizon about a third of the way down." """
    placement, horizon = composition["placement"], composition["horizon"]
    if placement == "even":
        where = "is spread evenly across the frame"
    elif placement == "centre":
        where = "sits in the centre"
    else:
        words = placement.split()
        vertical = next((word for word in words if word in ("high", "low")), "")
        horizontal = next((word for word in words if word in ("left", "right")), "")
        if vertical and horizontal:
            where = f"sits {vertical} and to the {horizontal}"
        else:
            where = f"sits {vertical} in the frame" if vertical else f"sits to the {horizontal}"
    if horizon is None:
        return f"Its visual weight {where}."
    mass_y = composition["mass"]["y"]
    if placement == "even" or abs(mass_y - horizon) < 0.05:
        relation = "with"
    else:
        relation = "under" if mass_y > horizon else "above"
    return f"Its visual weight {where}, {relation} a horizon {_down(horizon)}."


def _down(fraction: float) -> str:
    words = fraction_words(fraction)
    return "about halfway down" if words == "half" else f"about {words} of the way down"


def fraction_words(fraction: float) -> str:
    """The simple fraction nearest `fraction`, in words: "a third", "half", "two-thirds"."""
    return min(_FRACTIONS, key=lambda pair: abs(pair[0] - fraction))[1]


def _symmetry(symmetry: dict[str, float]) -> str:
    exact = [words for words, key in _MIRRORS if symmetry[key] >= 0.9]
    near = [words for words, key in _MIRRORS if 0.75 <= symmetry[key] < 0.9]
    if len(exact) == 2:
        return "It is mirror-symmetric both left to right and top to bottom."
    if exact:
        return f"It is mirror-symmetric {exact[0]}" + (f" and nearly so {near[0]}." if near else ".")
    if near:
        return f"It is nearly mirror-symmetric {_join(near)}."
    return ""


def _surface(facts: dict[str, Any]) -> str:
    """The repeat, if there is one; otherwise the texture. Either way whether its edges wrap seamlessly."""
    periodicity = facts["periodicity"]
    tiles = periodicity["seamless"]["tiles"]
    if not periodicity["repeating"]:
        wrap = ", and it wraps around seamlessly, so it would tile" if tiles else ""
        return f"{_TEXTURE[facts['texture']['label']]}{wrap}."
    x, y = periodicity["x"]["period_px"], periodicity["y"]["period_px"]
    if periodicity["stripes"] == "vertical":
        body = f"pattern of vertical stripes repeating every {x} px"
    elif periodicity["stripes"] == "horizontal":
        body = f"pattern of horizontal stripes repeating every {y} px"
    elif periodicity["repeat"] == "both":
        body = f"repeating pattern with a period of {x} px" if x == y else f"repeating pattern of {x} x {y} px tiles"
    elif periodicity["repeat"] == "x":
        body = f"pattern that repeats every {x} px across"
    else:
        body = f"pattern that repeats every {y} px down"
    if tiles:
        return f"It is a seamless {body}."
    return f"It is a {body}, though its edges do not wrap seamlessly."


def _origin(provenance: dict[str, Any]) -> str:
    """E.g. "It was painted by studiolo's sketch painter from the prompt '...': a landscape ... with 3 tulips." """
    backend = provenance["backend"]
    if backend == "sketch":
        painter = "studiolo's sketch painter"
    else:
        painter = f"studiolo's {backend} backend" if backend else "studiolo"
    sentence = f"It was painted by {painter}"
    if provenance["prompt"]:
        sentence += f" from the prompt '{provenance['prompt']}'"
    scene = _scene_words(provenance)
    return f"{sentence}: {scene}." if scene else f"{sentence}."


def _scene_words(provenance: dict[str, Any]) -> str:
    layout, style, motifs = provenance["layout"], provenance["style"], provenance["motifs"]
    if not (layout or style or motifs):
        return ""
    noun = _LAYOUTS.get(layout, f"{layout} scene") if layout else "picture"
    symmetric = _SYMMETRIES.get(provenance["symmetry"] or "")
    if symmetric and layout == "pattern":
        noun = f"{symmetric} {noun}"
    words = f"{_article(noun)} {noun}"
    if style:
        words += f" in {style} style"
    if motifs:
        phrases = list(dict.fromkeys(_motif_words(motif) for motif in motifs))
        # A long list of motifs would swamp the paragraph; the facts keep them all.
        shown = phrases if len(phrases) <= _MAX_MOTIFS else [*phrases[:_MAX_MOTIFS], "more"]
        words += f" with {_join(shown)}"
    if provenance["time_of_day"] in ("dawn", "dusk", "night"):
        words += f", at {provenance['time_of_day']}"
    return words


def _motif_words(motif: dict[str, Any]) -> str:
    """E.g. "12 pink tulips", "a golden yellow sun", "pink and white stripes"."""
    noun = motif["kind"].replace("_", " ")
    colour = " and ".join(motif["color_names"][:2])
    count = motif["count"]
    if noun in _PLURAL_ONLY:
        return f"{colour} {noun}".strip()
    if count == 1 or (count is None and noun in _USUALLY_ONE):
        described = f"{colour} {noun}".strip()
        return f"{_article(described)} {described}"
    described = f"{colour} {_plural(noun)}".strip()
    return f"{count} {described}" if count else described


def _plural(noun: str) -> str:
    if noun.endswith("leaf"):
        return noun[:-1] + "ves"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def _article(phrase: str) -> str:
    return "an" if phrase[:1].lower() in ("a", "e", "i", "o", "u") else "a"


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
