"""Read a request with the sketch painter's parser: what it asks for, and which of those things the painter draws.

The parser's reader (parse.py) already knows every colour, motif, role, layout and style word in English and
Korean. What it does not know it skips; here those words are looked at again. An English word is a *thing* the
request asks for when the lexicon of lemminflect says it is a noun (or knows nothing of it, as with "koi") and it
is not a word about the picture itself ("a picture of", "in a poster style"). A Korean word is one when it
carries a noun's particle (실로폰을, 고양이와). Each such thing is then either approximated by the nearest motif
the painter has (`nearest`, by meaning) or reported missing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from lemminflect import getAllLemmas

from studiolo.language import detect_language
from studiolo.model.protocols import Embedder, Painter
from studiolo.model.request import AskedColor, AskedThing, Request
from studiolo.model.sketch import vocabulary as V
from studiolo.model.sketch.glyphs import GLYPHS, nearest_glyph
from studiolo.model.sketch.lexicon import Item, lexicon, prompt_items
from studiolo.model.sketch.painter import SketchPainter
from studiolo.model.sketch.reader import Color, Reader

# nearest(word) -> (motif key, what it is called) of the closest drawable motif, or None
Nearest = Callable[[str], "tuple[str, str] | None"]

# Nouns about the picture, not in it: never reported as things that could not be drawn.
PICTURE_WORDS: frozenset[str] = frozenset({
    "picture", "pictures", "image", "images", "drawing", "drawings", "painting", "paintings", "illustration",
    "illustrations", "design", "designs", "artwork", "art", "piece", "version", "versions", "style", "styles",
    "look", "vibe", "vibes", "feel", "feeling", "mood", "scene", "composition", "thing", "things", "something",
    "anything", "kind", "sort", "type", "bit", "lot", "lots", "me", "us", "you", "i", "we", "please", "way",
    "idea", "ideas", "one", "ones", "draft", "drafts", "variation", "variations", "option", "options", "detail",
    "details", "tone", "tones", "palette", "texture", "atmosphere", "aesthetic", "theme", "motif", "motifs",
    "element", "elements", "foreground", "center", "centre", "middle", "top", "bottom", "left", "right", "side",
    "sides", "edge", "edges", "corner", "corners", "front", "back", "view", "shot", "angle", "poster", "posters",
    "flyer", "card", "cards", "invitation", "banner", "cover", "collection", "season", "show", "event", "events",
    "fashion", "week", "runway", "size", "scale", "number", "lines", "line", "hint", "touch", "accent", "accents",
    "contrast", "mix", "blend", "layout", "format", "repeat", "tile", "sketch", "study", "concept", "series",
    "set", "sheet", "mockup", "mock", "time", "day", "place", "space", "spaces", "area", "areas", "part", "parts",
    "colorway", "colourway", "shade", "hue", "hues", "glow", "light", "shadow", "shadows", "inspiration",
    "homage", "tribute", "reference", "vision", "dream", "world", "life", "spirit", "energy", "sense", "quality",
    "draw", "paint", "make", "create", "give", "let", "want", "like", "love", "need", "try", "keep",
    # what the picture is for or printed on: "a scarf print of koi" asks for koi (garment mock-ups are their own work)
    "scarf", "scarves", "shirt", "shirts", "tee", "dress", "dresses", "blouse", "skirt", "jacket", "lining",
    "hoodie", "sweatshirt", "bandana", "tie", "raincoat", "knitwear", "sweater", "jumper", "coat", "denim",
    "cotton", "silk", "linen", "wool", "satin", "velvet", "garment", "garments", "apparel", "outfit", "pocket",
    "square", "graphic", "graphics", "board", "moodboard", "leaflet", "invite", "menu", "label",
    "packaging", "wrapper", "sticker", "postcard", "notebook", "tote", "bag", "cloth", "swatch",
    # occasions and ideas rather than things to draw
    "festival", "culture", "tradition", "market", "fair", "party", "concert", "jazz", "music", "celebration",
    "sale", "exhibition", "opening", "launch", "program", "programme", "welcome", "wedding", "birthday",
    "anniversary", "holiday", "holidays", "gala", "weekend", "club", "kids", "children", "child", "resort",
    "harvest", "cleanup", "poetry", "film", "cinema", "stargazing", "tasting", "farmers", "fundraiser",
    # rooms and venues: where the picture is set or hung, not a thing in it
    "bathroom", "hallway", "nursery", "kitchen", "hall", "lobby", "cafe", "café", "restaurant", "museum", "gallery",
    "office", "classroom", "hotel", "shop", "store", "boutique", "venue",
    # amounts and positions
    "slice", "slices", "beside", "besides", "next", "pair", "handful", "bunch", "row", "rows", "couple",
})  # fmt: skip
KOREAN_PICTURE_WORDS: frozenset[str] = frozenset({
    "그림", "이미지", "느낌", "스타일", "분위기", "디자인", "작품", "모양", "색감", "버전", "포스터", "컬렉션", "시즌",
    "배경", "구도", "질감", "톤", "색상", "색깔", "색", "것", "거", "저", "나", "우리", "당신", "하나", "부분", "주제",
    "시안", "초안", "패션", "행사", "이벤트", "화면", "장면", "세상", "세계", "꿈", "영감",
    "스카프", "셔츠", "티셔츠", "원피스", "블라우스", "치마", "스커트", "재킷", "자켓", "안감", "후드티", "맨투맨",
    "반다나", "넥타이", "우비", "니트", "코트", "데님", "면", "실크", "린넨", "울", "한복", "옷", "의상", "그래픽",
    "무드보드", "보드", "전단지", "초대장", "메뉴", "라벨", "포장", "스티커", "엽서", "가방", "원단", "프린트",
    "축제", "문화", "전통", "마켓", "시장", "파티", "공연", "콘서트", "재즈", "음악", "전시", "전시회", "오픈",
    "세일", "기념", "생일", "결혼", "결혼식", "휴일", "명절", "리조트", "아이", "아이들", "어린이", "나이트", "전단", "시음회", "야시장", "파머스", "수확", "아기방", "욕실", "화장실", "복도", "주방", "카페", "식당",
    "아래", "위", "옆", "앞", "뒤", "안", "속", "가운데", "중앙", "사이", "주변", "끊김", "반복",
})  # fmt: skip
# How close in meaning (MiniLM cosine) a glyph must be to stand in for a word: 0.61 keeps cathedral -> church
# (0.616) and kettle -> teapot (0.634) and leaves table -> classical building (0.601) out.
NEAREST_SIMILARITY = 0.61
# What may stand before a noun: an English word that is also a verb names a thing after these.
NOUN_BEFORE: frozenset[str] = frozenset({"article", "filler", "number", "color", "mod", "unknown", "motif", "scale"})
# Last syllables of Korean verbs and adjectives as requests use them (그려줘, 만들어요, 밝게, 있고, 해서 ...).
KOREAN_VERBAL_ENDINGS: frozenset[str] = frozenset("다요줘게고서면며해히지죠까어아워돼봐세라자네")
# Particles after which a Korean word is a noun (longest first).
KOREAN_NOUN_PARTICLES: tuple[str, ...] = (
    "들이랑", "들하고", "이랑", "하고", "으로", "에서", "에는", "들을", "들이", "들과", "들의", "들은",
    "을", "를", "이", "가", "과", "와", "의", "들", "도", "은", "는", "랑", "에", "로",
)  # fmt: skip


def request_reader(painter: Painter, embedder: Embedder | None = None) -> Callable[[str], Request]:
    """How requests are read for `painter`: the sketch painter's own vocabulary (its licence setting included),
    with stand-ins found by meaning when an embedder is at hand; any other painter may draw every noun."""
    if painter.backend_id != SketchPainter.backend_id:  # by id: the sketch painter may run on another machine
        return partial(read_request, open_vocabulary=True)
    permissive = bool(getattr(painter, "permissive_only", False))

    def nearest(word: str) -> tuple[str, str] | None:
        assert embedder is not None
        found = nearest_glyph(word, embedder, min_similarity=NEAREST_SIMILARITY, permissive_only=permissive)
        return (found[0].key, found[0].label) if found is not None else None

    return partial(read_request, nearest=nearest if embedder is not None else None, permissive_only=permissive)


def read_request(text: str, *, nearest: Nearest | None = None, open_vocabulary: bool = False,
                 permissive_only: bool = False) -> Request:  # fmt: skip
    """What `text` asks for, with each thing the painter draws, approximates or cannot draw.

    With `open_vocabulary` (a diffusion model, which draws any noun it was trained on) every thing counts as
    drawable under its own name; the self-check then needs a detector to tell whether it was drawn."""
    items = prompt_items(text, lexicon(permissive_only))
    reader = Reader(items).read()
    language = detect_language(text)

    things = [_asked_group(reader, key) for key, group in reader.groups.items() if group.present and group.words]
    for word in _unknown_things(reader.unknown, items):
        found = nearest(word) if nearest is not None and not open_vocabulary else None
        if open_vocabulary:
            things.append(AskedThing(word=word, motif=word))
        elif found is None:
            things.append(AskedThing(word=word))
        else:
            key, label = found
            things.append(AskedThing(word=word, motif=key, stand_in=label))

    alive = [c for c in reader.colors if c.alive and c.name in V.CSS_COLORS]
    background = next(iter(c for c in reader.background if c.alive and c.name in V.CSS_COLORS), None)
    # a layout is asked for by a word that names one ("a pattern", "in a room"), not by a word that leans
    votes = {layout: weight for layout, weight in reader.votes.items() if weight >= V.LAYOUT_WEIGHT["layout"]}
    if reader.backdrop_vote >= V.LAYOUT_WEIGHT["layout"]:  # "against a white wall": the subject alone, centred
        votes["centered"] = votes.get("centered", 0.0) + reader.backdrop_vote
    return Request(
        text=text,
        language=language,
        things=things,
        colors=_unique_colors(_asked_color(items, c) for c in alive),
        background=_asked_color(items, background) if background is not None else None,
        layout=max(sorted(votes), key=votes.__getitem__) if votes else None,
        style=reader.style if reader.style and reader.style not in reader.no_styles else None,
        understood=list(reader.understood),
    )


def _asked_group(reader: Reader, key: str) -> AskedThing:
    group = reader.groups[key]
    colors = [c for c in group.colors if c.alive and c.name in V.CSS_COLORS]
    glyph, word = GLYPHS.get(key), group.words[0]
    return AskedThing(
        word=word, motif=key, count=group.count,
        stand_in=glyph.label if glyph is not None and glyph.stands_in(word) else None,
        colors=_unique_colors(_asked_color(reader.items, c) for c in colors),
    )  # fmt: skip


def _asked_color(items: list[Item], color: Color) -> AskedColor:
    surface = items[color.pos].surface.lower() if 0 <= color.pos < len(items) else color.name
    return AskedColor(name=f"{color.mod} {surface}" if color.mod else surface, hex=color.hex)


def _unique_colors(colors: Iterable[AskedColor]) -> list[AskedColor]:
    out: list[AskedColor] = []
    for color in colors:
        if all(c.hex != color.hex for c in out):
            out.append(color)
    return out


def _unknown_things(unknown: list[Item], items: list[Item]) -> list[str]:
    """The unknown words that name things: English nouns, Korean words with a noun's particle. Neighbouring
    English ones join ("eiffel tower" when neither is known)."""
    phrases: list[list[Item]] = []
    at = {id(item): i for i, item in enumerate(items)}
    for item in unknown:
        i = at[id(item)]
        if not _names_thing(item, items[i - 1] if i > 0 else None, items[i + 1] if i + 1 < len(items) else None):
            continue
        if phrases and not item.ko and not phrases[-1][-1].ko and phrases[-1][-1].tok == item.tok - 1:
            phrases[-1].append(item)
        else:
            phrases.append([item])
    words = [" ".join(_stem(i) for i in phrase) for phrase in phrases]
    return list(dict.fromkeys(w for w in words if w))


def _names_thing(item: Item, before: Item | None, after: Item | None) -> bool:
    if item.ko:
        stem = _stem(item)
        if len(stem) < 2 or stem in KOREAN_PICTURE_WORDS:
            return False
        ends_phrase = after is None or after.kind in ("punct", "coord")  # a modifier (예쁜) has a noun after it
        return stem != item.surface or _korean_bare_noun(stem, ends_phrase=ends_phrase)
    word = item.surface.lower()
    if len(word) < 3 or word in PICTURE_WORDS or not word.isalpha():
        return False
    lemmas = getAllLemmas(word)
    if not lemmas:  # a word the lexicon does not know ("koi", "matryoshka"): most such words are names of things
        return True
    if "NOUN" not in lemmas or {"ADJ", "ADV"} & lemmas.keys():
        return False
    # a word that is also a verb ("paint", "fly") is a thing only where a noun stands: after a/the, a number,
    # a colour, or another word of a thing's name ("a koi pond")
    return "VERB" not in lemmas or (before is not None and before.kind in NOUN_BEFORE)


def _korean_bare_noun(word: str, *, ends_phrase: bool) -> bool:
    """A Korean word without a particle is a noun unless it ends like a verb or an adjective: a verbal ending
    (그려줘, 화려하게), or, before another word, the ㄴ or ㄹ of a modifier (예쁜 꽃, 들어갈 그림); a noun
    so ending mid-phrase is missed, never invented."""
    last = word[-1]
    if last in KOREAN_VERBAL_ENDINGS or not "가" <= last <= "힣":
        return False
    return ends_phrase or (ord(last) - ord("가")) % 28 not in (4, 8)  # the final consonants ㄴ and ㄹ


def _stem(item: Item) -> str:
    """A Korean word without its particle (실로폰을 -> 실로폰); an English word as it was written."""
    if not item.ko:
        return item.surface
    for particle in KOREAN_NOUN_PARTICLES:
        if item.surface.endswith(particle) and len(item.surface) > len(particle):
            return item.surface[: -len(particle)]
    return item.surface
