"""The word tables of the sketch painter's prompt parser, English and Korean.

Data only: the parser (lexicon.py, reader.py, compose.py) holds the logic. Every word maps to a tuple of *entries*
`(kind, value)`, applied in order (so "ocean" first becomes the sea motif, which takes the colours in front of it,
then the ocean theme).

Entry kinds:
    motif    a MotifKind, or "@flower" / "@shape" (a generic word the seed turns into concrete kinds)
    imply    a motif the word implies; it takes no colours and only appears if nothing negates it
    role     a palette role colours can bind to: "sky" (also the walls of a room), "ground", "bg" (whatever is
             largest in the chosen layout)
    theme    a season, place, time of day, planet or mood (THEMES and MOODS below)
    layout   a strong vote for a layout; lean: a weaker vote
    style, density (factor), scale (factor), detail (delta), symmetry
    number, ordinal (counts); counter (Korean counting words: 개, 마리, 송이 ...)
    color    a normalised CSS name (or "?bluegreen": Korean 푸른, blue or green by what it colours)
    mod      a colour modifier (pale, light, dark, deep, bright, soft); a mood when no colour follows
    op       more / less / inc (another) / add;  neg: negation of what follows
    postneg, postop   Korean: negation / more / less of what came before (없이, 빼고, 더, 줄여)
    coord, break, connect (in / is: lets colours bind to the noun before), article, filler, ignore
    backdrop ("against"): a break after which a wall or background word names the picture's plain backdrop
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final, Literal, get_args

from PIL import ImageColor

# Every kind of entry the tables hold (described above); the parser has one handler for each (reader.py).
EntryKind = Literal[
    "motif", "imply", "role", "theme", "layout", "lean", "style", "density", "scale", "detail", "symmetry",
    "number", "ordinal", "counter", "color", "mod", "op", "neg", "postneg", "postop", "coord", "break", "connect",
    "article", "filler", "ignore", "backdrop",
]  # fmt: skip
ENTRY_KINDS: frozenset[str] = frozenset(get_args(EntryKind))
Entry = tuple[EntryKind, Any]

# ---------------------------------------------------------------------------------------------------------------
# Colours: every CSS/X11 name Pillow knows, normalised to the "gray" spelling.


def _css_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for name in ImageColor.colormap:
        r, g, b = ImageColor.getrgb(name)[:3]
        table[name] = f"#{r:02x}{g:02x}{b:02x}"
    return table


CSS_COLORS: dict[str, str] = _css_table()
# Where people mean another shade than CSS: a designer's navy is darker and greyer than CSS's #000080, which
# people call a deep blue (the XKCD colour survey's navy is #01153e; the describer names #14213d navy).
CSS_COLORS["navy"] = "#14213d"
# British and other spellings mapped onto a CSS name; "grey" forms are folded onto "gray" ones.
COLOR_ALIASES: dict[str, str] = {
    **{n: n.replace("grey", "gray") for n in CSS_COLORS if "grey" in n and n.replace("grey", "gray") in CSS_COLORS},
    "golden": "gold", "navyblue": "navy", "amber": "orange", "rust": "sienna", "rusty": "sienna",
    "burgundy": "maroon", "emerald": "mediumseagreen", "jade": "seagreen", "ruby": "crimson",
    "scarlet": "red", "vermilion": "orangered", "sapphire": "royalblue", "cobalt": "royalblue",
    "lilac": "plum", "mauve": "plum", "peach": "peachpuff", "cream": "cornsilk", "creamy": "cornsilk",
    "mint": "palegreen", "charcoal": "darkslategray", "ochre": "goldenrod", "ocher": "goldenrod",
    "copper": "chocolate", "bronze": "peru", "blush": "mistyrose", "cerulean": "deepskyblue",
    "rosy": "pink", "pinky": "pink", "purpley": "purple", "ruddy": "indianred", "auburn": "brown",
    "mustard": "goldenrod", "sage": "darkseagreen", "iceblue": "lightblue", "sagegreen": "darkseagreen", "mustardyellow": "goldenrod", "terracotta": "indianred", "terra cotta": "indianred",
}  # fmt: skip
# Spaced forms that must *not* fuse into a CSS name, because the first word is a concept of its own here.
NO_FUSE: frozenset[str] = frozenset({"springgreen"})
# Colour names that are also English concepts: the word gives the colour and these entries too.
COLOR_EXTRAS: dict[str, tuple[Entry, ...]] = {"snow": (("theme", "winter"),)}

# ---------------------------------------------------------------------------------------------------------------
# Motifs.

# The order motifs are listed in a Scene: far to near, so both languages give the same list.
DRAW_ORDER: tuple[str, ...] = (
    "stripes", "checks", "scales", "dots", "houndstooth", "herringbone", "chevron", "argyle", "ikat",
    "sun", "moon", "planet", "star", "cloud", "mountain", "hill", "sea", "wave",
    "window", "shelves", "rug", "sofa", "lamp", "plant",
    "tree", "pine", "palm",
    "daisy", "tulip", "rose", "sunflower", "cherry_blossom", "lotus", "poppy",
    "leaf", "circle", "triangle", "square", "diamond", "hexagon", "ornament", "paisley", "damask", "toile",
    "butterfly", "bird",
)  # fmt: skip

# English surface -> motif; plurals (-s, -es, -ies) are derived, irregular ones are listed.
MOTIF_EN: dict[str, str] = {
    # flowers
    "daisy": "daisy", "marguerite": "daisy", "chamomile": "daisy", "tulip": "tulip",
    "rose": "rose", "peony": "rose", "peonies": "rose", "camellia": "rose",
    "sunflower": "sunflower", "cherry blossom": "cherry_blossom",
    "sakura": "cherry_blossom", "plum blossom": "cherry_blossom", "apple blossom": "cherry_blossom",
    "lotus": "lotus", "water lily": "lotus", "water lilies": "lotus", "lily": "lotus", "poppy": "poppy",
    "flower": "@flower", "blossom": "@flower", "bloom": "@flower", "blooming": "@flower", "floral": "@flower",
    "flowery": "@flower", "petal": "@flower", "bouquet": "@flower", "wildflower": "@flower",
    # trees
    "tree": "tree", "oak": "tree", "birch": "tree", "willow": "tree", "maple": "tree",
    "pine": "pine", "pine tree": "pine", "fir": "pine", "fir tree": "pine", "spruce": "pine",
    "conifer": "pine", "evergreen": "pine", "christmas tree": "pine", "cypress": "pine",
    "palm": "palm", "palm tree": "palm", "coconut tree": "palm", "coconut palm": "palm",
    # land, sea and sky
    "mountain": "mountain", "peak": "mountain", "summit": "mountain", "alps": "mountain",
    "volcano": "mountain", "cliff": "mountain", "hill": "hill", "hillside": "hill", "dune": "hill",
    "knoll": "hill", "sea": "sea", "lake": "sea", "pond": "sea", "water": "sea", "river": "sea",
    "bay": "sea", "lagoon": "sea", "wave": "wave", "surf": "wave", "ripple": "wave",
    "cloud": "cloud", "cloudy": "cloud", "sun": "sun", "sunshine": "sun", "sunlight": "sun",
    "sunny": "sun", "moon": "moon", "crescent": "moon", "full moon": "moon", "half moon": "moon",
    "star": "star", "starlight": "star", "constellation": "star", "stardust": "star",
    "planet": "planet", "saturn": "planet", "jupiter": "planet", "neptune": "planet", "uranus": "planet",
    "mercury": "planet", "pluto": "planet",
    # creatures and leaves
    "bird": "bird", "seagull": "bird", "gull": "bird", "heron": "bird", "crane": "bird",
    "sparrow": "bird", "robin": "bird", "pigeon": "bird",
    "hummingbird": "bird", "flock": "bird", "butterfly": "butterfly", "moth": "butterfly",
    "leaf": "leaf", "leaves": "leaf", "foliage": "leaf", "fern": "leaf", "frond": "leaf", "vine": "leaf",
    "ivy": "leaf",
    # geometry and textile fields
    "circle": "circle", "ring": "circle", "disc": "circle", "disk": "circle", "orb": "circle",
    "triangle": "triangle", "triangular": "triangle", "square": "square", "rectangle": "square",
    "cube": "square", "diamond": "diamond", "rhombus": "diamond", "lozenge": "diamond",
    "harlequin": "diamond", "hexagon": "hexagon", "hexagonal": "hexagon", "honeycomb": "hexagon",
    "shape": "@shape", "geometric": "@shape", "geometry": "@shape", "polygon": "@shape",
    "stripe": "stripes", "striped": "stripes", "stripy": "stripes", "pinstripe": "stripes",
    "dot": "dots", "dotted": "dots", "polka dot": "dots", "polka": "dots", "spot": "dots",
    "spotted": "dots", "speckled": "dots",
    "check": "checks", "checked": "checks", "checkered": "checks", "chequered": "checks",
    "checkerboard": "checks", "chessboard": "checks", "plaid": "checks", "gingham": "checks",
    "tartan": "checks", "grid": "checks", "scales": "scales", "scaly": "scales", "fish scale": "scales",
    "scalloped": "scales", "seigaiha": "scales",
    "ornament": "ornament", "ornamental": "ornament", "ornate": "ornament", "filigree": "ornament",
    "arabesque": "ornament", "mandala": "ornament", "baroque": "ornament", "rosette": "ornament",
    "flourish": "ornament",
    # named textiles (hyphenated spellings such as pied-de-poule and zig-zag read as the spaced ones)
    "houndstooth": "houndstooth", "hounds tooth": "houndstooth", "hound's tooth": "houndstooth",
    "houndstooth check": "houndstooth", "dogtooth": "houndstooth", "dog tooth": "houndstooth",
    "dogstooth": "houndstooth", "dog's tooth": "houndstooth", "pied de poule": "houndstooth",
    "chevron": "chevron", "zigzag": "chevron", "zig zag": "chevron",
    "herringbone": "herringbone", "herring bone": "herringbone",
    "argyle": "argyle", "argyll": "argyle", "diamond check": "argyle",
    "ikat": "ikat", "paisley": "paisley", "boteh": "paisley", "buta": "paisley",
    "damask": "damask", "brocade": "damask", "toile": "toile", "toile de jouy": "toile",
    # a room's things
    "sofa": "sofa", "couch": "sofa", "settee": "sofa", "armchair": "sofa", "window": "window",
    "skylight": "window", "lamp": "lamp", "floor lamp": "lamp", "lampshade": "lamp",
    "chandelier": "lamp", "lantern": "lamp", "plant": "plant", "houseplant": "plant",
    "potted plant": "plant", "succulent": "plant",
    "monstera": "plant", "rug": "rug", "carpet": "rug", "shelf": "shelves", "shelves": "shelves",
    "lighthouse": "lighthouse", "beacon": "lighthouse", "bookshelf": "shelves", "bookshelves": "shelves", "bookcase": "shelves", "shelving": "shelves",
}  # fmt: skip

# Layout votes a motif casts by being in the prompt (how strongly it implies a kind of picture).
MOTIF_VOTES: dict[str, tuple[str, float]] = {
    "mountain": ("landscape", 3), "hill": ("landscape", 3), "sea": ("landscape", 3),
    "wave": ("landscape", 2), "sofa": ("interior", 4), "window": ("interior", 2), "lamp": ("interior", 3),
    "rug": ("interior", 3), "shelves": ("interior", 3), "plant": ("interior", 1),
    # named textiles are patterns by nature
    "stripes": ("pattern", 3), "dots": ("pattern", 3), "checks": ("pattern", 3), "scales": ("pattern", 3),
    "houndstooth": ("pattern", 3), "chevron": ("pattern", 3), "herringbone": ("pattern", 3),
    "argyle": ("pattern", 3), "ikat": ("pattern", 3), "paisley": ("pattern", 3), "damask": ("pattern", 3),
    "toile": ("pattern", 3),
}  # fmt: skip

# ---------------------------------------------------------------------------------------------------------------
# Themes (seasons, places, times of day, planets) and moods.


@dataclass(frozen=True)
class ThemeSpec:
    """A theme's palette by role, and what else it brings. `rank` orders which theme owns sky/ground."""

    sky: tuple[str, ...]
    ground: tuple[str, ...]
    accents: tuple[str, ...]
    rank: int  # higher owns the sky and ground: planet 4, time 3 (sky only), place 2, season 1
    time: str | None = None  # time of day it sets
    pattern_field: tuple[str, ...] = ()  # a pattern's field; default: a pale tint of the ground
    votes: dict[str, float] = field(default_factory=dict)
    implies: tuple[str, ...] = ()  # motifs it brings along unless negated
    styles: dict[str, float] = field(default_factory=dict)  # style bias when no style is named


