"""Prompt -> Scene for the sketch painter, in English and Korean.

The words live in vocabulary.py; this module holds the logic, in three steps:

1. `_tokens` / `_items`: split the prompt into words and turn each into *items* (entries of the word tables).
   English matches the longest phrase first ("cherry blossom", "light blue"); Korean matches known stems at the
   start of each whitespace token and keeps the rest as its particle (꽃과 -> 꽃 + 과, 분홍색꽃 -> 분홍색 + 꽃).
2. `_Reader`: reads the items left to right like a small noun-phrase grammar: colours wait for the noun they
   describe ("yellow and pink flowers"), negation and "more/less/add" act on what follows (Korean postfix forms
   act on what came before), counts attach to the next motif (Korean: also the previous one, "달 두 개").
3. `_build`: turns what was read into a Scene, making the seeded choices the prompt leaves open (flower kinds,
   layout, style, symmetry, shade jitter), and lets named colours take the large palette roles.

Every random choice uses its own `random.Random` seeded from (seed, purpose), so choices don't shift each other
and the English and Korean forms of one prompt give the same scene for the same seed.
"""

from __future__ import annotations

import colorsys
import math
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from studiolo.model.sketch import vocabulary as V
from studiolo.model.sketch.glyphs import GLYPHS, english_names, korean_names
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

__all__ = ["parse_prompt"]

# Work caps: a 100k-character prompt must parse in well under 0.2 s, so only its first words are read.
MAX_TOKENS = 1500
MAX_TOKEN_CHARS = 40
MAX_UNDERSTOOD = 60
MAX_ACCENTS = 6
# "more roses" / "fewer roses": the factor on their count, or on their usual number when no count was given
MORE, LESS = 1.6, 0.5

_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+|[^\w\s]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")

# ---------------------------------------------------------------------------------------------------------------
# Lexicon derived from the tables once at import.


def _plural(word: str) -> str:
    last = word.split(" ")[-1]
    stem = word[: len(word) - len(last)]
    if last.endswith(("s", "x", "ch", "sh", "o")):
        return f"{stem}{last}es"
    if last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        return f"{stem}{last[:-1]}ies"
    if last.endswith("f") and not last.endswith("ff"):
        return f"{stem}{last[:-1]}ves"
    return f"{stem}{last}s"


_NOUN_KINDS = {"motif", "role", "layout", "lean", "imply"}


def _looks_plural(word: str) -> bool:
    return word.endswith(("s", "i")) and not word.endswith(("ss", "us", "is"))


def _english_lexicon(glyphs: bool) -> dict[str, tuple[tuple[V.Entry, ...], bool]]:
    """phrase -> (entries, plural). Nouns get their regular plurals; irregular ones are in the tables.

    The procedural motifs' words come first; the glyph library's names (glyphs.py) fill in every other thing a
    request may name, except a name that is exactly a colour ("orange", "coral": the colour; "oranges": fruit)."""
    lex: dict[str, tuple[tuple[V.Entry, ...], bool]] = {}
    for word, kind in V.MOTIF_EN.items():
        lex[word] = ((("motif", kind),), _looks_plural(word) and word not in ("lotus", "cactus"))
    for word, entries in V.EN_WORDS.items():
        lex[word] = (entries, False)
    for word, (entries, _) in list(lex.items()):
        if entries[0][0] in _NOUN_KINDS and not _looks_plural(word):
            lex.setdefault(_plural(word), (entries, True))
    if glyphs:
        for name, key in english_names().items():
            plural = name not in GLYPHS[key].english  # the table's irregular plurals: "mice", "geese"
            for form, is_plural in ((name, plural), (_plural(name), True)):
                if V.COLOR_ALIASES.get(form.replace(" ", ""), form.replace(" ", "")) not in V.CSS_COLORS:
                    lex.setdefault(form, ((("motif", key),), is_plural))
    return lex


@dataclass(frozen=True)
class Lexicon:
    """The words the parser knows: with the glyph library, or (`permissive`) the procedural motifs alone."""

    english: dict[str, tuple[tuple[V.Entry, ...], bool]]
    korean: dict[str, tuple[V.Entry, ...]]

    @classmethod
    def build(cls, *, glyphs: bool) -> Lexicon:
        korean = dict(V.KO_WORDS)
        if glyphs:
            for name, key in korean_names().items():
                korean.setdefault(name, (("motif", key),))
        else:  # the tables' own words for glyph things (눈송이: a snowflake) keep only their other meanings
            korean = {
                w: kept for w, entries in korean.items() if (kept := tuple(e for e in entries if not _glyph_entry(e)))
            }
        return cls(_english_lexicon(glyphs), korean)

    @cached_property
    def english_max(self) -> int:
        return max(len(k.split(" ")) for k in self.english)

    @cached_property
    def korean_max(self) -> int:
        return max(len(k) for k in self.korean)


def _glyph_entry(entry: V.Entry) -> bool:
    return entry[0] == "motif" and entry[1] in GLYPHS


FULL = Lexicon.build(glyphs=True)
PERMISSIVE = Lexicon.build(glyphs=False)  # for pictures whose motifs must all be permissively licensed
_COLOR_MAX = 5  # "light golden rod yellow"


def lexicon(permissive_only: bool) -> Lexicon:
    return PERMISSIVE if permissive_only else FULL


def _color_name(word: str) -> str | None:
    """A CSS colour name for one fused word ("lightblue", "grey", "pinkish", "blues"), else None."""
    for cand in (word, word[:-1] if word.endswith("s") else "", word[:-3] if word.endswith("ish") else ""):
        if not cand:
            continue
        for form in (cand, cand + "e", cand[:-1] if len(cand) > 2 and cand[-1] == cand[-2] else ""):
            name = V.COLOR_ALIASES.get(form, form)
            if name in V.CSS_COLORS:
                return name
    return None


# ---------------------------------------------------------------------------------------------------------------
# Colour arithmetic on "#rrggbb".


def _rgb(c: str) -> tuple[float, float, float]:
    return int(c[1:3], 16) / 255, int(c[3:5], 16) / 255, int(c[5:7], 16) / 255


def _hex(r: float, g: float, b: float) -> str:
    return "#" + "".join(f"{round(min(1.0, max(0.0, v)) * 255):02x}" for v in (r, g, b))


def _mix(a: str, b: str, t: float) -> str:
    ra, rb = _rgb(a), _rgb(b)
    return _hex(*(x + (y - x) * t for x, y in zip(ra, rb)))


