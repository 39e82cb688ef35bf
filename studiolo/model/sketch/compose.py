"""Step 3 of the sketch parser: what the Reader read -> a Scene.

`compose` runs the steps in order, each its own function: the plan (themes, moods, named colours, layout), the
motif groups (named, implied, fallback, generic words made concrete), the palette (themes, then named colours in
the roles they were given), each motif's colours, moods over all of it, then style, symmetry and time of day. It
makes the seeded choices the prompt leaves open, each with its own `random.Random` seeded from (seed, purpose).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from studiolo.model.sketch import vocabulary as V
from studiolo.model.sketch.colors import adjust, family, in_mood, jitter, lightness, mix, shade, sky_affine, tint
from studiolo.model.sketch.glyphs import GLYPHS
from studiolo.model.sketch.reader import Color, Group, Reader
from studiolo.model.sketch.scene import (
    FIELD_KINDS,
    FLOWER_KINDS,
    SHAPE_KINDS,
    STANDING_KINDS,
    TEXTILE_FIELD_KINDS,
    MotifSpec,
    Palette,
    Scene,
)

MAX_ACCENTS = 6
NOWHERE = 10**6  # the position of a motif no word named (implied, or a fallback): after every named one


def _unique(xs: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(xs))


def _rng(seed: int, purpose: str) -> random.Random:
    return random.Random(f"sketch:{seed}:{purpose}")


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = sorted(k for k, w in weights.items() if w > 0)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _choose_layout(r: Reader, seed: int) -> str:
    votes = dict(r.votes)
    if r.backdrop_vote and not any(g.present and g.key in FIELD_KINDS for g in r.groups.values()):
        votes["centered"] = votes.get("centered", 0.0) + r.backdrop_vote
    for g in r.groups.values():
        if g.present and g.key in V.MOTIF_VOTES:
            layout, w = V.MOTIF_VOTES[g.key]
            votes[layout] = votes.get(layout, 0.0) + w
        if g.present and g.key == "planet":
            votes["cosmic"] = votes.get("cosmic", 0.0) + (3.0 if g.plural else 1.0)
    for name, present in r.themes.items():
        if present and name in V.THEMES:
            for layout, w in V.THEMES[name].votes.items():
                votes[layout] = votes.get(layout, 0.0) + w
    rng = _rng(seed, "layout")
    best = max(votes.values(), default=0.0)
    if best > 0:
        return rng.choice(sorted(k for k, v in votes.items() if v == best))
    placed = [g for g in r.groups.values() if g.present and g.key not in FIELD_KINDS]
    fields = [g for g in r.groups.values() if g.present and g.key in FIELD_KINDS]
    if not placed and fields:
        return "pattern"  # stripes, dots, checks and scales are textiles by nature
    if len(placed) == 1 and placed[0].singular:
        return "centered"  # "a rose", "a butterfly"
    lone = len(placed) == 1 and not placed[0].plural and placed[0].count in (None, 1)
    counted = any(g.count is not None for g in placed)  # "three suns": a repeat would show them many times over
    # "lighthouse at dusk" (the asking's "a" stripped) is one lighthouse, as "three suns" are three: a repeat of
    # either would show many
    weights = {
        "landscape": 3.0,
        "pattern": 0.0 if counted or lone else 2.0,
        "centered": 1.0 if lone or not placed else 0.0,
    }
    return _weighted(rng, weights)


def _base_palette(layout: str, themes: list[str], seed: int) -> dict[str, list[str]]:
    """The palette the themes (or, without one, a gentle preset) give each role, in this seed's shades."""
    specs = [V.THEMES[t] for t in themes if t in V.THEMES]
    rng = _rng(seed, "palette")
    if specs:
        sky_owner = max(specs, key=lambda s: s.rank)
        ground_owner = max(specs, key=lambda s: 0 if s.time and s.rank == 3 else s.rank)
        sky, ground = list(sky_owner.sky), list(ground_owner.ground)
        accents = _unique(a for s in specs for a in s.accents)
        fld = list(ground_owner.pattern_field or sky_owner.pattern_field) or [tint(ground[0], 0.6)]
    else:
        preset = V.GENTLE_PALETTES[rng.randrange(len(V.GENTLE_PALETTES))]
        sky, ground, accents = list(preset[0]), list(preset[1]), list(preset[2])
        fld = [V.PATTERN_FIELDS[rng.randrange(len(V.PATTERN_FIELDS))]]
    if layout == "pattern":
        ground = [fld[0], adjust(fld[0], dl=-0.06)]
    elif layout == "interior":
        walls, floor, room_accents = V.INTERIOR_PALETTE
        sky, ground = list(walls), list(floor)
        accents = (accents if specs else []) + list(room_accents)
        if any(V.THEMES[t].time == "night" for t in themes if t in V.THEMES):
            sky = [shade(c, 0.45) for c in sky]
    elif layout == "cosmic" and not any(t in V.PLANET_THEMES or t == "space" for t in themes):
        space = V.THEMES["space"]
        sky, ground, accents = list(space.sky), list(space.ground), _unique(list(space.accents) + accents)
    drift = _rng(seed, "jitter")
    roles = {"sky": sky, "ground": ground, "accents": accents}
    return {role: [jitter(c, drift) for c in cs] for role, cs in roles.items()}


