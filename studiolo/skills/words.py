"""Reading params from the words of a turn: a prompt, a count of drafts and a canvas, an upscale size, an extend
direction, a pattern's motif, a collaboration's brief. English and Korean.

The skills' `read` methods are made of these readers. Each returns only what the words say; what they leave open
stays unset for the skill's own defaults.
"""

from __future__ import annotations

import re

from studiolo.model.protocols import MAX_SIDE, MIN_SIDE

_I = re.IGNORECASE

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "a couple of": 2, "a couple": 2, "a pair of": 2, "a few": 3,
    "한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "네": 4, "넷": 4, "다섯": 5, "여섯": 6, "일곱": 7,
    "여덟": 8, "아홉": 9, "열": 10,
}  # fmt: skip
_EN_NUMBER = r"\d{1,3}|a couple(?: of)?|a pair of|a few|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_KO_NUMBER = r"\d{1,3}|하나|한|둘|두|셋|세|넷|네|다섯|여섯|일곱|여덟|아홉|열"
# A count only when it counts drafts ("four drafts of a garden"), never the subject ("three cats on a roof").
_COUNT = re.compile(
    rf"\b({_EN_NUMBER})\s+(?:more\s+|new\s+|different\s+)?(?:drafts?|options?|versions?|variations?|variants?"
    rf"|images?|pictures?|pics?|sketches|sketch|ideas?|takes?|alternatives?|concepts?|directions?|proposals?)\b"
    rf"(?:\s+(?:of|for|with)\b)?"
    rf"|(?:시안\s*)?(?<!\w)({_KO_NUMBER})\s*(?:장|가지|버전|개(?=\s*(?:씩|만|(?:보여|그려|만들|제안))))",
    _I,
)

# The ways people ask for a picture, stripped so that the prompt is what is to be painted.
_POLITE = r"(?:(?:ok(?:ay)?|so|now|hey|please|pls|plz)[,!]?\s+)*"
_ASK = (
    r"(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+)?|i'?d (?:like|love)(?:\s+to\s+(?:see|have))?\s+"
    r"|i (?:want|need)(?:\s+to\s+see)?\s+|let'?s (?:start with|see)\s+|let me see\s+|i'?m thinking of\s+|how about\s+)?"
)
_VERB = (
    r"(?:(?:draw|drwa|paint|sketch|illustrate|ilustrate|imagine|render|create|generate|make|design|picture|visuali[sz]e"
    r"|show|give|do|try)(?:\s+(?:me|us))?\s+)?"
)
_FRAME = (
    r"(?:(?:a|an|the|some)\s+)?(?:(?:new|different|fresh)\s+)?(?:(?:image|picture|pic|illustration|drawing|painting"
    r"|artwork|sketch|one|idea|scene)s?\s*(?:of|with|showing|:|,)?(?:\s+|$))?"
)
_LEAD = re.compile(rf"^{_POLITE}{_ASK}{_VERB}{_FRAME}", _I)
_TRAIL = re.compile(r"(?:[,\s]+(?:please|pls|plz|for me|instead|thanks?))+\s*[.!?]*$|\s*[.!?]+$", _I)
# Korean asks at the end: "...그려 줘", "...그림 그려주세요", "...이미지 만들어 줘", "...부탁해".
_KO_TRAIL = re.compile(
    r"\s*(?:(?:그림|이미지|일러스트)\s*)?(?:그려|만들어|보여)\s*(?:줘|주세요|줄래|줄래요|봐|봐요|줄\s*수\s*있어)\??\s*$"
    r"|\s*(?:그림|이미지|일러스트)?\s*(?:부탁해|부탁해요|부탁합니다)\s*$"
)
_KO_FRAME = re.compile(r"\s*(?:그림|이미지|일러스트)$")
# Clauses about the asking rather than the subject: "forget this one, ...", "new idea: ...".
_META = re.compile(
    r"^(?:forget (?:this|that|it)(?: one)?|something (?:completely |totally )?(?:different|new|else)|new (?:one|idea)"
    r"|start (?:fresh|over|again)|(?:this|that|it|one)|now)$",
    _I,
)
_EMPTY_SUBJECTS = {"", "a", "an", "the", "one", "image", "picture", "drawing", "painting", "그림", "이미지"}