THEMES: dict[str, ThemeSpec] = {
    "spring": ThemeSpec(("#bfe3f5", "#eaf6fb"), ("#9ccc65", "#7cb342"), ("#f8bbd0", "#fff176", "#ce93d8"), 1,
                        pattern_field=("#f3f8ec",), styles={"watercolor": 1.0, "pastel": 1.0}),
    "summer": ThemeSpec(("#5fb0f0", "#bfe0fb"), ("#4caf50", "#2e7d32"), ("#ffeb3b", "#ff7043", "#29b6f6"), 1,
                        styles={"flat": 1.0}),
    "autumn": ThemeSpec(("#f7dcb4", "#f2c48d"), ("#b06b34", "#8d4925"), ("#e65100", "#c0392b", "#f9a825"), 1,
                        implies=(), styles={"watercolor": 1.0}),
    "winter": ThemeSpec(("#dbe6f1", "#f4f8fc"), ("#f4f7fb", "#dbe4ee"), ("#90a4ae", "#5c6bc0", "#b3e5fc"), 1,
                        styles={"watercolor": 0.5, "ink": 0.5}),
    "night": ThemeSpec(("#0b1030", "#1f2b5a"), ("#1b2a3a", "#26384d"), ("#f5f3ce", "#9fa8da", "#5c6bc0"), 3,
                       time="night", pattern_field=("#16204a",), implies=("star",),
                       styles={"gradient": 1.5, "neon": 0.5}),
    "dawn": ThemeSpec(("#f6c9b1", "#fbe6cc", "#b9c6e4"), ("#7f9a76", "#62805c"), ("#f7a072", "#f3d27a"), 3,
                      time="dawn", styles={"gradient": 1.0, "watercolor": 1.0}),
    "sunset": ThemeSpec(("#ff7e5f", "#feb47b", "#7b4b8a"), ("#4a3358", "#6a4468"), ("#ffcf6e", "#ff6f61"), 3,
                        time="dusk", pattern_field=("#fbd3b0",), styles={"gradient": 1.5}),
    "ocean": ThemeSpec(("#87ceeb", "#d6f1fb"), ("#e9d8a6", "#d9c48e"), ("#0077b6", "#00b4d8", "#90e0ef"), 2,
                       votes={"landscape": 2}, pattern_field=("#e4f4f8",)),
    "desert": ThemeSpec(("#f6d8a8", "#bfe0ef"), ("#e0b46c", "#c98e4a"), ("#b5651d", "#6b8e23", "#f4a261"), 2,
                        votes={"landscape": 2}, implies=("hill",)),
    "forest": ThemeSpec(("#cfe8d5", "#a9d6e5"), ("#2f5d34", "#3f7d45"), ("#6b8e23", "#8fbc8f", "#a0522d"), 2,
                        votes={"landscape": 2}, implies=("tree",), pattern_field=("#e3eedf",)),
    "tropical": ThemeSpec(("#4fc3f7", "#b3e5fc"), ("#f2d49b", "#2e9d5b"), ("#ff6f61", "#ffd166", "#06d6a0"), 2,
                          votes={"landscape": 1}, implies=("palm",), styles={"flat": 1.0}),
    "venus": ThemeSpec(("#e9b451", "#f4cf7a", "#d4973b"), ("#a4471f", "#7e3519"), ("#f3d98c", "#c8692c", "#5e2a16"),
                       4, pattern_field=("#f1d08a",), votes={"landscape": 2, "cosmic": 2}),
    "mars": ThemeSpec(("#d9a066", "#ecc79b"), ("#b4532a", "#8a3c1f"), ("#e8b07a", "#6b2d17", "#f2d3b0"), 4,
                      votes={"landscape": 2, "cosmic": 2}),
    "space": ThemeSpec(("#0a0a23", "#1b1446", "#34205f"), ("#141030",), ("#fff6d5", "#b59cff", "#7fe3ff", "#ff9ad5"),
                       5, time="night", pattern_field=("#120e2e",), votes={"cosmic": 8}, implies=("star",),
                       styles={"gradient": 2.0, "neon": 1.0}),
}  # fmt: skip
PLANET_THEMES: frozenset[str] = frozenset({"venus", "mars"})


@dataclass(frozen=True)
class MoodSpec:
    """How a mood shifts every colour: tint toward a colour, then saturation and lightness deltas."""

    tint: str | None = None
    amount: float = 0.0
    sat: float = 0.0
    light: float = 0.0
    styles: dict[str, float] = field(default_factory=dict)
    opposite: str | None = None  # "less dark" means a touch of "bright"