def _tint(c: str, t: float) -> str:
    return _mix(c, "#ffffff", t)


def _shade(c: str, t: float) -> str:
    return _mix(c, "#000000", t)


def _adjust(c: str, dh: float = 0.0, dl: float = 0.0, ds: float = 0.0) -> str:
    h, lightness, s = colorsys.rgb_to_hls(*_rgb(c))
    h, lightness, s = (h + dh) % 1.0, min(1.0, max(0.0, lightness + dl)), min(1.0, max(0.0, s + ds))
    return _hex(*colorsys.hls_to_rgb(h, lightness, s))


def _family(c: str) -> str:
    """A coarse colour family, so "not pink" can also drop a theme's pinkish shades."""
    r, g, b = _rgb(c)
    h, light, s = colorsys.rgb_to_hls(r, g, b)
    deg = h * 360
    if light >= 0.93:
        return "white"
    if light <= 0.1:
        return "black"
    if s < 0.18 or max(r, g, b) - min(r, g, b) < 0.08:
        return "gray"
    if deg < 15 or deg >= 345:
        return "pink" if light > 0.72 else "red"
    if deg < 45:
        return "brown" if light < 0.42 else "orange"
    if deg < 70:
        return "yellow"
    if deg < 165:
        return "green"
    if deg < 195:
        return "cyan"
    if deg < 255:
        return "blue"
    if deg < 290:
        return "purple"
    return "pink" if light > 0.5 else "purple"


def _sky_affine(c: str) -> bool:
    return _family(c) in ("blue", "cyan", "purple", "pink", "white", "gray") or colorsys.rgb_to_hls(*_rgb(c))[1] > 0.85


def _modify(c: str, mod: str | None) -> str:
    """Colour modifiers shift the shade: pale/light toward white, dark/deep toward black, bright/soft saturation."""
    if mod == "pale":
        return _adjust(_tint(c, 0.5), ds=-0.1)
    if mod == "light":
        return _tint(c, 0.35)
    if mod == "soft":
        return _adjust(_tint(c, 0.25), ds=-0.25)
    if mod == "dark":
        return _shade(c, 0.4)
    if mod == "deep":
        return _adjust(_shade(c, 0.2), ds=0.15)
    if mod == "bright":
        light = colorsys.rgb_to_hls(*_rgb(c))[1]
        return _adjust(c, ds=0.25, dl=(0.55 - light) * 0.3)
    return c


def _mood(c: str, spec: V.MoodSpec) -> str:
    if spec.tint:
        c = _mix(c, spec.tint, spec.amount)
    return _adjust(c, ds=spec.sat, dl=spec.light)


def _jitter(c: str, rng: random.Random) -> str:
    """A seed's own shade of a theme colour: a little hue, light and saturation drift."""
    return _adjust(c, dh=rng.uniform(-0.015, 0.015), dl=rng.uniform(-0.03, 0.03), ds=rng.uniform(-0.05, 0.05))


def _unique(xs: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(xs))


def _rng(seed: int, purpose: str) -> random.Random:
    return random.Random(f"sketch:{seed}:{purpose}")


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = sorted(k for k, w in weights.items() if w > 0)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


# ---------------------------------------------------------------------------------------------------------------
# Step 1: words -> items.


@dataclass
class _Item:
    kind: str
    value: Any
    surface: str
    tok: int  # index of the whitespace token / word it came from
    plural: bool = False
    particle: str = ""  # Korean: what followed the last stem of the token (과, 이, 의 ...)
    ko: bool = False


def _tokens(prompt: str) -> list[str]:
    out: list[str] = []
    for m in _TOKEN.finditer(prompt):
        out.append(m.group()[:MAX_TOKEN_CHARS])
        if len(out) >= MAX_TOKENS:
            break
    return out


def _english_items(toks: Sequence[str], lows: Sequence[str], i: int, lex: Lexicon) -> tuple[list[_Item], int]:
    """The items of the longest phrase starting at word i, and how many words it used."""
    n = len(lows)
    for size in range(min(max(lex.english_max, _COLOR_MAX), n - i), 0, -1):
        words = lows[i : i + size]
        if any(_HANGUL.search(w) or not (w.isalpha() or w == "-") for w in words[1:]):
            continue
        surface = " ".join(toks[i : i + size])
        phrase = " ".join(words).replace(" - ", " ")  # zig-zag, pied-de-poule: read as the spaced phrase
        hit = lex.english.get(phrase) if len(phrase.split(" ")) <= lex.english_max else None
        if "-" in words and hit is None:
            continue
        if hit is not None:
            entries, plural = hit
            return [_Item(k, v, surface, i, plural=plural) for k, v in entries], size
        fused = "".join(words)
        name = _color_name(fused) if size == 1 else V.COLOR_ALIASES.get(fused, fused)
        if name in V.CSS_COLORS and (size == 1 or fused not in V.NO_FUSE):
            extras = V.COLOR_EXTRAS.get(fused, ())
            return [_Item("color", name, surface, i)] + [_Item(k, v, surface, i) for k, v in extras], size
    return [], 1


def _ko_stem(tok: str, p: int, lex: Lexicon, after_number: bool = False) -> str | None:
    """The longest stem at tok[p:]. Inside a word (p > 0) a one-syllable stem only continues a compound if it
    is a loose one or a counter after a number: 무성한 is not 무성 + 한 (one), but 두개 is 두 + 개."""
    for k in range(min(lex.korean_max, len(tok) - p), 0, -1):
        stem = tok[p : p + k]
        if stem in lex.korean:
            if p > 0 and k == 1 and stem not in V.LOOSE_KO:
                kind = lex.korean[stem][0][0]
                if not (after_number and kind == "counter") and kind in ("number", "counter", "op", "ignore"):
                    return None
            return stem
    return None


def _korean_items(tok: str, i: int, lex: Lexicon) -> list[_Item]:
    """Known stems at the start of a Korean token, longest first, then compounds; the rest is its particle."""
    items: list[_Item] = []
    p, n = 0, len(tok)
    while p < n:
        stem = _ko_stem(tok, p, lex, after_number=bool(items) and items[-1].kind == "number")
        if stem is None:
            break
        rest = tok[p + len(stem) :]
        if len(stem) == 1 and stem not in V.LOOSE_KO and rest:
            # a one-syllable stem must end the word, or be followed by a particle or another stem (산의, 새들, 두개)
            is_number = lex.korean[stem][0][0] == "number"
            if not rest.startswith(V.KO_PARTICLES) and _ko_stem(tok, p + 1, lex, after_number=is_number) is None:
                break
        items.extend(_Item(k, v, stem, i, ko=True) for k, v in lex.korean[stem])
        p += len(stem)
        if items[-1].kind == "postop":
            break  # 추가해, 늘려줘: what follows the verb is its ending (해 is not the sun here)
    if items:
        items[-1].particle = tok[p:]
        for it in items:
            it.plural = tok[p:].startswith("들")
    return items