# "Exactly as I said": paint the words as they are, without the artist's additions, for this turn.
_AS_SAID = re.compile(
    r"[,;]?\s*\b(?:(?:exactly|just|precisely)\s+(?:as|like)\s+i\s+(?:said|wrote|asked|described)(?:\s+it)?"
    r"|(?:exactly\s+)?as\s+written|literally(?=\s*(?:please\b|[,.;!?]|$))|no\s+additions|(?:with\s+)?nothing\s+added)\b"
    r"|[,;]?\s*(?:(?:내가\s*)?말한\s*그대로|그대로)",
    _I,
)
_SIZE_PAIR = re.compile(r"\b(\d{2,5})\s*[x×]\s*(\d{2,5})\b")
_SIZE_K = re.compile(r"\b([1-8])\s?k(?![a-z])", _I)
_SIZE_ONE = re.compile(r"(?<![\d.])(\d{3,5})(?:\s*(?:px|pixels))?(?![\d.x×])", _I)
# An imagine turn's canvas only when said in pixels ("at 1024x768", "1024 px"): "4k" in a prompt is a style word.
_CANVAS = re.compile(
    r"(?:\b(?:at|in)\s+)?\b(\d{2,5})\s*[x×]\s*(\d{2,5})(?:\s*(?:px|pixels))?\b"
    r"|(?:\b(?:at|in)\s+)?(?<![\d.])(\d{2,5})\s*(?:px|pixels)\b",
    _I,
)
_SCALE = re.compile(r"\b([2-8])\s?x\b|\b(double|twice|triple)\b|(두|세|네)\s*배", _I)
_SCALE_WORDS = {"double": 2, "twice": 2, "triple": 3, "두": 2, "세": 3, "네": 4}

# Which way to grow a canvas: (pattern, direction), in the order they are tried.
_DIRECTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, _I), direction)
    for pattern, direction in (
        (r"\ball (?:sides|directions|around)\b|\bevery (?:side|direction)\b|\bzoom(?:ed)? out\b|\bbeyond the edges?"
         r"|사방|바깥|전체", "all"),
        (r"\bleft and right\b|\bright and left\b|\bboth sides\b|\bsides\b|\bwid(?:er|en)\b|\bhorizontal|\bpanoram"
         r"|\bbanner\b|\blandscape format\b|양옆|옆으로|가로", "horizontal"),
        (r"\btop and bottom\b|\btaller\b|\bvertical|\bportrait format\b|세로", "vertical"),
        (r"\bleft\b|왼쪽", "left"),
        (r"\bright\b|오른쪽", "right"),
        (r"\b(?:up|upward|upwards|above|top|sky)\b|위", "up"),
        (r"\b(?:down|downward|downwards|below|bottom|floor|ground)\b|아래", "down"),
    )
)  # fmt: skip

_PATTERN_HEAD = re.compile(r"^(?:pat+erns?|prints?|repeats?|textiles?|motifs?|tiles?|wallpapers?)$", _I)
_PATTERN_HEAD_KO = re.compile(r"(?:무늬|패턴|텍스타일|프린트|타일)$")
_MOTIF_AFTER = re.compile(
    r"\b(?:pat+ern|print|tile|repeat|textile|fabric|wallpaper|paper|background)s?\s+(?:of|with|featuring|using)\s+"
    r"(.+?)(?:\s+(?:for|to)\s+.*)?$",  # "for my kitchen" is what it is for; "in coral", "on navy" describe it
    _I,
)
# Words around a motif that are not the motif: sizes, the kind of repeat, and where the turn points at a draft.
_NOT_MOTIF = {
    "a", "an", "the", "some", "little", "tiny", "small", "cute", "new", "repeating", "seamless", "seemless",
    "tileable", "all-over", "surface", "fabric", "textile", "wallpaper", "repeat", "motif", "motifs",
    "모양", "반복", "반복되는", "심리스", "텍스타일",
}  # fmt: skip
_MOTIF_STOP = {
    "this", "it", "that", "into", "of", "as", "make", "create", "design", "want", "need", "turn", "use", "with",
    "me", "can", "become", "i", "a", "an", "the", "for", "이걸로", "이걸", "이거", "이것", "이", "그",
}  # fmt: skip
_MOTIF_WORDS = 3

_REFERENCES = {
    "", "this", "it", "that", "this one", "the draft", "this draft", "the image", "this image", "이거", "이것", "이걸",
}  # fmt: skip

_BRIEF = re.compile(
    r"\b(?:design|make|create|build|develop|co-?design|co-?create|shape|work (?:together )?on|collaborate (?:with me )?on"
    r"|partner on|iterate on|proposals for|rounds? of proposals for)\s+(?:(?:a|an|the|this|that|my|our|some)\s+)?(.+?)"
    r"(?=\s+(?:together|with me|with you|step by step|until|round by round)\b|[,.!?]|$)",
    _I,
)
# Korean names the work before the verb: "로고 같이 만들어 보자", "우리 함께 벽지 디자인 해보자".
_BRIEF_KO = re.compile(
    r"(?:^|\s)((?:[가-힣]+\s+){0,2}?[가-힣]+?)(?:을|를)?\s+(?:(?:같이|함께)\s+)?(?:디자인|만들|작업)"
)
_NOT_BRIEF = {"우리", "같이", "함께", "together", "it together", "this together"}


def count(text: str, limit: int) -> int | None:
    """How many drafts the turn asks for, when it says so and it is within `limit`."""
    match = _COUNT.search(text)
    if match is None:
        return None
    word = (match.group(1) or match.group(2)).lower()
    n = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
    return n if n is not None and 1 <= n <= limit else None