MOODS: dict[str, MoodSpec] = {
    "calm": MoodSpec(sat=-0.15, light=0.04, styles={"watercolor": 1.5, "gradient": 1.5}, opposite="vibrant"),
    "dreamy": MoodSpec("#e6dcff", 0.12, sat=-0.1, light=0.1, styles={"watercolor": 3.0, "pastel": 3.0}),
    "romantic": MoodSpec("#ff9ec4", 0.15, light=0.04, styles={"watercolor": 2.0, "pastel": 2.0}),
    "vibrant": MoodSpec(sat=0.25, styles={"flat": 2.0, "neon": 1.5}, opposite="calm"),
    "melancholy": MoodSpec("#6d7b8f", 0.18, sat=-0.3, light=-0.08, styles={"watercolor": 2.0, "ink": 2.0}),
    "warm": MoodSpec("#ff9a3c", 0.16, sat=0.05, opposite="cool"),
    "cool": MoodSpec("#3c8cff", 0.16, opposite="warm"),
    "bright": MoodSpec(sat=0.1, light=0.1, opposite="dark"),
    "dark": MoodSpec(sat=-0.05, light=-0.16, opposite="bright"),
}  # fmt: skip

# ---------------------------------------------------------------------------------------------------------------
# Layouts, styles and the palettes used when no theme gives one.

LAYOUT_WEIGHT = {"layout": 10.0, "lean": 4.0}
STYLE_WEIGHTS: dict[str, float] = {"flat": 3.0, "watercolor": 2.0, "gradient": 1.5, "pastel": 1.0, "ink": 0.7,
                                   "neon": 0.3}  # fmt: skip
LAYOUT_STYLES: dict[str, dict[str, float]] = {"pattern": {"flat": 2.0}, "cosmic": {"gradient": 2.0, "neon": 1.0}}
SYMMETRY_WEIGHTS: dict[str, float] = {"translate": 1.0, "mirror": 1.0, "rotate2": 1.0, "rotate4": 1.0}
# Motifs that have an up: a pattern of them repeats or mirrors them, never turns them, unless the prompt asks.
UPRIGHT_MOTIFS: frozenset[str] = frozenset({"toile", "damask"})

# (sky, ground, accents) for a theme-less picture; the seed picks one.
GENTLE_PALETTES: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (("#a9d8f0", "#e3f4fb"), ("#8fc46a", "#6ea552"), ("#f6c1cc", "#ffe082", "#b39ddb")),
    (("#cfe3f1", "#f4efe6"), ("#a8c69f", "#86a97c"), ("#e8a87c", "#f3d98c", "#85a3c8")),
    (("#f7e3c3", "#cfe0ee"), ("#c9b27c", "#a8925d"), ("#d97b66", "#7a9e7e", "#f2c14e")),
    (("#d8e6f3", "#fdf3e7"), ("#9dbf9e", "#7aa37c"), ("#e07a5f", "#3d405b", "#f2cc8f")),
)
PATTERN_FIELDS: tuple[str, ...] = ("#f6efe2", "#dfe8d8", "#f7e1de", "#e3ebf5", "#23395b")
INTERIOR_PALETTE = (("#efe6d6", "#e4d7c1"), ("#b48a60", "#9a7350"), ("#5f8a6b", "#d98e6e", "#3f5f7f", "#e9c46a"))
# An empty prompt still gets a pleasant picture: one of these gentle themes and layouts, by seed.
GENTLE_THEMES: tuple[str, ...] = ("spring", "summer", "dawn", "calm")
GENTLE_PATTERN_MOTIFS: tuple[str, ...] = ("@flower", "leaf", "circle", "dots", "@shape")
GENTLE_SUBJECTS: tuple[str, ...] = ("@flower", "butterfly", "sun", "moon", "leaf", "tree")

# The colour family a motif is drawn in when the prompt gives it none: "a sea, not blue" must colour it itself.
NATURAL_FAMILY: dict[str, str] = {
    "sea": "blue", "wave": "blue", "tree": "green", "pine": "green", "palm": "green", "leaf": "green",
    "hill": "green", "plant": "green", "sun": "yellow", "star": "yellow",
}  # fmt: skip
# Motifs that are the land itself: their colours also colour the ground ("green hills").
GROUND_MOTIFS: frozenset[str] = frozenset({"hill"})
# Garments and accessories (glyph keys): "a scarf print of koi", "for a denim jacket" name what the picture is
# printed on or made for, so the garment is not drawn in it.
GARMENTS: frozenset[str] = frozenset({
    "t_shirt", "jeans", "shorts", "dress", "kimono", "sari", "bikini", "swimsuit", "coat", "scarf", "gloves",
    "socks", "necktie", "handbag", "pouch", "purse", "top_hat", "billed_cap", "womans_hat", "safety_vest",
})  # fmt: skip
# Role words that name the picture's plain backdrop ("on a navy background"); a wall does after "against".
BACKGROUND_WORDS: frozenset[str] = frozenset({"background", "backgrounds", "backdrop", "backdrops", "배경", "바탕"})
WALL_WORDS: frozenset[str] = frozenset({"wall", "walls", "벽"})
# Motifs coloured green rather than blue by Korean 푸른 (which means either).
GREEN_THINGS: frozenset[str] = frozenset({"tree", "pine", "palm", "leaf", "plant", "hill", "mountain", "ground"})

# ---------------------------------------------------------------------------------------------------------------
# English words other than colours and motifs.