def _items(prompt: str, lex: Lexicon = FULL) -> list[_Item]:
    toks = _tokens(prompt)
    lows = [t.lower() for t in toks]
    items: list[_Item] = []
    i = 0
    while i < len(toks):
        low = lows[i]
        if _HANGUL.search(low):
            found = _korean_items(low, i, lex)
            items.extend(found or [_Item("unknown", low, toks[i], i, ko=True)])
            i += 1
        elif low.isascii() and low.isdigit():  # "²".isdigit() is True, and int() refuses it
            items.append(_Item("number", min(200, int(low[:4])), toks[i], i))
            i += 1
        elif not low[0].isalnum():
            kind = "coord" if low in "&+" else "punct"
            items.append(_Item(kind, low, toks[i], i))
            i += 1
        else:
            found, used = _english_items(toks, lows, i, lex)
            items.extend(found or [_Item("unknown", low, toks[i], i)])
            i += used
    return items


# ---------------------------------------------------------------------------------------------------------------
# Step 2: items -> what the prompt asked for.


@dataclass
class _Color:
    name: str  # CSS name; "?bluegreen" until Korean 푸른 learns what it colours
    mod: str | None
    pos: int
    alive: bool = True  # False once negated

    def resolve(self, target: str | None) -> None:
        if self.name == "?bluegreen":
            self.name = "green" if target in V.GREEN_THINGS else "blue"

    @property
    def hex(self) -> str:
        return _modify(V.CSS_COLORS[self.name], self.mod)


@dataclass
class _Group:
    """One motif kind the prompt named ("@flower"/"@shape" for the generic words)."""

    key: str
    pos: int
    present: bool = True
    colors: list[_Color] = field(default_factory=list)
    count: int | None = None
    amount: float = 1.0  # "more roses" without a count: relative to however many the layout draws
    size: float | None = None
    singular: bool = False
    plural: bool = False
    words: list[str] = field(default_factory=list)  # the prompt's words that named it ("lemons", "레몬")


Ref = tuple[str, str]  # ("motif", key) | ("role", name) | ("color", name) | ("theme", name)