def _dominate(layout: str, named: list[str], pal: dict[str, list[str]], fixed: set[str]) -> None:
    """Named colours that describe no motif take the large areas, so they dominate the picture."""
    if not named:
        return
    first = named[0]
    if layout == "pattern":
        if "ground" not in fixed:
            pal["ground"] = [first, adjust(first, dl=-0.06 if sky_affine(first) else 0.06)]
        if "sky" not in fixed:
            pal["sky"] = [named[1] if len(named) > 1 else tint(first, 0.4)]
    elif layout == "interior":
        if "sky" not in fixed:
            pal["sky"] = [first, tint(first, 0.2)]
        if "ground" not in fixed:
            floor = named[1] if len(named) > 1 else shade(first, 0.35)
            pal["ground"] = [floor, shade(floor, 0.15)]
    elif layout == "cosmic":
        if "sky" not in fixed:
            pal["sky"] = [first] + (named[1:2] or [tint(first, 0.25)])
        if "ground" not in fixed:
            pal["ground"] = [shade(named[-1], 0.5)]
    elif "sky" in fixed and "ground" not in fixed:
        pal["ground"] = named + [shade(named[-1], 0.15)] if len(named) == 1 else list(named)
    elif "ground" in fixed and "sky" not in fixed:
        pal["sky"] = named + [tint(named[-1], 0.35)] if len(named) == 1 else list(named)
    elif not fixed:  # landscape, centred: sky-like colours above, the others below
        if len(named) == 1:
            if sky_affine(first):
                pal["sky"], pal["ground"] = [first, tint(first, 0.35)], [shade(first, 0.25), shade(first, 0.4)]
            else:
                pal["sky"], pal["ground"] = [tint(first, 0.55), tint(first, 0.3)], [first, shade(first, 0.15)]
            return
        sky = [c for c in named if sky_affine(c)]
        ground = [c for c in named if not sky_affine(c)]
        if not sky:
            sky = [ground.pop(ground.index(max(ground, key=lightness)))]
        if not ground:
            ground = [sky.pop(sky.index(min(sky, key=lightness)))]
        pal["sky"] = sky + [tint(sky[-1], 0.35)] if len(sky) == 1 else sky
        pal["ground"] = ground + [shade(ground[-1], 0.15)] if len(ground) == 1 else ground


_FALLBACK = {"sky": ("#cfdde8", "#f2efe8", "#2b2f4a"), "ground": ("#a9b59a", "#c8b89a", "#6d6a75"),
             "accents": ("#e0a458", "#5b8e7d", "#7d6b91", "#3d5a80")}  # fmt: skip


def _drop_families(pal: dict[str, list[str]], banned: set[str], keep: set[str]) -> None:
    """ "not pink": no pinkish colour anywhere, unless the prompt named it itself."""
    if not banned:
        return
    for role, colors in pal.items():
        left = [c for c in colors if c in keep or family(c) not in banned]
        if not left:
            left = [next((c for c in _FALLBACK[role] if family(c) not in banned), _FALLBACK[role][0])]
        pal[role] = left


def _resolve_generic(group: Group, pool: Sequence[str], taken: set[str], rng: random.Random) -> list[Group]:
    """ "flowers" becomes concrete kinds, chosen by seed; a count is shared out among them."""
    choices = [k for k in pool if k not in taken] or list(pool)
    n = min(len(choices), rng.choice((1, 2, 2, 3)))
    if group.count is not None:
        n = max(1, min(n, group.count))
    kinds = rng.sample(choices, n)
    out = []
    for i, kind in enumerate(kinds):
        count = None
        if group.count is not None:
            count = group.count // n + (1 if i < group.count % n else 0)
        out.append(Group(kind, group.pos, True, list(group.colors), count, group.amount, group.size, group.singular))
    return out


def _one(group: Group) -> bool:
    """ "a fox", "an owl": one thing, when it is a thing from the glyph library (the procedural kinds keep their
    own ways: "a flower field" is not one flower, "a tree line" not one tree)."""
    return group.singular and not group.plural and (group.key in GLYPHS or group.key in STANDING_KINDS)