EN_WORDS: dict[str, tuple[Entry, ...]] = {
    # seasons, times and places
    "spring": (("theme", "spring"),), "springtime": (("theme", "spring"),),
    "summer": (("theme", "summer"),), "summertime": (("theme", "summer"),), "midsummer": (("theme", "summer"),),
    "autumn": (("theme", "autumn"),), "fall": (("theme", "autumn"),), "autumnal": (("theme", "autumn"),),
    "winter": (("theme", "winter"),), "wintry": (("theme", "winter"),), "snowy": (("theme", "winter"),),
    "snowfall": (("theme", "winter"),), "frost": (("theme", "winter"),), "frosty": (("theme", "winter"),),
    "icy": (("theme", "winter"), ("theme", "cool")),
    "night": (("role", "sky"), ("theme", "night")), "nighttime": (("role", "sky"), ("theme", "night")),
    "midnight": (("role", "sky"), ("theme", "night")), "nocturnal": (("theme", "night"),),
    "night sky": (("role", "sky"), ("theme", "night")),
    "moonlight": (("theme", "night"), ("motif", "moon")), "moonlit": (("theme", "night"), ("imply", "moon")),
    "starry": (("theme", "night"), ("imply", "star")), "starlit": (("theme", "night"), ("imply", "star")),
    "dawn": (("role", "sky"), ("theme", "dawn")), "daybreak": (("role", "sky"), ("theme", "dawn")),
    "sunrise": (("role", "sky"), ("theme", "dawn"), ("imply", "sun")), "morning": (("theme", "dawn"),),
    "sunset": (("role", "sky"), ("theme", "sunset"), ("imply", "sun")), "dusk": (("role", "sky"), ("theme", "sunset")),
    "twilight": (("role", "sky"), ("theme", "sunset")), "evening": (("theme", "sunset"),),
    "golden hour": (("theme", "sunset"),),
    "ocean": (("motif", "sea"), ("theme", "ocean")), "beach": (("motif", "sea"), ("theme", "ocean")),
    "seaside": (("motif", "sea"), ("theme", "ocean")), "coast": (("motif", "sea"), ("theme", "ocean")),
    "coastal": (("motif", "sea"), ("theme", "ocean")), "shore": (("motif", "sea"), ("theme", "ocean")),
    "seascape": (("motif", "sea"), ("theme", "ocean"), ("layout", "landscape")), "marine": (("theme", "ocean"),),
    "desert": (("role", "ground"), ("theme", "desert")), "sahara": (("role", "ground"), ("theme", "desert")),
    "arid": (("theme", "desert"),), "dunes": (("motif", "hill"), ("theme", "desert")),
    "forest": (("imply", "tree"), ("theme", "forest")), "woods": (("imply", "tree"), ("theme", "forest")),
    "woodland": (("imply", "tree"), ("theme", "forest")),
    "jungle": (("imply", "palm"), ("theme", "tropical"), ("theme", "forest")),
    "rainforest": (("imply", "palm"), ("theme", "tropical"), ("theme", "forest")),
    "tropical": (("theme", "tropical"),), "tropics": (("theme", "tropical"),), "island": (("theme", "tropical"),),
    "venus": (("theme", "venus"),), "venusian": (("theme", "venus"),),
    "mars": (("theme", "mars"),), "martian": (("theme", "mars"),), "red planet": (("theme", "mars"),),
    "space": (("role", "bg"), ("theme", "space")), "outer space": (("role", "bg"), ("theme", "space")),
    "galaxy": (("role", "bg"), ("theme", "space")), "galaxies": (("role", "bg"), ("theme", "space")),
    "cosmos": (("role", "bg"), ("theme", "space")), "cosmic": (("theme", "space"),),
    "universe": (("role", "bg"), ("theme", "space")), "nebula": (("role", "bg"), ("theme", "space")),
    "nebulae": (("role", "bg"), ("theme", "space")), "solar system": (("theme", "space"), ("imply", "planet")),
    "orbit": (("theme", "space"),), "planets": (("motif", "planet"), ("layout", "cosmic")),
    # moods
    "calm": (("theme", "calm"),), "peaceful": (("theme", "calm"),), "serene": (("theme", "calm"),),
    "tranquil": (("theme", "calm"),), "quiet": (("theme", "calm"),), "gentle": (("theme", "calm"),),
    "relaxing": (("theme", "calm"),), "calmer": (("theme", "calm"),),
    "dreamy": (("theme", "dreamy"),), "dreamlike": (("theme", "dreamy"),), "ethereal": (("theme", "dreamy"),),
    "magical": (("theme", "dreamy"),), "whimsical": (("theme", "dreamy"),), "fairytale": (("theme", "dreamy"),),
    "fairy tale": (("theme", "dreamy"),), "dreamier": (("theme", "dreamy"),),
    "romantic": (("theme", "romantic"),), "love": (("theme", "romantic"),), "tender": (("theme", "romantic"),),
    "vibrant": (("theme", "vibrant"),), "vivid": (("theme", "vibrant"),), "colorful": (("theme", "vibrant"),),
    "colourful": (("theme", "vibrant"),), "lively": (("theme", "vibrant"),), "energetic": (("theme", "vibrant"),),
    "saturated": (("theme", "vibrant"),), "more vibrant": (("theme", "vibrant"),),
    "melancholy": (("theme", "melancholy"),), "melancholic": (("theme", "melancholy"),),
    "sad": (("theme", "melancholy"),), "gloomy": (("theme", "melancholy"),), "somber": (("theme", "melancholy"),),
    "sombre": (("theme", "melancholy"),), "lonely": (("theme", "melancholy"),),
    "nostalgic": (("theme", "melancholy"),), "wistful": (("theme", "melancholy"),),
    "warm": (("theme", "warm"),), "warmer": (("theme", "warm"),), "warmth": (("theme", "warm"),),
    "cozy": (("theme", "warm"),), "cosy": (("theme", "warm"),), "hot": (("theme", "warm"),),
    "cool": (("theme", "cool"),), "cooler": (("theme", "cool"),), "cold": (("theme", "cool"),),
    "chilly": (("theme", "cool"),), "colder": (("theme", "cool"),),
    "brighter": (("theme", "bright"),), "luminous": (("theme", "bright"),), "radiant": (("theme", "bright"),),
    "cheerful": (("theme", "bright"),), "darker": (("theme", "dark"),), "moody": (("theme", "dark"),),
    "shadowy": (("theme", "dark"),), "dim": (("theme", "dark"),),
    # colour modifiers (a mood when no colour follows: "bright", "dark")
    "pale": (("mod", "pale"),), "light": (("mod", "light"),), "dark": (("mod", "dark"),),
    "deep": (("mod", "deep"),), "bright": (("mod", "bright"),), "soft": (("mod", "soft"),),
    "muted": (("mod", "soft"),), "pastel": (("style", "pastel"),), "pastels": (("style", "pastel"),),
    "lighter": (("mod", "light"),), "softer": (("mod", "soft"),),
    # palette roles
    "sky": (("role", "sky"),), "skies": (("role", "sky"),), "heaven": (("role", "sky"),),
    "wall": (("role", "sky"), ("lean", "interior")), "walls": (("role", "sky"), ("lean", "interior")),
    "ground": (("role", "ground"),), "land": (("role", "ground"),), "earth": (("role", "ground"),),
    "soil": (("role", "ground"),), "grass": (("role", "ground"),), "grassy": (("role", "ground"),),
    "lawn": (("role", "ground"),), "meadow": (("role", "ground"), ("lean", "landscape")),
    "field": (("role", "ground"), ("lean", "landscape")), "prairie": (("role", "ground"), ("lean", "landscape")),
    "plain": (("role", "ground"), ("density", 0.6), ("detail", -0.1)), "plains": (("role", "ground"), ("lean", "landscape")),
    "floor": (("role", "ground"), ("lean", "interior")), "sand": (("role", "ground"),), "sandy": (("role", "ground"),),
    "ditsy": (("scale", 0.5), ("density", 1.6)),  # a ditsy print: small flowers, close together
    "pocket square": (("filler", ""),), "pocket squares": (("filler", ""),),  # what the print is for: no square
    "graphic": (("lean", "centered"), ("style", "flat")), "graphics": (("lean", "centered"),), "lining": (("layout", "pattern"),),
    "poster": (("lean", "centered"),), "posters": (("lean", "centered"),), "flyer": (("lean", "centered"),),
    "leaflet": (("lean", "centered"),), "invitation": (("lean", "centered"),), "postcard": (("lean", "centered"),),
    "background": (("role", "bg"),),
    "backdrop": (("role", "bg"),),
    # layouts
    "pattern": (("role", "bg"), ("layout", "pattern")), "patterned": (("layout", "pattern"),),
    "tile": (("role", "bg"), ("layout", "pattern")), "tiled": (("layout", "pattern"),),
    "tiling": (("layout", "pattern"),), "tileable": (("layout", "pattern"),),
    "textile": (("role", "bg"), ("layout", "pattern")), "seamless": (("layout", "pattern"),),
    "wallpaper": (("role", "bg"), ("layout", "pattern")), "fabric": (("role", "bg"), ("layout", "pattern")),
    "print": (("role", "bg"), ("layout", "pattern")), "repeat": (("layout", "pattern"),),
    "repeating": (("layout", "pattern"),), "all over": (("layout", "pattern"),),
    "surface design": (("layout", "pattern"),), "wrapping paper": (("role", "bg"), ("layout", "pattern")),
    "gift wrap": (("layout", "pattern"),), "tessellation": (("layout", "pattern"),),
    "room": (("role", "bg"), ("layout", "interior"), ("imply", "window")),
    "interior": (("role", "bg"), ("layout", "interior"), ("imply", "window")),
    "living room": (("role", "bg"), ("layout", "interior"), ("imply", "sofa"), ("imply", "window")),
    "livingroom": (("role", "bg"), ("layout", "interior"), ("imply", "sofa"), ("imply", "window")),
    "sitting room": (("role", "bg"), ("layout", "interior"), ("imply", "sofa"), ("imply", "window")),
    "lounge": (("role", "bg"), ("layout", "interior"), ("imply", "sofa")),
    "bedroom": (("role", "bg"), ("layout", "interior"), ("imply", "window"), ("imply", "lamp")),
    "kitchen": (("role", "bg"), ("layout", "interior"), ("imply", "window"), ("imply", "shelves")),
    "study": (("role", "bg"), ("layout", "interior"), ("imply", "shelves")),
    "library": (("role", "bg"), ("layout", "interior"), ("imply", "shelves")),
    "indoors": (("layout", "interior"),), "indoor": (("layout", "interior"),),
    "apartment": (("role", "bg"), ("layout", "interior"), ("imply", "window")),
    "landscape": (("role", "bg"), ("layout", "landscape")), "scenery": (("role", "bg"), ("layout", "landscape")),
    "scenic": (("layout", "landscape"),), "vista": (("layout", "landscape"),),
    "panorama": (("layout", "landscape"),), "countryside": (("role", "ground"), ("layout", "landscape")),
    "valley": (("role", "ground"), ("lean", "landscape")), "garden": (("role", "ground"), ("lean", "landscape")),
    "park": (("role", "ground"), ("lean", "landscape")), "horizon": (("lean", "landscape"),),
    "outdoors": (("lean", "landscape"),), "nature": (("lean", "landscape"),),
    "icon": (("role", "bg"), ("layout", "centered")), "logo": (("role", "bg"), ("layout", "centered")),
    "emblem": (("layout", "centered"),), "badge": (("layout", "centered"),), "sticker": (("layout", "centered"),),
    "portrait": (("layout", "centered"),), "centered": (("layout", "centered"),),
    "centred": (("layout", "centered"),), "still life": (("layout", "centered"),),
    "close up": (("layout", "centered"),), "closeup": (("layout", "centered"),), "symbol": (("layout", "centered"),),
    "mascot": (("layout", "centered"),), "lone": (("lean", "centered"), ("number", 1)),
    "solitary": (("lean", "centered"), ("number", 1)),
    # styles
    "flat": (("style", "flat"),), "flat design": (("style", "flat"),), "vector": (("style", "flat"),),
    "watercolor": (("style", "watercolor"),), "watercolour": (("style", "watercolor"),),
    "water color": (("style", "watercolor"),), "water colour": (("style", "watercolor"),),
    "aquarelle": (("style", "watercolor"),), "watercolors": (("style", "watercolor"),),
    "watercolours": (("style", "watercolor"),),
    "ink": (("style", "ink"),), "ink line": (("style", "ink"),), "line art": (("style", "ink"),),
    "lineart": (("style", "ink"),), "line drawing": (("style", "ink"),), "sketch": (("style", "ink"),),
    "sketchy": (("style", "ink"),), "pen": (("style", "ink"),), "pen and ink": (("style", "ink"),),
    "drawing": (("style", "ink"),), "outline": (("style", "ink"),), "doodle": (("style", "ink"),),
    "etching": (("style", "ink"),), "engraving": (("style", "ink"),), "pencil": (("style", "ink"),),
    "chalk": (("style", "pastel"),), "crayon": (("style", "pastel"),),
    "neon": (("style", "neon"),), "glow": (("style", "neon"),), "glowing": (("style", "neon"),),
    "fluorescent": (("style", "neon"),), "synthwave": (("style", "neon"),), "cyberpunk": (("style", "neon"),),
    "gradient": (("style", "gradient"),), "gradients": (("style", "gradient"),), "ombre": (("style", "gradient"),),
    # density, scale and detail
    "lush": (("density", 1.8),), "lusher": (("density", 1.4),), "dense": (("density", 1.6),),
    "denser": (("density", 1.4),), "busy": (("density", 1.5),), "busier": (("density", 1.4),),
    "many": (("density", 1.5),), "full": (("density", 1.4),), "fuller": (("density", 1.3),),
    "crowded": (("density", 1.6),), "abundant": (("density", 1.6),), "plenty": (("density", 1.4),),
    "lots": (("density", 1.5),), "lots of": (("density", 1.5),), "a lot of": (("density", 1.5),),
    "teeming": (("density", 1.7),), "packed": (("density", 1.6),), "overflowing": (("density", 1.7),),
    "thick": (("density", 1.4),), "dozens of": (("density", 1.6),), "countless": (("density", 1.8),),
    "sparse": (("density", 0.5),), "sparser": (("density", 0.7),), "minimal": (("density", 0.45), ("detail", -0.15)),
    "minimalist": (("density", 0.45), ("detail", -0.15)), "minimalistic": (("density", 0.45), ("detail", -0.15)),
    "few": (("density", 0.6),), "fewer": (("op", "less"),), "simple": (("density", 0.6), ("detail", -0.15)),
    "simpler": (("density", 0.7), ("detail", -0.1)),
    "clean": (("density", 0.7),), "empty": (("density", 0.4),), "uncluttered": (("density", 0.6),),
    "scattered": (("density", 0.7),), "airy": (("density", 0.7),), "less busy": (("density", 0.65),),
    "detailed": (("detail", 0.25),), "intricate": (("detail", 0.3),), "elaborate": (("detail", 0.25),),
    "rich": (("detail", 0.15),), "more detail": (("detail", 0.2),), "less detail": (("detail", -0.2),),
    "big": (("scale", 1.6),), "large": (("scale", 1.6),), "huge": (("scale", 2.0),), "giant": (("scale", 2.2),),
    "enormous": (("scale", 2.2),), "massive": (("scale", 2.0),), "oversized": (("scale", 1.9),),
    "bigger": (("scale", 1.3),), "larger": (("scale", 1.3),), "tall": (("scale", 1.3),), "bold": (("scale", 1.3),),
    "small": (("scale", 0.7),), "tiny": (("scale", 0.5),), "little": (("scale", 0.75),), "mini": (("scale", 0.6),),
    "miniature": (("scale", 0.55),), "smaller": (("scale", 0.75),), "petite": (("scale", 0.7),),
    "dainty": (("scale", 0.7),), "delicate": (("scale", 0.8),),
    # symmetry of pattern tiles
    "symmetric": (("symmetry", "mirror"),), "symmetrical": (("symmetry", "mirror"),),
    "mirrored": (("symmetry", "mirror"),), "mirror": (("symmetry", "mirror"),),
    "kaleidoscope": (("symmetry", "rotate4"),), "kaleidoscopic": (("symmetry", "rotate4"),),
    "radial": (("symmetry", "rotate4"),), "pinwheel": (("symmetry", "rotate4"),),
    "rotated": (("symmetry", "rotate2"),), "half drop": (("symmetry", "rotate2"),),
    # counts
    "one": (("number", 1),), "single": (("number", 1),), "two": (("number", 2),), "three": (("number", 3),),
    "four": (("number", 4),), "five": (("number", 5),), "six": (("number", 6),), "seven": (("number", 7),),
    "eight": (("number", 8),), "nine": (("number", 9),), "ten": (("number", 10),), "eleven": (("number", 11),),
    "twelve": (("number", 12),), "fifteen": (("number", 15),), "twenty": (("number", 20),),
    "thirty": (("number", 30),), "fifty": (("number", 50),), "hundred": (("number", 100),),
    "a hundred": (("number", 100),), "a dozen": (("number", 12),), "dozen": (("number", 12),),
    "a pair of": (("number", 2),), "pair of": (("number", 2),), "a couple of": (("number", 2),),
    "couple of": (("number", 2),), "twin": (("number", 2),), "twins": (("number", 2),),
    "a few": (("number", 3),), "several": (("number", 4),), "zero": (("neg", ""),),
    "second": (("ordinal", 2),), "third": (("ordinal", 3),), "fourth": (("ordinal", 4),),
    "fifth": (("ordinal", 5),), "another": (("op", "inc"),), "one more": (("op", "inc"),),
    "an extra": (("op", "inc"),), "extra": (("op", "more"),),
    # feedback operators and negation
    "more": (("op", "more"),), "even more": (("op", "more"),), "more of": (("op", "more"),),
    "less": (("op", "less"),), "less of": (("op", "less"),), "reduce": (("op", "less"),),
    "decrease": (("op", "less"),), "add": (("op", "add"),), "include": (("op", "add"),),
    "put": (("op", "add"),), "plus": (("coord", ""),),
    "no": (("neg", ""),), "not": (("neg", ""),), "without": (("neg", ""),), "never": (("neg", ""),),
    "no more": (("neg", ""),), "minus": (("neg", ""),), "except": (("neg", ""),), "free of": (("neg", ""),),
    "avoid": (("neg", ""),), "don't": (("neg", ""),), "dont": (("neg", ""),), "remove": (("neg", ""),),
    "delete": (("neg", ""),), "erase": (("neg", ""),), "drop": (("neg", ""),), "get rid of": (("neg", ""),),
    "take out": (("neg", ""),), "take away": (("neg", ""),), "lose": (("neg", ""),), "nor": (("coord", ""),),
    "none": (("neg", ""),), "instead of": (("neg", ""),), "rather than": (("neg", ""),),
    # glue
    "and": (("coord", ""),), "or": (("coord", ""),), "&": (("coord", ""),), "a": (("article", ""),),
    "an": (("article", ""),), "the": (("filler", ""),), "some": (("filler", ""),), "any": (("filler", ""),),
    "very": (("filler", ""),), "really": (("filler", ""),), "quite": (("filler", ""),), "so": (("filler", ""),),
    "too": (("filler", ""),), "all": (("filler", ""),), "shades of": (("filler", ""),),
    "shade of": (("filler", ""),), "tones of": (("filler", ""),), "colored": (("connect", ""),),
    "coloured": (("connect", ""),), "color": (("filler", ""),), "colour": (("filler", ""),),
    "colors": (("filler", ""),), "colours": (("filler", ""),), "tinted": (("connect", ""),),
    "toned": (("filler", ""),), "hued": (("filler", ""),), "painted": (("connect", ""),),
    "in": (("connect", ""),), "is": (("connect", ""),), "are": (("connect", ""),), "be": (("connect", ""),),
    "make": (("filler", ""),), "it": (("filler", ""),), "them": (("filler", ""),),
    "with": (("break", ""),), "on": (("break", ""),), "at": (("break", ""),), "under": (("break", ""),),
    "over": (("break", ""),), "above": (("break", ""),), "below": (("break", ""),),
    "beneath": (("break", ""),), "by": (("break", ""),), "near": (("break", ""),), "behind": (("break", ""),),
    "from": (("break", ""),), "into": (("break", ""),), "onto": (("break", ""),), "across": (("break", ""),),
    "through": (("break", ""),), "for": (("break", ""),), "to": (("break", ""),), "of": (("break", ""),),
    "but": (("break", ""),), "only": (("break", ""),), "just": (("break", ""),), "while": (("break", ""),),
    "where": (("break", ""),), "that": (("break", ""),), "which": (("break", ""),), "has": (("break", ""),),
    "have": (("break", ""),), "having": (("break", ""),), "then": (("break", ""),), "against": (("backdrop", ""),),
    "among": (("break", ""),), "around": (("break", ""),), "between": (("break", ""),),
    "inside": (("break", ""), ("lean", "interior")), "like": (("break", ""),), "as": (("break", ""),),
}  # fmt: skip