class _Reader:
    """Reads items left to right; the pending noun phrase (np_*) waits for the noun it describes."""

    def __init__(self, items: list[_Item]) -> None:
        self.items = items
        self.groups: dict[str, _Group] = {}
        self.colors: list[_Color] = []  # every colour read, in order
        self.roles: dict[str, list[_Color]] = {"sky": [], "ground": []}
        self.dominant: list[_Color] = []  # "more yellow", "a pink background": these lead the large roles
        self.unbound: list[_Color] = []
        self.themes: dict[str, bool] = {}  # name -> present (last word wins)
        self.moods: list[str] = []  # each mood word, in order: "warm ... warmer" warms twice
        self.implied: list[str] = []
        self.votes: dict[str, float] = {}
        self.style: str | None = None
        self.no_styles: set[str] = set()
        self.symmetry: dict[str, float] = {}
        self.density = 1.0
        self.scale = 1.0
        self.detail = 0.0
        self.concepts: set[tuple[str, str]] = set()
        self.understood: list[str] = []
        self.unknown: list[_Item] = []  # words no table knows: what the request may ask that cannot be drawn
        self.background: list[_Color] = []  # "against a white wall", "on a navy background"
        self.backdrop_vote = 0.0  # for the centred layout, unless a textile is named (then it is the cloth's ground)
        self.backdrop = False  # "against" was read: a wall word next names the backdrop
        self.background_ref: Ref | None = None  # the role noun just read names the backdrop
        self.worn: list[str] = []  # garments the picture is for ("a scarf print"): not drawn in it
        self.for_medium = False  # "for" was read in this sentence: a garment after it is what the picture is for
        self.last_motif_index = -1  # the item index of the last motif read
        # pending state
        self.np_colors: list[_Color] = []
        self.np_mod: str | None = None
        self.np_mod_quiet = False  # the modifier came from "pastel": no mood if no colour follows
        self.np_count: tuple[str, int] | None = None  # ("number" | "ordinal", n)
        self.np_size: float | None = None
        self.np_article = False
        self.neg = False
        self.op: str | None = None
        self.post: Ref | None = None  # noun just read: "flowers in yellow", "하늘은 파랗고"
        self.np_post: Ref | None = None  # the noun before when this phrase's first colour came
        self.np_coord = False  # an "and" inside this phrase
        self.gap = 0
        self.last_motif: tuple[str, int] | None = None  # (key, token index)
        self.ko_group: list[Ref] = []  # Korean: the concepts a postfix 없이 / 빼고 / 더 acts on
        self.ko_open = False  # the last Korean concept ended in 와/과: the next one joins its group
        self.ko_tok = -1

    # -- bookkeeping ------------------------------------------------------------------------------------------
    def _understand(self, item: _Item) -> None:
        if len(self.understood) < MAX_UNDERSTOOD and item.surface not in self.understood:
            self.understood.append(item.surface)

    def _ko_note(self, item: _Item, ref: Ref) -> None:
        if not item.ko:
            return
        if item.tok != self.ko_tok and not self.ko_open:
            self.ko_group = []  # a new group unless the last word ended in 와/과 (새와 구름 없이)
        self.ko_group.append(ref)
        self.ko_tok, self.ko_open = item.tok, item.particle.startswith(V.KO_COORD)

    # -- the loop ---------------------------------------------------------------------------------------------
    def read(self) -> _Reader:
        for index, item in enumerate(self.items):
            if item.kind != "color" and self.np_mod and item.kind not in ("mod", "filler", "article"):
                self._mod_as_mood()
            handler = getattr(self, f"_on_{item.kind}", None)
            if handler is not None:
                handler(item, index)
            if item.kind not in ("unknown", "ignore"):
                self.gap = 0
        self._flush()
        return self

    def _flush(self) -> None:
        """The noun phrase ended without a noun: its colours bind to the noun before, or stay free."""
        if self.np_colors:
            target = self.post
            if target is not None and not self.neg:
                self._bind(target, self.np_colors)
            elif not self.neg:
                for c in self.np_colors:
                    c.resolve(None)
                if self.op == "more":  # "more yellow": it leads the large areas
                    self.dominant[:0] = self.np_colors
                else:
                    self.unbound.extend(self.np_colors)
        if self.np_mod:
            self._mod_as_mood()
        if self.np_size is not None:
            self.scale *= self.np_size
            self.concepts.add(("scale", ""))
        if self.op in ("more", "less") and self.ko_group and not self.np_colors:
            for ref in self.ko_group:  # Korean "별을 더", "새를 덜": the operator followed its object
                self._apply_op(ref, self.op)
        self.np_colors, self.np_count, self.np_size, self.np_article = [], None, None, False
        self.post, self.np_post, self.np_coord = None, None, False

    def _end_clause(self) -> None:
        self._flush()
        self.neg, self.op = False, None

    def _mod_as_mood(self) -> None:
        mood = {"bright": "bright", "dark": "dark", "pale": "calm", "soft": "calm"}.get(self.np_mod or "")
        if mood and not self.np_mod_quiet and not self.neg:
            self.moods.append(mood)
            self.themes[mood] = True
            self.concepts.add(("theme", mood))
        self.np_mod, self.np_mod_quiet = None, False

    # -- binding ----------------------------------------------------------------------------------------------
    def _bind(self, target: Ref, colors: list[_Color]) -> None:
        kind, key = target
        for c in colors:
            c.resolve(key)
        if kind == "motif":
            group = self.groups[key]
            group.colors.extend(c for c in colors if c.name not in {x.name for x in group.colors})
            if key in V.GROUND_MOTIFS and colors:
                self.roles["ground"] = list(colors)  # "green hills" are the land itself
        elif key == "bg":
            self.dominant.extend(colors)
        else:
            self.roles[key] = list(colors)  # "a pink sky" after "a blue sky": the later one wins
        if target == self.background_ref and colors:
            self.background = list(colors)

    def _negate(self, ref: Ref, pos: int) -> None:
        kind, key = ref
        if kind == "motif":
            keys = (key, *FLOWER_KINDS) if key == "@flower" else (key, *SHAPE_KINDS) if key == "@shape" else (key,)
            for k in keys:
                if k in self.groups or k == key:
                    self.groups.setdefault(k, _Group(k, pos)).present = False
        elif kind == "color":
            for c in self.colors:
                if c.name == key:
                    c.alive = False
        elif kind == "theme":
            self.themes[key] = False

    def _apply_op(self, ref: Ref, op: str) -> None:
        kind, key = ref
        if kind == "motif" and key in self.groups:
            group = self.groups[key]
            factor = MORE if op == "more" else LESS
            if group.count:
                changed = round(group.count * factor)
                group.count = min(200, max(group.count + 1, changed)) if op == "more" else max(1, changed)
            else:  # only this motif, not the whole picture: "more birds" leaves the flowers as they were
                group.amount = min(8.0, group.amount * factor)
        elif kind == "color" and op == "more":
            self.dominant[:0] = [c for c in self.colors if c.name == key][-1:]
        elif kind == "color" and op == "less":
            self._negate(ref, 0)

    # -- handlers, one per entry kind -------------------------------------------------------------------------
    def _on_punct(self, item: _Item, index: int) -> None:
        self.for_medium = self.for_medium and item.value == ","
        nxt = self.items[index + 1] if index + 1 < len(self.items) else None
        if item.value == "," and self.np_colors and nxt is not None and nxt.kind in ("color", "mod"):
            return  # "yellow, pink and white flowers": the list goes on
        self._end_clause()

    def _on_break(self, item: _Item, index: int) -> None:
        self._end_clause()
        if item.surface.lower() == "for":  # "for the back of a denim jacket": garments after it are worn, not drawn
            self.for_medium = True

    def _on_backdrop(self, item: _Item, index: int) -> None:
        self._end_clause()
        self.backdrop = True

    def _on_connect(self, item: _Item, index: int) -> None:
        post = self.post
        if self.np_colors:
            self._flush()
        self.post = post  # "flowers in yellow", "the sky is pink": colours may still bind to the noun before

    def _on_coord(self, item: _Item, index: int) -> None:
        if not self.np_colors:
            self.post = None
        self.np_coord = bool(self.np_colors)

    def _close_post_phrase(self) -> None:
        """ "the sky is orange and the grass is purple": a noun after "and" starts a new phrase, so colours
        that followed the noun before belong to that one."""
        if self.np_coord and self.np_post is not None and self.np_post == self.post and self.np_colors:
            self._bind(self.np_post, self.np_colors)
            self.np_colors = []
        self.np_post, self.np_coord = None, False

    def _on_unknown(self, item: _Item, index: int) -> None:
        if item.kind == "unknown":
            self.unknown.append(item)
        self.post = None
        self.gap += 1
        if self.gap >= 2:  # two unknown words: whatever colours wait here describe nothing we can draw
            self._flush()
            self.neg = False

    def _on_ignore(self, item: _Item, index: int) -> None:
        self._on_unknown(item, index)

    def _on_article(self, item: _Item, index: int) -> None:
        self.np_article = True

    def _on_filler(self, item: _Item, index: int) -> None:
        pass

    def _on_counter(self, item: _Item, index: int) -> None:
        pass

    def _on_mod(self, item: _Item, index: int) -> None:
        self.np_mod, self.np_mod_quiet = item.value, False
        self._understand(item)

    def _on_color(self, item: _Item, index: int) -> None:
        color = _Color(item.value, self.np_mod, index)
        self.np_mod, self.np_mod_quiet = None, False
        self.colors.append(color)
        self._understand(item)
        if self.neg or self.op == "less":
            color.resolve(None)
            self._negate(("color", color.name), index)
            return
        if not self.np_colors:
            self.np_post = self.post
        self.np_colors.append(color)
        self._ko_note(item, ("color", color.name))
        if item.ko and item.particle and not item.particle.startswith(V.KO_COORD + ("의",)):
            self._flush()  # 노란색으로, 하늘은 파랗고: the phrase ends here

    def _wear(self, key: str) -> None:
        """A garment named as what the picture is printed on, not as a thing in it."""
        group = self.groups.pop(key, None)
        if group is not None:
            self.worn += group.words
        self.last_motif, self.post = None, None

    def _on_motif(self, item: _Item, index: int) -> None:
        self._close_post_phrase()
        key = item.value
        if self.for_medium and key in V.GARMENTS:
            self.worn.append(item.surface)
            self.np_colors, self.np_count, self.np_size, self.np_article = [], None, None, False
            return
        if key == "@flower" and self.last_motif and self.last_motif[0] in FLOWER_KINDS:
            if self.last_motif[1] >= item.tok - 1 and not self.np_colors:
                key = self.last_motif[0]  # "rose flowers", 장미꽃: the generic noun names the same flower
        self._understand(item)
        flowers = [g for k, g in self.groups.items() if k in FLOWER_KINDS and g.present]
        if key == "@flower" and self.op in ("more", "less", "inc") and flowers and "@flower" not in self.groups:
            for group in flowers:  # "yellow roses" then "more petals": more of the roses, not new flowers
                self._count(group, self.np_count)
            self.np_count = None
            return
        if self.neg or (self.op == "less" and not self.groups.get(key)):
            self._negate(("motif", key), index)
            for c in self.np_colors:
                c.resolve(key)
                self._negate(("color", c.name), index)
            self.np_colors = []
            self._flush()
            return
        group = self.groups.get(key)
        drawn = group is not None and group.present and (group.singular or group.count is not None)
        if self.op == "add" and not drawn:
            self.op = None  # "add a moon" where none is, or to a crowd of uncounted flowers: the motif itself
        if group is None or not group.present:
            group = self.groups[key] = _Group(key, index)
        group.words.append(item.surface)
        self.concepts.add(("motif", key))
        self._bind(("motif", key), self.np_colors)
        if self.np_size is not None:
            group.size = self.np_size
            self.concepts.add(("scale", ""))
        self._count(group, self.np_count)
        if self.np_article or (self.np_count and self.np_count[1] == 1):
            group.singular = not item.plural
        group.plural = group.plural or item.plural
        self.np_colors, self.np_count, self.np_size, self.np_article = [], None, None, False
        self.post, self.last_motif, self.last_motif_index = ("motif", key), (key, item.tok), index
        self._ko_note(item, ("motif", key))
        if item.ko and item.particle and not item.particle.startswith(V.KO_TOPIC + V.KO_COORD + ("의",)):
            self.post = None

    def _count(self, group: _Group, count: tuple[str, int] | None) -> None:
        """Counts: "two moons" = 2, "a second moon" = 2, "another moon" / "one more moon" = one more."""
        if count is None:
            if self.op in ("inc", "add"):
                group.count = (group.count or 1) + 1
            elif self.op in ("more", "less"):
                self._apply_op(("motif", group.key), self.op)
            return
        kind, n = count
        self.concepts.add(("count", group.key))
        if kind == "ordinal":
            group.count = max(group.count or 1, n)
        elif self.op in ("inc", "more", "add"):
            group.count = min(200, (group.count or 1) + n)
        else:
            group.count = n

    def _on_imply(self, item: _Item, index: int) -> None:
        if not self.neg:
            self.implied.append(item.value)

    def _on_role(self, item: _Item, index: int) -> None:
        self._close_post_phrase()
        self._understand(item)
        if self.neg:
            return
        word = item.surface.lower()
        names_backdrop = word in V.BACKGROUND_WORDS or (self.backdrop and word in V.WALL_WORDS)
        self.background_ref = ("role", item.value) if names_backdrop else None
        if names_backdrop:  # a plain backdrop: the thing itself, centred, not a landscape or a room
            self.backdrop_vote += V.LAYOUT_WEIGHT["layout" if self.backdrop else "lean"]
        self.backdrop = False
        if self.np_colors:
            self._bind(("role", item.value), self.np_colors)
            self.np_colors = []
        self.post = ("role", item.value)

    def _on_theme(self, item: _Item, index: int) -> None:
        name = item.value
        self._understand(item)
        if name in V.MOODS and self.op == "less" and V.MOODS[name].opposite:
            name = V.MOODS[name].opposite or name  # "less dark": a touch brighter
        elif self.neg or self.op == "less":
            self._negate(("theme", name), index)
            if name in V.MOODS:
                self.moods = [m for m in self.moods if m != name]
            return
        self.themes[name] = True
        self.concepts.add(("theme", name))
        if name in V.MOODS:
            self.moods.append(name)
        self._ko_note(item, ("theme", name))
        if self.post and self.post[0] == "motif":
            self.post = None

    def _on_layout(self, item: _Item, index: int, weight: float = V.LAYOUT_WEIGHT["layout"]) -> None:
        self._understand(item)
        between = self.items[self.last_motif_index + 1 : index]
        next_word = self.last_motif_index >= 0 and all(it.tok == item.tok for it in between)
        if self.last_motif is not None and self.last_motif[0] in V.GARMENTS and next_word:
            self._wear(self.last_motif[0])  # "a scarf print", "원피스 프린트": the print is for the scarf
        self.votes[item.value] = self.votes.get(item.value, 0.0) + (-weight if self.neg else weight)

    def _on_lean(self, item: _Item, index: int) -> None:
        self._on_layout(item, index, V.LAYOUT_WEIGHT["lean"])

    def _on_style(self, item: _Item, index: int) -> None:
        self._understand(item)
        if self.neg:
            self.no_styles.add(item.value)
            return
        self.style = item.value
        self.concepts.add(("style", ""))
        if item.value == "pastel" and self.np_mod is None:
            self.np_mod, self.np_mod_quiet = "soft", True  # "pastel pink" is a soft pink, too

    def _on_density(self, item: _Item, index: int) -> None:
        self._understand(item)
        self.density *= 1 / item.value if (self.neg or self.op == "less") else item.value
        self.concepts.add(("density", ""))
        self.neg = False

    def _on_scale(self, item: _Item, index: int) -> None:
        self._understand(item)
        self.np_size = 1 / item.value if (self.neg or self.op == "less") else item.value

    def _on_detail(self, item: _Item, index: int) -> None:
        self._understand(item)
        self.detail += -item.value if self.neg else item.value

    def _on_symmetry(self, item: _Item, index: int) -> None:
        self._understand(item)
        self.symmetry[item.value] = self.symmetry.get(item.value, 0.0) + 1

    def _on_number(self, item: _Item, index: int) -> None:
        self._understand(item)
        if item.value == 0:  # "0 birds"
            self.neg = True
            return
        if item.ko and self._korean_count_backward(item, index):
            return
        self.np_count = ("number", item.value)

    def _on_ordinal(self, item: _Item, index: int) -> None:
        self._understand(item)
        self.np_count = ("ordinal", item.value)

    def _korean_count_backward(self, item: _Item, index: int) -> bool:
        """Korean counts often follow their noun (달 두 개, 새 세 마리가, 달 하나 더): apply to the noun before."""
        j = index + 1
        counter = self.items[j] if j < len(self.items) and self.items[j].kind == "counter" else None
        if counter is not None:
            j += 1
        nxt = self.items[j] if j < len(self.items) else None
        if counter is not None and counter.particle.startswith("의"):
            return False  # 두 개의 달
        adjective_or_noun = nxt is not None and nxt.kind in ("motif", "color", "mod", "scale")
        if adjective_or_noun and (counter is None or not counter.particle):
            return False  # 두 마리 새, 세 노란 꽃
        if self.last_motif is None or self.last_motif[1] < item.tok - 1:
            return False
        group = self.groups.get(self.last_motif[0])
        if group is None or not group.present:
            return False
        more = nxt is not None and nxt.kind == "op" and nxt.value in ("more", "inc")
        self.concepts.add(("count", group.key))
        group.count = min(200, (group.count or 1) + item.value) if more else item.value
        if item.value == 1 and not more:
            group.singular = True
        if more:
            self.op = "done"  # the 더 after 하나 was used up here
        return True

    def _on_op(self, item: _Item, index: int) -> None:
        if self.op == "done" and item.value in ("more", "inc"):
            self.op = None
            return
        self._understand(item)
        self.neg = False
        self.op = item.value

    def _on_neg(self, item: _Item, index: int) -> None:
        self._understand(item)
        self._flush()
        self.neg, self.op = True, None

    def _on_postneg(self, item: _Item, index: int) -> None:
        self._understand(item)
        if self.np_colors:  # 분홍색 말고: the colour just read
            for c in self.np_colors:
                c.resolve(None)
                self._negate(("color", c.name), index)
            self.np_colors = []
        else:
            for ref in self.ko_group:
                self._negate(ref, index)
        self.ko_group, self.post = [], None

    def _on_postop(self, item: _Item, index: int) -> None:
        self._understand(item)
        op = item.value if item.value != "add" else self.op if self.op in ("more", "less") else None
        if op:  # 별을 늘려, 별을 더 추가: acts on what came before
            for ref in self.ko_group:
                self._apply_op(ref, op)
        self.op = None


