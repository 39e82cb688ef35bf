"""The fluent paragraph in Korean: the same measured facts as prose.py, said as a Korean reader would say them.

It is written from the facts, not translated from the English paragraph, so each sentence can take Korean word
order; what to say (which colours, where the weight sits, which repeat) is decided by the same rules as in English.
Colour names are the palette's `name_ko`. Scene words (motifs, layouts, styles) have their own table here, and an
unknown word, from a newer painter, is left in English rather than guessed.
"""

from __future__ import annotations

from typing import Any

from studiolo.model.measure.prose import colour_groups, fraction_words, is_flat, light_words

_ASPECTS = {
    "square": "정사각형",
    "landscape": "가로형",
    "portrait": "세로형",
    "panorama": "파노라마",
    "vertical panorama": "세로 파노라마",
}
# Each light word as it leads into another adjective ("밝고 ...") and as it ends the phrase ("밝은 이미지").
_LIGHT = {
    "very dark": ("아주 어둡고", "아주 어두운"),
    "dark": ("어둡고", "어두운"),
    "bright": ("밝고", "밝은"),
    "very bright": ("아주 밝고", "아주 밝은"),
    "vivid": ("선명하고", "선명한"),
    "muted": ("차분하고", "차분한"),
    "high-contrast": ("대비가 강하고", "대비가 강한"),
    "low-contrast": ("대비가 약하고", "대비가 약한"),
}
_FRACTIONS = {
    "a tenth": "10분의 1",
    "a fifth": "5분의 1",
    "a quarter": "4분의 1",
    "a third": "3분의 1",
    "two-fifths": "5분의 2",
    "three-fifths": "5분의 3",
    "two-thirds": "3분의 2",
    "three-quarters": "4분의 3",
    "four-fifths": "5분의 4",
    "nine-tenths": "10분의 9",
}
# Each texture as a whole sentence, and as a clause that another follows ("..., 타일처럼 깔 수 있습니다").
_TEXTURE = {
    "smooth": ("표면은 잔 질감 없이 매끄럽습니다", "표면은 잔 질감 없이 매끄럽고"),
    "calm": ("표면은 질감이 거의 없이 차분합니다", "표면은 질감이 거의 없이 차분하고"),
    "textured": ("적당한 질감이 있습니다", "적당한 질감이 있고"),
    "busy": ("윤곽이 많아 복잡합니다", "윤곽이 많아 복잡하고"),
    "very busy": ("잔 디테일이 빽빽해 매우 복잡합니다", "잔 디테일이 빽빽해 매우 복잡하고"),
}
_SIDES = {"left": "왼쪽", "right": "오른쪽"}
_HEIGHTS = {"high": "위", "low": "아래"}
_LAYOUTS = {
    "landscape": "풍경",
    "pattern": "패턴 타일",
    "centered": "중앙 구도의 그림",
    "interior": "실내 풍경",
    "cosmic": "우주 풍경",
}
_STYLES = {
    "flat": "플랫",
    "watercolor": "수채화",
    "ink": "잉크화",
    "pastel": "파스텔",
    "neon": "네온",
    "gradient": "그러데이션",
}
_SYMMETRIES = {"mirror": "거울 대칭", "rotate2": "반 바퀴 회전 대칭", "rotate4": "4분의 1 회전 대칭"}
_TIMES = {"dawn": "새벽", "dusk": "해 질 녘", "night": "밤"}
# The sketch painter's motif kinds (kept here rather than imported, so describing never imports the painter).
_MOTIFS = {
    "daisy": "데이지", "tulip": "튤립", "rose": "장미", "sunflower": "해바라기", "cherry_blossom": "벚꽃",
    "lotus": "연꽃", "poppy": "양귀비", "tree": "나무", "pine": "소나무", "palm": "야자수", "mountain": "산",
    "hill": "언덕", "sea": "바다", "wave": "파도", "cloud": "구름", "sun": "해", "moon": "달", "star": "별",
    "planet": "행성", "bird": "새", "butterfly": "나비", "leaf": "잎", "circle": "원", "triangle": "삼각형",
    "square": "사각형", "diamond": "마름모", "hexagon": "육각형", "stripes": "줄무늬", "dots": "물방울무늬",
    "checks": "체크무늬", "scales": "비늘무늬", "ornament": "장식", "sofa": "소파", "window": "창문",
    "lamp": "램프", "plant": "화분", "rug": "러그", "shelves": "선반",
}  # fmt: skip
# Korean counts things with a counter word: flowers in 송이, animals in 마리, trees in 그루, the rest in 개.
_COUNTERS = {
    **dict.fromkeys(("daisy", "tulip", "rose", "sunflower", "cherry_blossom", "lotus", "poppy"), "송이"),
    **dict.fromkeys(("bird", "butterfly"), "마리"),
    **dict.fromkeys(("tree", "pine", "palm"), "그루"),
}
_UNCOUNTED = {"stripes", "dots", "checks", "scales", "shelves", "sea"}  # a field or a mass, not a number of things
_MAX_MOTIFS = 6


