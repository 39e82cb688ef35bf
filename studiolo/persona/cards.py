"""Character Card V2 import and export, so personas travel to and from other character tools.

A card is JSON (`{"spec": "chara_card_v2", "spec_version": "2.0", "data": {...}}`), either as a .json file or
base64-encoded in a PNG's `chara` tEXt chunk, as other tools write it. The mapping:

    name <-> name            description <-> bio           first_mes + alternate_greetings <-> greetings
    character_version <-> version                          creator_notes <- tagline
    personality, system_prompt <- written from the voice, taste and safety rules
    extensions.studiolo <-> the whole persona (so a studiolo card round-trips losslessly)

On import the card's own name, description, greetings and version win over extensions.studiolo, so edits made in
another tool survive. Everything else a card carries (scenario, examples, lorebook, tags, other tools'
extensions, and personality/system_prompt/creator_notes where they differ from what studiolo writes) is kept
in the persona's `card` part and written back on export. A card without extensions.studiolo gets a neutral
taste and default rules. V1 cards (flat fields at the root, no `spec`) are imported as the V2 card they
upgrade to; other specs (chara_card_v3) are refused with `card.unsupported`, unless their PNG also carries the
V2 `chara` chunk, as the V3 spec recommends.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import os
import re
from pathlib import Path
from typing import Annotated, Any, Final, Literal, TypeVar

from PIL import PngImagePlugin
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, JsonValue, StringConstraints, ValidationError

from studiolo.errors import StudioloError
from studiolo.model.images import open_image
from studiolo.persona.portrait import paint_portrait
from studiolo.persona.problems import first_problem
from studiolo.persona.spec import MAX_PHRASE_CHARS, MAX_STORY_CHARS, CardExtras, Persona

SPEC: Final = "chara_card_v2"
EXTENSION = "studiolo"
PNG_CHUNK = "chara"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_CARD_BYTES = 20_000_000
CardFormat = Literal["json", "png"]
V1_FIELDS = ("name", "description", "personality", "scenario", "first_mes", "mes_example")
M = TypeVar("M", bound=BaseModel)


def _none_as_empty(value: object) -> object:
    return "" if value is None else value  # some tools write null for an empty field


CardString = Annotated[str, StringConstraints(max_length=MAX_STORY_CHARS), BeforeValidator(_none_as_empty)]


class CardData(BaseModel):
    """The `data` of a Character Card V2 (and the root of a V1 card). Fields other tools add are ignored."""

    model_config = ConfigDict(extra="ignore")

    name: Annotated[str, StringConstraints(min_length=1, max_length=MAX_STORY_CHARS)]
    description: CardString = ""
    personality: CardString = ""
    scenario: CardString = ""
    first_mes: CardString = ""
    mes_example: CardString = ""
    creator_notes: CardString = ""
    system_prompt: CardString = ""
    post_history_instructions: CardString = ""
    alternate_greetings: list[CardString] = Field(default_factory=list, max_length=1000)
    character_book: dict[str, JsonValue] | None = None
    tags: list[CardString] = Field(default_factory=list, max_length=1000)
    creator: CardString = ""
    character_version: CardString = ""
    extensions: dict[str, JsonValue] = Field(default_factory=dict)


class CharacterCard(BaseModel):
    model_config = ConfigDict(extra="ignore")

    spec: Literal["chara_card_v2"] = SPEC
    spec_version: str = "2.0"
    data: CardData


# ---------------------------------------------------------------------------------------------------------------
# Export


def export_card(persona: Persona, card_format: CardFormat = "json") -> bytes:
    """The persona as a card file: JSON, or a PNG portrait with the card in its `chara` text chunk."""
    card = card_from_persona(persona)
    payload = card.model_dump(mode="json")
    # older (V1) readers look for the basic fields at the root; V2 readers take `data`
    data = payload["data"]
    payload.update({key: data[key] for key in V1_FIELDS})
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    if card_format == "json":
        return text.encode("utf-8")
    info = PngImagePlugin.PngInfo()
    info.add_text(PNG_CHUNK, base64.b64encode(text.encode("utf-8")).decode("ascii"))  # tEXt, as other tools read it
    out = io.BytesIO()
    paint_portrait(persona).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def card_from_persona(persona: Persona) -> CharacterCard:
    extras = persona.card or CardExtras()
    return CharacterCard(
        data=CardData(
            name=persona.name,
            description=persona.bio,
            personality=extras.personality or personality_text(persona),
            scenario=extras.scenario,
            first_mes=persona.greetings[0],
            mes_example=extras.mes_example,
            creator_notes=extras.creator_notes or persona.tagline,
            system_prompt=extras.system_prompt or system_prompt_text(persona),
            post_history_instructions=extras.post_history_instructions,
            alternate_greetings=persona.greetings[1:],
            character_book=extras.character_book,
            tags=extras.tags,
            creator=extras.creator,
            character_version=persona.version,
            extensions={**extras.extensions, EXTENSION: _extension(persona)},
        )
    )


def _extension(persona: Persona) -> dict[str, Any]:
    return persona.model_dump(mode="json", exclude={"card"}, exclude_none=True)


def personality_text(persona: Persona) -> str:
    """The card's personality: "Warm, curious and dreamy. Speaks in short sentences." """
    tone = persona.voice.tone
    words = f"{', '.join(tone[:-1])} and {tone[-1]}" if len(tone) > 1 else tone[0]
    return f"{words[:1].upper()}{words[1:]}. Speaks in {persona.voice.sentence_length} sentences."