# ---------------------------------------------------------------------------------------------------------------
# Step 3: what was read -> Scene.


def _choose_layout(r: _Reader, seed: int) -> str:
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
    weights = {"landscape": 3.0, "pattern": 0.0 if counted else 2.0, "centered": 1.0 if lone or not placed else 0.0}
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
        fld = list(ground_owner.pattern_field or sky_owner.pattern_field) or [_tint(ground[0], 0.6)]
    else:
        preset = V.GENTLE_PALETTES[rng.randrange(len(V.GENTLE_PALETTES))]
        sky, ground, accents = list(preset[0]), list(preset[1]), list(preset[2])
        fld = [V.PATTERN_FIELDS[rng.randrange(len(V.PATTERN_FIELDS))]]
    if layout == "pattern":
        ground = [fld[0], _adjust(fld[0], dl=-0.06)]
    elif layout == "interior":
        walls, floor, room_accents = V.INTERIOR_PALETTE
        sky, ground = list(walls), list(floor)
        accents = (accents if specs else []) + list(room_accents)
        if any(V.THEMES[t].time == "night" for t in themes if t in V.THEMES):
            sky = [_shade(c, 0.45) for c in sky]
    elif layout == "cosmic" and not any(t in V.PLANET_THEMES or t == "space" for t in themes):
        space = V.THEMES["space"]
        sky, ground, accents = list(space.sky), list(space.ground), _unique(list(space.accents) + accents)
    jitter = _rng(seed, "jitter")
    roles = {"sky": sky, "ground": ground, "accents": accents}
    return {role: [_jitter(c, jitter) for c in cs] for role, cs in roles.items()}