def paragraph_ko(facts: dict[str, Any]) -> str:
    sentences = [_overview(facts)]
    if is_flat(facts):
        sentences.append("질감도 무늬도 초점도 없이 완전히 평평합니다.")
    else:
        composition = facts["composition"]
        sentences += [_weight(composition), _symmetry(composition["symmetry"]), _surface(facts)]
    if facts["provenance"] is not None:
        sentences.append(_origin(facts["provenance"]))
    return " ".join(sentence for sentence in sentences if sentence)


def _overview(facts: dict[str, Any]) -> str:
    """E.g. "밝고 선명한 정사각형 이미지(512 x 512 px)로, 대부분 황금색이며, 남색이 꽤, 흰색이 조금 섞여 있습니다." """
    groups = colour_groups(facts["palette"], key="name_ko")
    names = [name for name, _ in groups]
    shares = [share for _, share in groups]
    size = facts["size"]
    image = f"{_ASPECTS[size['aspect']]} 이미지({size['width']} x {size['height']} px)"
    if is_flat(facts):
        return f"{names[0]} 한 가지로 칠해진 {image}입니다."
    adjectives = light_words(facts)
    if adjectives:
        *leading, last = adjectives
        image = " ".join([*(_LIGHT[word][0] for word in leading), _LIGHT[last][1], image])
    if sum(shares[:2]) >= 0.97 and shares[0] < 0.85:
        colour = f"{_and(names[:2])}{_particle(names[1], '으로', '로')} 이루어져 있습니다"
    elif shares[0] >= 0.6:
        colour = _mostly(names[:1], groups[1:3])
    elif sum(shares[:2]) >= 0.7:
        colour = _mostly(names[:2], groups[2:3])
    else:
        visible = [name for name, share in groups if share >= 0.05]
        if len(visible) > 4:
            colour = f"{', '.join(visible[:4])} 등 여러 색이 어우러져 있습니다"
        else:
            colour = f"{_and(visible)}{_particle(visible[-1], '이', '가')} 어우러져 있습니다"
    return f"{image}로, {colour}."


def _mostly(main: list[str], lesser: list[tuple[str, float]]) -> str:
    """ "대부분 황금색이며, 남색이 꽤, 흰색이 조금 섞여 있습니다": the lesser colours by how much they cover."""
    some = [name for name, share in lesser if share >= 0.2]
    touches = [name for name, share in lesser if 0.05 <= share < 0.2]
    amounts = ((some, "꽤"), (touches, "조금"))
    parts = [f"{_and(words)}{_particle(words[-1], '이', '가')} {amount}" for words, amount in amounts if words]
    if not parts:
        return f"대부분 {_and(main)}입니다"
    return f"대부분 {_and(main)}{_particle(main[-1], '이며', '며')}, {', '.join(parts)} 섞여 있습니다"


def _weight(composition: dict[str, Any]) -> str:
    """E.g. "위에서 약 3분의 2 지점에 지평선이 있고, 시각적 무게는 왼쪽 아래, 지평선 아래에 있습니다." """
    placement, horizon = composition["placement"], composition["horizon"]
    words = placement.split()
    side = next((_SIDES[word] for word in words if word in _SIDES), "")
    height = next((_HEIGHTS[word] for word in words if word in _HEIGHTS), "")
    where = f"{side} {height}" if side and height else side or (f"{height}쪽" if height else "가운데")
    if horizon is None:
        if placement == "even":
            return "시각적 무게가 화면 전체에 고르게 퍼져 있습니다."
        if placement == "centre":
            return "시각적 무게는 가운데에 모여 있습니다."
        return f"시각적 무게는 {where}에 쏠려 있습니다."
    fraction = fraction_words(horizon)
    line = "화면 중간쯤에" if fraction == "half" else f"위에서 약 {_FRACTIONS[fraction]} 지점에"
    if placement == "even":
        return f"{line} 지평선이 있고, 시각적 무게는 화면 전체에 고르게 퍼져 있습니다."
    mass_y = composition["mass"]["y"]
    relation = "지평선 가까이" if abs(mass_y - horizon) < 0.05 else "지평선 아래" if mass_y > horizon else "지평선 위"
    return f"{line} 지평선이 있고, 시각적 무게는 {where}, {relation}에 있습니다."


def _symmetry(symmetry: dict[str, float]) -> str:
    axes = (("좌우", "left_right"), ("상하", "top_bottom"))
    exact = [words for words, key in axes if symmetry[key] >= 0.9]
    near = [words for words, key in axes if 0.75 <= symmetry[key] < 0.9]
    if len(exact) == 2:
        return "좌우로도 상하로도 대칭입니다."
    if exact:
        return f"{exact[0]} 대칭이고, {near[0]}로도 거의 대칭입니다." if near else f"{exact[0]} 대칭입니다."
    if len(near) == 2:
        return "좌우와 상하 모두 거의 대칭입니다."
    if near:
        return f"거의 {near[0]} 대칭입니다."
    return ""