def system_prompt_text(persona: Persona) -> str:
    """Instructions for another tool's chat model, from the voice, taste and safety rules."""
    voice, taste, safety = persona.voice, persona.taste, persona.safety
    lines = [f"You are {persona.name}. {persona.tagline}", f"Your voice: {personality_text(persona)}"]
    if voice.phrases:
        lines.append("Phrases you use now and then: " + "; ".join(f'"{phrase}"' for phrase in voice.phrases))
    favoured: list[tuple[str, list[str]]] = [
        ("palettes", [f"{palette.name} ({', '.join(palette.colors)})" for palette in taste.palettes]),
        ("motifs", [motif.replace("_", " ") for motif in taste.motifs]),
        ("styles", list(taste.styles)),
        ("themes", list(taste.themes)),
    ]
    lines += [f"You favour these {kind}: {'; '.join(items)}." for kind, items in favoured if items]
    avoided: list[tuple[str, list[str]]] = [
        ("colours", list(taste.avoid.colors)),
        ("motifs", [motif.replace("_", " ") for motif in taste.avoid.motifs]),
        ("styles", list(taste.avoid.styles)),
    ]
    lines += [f"You avoid these {kind}: {', '.join(items)}." for kind, items in avoided if items]
    if safety.declined:
        lines.append(f'You decline requests about {", ".join(safety.declined)}, saying: "{safety.refusal}"')
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------------
# Import


def import_card(source: str | os.PathLike[str] | bytes, *, name: str = "card") -> Persona:
    """A persona from a card file (.json or .png) or its bytes; `name` names bytes in error messages."""
    return persona_from_card(read_card(source, name=name), source=_source_name(source, name))


def read_card(source: str | os.PathLike[str] | bytes, *, name: str = "card") -> CharacterCard:
    """Read a V2 (or V1) card from JSON or PNG bytes, told apart by content rather than by file name."""
    name = _source_name(source, name)
    raw = source if isinstance(source, bytes) else _read_file(Path(source))
    if len(raw) > MAX_CARD_BYTES:
        raise _refuse("card.too_large", f"{name} is {len(raw):,} bytes; a card may have {MAX_CARD_BYTES:,}")
    text = _png_payload(raw, name) if raw.startswith(PNG_SIGNATURE) else _utf8(raw, name)
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        if not text.lstrip().startswith(("{", "[")):
            raise _refuse("card.invalid", f"{name} is neither a JSON character card nor a PNG card") from None
        raise _refuse("card.invalid", f"{name} line {error.lineno}: not valid JSON: {error.msg}") from None
    except RecursionError:
        raise _refuse("card.invalid", f"{name}: JSON nested too deeply") from None
    return _parse_card(payload, name)


def persona_from_card(card: CharacterCard, *, source: str = "card") -> Persona:
    data = card.data
    ours = data.extensions.get(EXTENSION)
    if ours is not None and not isinstance(ours, dict):
        raise _refuse("card.invalid", f"{source}: data.extensions.{EXTENSION} should be an object")
    fields: dict[str, Any] = dict(ours) if ours is not None else _defaults_for(data)
    fields.pop("card", None)  # kept parts live in the card itself, not inside our extension
    # the card's own fields win, so edits made in another tool survive the trip back
    greetings = [text for text in (data.first_mes, *data.alternate_greetings) if text.strip()]
    fields["name"] = data.name
    if data.description.strip():
        fields["bio"] = data.description
    if greetings:
        fields["greetings"] = greetings
    if data.character_version.strip():
        fields["version"] = data.character_version
    what = f"has an invalid data.extensions.{EXTENSION}" if ours is not None else "cannot become a persona"
    persona = _validate(Persona, fields, source, what)
    extras = _validate(CardExtras, _kept(data, persona), source, "has parts that cannot be kept")
    return persona.model_copy(update={"card": extras if extras != CardExtras() else None})


