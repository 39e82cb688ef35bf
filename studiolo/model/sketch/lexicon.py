"""Step 1 of the sketch parser: the prompt's words -> items (entries of the word tables), English and Korean.

English matches the longest phrase first ("cherry blossom", "light blue"); Korean matches known stems at the start of
each whitespace token and keeps the rest as its particle (꽃과 -> 꽃 + 과, 분홍색꽃 -> 분홍색 + 꽃). The lexicons
are derived from the tables (vocabulary.py) and the glyph library once, at import.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from studiolo.model.sketch import vocabulary as V
from studiolo.model.sketch.glyphs import GLYPHS, english_names, korean_names

# What an item can be: an entry of the tables, or what the tokenizer itself tells apart (a word no table knows,
# punctuation).
ItemKind = Literal[V.EntryKind, "unknown", "punct"]

# Work caps: a 100k-character prompt must parse in well under 0.2 s, so only its first words are read.
MAX_TOKENS = 1500
MAX_TOKEN_CHARS = 40

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
# Words -> items.


@dataclass
class Item:
    """One meaning of one word (or phrase) of the prompt: a word may give several ("ocean": the sea, a theme)."""

    kind: ItemKind
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


def _english_items(toks: Sequence[str], lows: Sequence[str], i: int, lex: Lexicon) -> tuple[list[Item], int]:
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
            return [Item(k, v, surface, i, plural=plural) for k, v in entries], size
        fused = "".join(words)
        name = _color_name(fused) if size == 1 else V.COLOR_ALIASES.get(fused, fused)
        if name in V.CSS_COLORS and (size == 1 or fused not in V.NO_FUSE):
            extras = V.COLOR_EXTRAS.get(fused, ())
            return [Item("color", name, surface, i)] + [Item(k, v, surface, i) for k, v in extras], size
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


def _korean_items(tok: str, i: int, lex: Lexicon) -> list[Item]:
    """Known stems at the start of a Korean token, longest first, then compounds; the rest is its particle."""
    items: list[Item] = []
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
        items.extend(Item(k, v, stem, i, ko=True) for k, v in lex.korean[stem])
        p += len(stem)
        if items[-1].kind == "postop":
            break  # 추가해, 늘려줘: what follows the verb is its ending (해 is not the sun here)
    if items:
        items[-1].particle = tok[p:]
        for it in items:
            it.plural = tok[p:].startswith("들")
    return items


def prompt_items(prompt: str, lex: Lexicon = FULL) -> list[Item]:
    toks = _tokens(prompt)
    lows = [t.lower() for t in toks]
    items: list[Item] = []
    i = 0
    while i < len(toks):
        low = lows[i]
        if _HANGUL.search(low):
            found = _korean_items(low, i, lex)
            items.extend(found or [Item("unknown", low, toks[i], i, ko=True)])
            i += 1
        elif low.isascii() and low.isdigit():  # "²".isdigit() is True, and int() refuses it
            items.append(Item("number", min(200, int(low[:4])), toks[i], i))
            i += 1
        elif not low[0].isalnum():
            kind: ItemKind = "coord" if low in "&+" else "punct"
            items.append(Item(kind, low, toks[i], i))
            i += 1
        else:
            found, used = _english_items(toks, lows, i, lex)
            items.extend(found or [Item("unknown", low, toks[i], i)])
            i += used
    return items