@dataclass(frozen=True)
class _Plan:
    """What the picture is about, settled before anything is composed."""

    themes: list[str]
    moods: list[str]
    named: list[str]  # the named colours' CSS names, in the prompt's order
    concepts: set[tuple[str, str]]  # what the prompt asked for, one per idea: more of them, more detail
    empty: bool  # nothing was understood: a gentle theme and a plain, pleasant picture
    layout: str


@dataclass(frozen=True)
class _Colouring:
    """The palette by role, and what the motifs' colours depend on."""

    roles: dict[str, list[str]]  # sky, ground, accents
    named_free: list[str]  # named colours bound to no motif, in order: they take the large areas
    bound: list[str]  # colours named for motifs
    cloth: str | None  # a named colour that became the pattern's ground: motifs take their other colours
    banned: set[str]  # colour families the prompt said no to
    backdrop: list[str]  # "against a white wall": the plain colour behind the subject


def _alive(colors: Iterable[Color]) -> list[Color]:
    return [c for c in colors if c.alive and c.name in V.CSS_COLORS]


def compose(r: Reader, prompt: str, seed: int) -> Scene:
    gentle = _rng(seed, "gentle")  # a prompt that says little: one sequence of gentle choices across the steps
    plan = _plan(r, seed, gentle)
    groups = _motif_groups(r, plan, seed, gentle)
    colouring = _palette(r, plan, groups, seed)
    pal, motif_colors = _in_moods(plan.moods, colouring.roles, _motif_colors(groups, colouring, plan.layout))
    detail = min(1.0, max(0.05, 0.12 + 0.1 * len(plan.concepts) + r.detail))
    return Scene(
        prompt=prompt,
        layout=plan.layout,
        style=_style(r, plan, seed),
        symmetry=_symmetry(r, plan.layout, groups, seed),
        time_of_day=_time_of_day(plan.themes),
        palette=Palette(sky=pal["sky"], ground=pal["ground"], accents=pal["accents"]),
        motifs=_motif_specs(groups, motif_colors),
        named_colors=plan.named,
        themes=plan.themes,
        backdrop=pal["sky"][0] if colouring.backdrop and plan.layout == "centered" else None,
        density=round(min(3.0, max(0.1, r.density)), 3),
        scale=round(min(3.0, max(0.2, r.scale)), 3),
        detail=round(detail, 3),
        understood=r.understood,
    )


def _plan(r: Reader, seed: int, gentle: random.Random) -> _Plan:
    themes = [t for t, present in r.themes.items() if present]
    moods = [m for m in r.moods if r.themes.get(m, False)]
    named = _unique(c.name for c in sorted(_alive(r.colors), key=lambda c: c.pos))
    live = {k for k, g in r.groups.items() if g.present}
    concepts = {(kind, key) for kind, key in r.concepts if (kind != "motif" or key in live)}
    concepts = {(kind, key) for kind, key in concepts if kind != "theme" or r.themes.get(key)}
    concepts |= {("color", n) for n in named}
    empty = not concepts and not any(v > 0 for v in r.votes.values()) and not r.implied
    if empty and not r.groups:  # nothing understood: a gentle theme and a plain, pleasant picture
        themes = [V.GENTLE_THEMES[gentle.randrange(len(V.GENTLE_THEMES))]]
        moods = [t for t in themes if t in V.MOODS]
        layout = "landscape" if gentle.random() < 0.7 else "pattern"
    else:
        layout = _choose_layout(r, seed)
    return _Plan(themes, moods, named, concepts, empty, layout)