def _surface(facts: dict[str, Any]) -> str:
    """The repeat, if there is one; otherwise the texture. Either way whether its edges wrap seamlessly."""
    periodicity = facts["periodicity"]
    tiles = periodicity["seamless"]["tiles"]
    if not periodicity["repeating"]:
        sentence, clause = _TEXTURE[facts["texture"]["label"]]
        if tiles:
            return f"{clause}, 가장자리가 이음매 없이 이어져 타일처럼 반복해 깔 수 있습니다."
        return f"{sentence}."
    x, y = periodicity["x"]["period_px"], periodicity["y"]["period_px"]
    if periodicity["stripes"] == "vertical":
        body = f"{x} px마다 반복되는 세로 줄무늬"
    elif periodicity["stripes"] == "horizontal":
        body = f"{y} px마다 반복되는 가로 줄무늬"
    elif periodicity["repeat"] == "both":
        body = f"{x} px 주기로 반복되는 무늬" if x == y else f"{x} x {y} px 타일로 반복되는 무늬"
    elif periodicity["repeat"] == "x":
        body = f"가로로 {x} px마다 반복되는 무늬"
    else:
        body = f"세로로 {y} px마다 반복되는 무늬"
    if tiles:
        return f"{body}{_particle(body, '으로', '로')}, 가장자리도 이음매 없이 이어집니다."
    return f"{body}{_particle(body, '이지만', '지만')}, 가장자리는 이음매 없이 이어지지 않습니다."


def _origin(provenance: dict[str, Any]) -> str:
    """E.g. "studiolo의 스케치 화가가 프롬프트 '...'에 따라 그린 해 질 녘의 수채화풍 풍경으로, 튤립 12송이가 있습니다." """
    backend = provenance["backend"]
    if backend == "sketch":
        painter = "studiolo의 스케치 화가"
    else:
        painter = f"studiolo의 {backend} 백엔드" if backend else "studiolo"
    how = f"프롬프트 '{provenance['prompt']}'에 따라 " if provenance["prompt"] else ""
    layout, style, motifs = provenance["layout"], provenance["style"], provenance["motifs"]
    if not (layout or style or motifs):
        return f"{painter}가 {how}그렸습니다."
    noun = _LAYOUTS.get(layout, layout) if layout else "그림"
    symmetric = _SYMMETRIES.get(provenance["symmetry"] or "")
    if symmetric and layout == "pattern":
        noun = f"{symmetric} {noun}"
    if style:
        noun = f"{_STYLES.get(style, style)}풍 {noun}"
    if provenance["time_of_day"] in _TIMES:
        noun = f"{_TIMES[provenance['time_of_day']]}의 {noun}"
    drawn = f"{painter}가 {how}그린 {noun}"
    if not motifs:
        return f"{drawn}입니다."
    phrases = list(dict.fromkeys(_motif_words(motif) for motif in motifs))
    # A long list of motifs would swamp the paragraph; the facts keep them all.
    shown = ", ".join(phrases[:_MAX_MOTIFS]) + (" 등" if len(phrases) > _MAX_MOTIFS else "")
    return f"{drawn}{_particle(noun, '으로', '로')}, {shown}{_particle(shown, '이', '가')} 있습니다."


def _motif_words(motif: dict[str, Any]) -> str:
    """E.g. "분홍색 튤립 12송이", "황금색 해", "분홍색과 흰색 줄무늬"."""
    kind = motif["kind"]
    noun = _MOTIFS.get(kind, kind.replace("_", " "))
    names = motif["color_names_ko"][:2]
    described = f"{_and(names)} {noun}" if names else noun
    count = motif["count"]
    if count is None or count == 1 or kind in _UNCOUNTED:
        return described
    return f"{described} {count}{_COUNTERS.get(kind, '개')}"


def _and(words: list[str]) -> str:
    """ "빨간색", "빨간색과 흰색", "빨간색, 흰색과 남색": 과 after a final consonant, 와 after a vowel."""
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])}{_particle(words[-2], '과', '와')} {words[-1]}"


def _particle(word: str, after_consonant: str, after_vowel: str) -> str:
    """The form of a particle (이/가, 과/와, 으로/로) that follows `word`, by whether its last syllable ends in a
    consonant; 으로 is 로 after ㄹ too. A word that does not end in Hangul is read as ending in a vowel."""
    last = word[-1:]
    if not "가" <= last <= "힣":
        return after_vowel
    final = (ord(last) - ord("가")) % 28  # 0: no final consonant; 8: ㄹ
    if final == 0 or (final == 8 and after_consonant == "으로"):
        return after_vowel
    return after_consonant