def _dominate(layout: str, named: list[str], pal: dict[str, list[str]], fixed: set[str]) -> None:
    """Named colours that describe no motif take the large areas, so they dominate the picture."""
    if not named:
        return
    first = named[0]
    if layout == "pattern":
        if "ground" not in fixed:
            pal["ground"] = [first, _adjust(first, dl=-0.06 if _sky_affine(first) else 0.06)]
        if "sky" not in fixed:
            pal["sky"] = [named[1] if len(named) > 1 else _tint(first, 0.4)]
    elif layout == "interior":
        if "sky" not in fixed:
            pal["sky"] = [first, _tint(first, 0.2)]
        if "ground" not in fixed:
            floor = named[1] if len(named) > 1 else _shade(first, 0.35)
            pal["ground"] = [floor, _shade(floor, 0.15)]
    elif layout == "cosmic":
        if "sky" not in fixed:
            pal["sky"] = [first] + (named[1:2] or [_tint(first, 0.25)])
        if "ground" not in fixed:
            pal["ground"] = [_shade(named[-1], 0.5)]
    elif "sky" in fixed and "ground" not in fixed:
        pal["ground"] = named + [_shade(named[-1], 0.15)] if len(named) == 1 else list(named)
    elif "ground" in fixed and "sky" not in fixed:
        pal["sky"] = named + [_tint(named[-1], 0.35)] if len(named) == 1 else list(named)
    elif not fixed:  # landscape, centred: sky-like colours above, the others below
        if len(named) == 1:
            if _sky_affine(first):
                pal["sky"], pal["ground"] = [first, _tint(first, 0.35)], [_shade(first, 0.25), _shade(first, 0.4)]
            else:
                pal["sky"], pal["ground"] = [_tint(first, 0.55), _tint(first, 0.3)], [first, _shade(first, 0.15)]
            return
        sky = [c for c in named if _sky_affine(c)]
        ground = [c for c in named if not _sky_affine(c)]
        light = lambda c: colorsys.rgb_to_hls(*_rgb(c))[1]  # noqa: E731
        if not sky:
            sky = [ground.pop(ground.index(max(ground, key=light)))]
        if not ground:
            ground = [sky.pop(sky.index(min(sky, key=light)))]
        pal["sky"] = sky + [_tint(sky[-1], 0.35)] if len(sky) == 1 else sky
        pal["ground"] = ground + [_shade(ground[-1], 0.15)] if len(ground) == 1 else ground