def _motif_groups(r: Reader, plan: _Plan, seed: int, gentle: random.Random) -> dict[str, Group]:
    """What was named, what the words and themes imply, a fallback when nothing is placed, then seeded kinds for
    the generic words. Implied groups join the reader's too, so later steps see them as asked for."""
    layout = plan.layout
    groups = {k: g for k, g in r.groups.items() if g.present}
    implied = list(r.implied) + [m for t in plan.themes if t in V.THEMES for m in V.THEMES[t].implies]
    for key in implied:
        if key in r.groups or (layout == "interior" and key in ("star", "sun", "moon", "planet")):
            continue
        if key in ("tree", "palm", "hill") and layout in ("interior", "cosmic"):
            continue
        groups[key] = r.groups[key] = Group(key, NOWHERE)
    if layout == "cosmic" and "planet" not in r.groups and any(t in V.PLANET_THEMES for t in plan.themes):
        groups["planet"] = Group("planet", NOWHERE)  # "on Venus", seen from space: the planet itself
    placed = [k for k in groups if k not in FIELD_KINDS]
    if not placed:
        fallback = {"landscape": ("hill",), "pattern": V.GENTLE_PATTERN_MOTIFS, "centered": V.GENTLE_SUBJECTS,
                    "interior": ("window",), "cosmic": ("star",)}[layout]  # fmt: skip
        if layout != "pattern" or not groups:
            key = fallback[gentle.randrange(len(fallback))]
            if key not in r.groups:
                groups[key] = Group(key, NOWHERE)
            if plan.empty and layout == "landscape" and gentle.random() < 0.5 and "cloud" not in r.groups:
                groups["cloud"] = Group("cloud", NOWHERE)
    flower_rng, shape_rng = _rng(seed, "flowers"), _rng(seed, "shapes")
    for generic, pool, rng in (("@flower", FLOWER_KINDS, flower_rng), ("@shape", SHAPE_KINDS, shape_rng)):
        if generic in groups:
            negated = {k for k, g in r.groups.items() if not g.present}
            allowed = tuple(k for k in pool if k not in negated) or pool
            for g in _resolve_generic(groups.pop(generic), allowed, set(groups), rng):
                groups[g.key] = g
    return groups


def _palette(r: Reader, plan: _Plan, groups: dict[str, Group], seed: int) -> _Colouring:
    """Themes first, then named colours in the roles they were given, then the free ones dominate; a night theme
    darkens a named sky, a backdrop paints everything behind the subject, negated families leave."""
    layout = plan.layout
    pal = _base_palette(layout, plan.themes, seed)
    fixed = {role for role, cs in r.roles.items() if _alive(cs)}
    for role in fixed:
        hexes = _unique(c.hex for c in _alive(r.roles[role]))
        extra = tint(hexes[0], 0.35) if role == "sky" else shade(hexes[0], 0.15)
        pal[role] = hexes + [extra] if len(hexes) == 1 else hexes
    first_of_name: dict[str, Color] = {}
    for c in _alive(r.dominant) + _alive(r.unbound):
        first_of_name.setdefault(c.name, c)
    named_free = _unique(c.hex for c in first_of_name.values())
    bound = _unique(c.hex for g in groups.values() for c in _alive(g.colors))
    cloth: str | None = None
    if not named_free and not fixed and bound and not any(t in V.THEMES for t in plan.themes):
        cloth = _motif_colours_lead(layout, groups, bound, pal, fixed)
    else:
        _dominate(layout, named_free, pal, fixed)
    night_sky = next((V.THEMES[t].sky for t in plan.themes if t in V.THEMES and V.THEMES[t].time == "night"), None)
    if night_sky and layout in ("landscape", "centered"):
        if "sky" in fixed or (named_free and sky_affine(named_free[0])):  # a purple night is still night
            pal["sky"] = [mix(c, night_sky[min(i, len(night_sky) - 1)], 0.5) for i, c in enumerate(pal["sky"])]
    backdrop = _unique(c.hex for c in _alive(r.background))
    if backdrop:  # "against a white wall": one plain colour behind everything, whatever the layout
        plain = [backdrop[0], adjust(backdrop[0], dl=-0.04 if lightness(backdrop[0]) > 0.5 else 0.04)]
        if layout == "pattern":
            pal["ground"] = plain
        else:
            pal["sky"], pal["ground"] = plain, plain[::-1]
    # a backdrop's colour is not the subject's: it would paint the things in front of it, too
    pal["accents"] = _unique([c for c in named_free if c not in backdrop] + bound + pal["accents"])[:MAX_ACCENTS]
    banned_names = {c.name for c in r.colors if not c.alive and c.name in V.CSS_COLORS} - set(plan.named)
    banned = {family(V.CSS_COLORS[n]) for n in banned_names}
    _drop_families(pal, banned, set(named_free + bound))
    return _Colouring(pal, named_free, bound, cloth, banned, backdrop)


def _motif_colours_lead(
    layout: str, groups: dict[str, Group], bound: list[str], pal: dict[str, list[str]], fixed: set[str]
) -> str | None:
    """Only motif colours were named and no theme paints the rest: the large areas take their light tints, so
    the named colours still dominate while the motifs stay visible against them. Returns the cloth colour."""
    coloured = [g for g in groups.values() if _alive(g.colors)]
    if layout == "pattern" and len(bound) > 1 and len(coloured) == 1 and coloured[0].key not in FIELD_KINDS:
        # "cherries in red and cream": the cloth is the last colour itself and the motif keeps the others,
        # so every named colour shows in full
        pal["ground"] = [bound[-1], adjust(bound[-1], dl=-0.04)]
        pal["sky"] = [tint(bound[0], 0.6)]
        return bound[-1]
    if layout == "pattern":
        pal["ground"] = [tint(bound[-1], 0.8), tint(bound[-1], 0.7)]
        pal["sky"] = [tint(bound[0], 0.6)]
    else:
        _dominate(layout, [tint(c, 0.45) for c in bound], pal, fixed)
    return None