# ---------------------------------------------------------------------------------------------------------------
# Korean. Stems are matched at the start of each whitespace token, longest first; a token may hold several
# (분홍색꽃). One-syllable stems are easily the start of an unrelated word (산책, 새로운), so they only match
# when followed by nothing, a particle, or another stem; LOOSE_KO lists one-syllable stems that need no such care.

_C: Final = "color"
KO_WORDS: dict[str, tuple[Entry, ...]] = {
    # colours
    "빨간": ((_C, "red"),), "빨강": ((_C, "red"),), "빨간색": ((_C, "red"),), "빨갛": ((_C, "red"),),
    "빨개": ((_C, "red"),), "붉은": ((_C, "red"),), "붉게": ((_C, "red"),), "레드": ((_C, "red"),),
    "노란": ((_C, "yellow"),), "노랑": ((_C, "yellow"),), "노란색": ((_C, "yellow"),), "노랗": ((_C, "yellow"),),
    "옐로": ((_C, "yellow"),), "옐로우": ((_C, "yellow"),), "샛노란": ((_C, "yellow"),),
    "분홍": ((_C, "pink"),), "분홍색": ((_C, "pink"),), "분홍빛": ((_C, "pink"),), "핑크": ((_C, "pink"),),
    "핑크색": ((_C, "pink"),), "연분홍": (("mod", "light"), (_C, "pink")), "진분홍": (("mod", "deep"), (_C, "pink")),
    "파란": ((_C, "blue"),), "파랑": ((_C, "blue"),), "파란색": ((_C, "blue"),), "파랗": ((_C, "blue"),),
    "파래": ((_C, "blue"),), "블루": ((_C, "blue"),), "새파란": ((_C, "blue"),), "연파랑": (("mod", "light"), (_C, "blue")),
    "푸른": ((_C, "?bluegreen"),), "푸르": ((_C, "?bluegreen"),), "푸릇": ((_C, "green"),),
    "초록": ((_C, "green"),), "초록색": ((_C, "green"),), "초록빛": ((_C, "green"),), "녹색": ((_C, "green"),),
    "그린색": ((_C, "green"),), "연녹색": (("mod", "light"), (_C, "green")), "연두": ((_C, "yellowgreen"),),
    "연두색": ((_C, "yellowgreen"),), "연둣빛": ((_C, "yellowgreen"),),
    "보라": ((_C, "purple"),), "보라색": ((_C, "purple"),), "보랏빛": ((_C, "purple"),), "퍼플": ((_C, "purple"),),
    "연보라": (("mod", "light"), (_C, "purple")), "자주": ((_C, "darkmagenta"),), "자주색": ((_C, "darkmagenta"),),
    "주황": ((_C, "orange"),), "주황색": ((_C, "orange"),), "주홍": ((_C, "orangered"),), "오렌지": ((_C, "orange"),),
    "잔꽃무늬": (("scale", 0.5), ("density", 1.6), ("motif", "@flower"), ("layout", "pattern")),
    "잔꽃": (("scale", 0.5), ("density", 1.6), ("motif", "@flower")),
    "머스터드": ((_C, "goldenrod"),), "테라코타": ((_C, "indianred"),), "겨자색": ((_C, "goldenrod"),), "겨자": ((_C, "goldenrod"),),
    "세이지": ((_C, "darkseagreen"),), "흑백": ((_C, "black"), ("coord", ""), (_C, "white")),
    "하얀": ((_C, "white"),), "흰": ((_C, "white"),), "흰색": ((_C, "white"),), "하얀색": ((_C, "white"),),
    "하얗": ((_C, "white"),), "하얘": ((_C, "white"),), "새하얀": ((_C, "white"),), "화이트": ((_C, "white"),),
    "백색": ((_C, "white"),),
    "검은": ((_C, "black"),), "검정": ((_C, "black"),), "검은색": ((_C, "black"),), "검정색": ((_C, "black"),),
    "까만": ((_C, "black"),), "까맣": ((_C, "black"),), "블랙": ((_C, "black"),), "흑색": ((_C, "black"),),
    "회색": ((_C, "gray"),), "잿빛": ((_C, "gray"),), "그레이": ((_C, "gray"),), "은회색": ((_C, "silver"),),
    "연회색": (("mod", "light"), (_C, "gray")),
    "갈색": ((_C, "brown"),), "브라운": ((_C, "brown"),), "밤색": ((_C, "saddlebrown"),), "고동색": ((_C, "saddlebrown"),),
    "금색": ((_C, "gold"),), "황금색": ((_C, "gold"),), "황금빛": ((_C, "gold"),), "황금": ((_C, "gold"),),
    "금빛": ((_C, "gold"),), "골드": ((_C, "gold"),), "은색": ((_C, "silver"),), "은빛": ((_C, "silver"),),
    "실버": ((_C, "silver"),), "하늘색": ((_C, "skyblue"),), "하늘빛": ((_C, "skyblue"),),
    "남색": ((_C, "navy"),), "네이비": ((_C, "navy"),), "쪽빛": ((_C, "navy"),), "청록": ((_C, "teal"),),
    "청록색": ((_C, "teal"),), "민트": ((_C, "palegreen"),), "민트색": ((_C, "palegreen"),),
    "베이지": ((_C, "beige"),), "베이지색": ((_C, "beige"),), "아이보리": ((_C, "ivory"),), "크림색": ((_C, "cornsilk"),),
    "라벤더": ((_C, "lavender"),), "코랄": ((_C, "coral"),), "산호색": ((_C, "coral"),), "카키": ((_C, "khaki"),),
    "올리브": ((_C, "olive"),), "버건디": ((_C, "maroon"),), "와인색": ((_C, "maroon"),), "자홍색": ((_C, "magenta"),),
    "진홍": ((_C, "crimson"),), "진홍색": ((_C, "crimson"),), "살구색": ((_C, "peachpuff"),), "복숭아색": ((_C, "peachpuff"),),
    "터키석": ((_C, "turquoise"),), "에메랄드": ((_C, "mediumseagreen"),), "청색": ((_C, "blue"),),
    "적색": ((_C, "red"),), "황색": ((_C, "yellow"),), "녹색빛": ((_C, "green"),),
    # modifiers
    "연한": (("mod", "pale"),), "연하게": (("mod", "pale"),), "옅은": (("mod", "pale"),), "옅게": (("mod", "pale"),),
    "진한": (("mod", "deep"),), "진하게": (("mod", "deep"),), "짙은": (("mod", "deep"),), "짙게": (("mod", "deep"),),
    "밝은": (("mod", "bright"),), "밝게": (("theme", "bright"),), "화사한": (("mod", "bright"),),
    "선명한": (("mod", "bright"),), "어두운": (("mod", "dark"),), "어둡게": (("theme", "dark"),),
    "어둑": (("theme", "dark"),), "부드러운": (("mod", "soft"),), "은은한": (("mod", "soft"),),
    # motifs
    "꽃": (("motif", "@flower"),), "꽃잎": (("motif", "@flower"),), "꽃다발": (("motif", "@flower"),),
    "꽃밭": (("motif", "@flower"), ("lean", "landscape")), "들꽃": (("motif", "@flower"),), "야생화": (("motif", "@flower"),),
    "장미": (("motif", "rose"),), "튤립": (("motif", "tulip"),), "데이지": (("motif", "daisy"),),
    "국화": (("motif", "daisy"),), "해바라기": (("motif", "sunflower"),), "벚꽃": (("motif", "cherry_blossom"),),
    "벚나무": (("motif", "cherry_blossom"),), "매화": (("motif", "cherry_blossom"),), "연꽃": (("motif", "lotus"),),
    "수련": (("motif", "lotus"),), "양귀비": (("motif", "poppy"),), "모란": (("motif", "rose"),),
    "나무": (("motif", "tree"),), "소나무": (("motif", "pine"),), "전나무": (("motif", "pine"),),
    "침엽수": (("motif", "pine"),), "크리스마스트리": (("motif", "pine"),), "야자수": (("motif", "palm"),),
    "야자나무": (("motif", "palm"),), "종려": (("motif", "palm"),), "단풍나무": (("motif", "tree"), ("theme", "autumn")),
    "산": (("motif", "mountain"),), "산맥": (("motif", "mountain"),), "봉우리": (("motif", "mountain"),),
    "설산": (("motif", "mountain"), ("theme", "winter")), "화산": (("motif", "mountain"),),
    "언덕": (("motif", "hill"),), "구릉": (("motif", "hill"),), "모래언덕": (("motif", "hill"), ("theme", "desert")),
    "사구": (("motif", "hill"), ("theme", "desert")),
    "바다": (("motif", "sea"), ("theme", "ocean")), "해변": (("motif", "sea"), ("theme", "ocean")),
    "바닷가": (("motif", "sea"), ("theme", "ocean")), "해안": (("motif", "sea"), ("theme", "ocean")),
    "호수": (("motif", "sea"),), "강": (("motif", "sea"),), "강물": (("motif", "sea"),), "연못": (("motif", "sea"),),
    "물": (("motif", "sea"),), "파도": (("motif", "wave"),), "물결": (("motif", "wave"),),
    "하늘": (("role", "sky"),), "밤하늘": (("role", "sky"), ("theme", "night")),
    "구름": (("motif", "cloud"),), "해": (("motif", "sun"),), "태양": (("motif", "sun"),),
    "햇살": (("motif", "sun"),), "햇빛": (("motif", "sun"),), "해님": (("motif", "sun"),),
    "달": (("motif", "moon"),), "초승달": (("motif", "moon"),), "보름달": (("motif", "moon"),),
    "반달": (("motif", "moon"),), "달빛": (("motif", "moon"), ("theme", "night")),
    "별": (("motif", "star"),), "별빛": (("motif", "star"),), "별자리": (("motif", "star"),),
    "행성": (("motif", "planet"),), "행성들": (("motif", "planet"), ("layout", "cosmic")),
    "토성": (("motif", "planet"),), "목성": (("motif", "planet"),),
    "새": (("motif", "bird"),), "갈매기": (("motif", "bird"),),
    "참새": (("motif", "bird"),), "학": (("motif", "bird"),),
    "나비": (("motif", "butterfly"),), "나방": (("motif", "butterfly"),),
    "잎": (("motif", "leaf"),), "나뭇잎": (("motif", "leaf"),), "잎사귀": (("motif", "leaf"),),
    "낙엽": (("motif", "leaf"), ("theme", "autumn")), "단풍": (("motif", "leaf"), ("theme", "autumn")),
    "덩굴": (("motif", "leaf"),), "고사리": (("motif", "leaf"),),
    "원": (("motif", "circle"),), "동그라미": (("motif", "circle"),), "원형": (("motif", "circle"),),
    "삼각형": (("motif", "triangle"),), "세모": (("motif", "triangle"),), "사각형": (("motif", "square"),),
    "네모": (("motif", "square"),), "정사각형": (("motif", "square"),), "직사각형": (("motif", "square"),),
    "마름모": (("motif", "diamond"),), "다이아몬드": (("motif", "diamond"),), "육각형": (("motif", "hexagon"),),
    "벌집": (("motif", "hexagon"),), "도형": (("motif", "@shape"),), "기하학": (("motif", "@shape"),),
    "줄무늬": (("motif", "stripes"),), "스트라이프": (("motif", "stripes"),), "줄": (("motif", "stripes"),),
    "물방울": (("motif", "dots"),), "도트": (("motif", "dots"),), "점": (("motif", "dots"),),
    "땡땡이": (("motif", "dots"),), "체크": (("motif", "checks"),), "격자": (("motif", "checks"),),
    "바둑판": (("motif", "checks"),), "타탄": (("motif", "checks"),), "비늘": (("motif", "scales"),),
    "장식": (("motif", "ornament"),), "문양": (("motif", "ornament"),), "만다라": (("motif", "ornament"),),
    "아라베스크": (("motif", "ornament"),),
    "하운드투스": (("motif", "houndstooth"),), "하운즈투스": (("motif", "houndstooth"),),
    "하운드투스체크": (("motif", "houndstooth"),), "쉐브론": (("motif", "chevron"),), "셰브론": (("motif", "chevron"),),
    "쉐브런": (("motif", "chevron"),), "지그재그": (("motif", "chevron"),), "헤링본": (("motif", "herringbone"),),
    "아가일": (("motif", "argyle"),), "아가일체크": (("motif", "argyle"),), "이캇": (("motif", "ikat"),),
    "페이즐리": (("motif", "paisley"),), "다마스크": (("motif", "damask"),), "브로케이드": (("motif", "damask"),),
    "투알": (("motif", "toile"),), "주이": (("motif", "toile"),),
    "등대": (("motif", "lighthouse"),), "소파": (("motif", "sofa"),), "쇼파": (("motif", "sofa"),), "안락의자": (("motif", "sofa"),),
    "창문": (("motif", "window"),), "창": (("motif", "window"),), "창가": (("motif", "window"),),
    "램프": (("motif", "lamp"),), "조명": (("motif", "lamp"),), "스탠드": (("motif", "lamp"),),
    "샹들리에": (("motif", "lamp"),), "등불": (("motif", "lamp"),), "식물": (("motif", "plant"),),
    "화분": (("motif", "plant"),), "관엽식물": (("motif", "plant"),),
    "러그": (("motif", "rug"),), "카펫": (("motif", "rug"),), "카페트": (("motif", "rug"),),
    "양탄자": (("motif", "rug"),), "선반": (("motif", "shelves"),), "책장": (("motif", "shelves"),),
    "책꽂이": (("motif", "shelves"),),
    # themes
    "봄": (("theme", "spring"),), "여름": (("theme", "summer"),), "가을": (("theme", "autumn"),),
    "겨울": (("theme", "winter"),), "눈": (("theme", "winter"),), "눈송이": (("motif", "snowflake"), ("theme", "winter")),
    "설경": (("theme", "winter"), ("layout", "landscape")),
    "밤": (("role", "sky"), ("theme", "night")), "야경": (("theme", "night"),), "한밤": (("theme", "night"),),
    "새벽": (("role", "sky"), ("theme", "dawn")), "아침": (("theme", "dawn"),),
    "일출": (("role", "sky"), ("theme", "dawn"), ("imply", "sun")), "해돋이": (("role", "sky"), ("theme", "dawn"), ("imply", "sun")),
    "노을": (("role", "sky"), ("theme", "sunset")), "석양": (("role", "sky"), ("theme", "sunset"), ("imply", "sun")),
    "저녁": (("theme", "sunset"),), "황혼": (("role", "sky"), ("theme", "sunset")),
    "일몰": (("role", "sky"), ("theme", "sunset"), ("imply", "sun")), "해질녘": (("theme", "sunset"),),
    "사막": (("role", "ground"), ("theme", "desert")), "숲": (("imply", "tree"), ("theme", "forest")),
    "숲속": (("imply", "tree"), ("theme", "forest")), "정글": (("imply", "palm"), ("theme", "tropical"), ("theme", "forest")),
    "밀림": (("imply", "palm"), ("theme", "tropical"), ("theme", "forest")),
    "금성": (("theme", "venus"),), "화성": (("theme", "mars"),), "우주": (("role", "bg"), ("theme", "space")),
    "은하": (("role", "bg"), ("theme", "space")), "은하수": (("role", "bg"), ("theme", "space"), ("imply", "star")),
    "성운": (("role", "bg"), ("theme", "space")), "열대": (("theme", "tropical"),), "섬": (("theme", "tropical"),),
    # moods
    "차분": (("theme", "calm"),), "평화": (("theme", "calm"),), "고요": (("theme", "calm"),),
    "잔잔": (("theme", "calm"),), "평온": (("theme", "calm"),), "몽환": (("theme", "dreamy"),),
    "꿈": (("theme", "dreamy"),), "환상": (("theme", "dreamy"),), "신비": (("theme", "dreamy"),),
    "로맨틱": (("theme", "romantic"),), "낭만": (("theme", "romantic"),), "사랑": (("theme", "romantic"),),
    "생동감": (("theme", "vibrant"),), "생생": (("theme", "vibrant"),), "화려": (("theme", "vibrant"),),
    "비비드": (("theme", "vibrant"),), "알록달록": (("theme", "vibrant"),), "다채": (("theme", "vibrant"),),
    "우울": (("theme", "melancholy"),), "쓸쓸": (("theme", "melancholy"),), "슬픈": (("theme", "melancholy"),),
    "애잔": (("theme", "melancholy"),), "외로운": (("theme", "melancholy"),),
    "따뜻": (("theme", "warm"),), "따스": (("theme", "warm"),), "포근": (("theme", "warm"),),
    "시원": (("theme", "cool"),), "차가": (("theme", "cool"),), "차갑": (("theme", "cool"),),
    "서늘": (("theme", "cool"),),
    # palette roles
    "땅": (("role", "ground"),), "들판": (("role", "ground"), ("lean", "landscape")),
    "초원": (("role", "ground"), ("lean", "landscape")), "잔디": (("role", "ground"),), "풀밭": (("role", "ground"),),
    "바닥": (("role", "ground"), ("lean", "interior")), "벽": (("role", "sky"), ("lean", "interior")),
    "배경": (("role", "bg"),), "바탕": (("role", "bg"),), "모래": (("role", "ground"),),
    # layouts
    "패턴": (("role", "bg"), ("layout", "pattern")), "무늬": (("role", "bg"), ("layout", "pattern")),
    "텍스타일": (("role", "bg"), ("layout", "pattern")), "타일": (("layout", "pattern"),),
    "벽지": (("role", "bg"), ("layout", "pattern")), "원단": (("role", "bg"), ("layout", "pattern")),
    "직물": (("layout", "pattern"),), "패브릭": (("layout", "pattern"),), "프린트": (("layout", "pattern"),),
    "반복": (("layout", "pattern"),), "심리스": (("layout", "pattern"),), "포장지": (("layout", "pattern"),),
    "거실": (("role", "bg"), ("layout", "interior"), ("imply", "sofa"), ("imply", "window")),
    "방": (("role", "bg"), ("layout", "interior"), ("imply", "window")),
    "침실": (("role", "bg"), ("layout", "interior"), ("imply", "window"), ("imply", "lamp")),
    "인테리어": (("role", "bg"), ("layout", "interior"), ("imply", "window")),
    "실내": (("layout", "interior"),), "주방": (("layout", "interior"), ("imply", "window"), ("imply", "shelves")),
    "부엌": (("layout", "interior"), ("imply", "window"), ("imply", "shelves")),
    "서재": (("layout", "interior"), ("imply", "shelves")),
    "풍경": (("role", "bg"), ("layout", "landscape")), "풍경화": (("role", "bg"), ("layout", "landscape")),
    "경치": (("layout", "landscape"),), "전경": (("layout", "landscape"),), "시골": (("layout", "landscape"),),
    "정원": (("role", "ground"), ("lean", "landscape")), "공원": (("role", "ground"), ("lean", "landscape")),
    "평야": (("role", "ground"), ("lean", "landscape")), "계곡": (("lean", "landscape"),),
    "아이콘": (("role", "bg"), ("layout", "centered")), "로고": (("role", "bg"), ("layout", "centered")),
    "엠블럼": (("layout", "centered"),), "스티커": (("layout", "centered"),), "초상": (("layout", "centered"),),
    # styles
    "수채화": (("style", "watercolor"),), "수채": (("style", "watercolor"),), "잉크": (("style", "ink"),),
    "선화": (("style", "ink"),), "라인아트": (("style", "ink"),), "스케치": (("style", "ink"),),
    "드로잉": (("style", "ink"),), "펜화": (("style", "ink"),), "연필": (("style", "ink"),), "펜": (("style", "ink"),),
    "파스텔": (("style", "pastel"),), "크레파스": (("style", "pastel"),), "네온": (("style", "neon"),),
    "형광": (("style", "neon"),), "그라데이션": (("style", "gradient"),), "그러데이션": (("style", "gradient"),),
    "그라디언트": (("style", "gradient"),), "플랫": (("style", "flat"),), "평면": (("style", "flat"),),
    "벡터": (("style", "flat"),),
    # density, size and detail
    "무성": (("density", 1.8),), "무성한": (("density", 1.8),), "울창": (("density", 1.8),),
    "우거": (("density", 1.7),), "가득": (("density", 1.6),), "많은": (("density", 1.5),),
    "많이": (("density", 1.5),), "빽빽": (("density", 1.6),), "풍성": (("density", 1.6),),
    "복잡": (("density", 1.5),), "북적": (("density", 1.5),), "수많은": (("density", 1.8),),
    "단순": (("density", 0.6), ("detail", -0.15)), "적은": (("density", 0.6),), "적게": (("density", 0.7),),
    "미니멀": (("density", 0.45), ("detail", -0.15)), "심플": (("density", 0.6), ("detail", -0.15)),
    "간결": (("density", 0.6),), "간단": (("density", 0.6), ("detail", -0.1)), "드문": (("density", 0.6),),
    "듬성": (("density", 0.6),), "한산": (("density", 0.6),), "여백": (("density", 0.6),),
    "섬세": (("detail", 0.25),), "정교": (("detail", 0.3),), "자세": (("detail", 0.2),),
    "큰": (("scale", 1.6),), "크게": (("scale", 1.4),), "커다란": (("scale", 1.7),), "거대": (("scale", 2.1),),
    "대형": (("scale", 1.8),), "큼직": (("scale", 1.6),), "작은": (("scale", 0.7),), "작게": (("scale", 0.75),),
    "조그만": (("scale", 0.6),), "조그마": (("scale", 0.6),), "자그마": (("scale", 0.65),), "아담": (("scale", 0.75),),
    "소형": (("scale", 0.7),), "아주작은": (("scale", 0.5),),
    "대칭": (("symmetry", "mirror"),), "만화경": (("symmetry", "rotate4"),),
    # counts: determiners (한/두/세) before a noun or counter, pronoun forms (하나/둘/셋) after a noun
    "한": (("number", 1),), "두": (("number", 2),), "세": (("number", 3),), "네": (("number", 4),),
    "다섯": (("number", 5),), "여섯": (("number", 6),), "일곱": (("number", 7),), "여덟": (("number", 8),),
    "아홉": (("number", 9),), "열": (("number", 10),), "스무": (("number", 20),), "스물": (("number", 20),),
    "하나": (("number", 1),), "둘": (("number", 2),), "셋": (("number", 3),), "넷": (("number", 4),),
    "여러": (("number", 4),), "몇": (("number", 3),), "두번째": (("ordinal", 2),), "세번째": (("ordinal", 3),),
    "개": (("counter", ""),), "마리": (("counter", ""),), "송이": (("counter", ""),), "그루": (("counter", ""),),
    "채": (("counter", ""),), "번째": (("counter", ""),), "또": (("op", "inc"),),
    "하나더": (("op", "inc"),),
    # feedback operators and negation (these follow what they act on)
    "더": (("op", "more"),), "덜": (("op", "less"),), "없": (("postneg", ""),), "빼고": (("postneg", ""),),
    "빼": (("postneg", ""),), "제외": (("postneg", ""),), "말고": (("postneg", ""),), "아닌": (("postneg", ""),),
    "않": (("postneg", ""),), "지워": (("postneg", ""),), "지우": (("postneg", ""),), "추가": (("postop", "add"),),
    "늘려": (("postop", "more"),), "늘리": (("postop", "more"),), "줄여": (("postop", "less"),),
    "줄이": (("postop", "less"),), "그리고": (("coord", ""),), "및": (("coord", ""),),
    # blockers: words that start like a stem above but mean something else
    "새로": (("ignore", ""),), "새롭": (("ignore", ""),), "새해": (("ignore", ""),), "별로": (("ignore", ""),),
    "별도": (("ignore", ""),), "점점": (("ignore", ""),), "점심": (("ignore", ""),), "해서": (("ignore", ""),),
    "해도": (("ignore", ""),), "해주": (("ignore", ""),), "해줘": (("ignore", ""),), "해요": (("ignore", ""),),
    "산책": (("ignore", ""),), "산뜻": (("theme", "bright"),), "눈물": (("ignore", ""),), "눈빛": (("ignore", ""),),
    "방금": (("ignore", ""),), "방법": (("ignore", ""),), "원래": (("ignore", ""),), "원하": (("ignore", ""),),
    "세상": (("ignore", ""),), "세계": (("ignore", ""),), "열심": (("ignore", ""),), "열정": (("theme", "vibrant"),),
    "물론": (("ignore", ""),), "물건": (("ignore", ""),), "달라": (("ignore", ""),), "달리": (("ignore", ""),),
    "달콤": (("theme", "romantic"),), "한번": (("ignore", ""),), "한국": (("ignore", ""),),
    "꿈틀": (("ignore", ""),), "또한": (("ignore", ""),), "더운": (("theme", "warm"),), "더위": (("theme", "warm"),), "강렬": (("theme", "vibrant"),), "네모난": (("motif", "square"),),
}  # fmt: skip