_FALLBACK = {"sky": ("#cfdde8", "#f2efe8", "#2b2f4a"), "ground": ("#a9b59a", "#c8b89a", "#6d6a75"),
             "accents": ("#e0a458", "#5b8e7d", "#7d6b91", "#3d5a80")}  # fmt: skip


def _drop_families(pal: dict[str, list[str]], banned: set[str], keep: set[str]) -> None:
    """ "not pink": no pinkish colour anywhere, unless the prompt named it itself."""
    if not banned:
        return
    for role, colors in pal.items():
        left = [c for c in colors if c in keep or _family(c) not in banned]
        if not left:
            left = [next((c for c in _FALLBACK[role] if _family(c) not in banned), _FALLBACK[role][0])]
        pal[role] = left


def _resolve_generic(group: _Group, pool: Sequence[str], taken: set[str], rng: random.Random) -> list[_Group]:
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
        out.append(_Group(kind, group.pos, True, list(group.colors), count, group.amount, group.size, group.singular))
    return out


def _one(group: _Group) -> bool:
    """ "a fox", "an owl": one thing, when it is a thing from the glyph library (the procedural kinds keep their
    own ways: "a flower field" is not one flower, "a tree line" not one tree)."""
    return group.singular and not group.plural and (group.key in GLYPHS or group.key in STANDING_KINDS)