def _motif_colors(groups: dict[str, Group], colouring: _Colouring, layout: str) -> dict[str, list[str]]:
    """Each motif's own colours: those named for it; else, where its natural colour is banned, another accent;
    in a pattern of several free colours, the ones after the field's."""
    accents, banned, named_free = colouring.roles["accents"], colouring.banned, colouring.named_free
    motif_colors = {k: _unique(c.hex for c in _alive(g.colors)) for k, g in groups.items()}
    for k, cs in motif_colors.items():
        if not cs and V.NATURAL_FAMILY.get(k) in banned:  # "a sea, not blue": paint it in another accent
            motif_colors[k] = [next((c for c in accents if family(c) not in banned), accents[0])]
    if layout == "pattern" and len(named_free) > 1:  # "a pink and blue pattern": blue motifs on a pink field
        motif_colors = {k: cs or named_free[1:] for k, cs in motif_colors.items()}
    if colouring.cloth is not None:
        motif_colors = {k: [c for c in cs if c != colouring.cloth] or cs for k, cs in motif_colors.items()}
    return motif_colors


def _in_moods(
    moods: list[str], pal: dict[str, list[str]], motif_colors: dict[str, list[str]]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Moods shift every colour a little, named ones included ("warmer" must show)."""
    for mood in moods:
        spec = V.MOODS[mood]
        pal = {role: [in_mood(c, spec) for c in cs] for role, cs in pal.items()}
        motif_colors = {k: [in_mood(c, spec) for c in cs] for k, cs in motif_colors.items()}
    return {role: _unique(cs) for role, cs in pal.items()}, motif_colors


def _motif_specs(groups: dict[str, Group], motif_colors: dict[str, list[str]]) -> list[MotifSpec]:
    """The motifs in drawing order (far to near), with counts and sizes kept in the Scene's bounds."""
    order = {k: i for i, k in enumerate(V.DRAW_ORDER)}
    return [
        MotifSpec(
            kind=g.key,
            colors=motif_colors[k],
            count=max(1, min(200, g.count)) if g.count is not None else (1 if _one(g) else None),
            amount=round(g.amount, 3),
            size=round(min(4.0, max(0.2, g.size or 1.0)), 3),
        )
        for k, g in sorted(groups.items(), key=lambda kg: order.get(kg[0], len(order)))
    ]


def _style(r: Reader, plan: _Plan, seed: int) -> str:
    """The style named, else one chosen by seed, weighted by themes, moods and layout, never one said no to."""
    if r.style and r.style not in r.no_styles:
        return r.style
    weights = dict(V.STYLE_WEIGHTS)
    themed = [V.THEMES[t].styles for t in plan.themes if t in V.THEMES] + [V.MOODS[m].styles for m in plan.moods]
    for bias in themed:
        for k, w in bias.items():
            weights[k] += w
    for k, w in V.LAYOUT_STYLES.get(plan.layout, {}).items():
        weights[k] += w
    for k in r.no_styles:
        weights[k] = 0.0
    return _weighted(_rng(seed, "style"), weights) if any(weights.values()) else "flat"


def _symmetry(r: Reader, layout: str, groups: dict[str, Group], seed: int) -> str:
    """The symmetry named, else for a pattern one chosen by seed; a plain repeat for everything else."""
    if r.symmetry:
        return max(sorted(r.symmetry), key=lambda k: r.symmetry[k])
    if layout != "pattern" or set(groups) <= set(TEXTILE_FIELD_KINDS):
        return "translate"  # a woven textile alone repeats as it is woven: no mirror or turn to claim
    weights = dict(V.SYMMETRY_WEIGHTS)
    if "ornament" in groups:
        weights["mirror"] += 1.5
        weights["rotate4"] += 1.5
    if V.UPRIGHT_MOTIFS & set(groups):  # a toile's scenes, a damask's medallions: never upside down
        weights["rotate2"] = weights["rotate4"] = 0.0
    return _weighted(_rng(seed, "symmetry"), weights)


def _time_of_day(themes: list[str]) -> str:
    """The last theme with a time of day sets it; day otherwise."""
    time = "day"
    for t in themes:
        if t in V.THEMES and V.THEMES[t].time:
            time = V.THEMES[t].time or time
    return time
