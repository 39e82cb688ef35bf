"""Step 2 of the sketch parser: items -> what the prompt asked for.

`Reader` reads the items left to right like a small noun-phrase grammar: colours wait for the noun they describe
("yellow and pink flowers"), negation and "more/less/add" act on what follows (Korean postfix forms act on what came
before), counts attach to the next motif (Korean: also the previous one, "달 두 개"). Each item kind has one
handler in `HANDLERS`, checked at import against every kind the lexicon can produce.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import get_args

from studiolo.model.sketch import vocabulary as V
from studiolo.model.sketch.colors import modify
from studiolo.model.sketch.lexicon import Item, ItemKind
from studiolo.model.sketch.scene import FLOWER_KINDS, SHAPE_KINDS

MAX_UNDERSTOOD = 60
# "more roses" / "fewer roses": the factor on their count, or on their usual number when no count was given
MORE, LESS = 1.6, 0.5


@dataclass
class Color:
    """One colour word as read, with its modifier ("pale pink") and its item index."""

    name: str  # CSS name; "?bluegreen" until Korean 푸른 learns what it colours
    mod: str | None
    pos: int
    alive: bool = True  # False once negated

    def resolve(self, target: str | None) -> None:
        if self.name == "?bluegreen":
            self.name = "green" if target in V.GREEN_THINGS else "blue"

    @property
    def hex(self) -> str:
        return modify(V.CSS_COLORS[self.name], self.mod)


@dataclass
class Group:
    """One motif kind the prompt named ("@flower"/"@shape" for the generic words)."""

    key: str
    pos: int
    present: bool = True
    colors: list[Color] = field(default_factory=list)
    count: int | None = None
    amount: float = 1.0  # "more roses" without a count: relative to however many the layout draws
    size: float | None = None
    singular: bool = False
    plural: bool = False
    words: list[str] = field(default_factory=list)  # the prompt's words that named it ("lemons", "레몬")


Ref = tuple[str, str]  # ("motif", key) | ("role", name) | ("color", name) | ("theme", name)


class Reader:
    """Reads items left to right; the pending noun phrase (np_*) waits for the noun it describes."""

    def __init__(self, items: list[Item]) -> None:
        self.items = items
        self.groups: dict[str, Group] = {}
        self.colors: list[Color] = []  # every colour read, in order
        self.roles: dict[str, list[Color]] = {"sky": [], "ground": []}
        self.dominant: list[Color] = []  # "more yellow", "a pink background": these lead the large roles
        self.unbound: list[Color] = []
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
        self.unknown: list[Item] = []  # words no table knows: what the request may ask that cannot be drawn
        self.background: list[Color] = []  # "against a white wall", "on a navy background"
        self.backdrop_vote = 0.0  # for the centred layout, unless a textile is named (then it is the cloth's ground)
        self.backdrop = False  # "against" was read: a wall word next names the backdrop
        self.background_ref: Ref | None = None  # the role noun just read names the backdrop
        self.worn: list[str] = []  # garments the picture is for ("a scarf print"): not drawn in it
        self.for_medium = False  # "for" was read in this sentence: a garment after it is what the picture is for
        self.last_motif_index = -1  # the item index of the last motif read
        # pending state
        self.np_colors: list[Color] = []
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
    def _understand(self, item: Item) -> None:
        if len(self.understood) < MAX_UNDERSTOOD and item.surface not in self.understood:
            self.understood.append(item.surface)

    def _ko_note(self, item: Item, ref: Ref) -> None:
        if not item.ko:
            return
        if item.tok != self.ko_tok and not self.ko_open:
            self.ko_group = []  # a new group unless the last word ended in 와/과 (새와 구름 없이)
        self.ko_group.append(ref)
        self.ko_tok, self.ko_open = item.tok, item.particle.startswith(V.KO_COORD)

    # -- the loop ---------------------------------------------------------------------------------------------
    def read(self) -> Reader:
        for index, item in enumerate(self.items):
            if item.kind != "color" and self.np_mod and item.kind not in ("mod", "filler", "article"):
                self._mod_as_mood()
            HANDLERS[item.kind](self, item, index)
            if item.kind not in ("unknown", "ignore"):
                self.gap = 0
        self._flush()
        return self

    def exclude(self, unwanted: Reader) -> None:
        """Remove everything a negative prompt (read by `unwanted`) names: motifs, colours, themes, styles."""
        for key, group in unwanted.groups.items():
            if group.present:
                self._negate(("motif", key), 0)
        for c in unwanted.colors:
            c.resolve(None)
            self._negate(("color", c.name), 0)
            self.colors.append(Color(c.name, None, -1, alive=False))  # its family is banned even if unnamed
        for name, present in unwanted.themes.items():
            if present:
                self._negate(("theme", name), 0)
        self.no_styles |= {unwanted.style} if unwanted.style else set()
        self.implied = [k for k in self.implied if k not in unwanted.groups]

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
    def _bind(self, target: Ref, colors: list[Color]) -> None:
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
                    self.groups.setdefault(k, Group(k, pos)).present = False
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
    def _on_punct(self, item: Item, index: int) -> None:
        self.for_medium = self.for_medium and item.value == ","
        nxt = self.items[index + 1] if index + 1 < len(self.items) else None
        if item.value == "," and self.np_colors and nxt is not None and nxt.kind in ("color", "mod"):
            return  # "yellow, pink and white flowers": the list goes on
        self._end_clause()

    def _on_break(self, item: Item, index: int) -> None:
        self._end_clause()
        if item.surface.lower() == "for":  # "for the back of a denim jacket": garments after it are worn, not drawn
            self.for_medium = True

    def _on_backdrop(self, item: Item, index: int) -> None:
        self._end_clause()
        self.backdrop = True

    def _on_connect(self, item: Item, index: int) -> None:
        post = self.post
        if self.np_colors:
            self._flush()
        self.post = post  # "flowers in yellow", "the sky is pink": colours may still bind to the noun before

    def _on_coord(self, item: Item, index: int) -> None:
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

    def _on_unknown(self, item: Item, index: int) -> None:
        if item.kind == "unknown":
            self.unknown.append(item)
        self.post = None
        self.gap += 1
        if self.gap >= 2:  # two unknown words: whatever colours wait here describe nothing we can draw
            self._flush()
            self.neg = False

    def _on_ignore(self, item: Item, index: int) -> None:
        self._on_unknown(item, index)

    def _on_article(self, item: Item, index: int) -> None:
        self.np_article = True

    def _on_nothing(self, item: Item, index: int) -> None:
        """Fillers ("very", "some") change nothing; a Korean counter (개, 마리) is read with its number."""

    def _on_mod(self, item: Item, index: int) -> None:
        self.np_mod, self.np_mod_quiet = item.value, False
        self._understand(item)

    def _on_color(self, item: Item, index: int) -> None:
        color = Color(item.value, self.np_mod, index)
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

    def _on_motif(self, item: Item, index: int) -> None:
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
            for flower in flowers:  # "yellow roses" then "more petals": more of the roses, not new flowers
                self._count(flower, self.np_count)
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
            group = Group(key, index)
            self.groups[key] = group
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

    def _count(self, group: Group, count: tuple[str, int] | None) -> None:
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

    def _on_imply(self, item: Item, index: int) -> None:
        if not self.neg:
            self.implied.append(item.value)

    def _on_role(self, item: Item, index: int) -> None:
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

    def _on_theme(self, item: Item, index: int) -> None:
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

    def _on_layout(self, item: Item, index: int, weight: float = V.LAYOUT_WEIGHT["layout"]) -> None:
        self._understand(item)
        between = self.items[self.last_motif_index + 1 : index]
        next_word = self.last_motif_index >= 0 and all(it.tok == item.tok for it in between)
        if self.last_motif is not None and self.last_motif[0] in V.GARMENTS and next_word:
            self._wear(self.last_motif[0])  # "a scarf print", "원피스 프린트": the print is for the scarf
        self.votes[item.value] = self.votes.get(item.value, 0.0) + (-weight if self.neg else weight)

    def _on_lean(self, item: Item, index: int) -> None:
        self._on_layout(item, index, V.LAYOUT_WEIGHT["lean"])

    def _on_style(self, item: Item, index: int) -> None:
        self._understand(item)
        if self.neg:
            self.no_styles.add(item.value)
            return
        self.style = item.value
        self.concepts.add(("style", ""))
        if item.value == "pastel" and self.np_mod is None:
            self.np_mod, self.np_mod_quiet = "soft", True  # "pastel pink" is a soft pink, too

    def _on_density(self, item: Item, index: int) -> None:
        self._understand(item)
        self.density *= 1 / item.value if (self.neg or self.op == "less") else item.value
        self.concepts.add(("density", ""))
        self.neg = False

    def _on_scale(self, item: Item, index: int) -> None:
        self._understand(item)
        self.np_size = 1 / item.value if (self.neg or self.op == "less") else item.value

    def _on_detail(self, item: Item, index: int) -> None:
        self._understand(item)
        self.detail += -item.value if self.neg else item.value

    def _on_symmetry(self, item: Item, index: int) -> None:
        self._understand(item)
        self.symmetry[item.value] = self.symmetry.get(item.value, 0.0) + 1

    def _on_number(self, item: Item, index: int) -> None:
        self._understand(item)
        if item.value == 0:  # "0 birds"
            self.neg = True
            return
        if item.ko and self._korean_count_backward(item, index):
            return
        self.np_count = ("number", item.value)

    def _on_ordinal(self, item: Item, index: int) -> None:
        self._understand(item)
        self.np_count = ("ordinal", item.value)

    def _korean_count_backward(self, item: Item, index: int) -> bool:
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

    def _on_op(self, item: Item, index: int) -> None:
        if self.op == "done" and item.value in ("more", "inc"):
            self.op = None
            return
        self._understand(item)
        self.neg = False
        self.op = item.value

    def _on_neg(self, item: Item, index: int) -> None:
        self._understand(item)
        self._flush()
        self.neg, self.op = True, None

    def _on_postneg(self, item: Item, index: int) -> None:
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

    def _on_postop(self, item: Item, index: int) -> None:
        self._understand(item)
        op = item.value if item.value != "add" else self.op if self.op in ("more", "less") else None
        if op:  # 별을 늘려, 별을 더 추가: acts on what came before
            for ref in self.ko_group:
                self._apply_op(ref, op)
        self.op = None


Handler = Callable[[Reader, Item, int], None]

# One handler per item kind, so a new kind in the tables cannot go unread (checked just below, at import).
HANDLERS: dict[ItemKind, Handler] = {
    "punct": Reader._on_punct,
    "break": Reader._on_break,
    "backdrop": Reader._on_backdrop,
    "connect": Reader._on_connect,
    "coord": Reader._on_coord,
    "unknown": Reader._on_unknown,
    "ignore": Reader._on_ignore,
    "article": Reader._on_article,
    "filler": Reader._on_nothing,
    "counter": Reader._on_nothing,
    "mod": Reader._on_mod,
    "color": Reader._on_color,
    "motif": Reader._on_motif,
    "imply": Reader._on_imply,
    "role": Reader._on_role,
    "theme": Reader._on_theme,
    "layout": Reader._on_layout,
    "lean": Reader._on_lean,
    "style": Reader._on_style,
    "density": Reader._on_density,
    "scale": Reader._on_scale,
    "detail": Reader._on_detail,
    "symmetry": Reader._on_symmetry,
    "number": Reader._on_number,
    "ordinal": Reader._on_ordinal,
    "op": Reader._on_op,
    "neg": Reader._on_neg,
    "postneg": Reader._on_postneg,
    "postop": Reader._on_postop,
}


def check_handlers(handled: Iterable[str]) -> None:
    """Raise unless every item kind has a handler and every handler an item kind."""
    kinds, have = set(get_args(ItemKind)), set(handled)
    missing, extra = kinds - have, have - kinds
    if missing or extra:
        raise RuntimeError(f"sketch reader: no handler for {sorted(missing)}, handlers for no kind {sorted(extra)}")


check_handlers(HANDLERS)