def _build(r: _Reader, prompt: str, seed: int) -> Scene:
    themes = [t for t, present in r.themes.items() if present]
    moods = [m for m in r.moods if r.themes.get(m, False)]
    alive = lambda cs: [c for c in cs if c.alive and c.name in V.CSS_COLORS]  # noqa: E731
    named = _unique(c.name for c in sorted(alive(r.colors), key=lambda c: c.pos))
    live = {k for k, g in r.groups.items() if g.present}
    concepts = {(kind, key) for kind, key in r.concepts if (kind != "motif" or key in live)}
    concepts = {(kind, key) for kind, key in concepts if kind != "theme" or r.themes.get(key)}
    concepts |= {("color", n) for n in named}
    empty = not concepts and not any(v > 0 for v in r.votes.values()) and not r.implied
    gentle = _rng(seed, "gentle")
    if empty and not r.groups:  # nothing understood: a gentle theme and a plain, pleasant picture
        themes = [V.GENTLE_THEMES[gentle.randrange(len(V.GENTLE_THEMES))]]
        moods = [t for t in themes if t in V.MOODS]
        layout = "landscape" if gentle.random() < 0.7 else "pattern"
    else:
        layout = _choose_layout(r, seed)

    # motifs: what was named, what the words and themes imply, then seeded kinds for the generic words
    groups = {k: g for k, g in r.groups.items() if g.present}
    implied = list(r.implied) + [m for t in themes if t in V.THEMES for m in V.THEMES[t].implies]
    for key in implied:
        if key in r.groups or (layout == "interior" and key in ("star", "sun", "moon", "planet")):
            continue
        if key in ("tree", "palm", "hill") and layout in ("interior", "cosmic"):
            continue
        groups[key] = r.groups[key] = _Group(key, 10**6)
    if layout == "cosmic" and "planet" not in r.groups and any(t in V.PLANET_THEMES for t in themes):
        groups["planet"] = _Group("planet", 10**6)  # "on Venus", seen from space: the planet itself
    placed = [k for k in groups if k not in FIELD_KINDS]
    if not placed:
        fallback = {"landscape": ("hill",), "pattern": V.GENTLE_PATTERN_MOTIFS, "centered": V.GENTLE_SUBJECTS,
                    "interior": ("window",), "cosmic": ("star",)}[layout]  # fmt: skip
        if layout != "pattern" or not groups:
            key = fallback[gentle.randrange(len(fallback))]
            if key not in r.groups:
                groups[key] = _Group(key, 10**6)
            if empty and layout == "landscape" and gentle.random() < 0.5 and "cloud" not in r.groups:
                groups["cloud"] = _Group("cloud", 10**6)
    flower_rng, shape_rng = _rng(seed, "flowers"), _rng(seed, "shapes")
    for generic, pool, rng in (("@flower", FLOWER_KINDS, flower_rng), ("@shape", SHAPE_KINDS, shape_rng)):
        if generic in groups:
            negated = {k for k, g in r.groups.items() if not g.present}
            pool = tuple(k for k in pool if k not in negated) or pool
            for g in _resolve_generic(groups.pop(generic), pool, set(groups), rng):
                groups[g.key] = g

    # palette: themes first, then named colours in the roles they were given, then the free ones dominate
    pal = _base_palette(layout, themes, seed)
    fixed = {role for role, cs in r.roles.items() if alive(cs)}
    for role in fixed:
        hexes = _unique(c.hex for c in alive(r.roles[role]))
        extra = _tint(hexes[0], 0.35) if role == "sky" else _shade(hexes[0], 0.15)
        pal[role] = hexes + [extra] if len(hexes) == 1 else hexes
    seen: set[str] = set()
    free = [c for c in alive(r.dominant) + alive(r.unbound) if not (c.name in seen or seen.add(c.name))]
    named_free = _unique(c.hex for c in free)
    bound = _unique(c.hex for g in groups.values() for c in alive(g.colors))
    cloth: str | None = None  # a named colour that became the pattern's ground: motifs take their other colours
    if not named_free and not fixed and bound and not any(t in V.THEMES for t in themes):
        # Only motif colours were named and no theme paints the rest: the large areas take their light tints,
        # so the named colours still dominate while the motifs stay visible against them.
        coloured = [g for g in groups.values() if alive(g.colors)]
        if layout == "pattern" and len(bound) > 1 and len(coloured) == 1 and coloured[0].key not in FIELD_KINDS:
            # "cherries in red and cream": the cloth is the last colour itself and the motif keeps the others,
            # so every named colour shows in full
            pal["ground"] = [bound[-1], _adjust(bound[-1], dl=-0.04)]
            pal["sky"] = [_tint(bound[0], 0.6)]
            cloth = bound[-1]
        elif layout == "pattern":
            pal["ground"] = [_tint(bound[-1], 0.8), _tint(bound[-1], 0.7)]
            pal["sky"] = [_tint(bound[0], 0.6)]
        else:
            _dominate(layout, [_tint(c, 0.45) for c in bound], pal, fixed)
    else:
        _dominate(layout, named_free, pal, fixed)
    night_sky = next((V.THEMES[t].sky for t in themes if t in V.THEMES and V.THEMES[t].time == "night"), None)
    if night_sky and layout in ("landscape", "centered"):
        if "sky" in fixed or (named_free and _sky_affine(named_free[0])):  # a purple night is still night
            pal["sky"] = [_mix(c, night_sky[min(i, len(night_sky) - 1)], 0.5) for i, c in enumerate(pal["sky"])]
    backdrop = _unique(c.hex for c in alive(r.background))
    if backdrop:  # "against a white wall": one plain colour behind everything, whatever the layout
        light = colorsys.rgb_to_hls(*_rgb(backdrop[0]))[1] > 0.5
        plain = [backdrop[0], _adjust(backdrop[0], dl=-0.04 if light else 0.04)]
        if layout == "pattern":
            pal["ground"] = plain
        else:
            pal["sky"], pal["ground"] = plain, plain[::-1]
    # a backdrop's colour is not the subject's: it would paint the things in front of it, too
    pal["accents"] = _unique([c for c in named_free if c not in backdrop] + bound + pal["accents"])[:MAX_ACCENTS]
    banned_names = {c.name for c in r.colors if not c.alive and c.name in V.CSS_COLORS} - set(named)
    banned = {_family(V.CSS_COLORS[n]) for n in banned_names}
    _drop_families(pal, banned, set(named_free + bound))

    motif_colors = {k: _unique(c.hex for c in alive(g.colors)) for k, g in groups.items()}
    for k, cs in motif_colors.items():
        if not cs and V.NATURAL_FAMILY.get(k) in banned:  # "a sea, not blue": paint it in another accent
            motif_colors[k] = [next((c for c in pal["accents"] if _family(c) not in banned), pal["accents"][0])]
    if layout == "pattern" and len(named_free) > 1:  # "a pink and blue pattern": blue motifs on a pink field
        motif_colors = {k: cs or named_free[1:] for k, cs in motif_colors.items()}
    if cloth is not None:
        motif_colors = {k: [c for c in cs if c != cloth] or cs for k, cs in motif_colors.items()}
    for mood in moods:  # moods shift every colour a little, named ones included ("warmer" must show)
        spec = V.MOODS[mood]
        pal = {role: [_mood(c, spec) for c in cs] for role, cs in pal.items()}
        motif_colors = {k: [_mood(c, spec) for c in cs] for k, cs in motif_colors.items()}
    pal = {role: _unique(cs) for role, cs in pal.items()}

    order = {k: i for i, k in enumerate(V.DRAW_ORDER)}
    motifs = [
        MotifSpec(
            kind=g.key,  # type: ignore[arg-type]
            colors=motif_colors[k],
            count=max(1, min(200, g.count)) if g.count is not None else (1 if _one(g) else None),
            amount=round(g.amount, 3),
            size=round(min(4.0, max(0.2, g.size or 1.0)), 3),
        )
        for k, g in sorted(groups.items(), key=lambda kg: order.get(kg[0], len(order)))
    ]

    # style, symmetry, time of day, density and detail
    style = r.style if r.style and r.style not in r.no_styles else None
    if style is None:
        weights = dict(V.STYLE_WEIGHTS)
        for bias in [V.THEMES[t].styles for t in themes if t in V.THEMES] + [V.MOODS[m].styles for m in moods]:
            for k, w in bias.items():
                weights[k] += w
        for k, w in V.LAYOUT_STYLES.get(layout, {}).items():
            weights[k] += w
        for k in r.no_styles:
            weights[k] = 0.0
        style = _weighted(_rng(seed, "style"), weights) if any(weights.values()) else "flat"
    symmetry = "translate"
    if r.symmetry:
        symmetry = max(sorted(r.symmetry), key=lambda k: r.symmetry[k])
    elif layout == "pattern" and set(groups) <= set(TEXTILE_FIELD_KINDS):
        symmetry = "translate"  # a woven textile alone repeats as it is woven: no mirror or turn to claim
    elif layout == "pattern":
        weights = dict(V.SYMMETRY_WEIGHTS)
        if "ornament" in groups:
            weights["mirror"] += 1.5
            weights["rotate4"] += 1.5
        if V.UPRIGHT_MOTIFS & set(groups):  # a toile's scenes, a damask's medallions: never upside down
            weights["rotate2"] = weights["rotate4"] = 0.0
        symmetry = _weighted(_rng(seed, "symmetry"), weights)
    time = "day"
    for t in themes:
        if t in V.THEMES and V.THEMES[t].time:
            time = V.THEMES[t].time or time
    detail = min(1.0, max(0.05, 0.12 + 0.1 * len(concepts) + r.detail))

    return Scene(
        prompt=prompt,
        layout=layout,  # type: ignore[arg-type]
        style=style,  # type: ignore[arg-type]
        symmetry=symmetry,  # type: ignore[arg-type]
        time_of_day=time,  # type: ignore[arg-type]
        palette=Palette(sky=pal["sky"], ground=pal["ground"], accents=pal["accents"]),
        motifs=motifs,
        named_colors=named,
        themes=themes,
        backdrop=pal["sky"][0] if backdrop and layout == "centered" else None,
        density=round(min(3.0, max(0.1, r.density)), 3),
        scale=round(min(3.0, max(0.2, r.scale)), 3),
        detail=round(detail, 3),
        understood=r.understood,
    )


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
    reader = _Reader(_items(prompt, lex)).read()
    if revising is not None:
        reader.votes = {revising.layout: math.inf}  # outweighs every word and motif: the layout is kept
        reader.style = reader.style or revising.style
        reader.symmetry = reader.symmetry or {revising.symmetry: 1.0}
    if negative_prompt.strip():
        unwanted = _Reader(_items(negative_prompt, lex)).read()
        for key, group in unwanted.groups.items():
            if group.present:
                reader._negate(("motif", key), 0)
        for c in unwanted.colors:
            c.resolve(None)
            reader._negate(("color", c.name), 0)
            reader.colors.append(_Color(c.name, None, -1, alive=False))  # its family is banned even if unnamed
        for name, present in unwanted.themes.items():
            if present:
                reader._negate(("theme", name), 0)
        reader.no_styles |= {unwanted.style} if unwanted.style else set()
        reader.implied = [k for k in reader.implied if k not in unwanted.groups]
    scene = _build(reader, prompt, seed)
    if revising is None:
        return scene
    # more words make a richer picture, but a revision keeps the draft's detail, changed only by detail words
    asked = reader.detail - _Reader(_items(revising.prompt, lex)).read().detail
    return scene.model_copy(update={"detail": round(min(1.0, max(0.05, revising.detail + asked)), 3)})