# One-syllable stems that may start a longer word freely (꽃병, 별빛, 숲길): few words start with them otherwise.
LOOSE_KO: frozenset[str] = frozenset({"꽃", "잎", "별", "숲", "봄", "벽", "없", "않", "빼", "더", "덜", "흰"})
# Endings and particles that may follow a one-syllable stem (산의, 달이, 새들, 해님 ...), longest first.
KO_PARTICLES: tuple[str, ...] = (
    "으로", "에서", "에게", "이랑", "하고", "처럼", "같은", "같이", "들이", "들을", "들의", "들과", "들은", "들도", "들",
    "이", "가", "을", "를", "은", "는", "의", "에", "로", "와", "과", "도", "만", "랑", "나", "님", "빛", "색", "속",
    "위", "밑", "옆", "뒤", "앞", "이나", "하나", "둘", "셋", "넷", "개", "마리", "송이", "그루",
)  # fmt: skip
KO_COORD: tuple[str, ...] = ("와", "과", "랑", "이랑", "하고", "이나", "나", "및", "들과")
KO_TOPIC: tuple[str, ...] = ("이", "가", "은", "는", "들이", "들은")


def _check_entry_kinds(*tables: dict[str, tuple[Entry, ...]]) -> None:
    """Raise at import if a table holds an entry kind the parser has no handler for (a typo reads as nothing)."""
    unknown = {kind for table in tables for entries in table.values() for kind, _ in entries} - ENTRY_KINDS
    if unknown:
        raise RuntimeError(f"sketch vocabulary: unknown entry kinds {sorted(unknown)}")


_check_entry_kinds(EN_WORDS, KO_WORDS, COLOR_EXTRAS)