def tidy(text: str) -> str:
    """The text without politeness at its end and stray punctuation around it."""
    return _TRAIL.sub("", text).strip(" ,.;:!?-—")


def _without_korean_particle(text: str) -> str:
    """Drop a final object particle: 을 after a syllable that ends in a consonant, 를 after one that does not, so
    that 고양이를 -> 고양이 while 마을 (a village) stays whole."""
    if len(text) < 2 or text[-1] not in "을를" or not "가" <= text[-2] <= "힣":
        return text
    has_final_consonant = (ord(text[-2]) - ord("가")) % 28 != 0
    return text[:-1] if has_final_consonant == (text[-1] == "을") else text


def _subject(clause: str) -> str:
    clause = _KO_TRAIL.sub("", clause).strip()
    clause = _without_korean_particle(_KO_FRAME.sub("", clause))
    return tidy(_LEAD.sub("", tidy(clause)))


def imagine_prompt(text: str) -> str:
    """What to paint: the turn without the asking ("can you draw me", "그려 줘"), the count of drafts, or clauses
    about the asking ("forget this one, paint poppies" -> "poppies"); empty when it names nothing to paint."""
    text = " ".join(_CANVAS.sub(" ", _COUNT.sub(" ", text)).split())
    clauses = [c for c in re.split(r"[,:;]\s*", text) if not _META.match(tidy(c))]
    kept = [s for s in map(_subject, clauses) if s and not _META.match(s) and s.lower() not in _REFERENCES]
    prompt = ", ".join(kept)
    return "" if prompt.lower() in _EMPTY_SUBJECTS else prompt


def imagine_canvas(text: str) -> dict[str, int]:
    """The canvas a turn asks to paint on ("at 1024x768", "1024px"); sizes beyond the painter's range are not read,
    so the skill's default applies."""
    match = _CANVAS.search(text)
    if match is None:
        return {}
    width, height = int(match.group(1) or match.group(3)), int(match.group(2) or match.group(3))
    if MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE:
        return {"width": width, "height": height}
    return {}


def upscale_size(text: str) -> dict[str, int]:
    """A size ("4096x2048", "2048", "4k") or a factor ("2x", "double"); sizes beyond the painter's range are not
    read, so the skill's default applies and its reply says what it made."""
    if match := _SIZE_PAIR.search(text):
        width, height = int(match.group(1)), int(match.group(2))
    elif match := _SIZE_K.search(text):
        width = height = int(match.group(1)) * 1024
    elif match := _SIZE_ONE.search(text):
        width = height = int(match.group(1))
    elif match := _SCALE.search(text):
        word = match.group(1) or match.group(2) or match.group(3)
        return {"scale": int(word) if word.isdigit() else _SCALE_WORDS[word.lower()]}
    else:
        return {}
    if MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE:
        return {"width": width, "height": height}
    return {}


def extend_direction(text: str) -> str | None:
    for pattern, direction in _DIRECTIONS:
        if pattern.search(text):
            return direction
    return None


def pattern_motif(text: str) -> str | None:
    """The motif to repeat ("a seamless pattern of lemons" -> "lemons", "딸기 패턴" -> "딸기"); None when the turn
    names none, so the current draft is repeated."""
    if match := _MOTIF_AFTER.search(text):
        words = [w for w in match.group(1).split() if w.lower() not in _NOT_MOTIF]
        motif = tidy(" ".join(words))
        return None if motif.lower() in _REFERENCES else motif
    tokens = re.findall(r"[\w'-]+", text)
    for i, token in enumerate(tokens):
        korean = _PATTERN_HEAD_KO.search(token)
        if not (_PATTERN_HEAD.match(token) or korean):
            continue
        words = [token[: korean.start()]] if korean and korean.start() > 0 else []  # 꽃무늬 -> 꽃
        for word in reversed(tokens[:i]):
            if word.lower() in _MOTIF_STOP or len(words) == _MOTIF_WORDS:
                break
            if word.lower() not in _NOT_MOTIF:
                words.insert(0, word)
        return " ".join(words) or None
    return None


def collaboration_brief(text: str) -> str | None:
    """What to design together ("a logo for my bakery"), when the turn names it."""
    match = _BRIEF.search(text) or _BRIEF_KO.search(text)
    if match is None:
        return None
    words = [w for w in tidy(match.group(1)).split() if w not in _NOT_BRIEF]
    brief = " ".join(words)
    return None if brief.lower() in _REFERENCES or brief.lower() in _NOT_BRIEF else brief


def as_said(text: str) -> bool:
    """Does the turn ask for its words to be painted exactly as they are ("exactly as I said", "말한 그대로")?"""
    return _AS_SAID.search(text) is not None


def without_as_said(text: str) -> str:
    """The turn without its "exactly as I said"."""
    return _AS_SAID.sub("", text)