def _kept(data: CardData, persona: Persona) -> dict[str, Any]:
    """What the card carries that the persona does not produce by itself."""
    written = {
        "personality": personality_text(persona),
        "system_prompt": system_prompt_text(persona),
        "creator_notes": persona.tagline,
    }
    return {
        **{key: getattr(data, key) for key, text in written.items() if getattr(data, key).strip() != text},
        "scenario": data.scenario,
        "mes_example": data.mes_example,
        "post_history_instructions": data.post_history_instructions,
        "character_book": data.character_book,
        "tags": data.tags,
        "creator": data.creator,
        "extensions": {key: value for key, value in data.extensions.items() if key != EXTENSION},
    }


def _defaults_for(data: CardData) -> dict[str, Any]:
    """A persona for a card another tool made: its texts, a neutral taste, default voice and rules."""
    return {
        "id": _slug(data.name),
        "tagline": _first_sentence(data.creator_notes)
        or _first_sentence(data.description)
        or f"{data.name}, from a character card.",
        "bio": f"{data.name} came to the studio from a character card.",
        "greetings": [f"Hello, I'm {data.name}. What shall we make today?"],
    }


def _slug(name: str) -> str:
    slug = "-".join(re.findall(r"[a-z0-9]+", name.lower()))[:48].strip("-")
    # a name in another script has no ASCII letters: a stable id from its hash
    return slug or f"card-{hashlib.sha256(name.encode()).hexdigest()[:8]}"


def _first_sentence(text: str) -> str:
    first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0].strip()
    if len(first) <= MAX_PHRASE_CHARS:
        return first
    return first[: MAX_PHRASE_CHARS - 1].rsplit(" ", 1)[0] + "…"


def _parse_card(payload: object, name: str) -> CharacterCard:
    if not isinstance(payload, dict):
        raise _refuse("card.invalid", f"{name} is JSON but not a character card (not an object)")
    spec = payload.get("spec")
    if spec is None:  # V1: the fields sit at the root
        return CharacterCard(data=_validate(CardData, payload, name, "is not a character card (V2 or V1)"))
    if spec != SPEC:
        raise _refuse("card.unsupported", f"{name} is a {spec!r} card; studiolo reads {SPEC} and V1 cards")
    return _validate(CharacterCard, payload, name, "is not a valid Character Card V2")


def _validate(model: type[M], data: object, source: str, what: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first, more = first_problem(error, model)
        message = f"{source} {what}: {first.path or 'card'}: {first.message}{more}"
        raise StudioloError("card.invalid", message, field=first.path) from None


def _refuse(code: str, message: str) -> StudioloError:
    return StudioloError(code, message, field="card")


def _read_file(path: Path) -> bytes:
    if not path.is_file():
        raise _refuse("card.not_found", f"no such card file: {path}")
    if path.stat().st_size > MAX_CARD_BYTES:
        size = path.stat().st_size
        raise _refuse("card.too_large", f"{path.name} is {size:,} bytes; a card may have {MAX_CARD_BYTES:,}")
    return path.read_bytes()


def _png_payload(raw: bytes, name: str) -> str:
    try:
        image = open_image(raw)
    except StudioloError as error:
        if error.code == "image.too_large":
            raise _refuse("card.too_large", f"{name} has too many pixels to open safely") from None
        raise _refuse("card.invalid", f"{name} starts like a PNG but is not a readable image") from None
    chunk = getattr(image, "text", {}).get(PNG_CHUNK)
    if chunk is None:
        raise _refuse("card.invalid", f"{name} is a PNG without a card in it (no {PNG_CHUNK!r} text chunk)")
    if chunk.lstrip().startswith("{"):  # a few tools store the JSON itself rather than base64
        return chunk
    try:
        return _utf8(base64.b64decode(chunk, validate=True), name)
    except binascii.Error:
        raise _refuse("card.invalid", f"{name}: its {PNG_CHUNK!r} chunk is not base64") from None


def _utf8(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")  # a byte-order mark, as some Windows editors write, is not an error
    except UnicodeDecodeError:
        raise _refuse("card.invalid", f"{name} is not UTF-8 text") from None


def _source_name(source: str | os.PathLike[str] | bytes, name: str) -> str:
    return name if isinstance(source, bytes) else Path(source).name
