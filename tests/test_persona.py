"""Personas as their authors meet them: built-ins, YAML errors that name field and line, Character Card V2 cards."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest
import yaml
from PIL import Image, PngImagePlugin
from pydantic import ValidationError

from studiolo.errors import StudioloError
from studiolo.model.sketch.parse import parse_prompt
from studiolo.persona import (
    Persona,
    builtin_ids,
    builtin_personas,
    dump_persona,
    export_card,
    get_persona,
    import_card,
    load_persona,
    parse_persona,
)
from studiolo.persona.portrait import portrait_prompt

BUILTIN = Path(__file__).parents[1] / "studiolo" / "persona" / "builtin"

MINIMAL = """\
id: tester
name: Tester
tagline: A persona for tests.
bio: |
  Made for tests.
voice:
  tone: [plain]
greetings:
  - Hello.
"""


def card_bytes(card: dict) -> bytes:
    return json.dumps(card).encode("utf-8")


def png_with_text(chunks: dict[str, str]) -> bytes:
    info = PngImagePlugin.PngInfo()
    for key, value in chunks.items():
        info.add_text(key, value)
    out = io.BytesIO()
    Image.new("RGB", (32, 32), "white").save(out, format="PNG", pnginfo=info)
    return out.getvalue()


# --- built-ins --------------------------------------------------------------------------------------------------


def test_three_builtin_personas_load_each_from_a_file_named_by_its_id() -> None:
    personas = builtin_personas()
    assert [persona.id for persona in personas] == builtin_ids() == ["assistant", "ines", "vespera"]
    for persona in personas:
        assert load_persona(BUILTIN / f"{persona.id}.yaml") == persona == get_persona(persona.id)
        assert persona.greetings and persona.tagline and persona.bio


def test_the_venus_artist_favours_what_the_sketch_painter_draws() -> None:
    vespera = get_persona("vespera")
    assert "venus" in vespera.taste.themes
    assert vespera.expansion.style in vespera.taste.styles
    scene = parse_prompt(portrait_prompt(vespera), seed=1)
    assert "venus" in scene.themes
    assert {motif.kind for motif in scene.motifs} & set(vespera.taste.motifs)
    assert scene.named_colors == list(vespera.taste.palettes[0].colors)


def test_the_interior_designer_paints_rooms_and_the_assistant_adds_nothing() -> None:
    assert parse_prompt(portrait_prompt(get_persona("ines")), seed=1).layout == "interior"
    assistant = get_persona("assistant")
    assert assistant.expansion.max_words == 0 and not assistant.expansion.use_palette
    assert assistant.taste.palettes == [] and assistant.taste.motifs == []


def test_a_persona_file_path_works_wherever_an_id_does(tmp_path: Path) -> None:
    path = tmp_path / "tester.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    assert get_persona(str(path)).id == "tester"
    with pytest.raises(StudioloError) as error:
        get_persona("nobody")
    assert error.value.code == "persona.not_found" and "vespera" in error.value.message


def test_defaults_make_a_short_persona_complete() -> None:
    persona = parse_persona(MINIMAL)
    assert persona.version == "1.0" and persona.bio == "Made for tests."  # the block's newline is stripped
    assert persona.voice.sentence_length == "medium" and persona.safety.refusal
    assert persona.card is None


@pytest.mark.parametrize("persona_id", ["assistant", "ines", "vespera"])
def test_dumped_yaml_reads_back_as_the_same_persona(persona_id: str) -> None:
    persona = get_persona(persona_id)
    assert parse_persona(dump_persona(persona)) == persona


def test_awkward_text_survives_dump_and_load() -> None:
    texts = ["*waves* Hello: #1 'quoted' \"double\"", "trailing words " * 12, "줄 바꿈\n두 번째 줄", "- a dash first"]
    persona = parse_persona(MINIMAL).model_copy(update={"greetings": texts})
    assert parse_persona(dump_persona(persona)).greetings == [text.strip() for text in texts]


# --- YAML errors: the field and the line ------------------------------------------------------------------------


def yaml_error(text: str) -> StudioloError:
    with pytest.raises(StudioloError) as error:
        parse_persona(text, source="mine.yaml")
    assert "\n" not in str(error.value)
    return error.value


@pytest.mark.parametrize(
    ("text", "path", "line", "words"),
    [
        (MINIMAL.replace("tone: [plain]", "tone: plain"), "voice.tone", 7, "valid list"),
        (MINIMAL.replace("tone: [plain]", "tone: [plain, {a: 1}]"), "voice.tone[1]", 7, "valid string"),
        (MINIMAL + "colour: red\n", "colour", 10, "unknown field 'colour'"),
        (MINIMAL.replace("voice:\n", "voice:\n  tones: [x]\n"), "voice.tones", 7, "did you mean 'tone'"),
        (MINIMAL.replace("name: Tester\n", ""), "name", 1, "required"),
        (MINIMAL.replace("bio: |\n  Made for tests.", "bio: " + "word " * 10_000), "bio", 4, "the limit is 20,000"),
        (MINIMAL.replace("- Hello.", "- " + "hi" * 3_000), "greetings[0]", 9, "the limit is 4,000"),
        (MINIMAL.replace("tagline: A persona for tests.", "tagline: |\n  two\n  lines"), "tagline", 3, "single line"),
        (MINIMAL.replace("id: tester", "id: Big Name"), "id", 1, "lower-case"),
        (MINIMAL.replace("name: Tester", "name: Tester\nversion: 1.2"), "version", 3, "quotes"),
        (MINIMAL + "taste:\n  motifs: [tulip, tulpi]\n", "taste.motifs[1]", 11, "did you mean 'tulip'"),
        (MINIMAL + "taste:\n  styles: [oil]\n", "taste.styles[0]", 11, "watercolor"),
        (
            MINIMAL + "taste:\n  palettes:\n  - name: x\n    colors: [coral, sagey]\n",
            "taste.palettes[0].colors[1]",
            13,
            "'sagey' is not a colour",
        ),
        (
            MINIMAL + "taste:\n  palettes:\n  - name: x\n    colours: [coral]\n",
            "taste.palettes[0].colours",
            13,
            "did you mean 'colors'",
        ),
        (MINIMAL + "taste:\n  themes: [venus, jupiter]\n", "taste.themes[1]", 11, "theme or mood"),
        (
            MINIMAL + "taste:\n  motifs: [star]\n  avoid:\n    motifs: [star]\n",
            "taste.avoid",
            12,
            "favoured and avoided",
        ),
        (MINIMAL + "taste:\n  avoid:\n    styles: [neon]\nexpansion:\n  style: neon\n", "expansion", 13, "avoided"),
        (MINIMAL + "expansion:\n  motif_count: 9\n", "expansion.motif_count", 11, "less than or equal to 4"),
        (MINIMAL + "greetings:\n  - Again.\n", "greetings", 10, "given twice (first on line 8)"),
    ],
)
def test_a_bad_field_is_named_with_its_line(text: str, path: str, line: int, words: str) -> None:
    error = yaml_error(text)
    assert error.code == "persona.invalid"
    assert error.field == path
    assert error.message.startswith(f"mine.yaml line {line}: {path}: "), error.message
    assert words in error.message


@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        ("id: [unclosed\nname: x\n", "persona.not_yaml", "mine.yaml line 2: not valid YAML"),
        ("- id: tester\n- name: Tester\n", "persona.invalid", "line 1: a persona is a mapping of fields"),
        ("just a sentence", "persona.invalid", "not a single value"),
        ("", "persona.invalid", "mine.yaml is empty"),
        ("id: a\n---\nid: b\n", "persona.not_yaml", "another document"),
        ("id: a\x00b\n", "persona.not_yaml", "unacceptable character"),
        ("a: " + "[" * 3000 + "]" * 3000, "persona.not_yaml", "nested too deeply"),
    ],
)
def test_text_that_is_not_a_persona_mapping_gets_a_clear_error(text: str, code: str, words: str) -> None:
    error = yaml_error(text)
    assert error.code == code and words in error.message, error.message


def test_files_that_are_missing_huge_or_not_text(tmp_path: Path) -> None:
    cases = {
        "missing.yaml": (None, "persona.not_found"),
        "huge.yaml": (b"bio: " + b"x" * 2_100_000, "persona.too_large"),
        "latin1.yaml": ("name: Zoë\n".encode("latin-1"), "persona.not_yaml"),
    }
    for name, (content, code) in cases.items():
        if content is not None:
            (tmp_path / name).write_bytes(content)
        with pytest.raises(StudioloError) as error:
            load_persona(tmp_path / name)
        assert error.value.code == code and name in error.value.message


# --- Character Card V2 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona_id", ["assistant", "ines", "vespera"])
def test_json_card_round_trip_gives_an_equal_persona(persona_id: str) -> None:
    persona = get_persona(persona_id)
    card = json.loads(export_card(persona, "json"))
    assert card["spec"] == "chara_card_v2" and card["spec_version"] == "2.0"
    data = card["data"]
    assert data["name"] == card["name"] == persona.name  # mirrored at the root for V1 readers
    assert data["description"] == persona.bio
    assert [data["first_mes"], *data["alternate_greetings"]] == persona.greetings
    assert data["character_version"] == persona.version and data["creator_notes"] == persona.tagline
    assert persona.name in data["system_prompt"] and data["personality"]
    assert data["extensions"]["studiolo"]["id"] == persona_id
    assert import_card(export_card(persona, "json")) == persona


def test_png_card_is_a_portrait_with_the_card_in_a_chara_text_chunk() -> None:
    persona = get_persona("vespera")
    png = export_card(persona, "png")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (512, 512)
    assert image.text.keys() == {"chara"}
    card = json.loads(base64.b64decode(image.text["chara"]))
    assert card["data"]["name"] == "Vespera"
    assert import_card(png) == persona
    assert export_card(persona, "png") == png  # the same persona always gets the same portrait


def test_a_card_from_another_tool_becomes_a_persona_with_sensible_defaults() -> None:
    card = {
        "spec": "chara_card_v2",
        "spec_version": "2.0",
        "data": {
            "name": "Mira Solis",
            "description": "A lighthouse keeper who paints storms. She lives alone on the cape.",
            "personality": "stoic, kind",
            "scenario": "A stormy night at the lighthouse.",
            "first_mes": "*looks up from the easel* Oh, a visitor.",
            "mes_example": "<START>\n{{user}}: hi\n{{char}}: Mind the paint.",
            "creator_notes": "",
            "system_prompt": "",
            "post_history_instructions": "",
            "alternate_greetings": ["Back again?"],
            "character_book": {
                "entries": [
                    {
                        "keys": ["lamp"],
                        "content": "The lamp is old.",
                        "extensions": {},
                        "enabled": True,
                        "insertion_order": 0,
                    }
                ],
                "extensions": {},
            },
            "tags": ["painter", "sea"],
            "creator": "someone else",
            "character_version": "v2-final",
            "extensions": {"talkativeness": "0.5", "fav": False},
        },
    }
    persona = import_card(card_bytes(card), name="mira.json")
    assert persona.id == "mira-solis" and persona.name == "Mira Solis" and persona.version == "v2-final"
    assert persona.bio == card["data"]["description"]
    assert persona.tagline == "A lighthouse keeper who paints storms."
    assert persona.greetings == ["*looks up from the easel* Oh, a visitor.", "Back again?"]
    assert persona.taste.palettes == [] and persona.expansion.style is None  # a neutral taste
    # what studiolo does not use travels on: exporting again gives the other tool its fields back
    again = json.loads(export_card(persona))["data"]
    for key in ("personality", "scenario", "mes_example", "character_book", "tags", "creator", "alternate_greetings"):
        assert again[key] == card["data"][key], key
    assert again["extensions"]["talkativeness"] == "0.5" and again["extensions"]["fav"] is False
    assert import_card(export_card(persona)) == persona
    assert import_card(export_card(persona, "png")) == persona
    assert parse_persona(dump_persona(persona)) == persona  # and the written YAML keeps them too


def test_edits_made_in_another_tool_win_over_the_studiolo_extension() -> None:
    card = json.loads(export_card(get_persona("vespera")))
    card["data"]["name"] = "Vespera Nova"
    card["data"]["first_mes"] = "Hi from another app."
    card["data"]["scenario"] = "A fashion week studio."
    persona = import_card(card_bytes(card))
    assert persona.name == "Vespera Nova" and persona.greetings[0] == "Hi from another app."
    assert persona.taste == get_persona("vespera").taste
    assert persona.card is not None and persona.card.scenario == "A fashion week studio."


def test_a_v1_card_is_imported_as_the_v2_card_it_upgrades_to() -> None:
    v1 = {
        "name": "Old Bob",
        "description": "A painter of barns.",
        "personality": "grumpy",
        "scenario": "",
        "first_mes": "Hm. Another one.",
        "mes_example": "",
    }
    persona = import_card(card_bytes(v1))
    assert persona.name == "Old Bob" and persona.greetings == ["Hm. Another one."]
    assert persona.card is not None and persona.card.personality == "grumpy"


def test_a_png_card_with_raw_json_in_its_chunk_is_read_too() -> None:
    card = {"spec": "chara_card_v2", "data": {"name": "Plain", "first_mes": "Hi."}}
    assert import_card(png_with_text({"chara": json.dumps(card)})).name == "Plain"


@pytest.mark.parametrize(
    ("raw", "code", "words"),
    [
        (b"[1, 2]", "card.invalid", "not an object"),
        (b"{}", "card.invalid", "name: is required"),
        (b"not json at all", "card.invalid", "neither a JSON character card nor a PNG card"),
        (b'{"name": ', "card.invalid", "line 1: not valid JSON"),
        (card_bytes({"spec": "chara_card_v3", "data": {"name": "x"}}), "card.unsupported", "chara_card_v3"),
        (card_bytes({"spec": "chara_card_v2"}), "card.invalid", "data: is required"),
        (
            card_bytes({"spec": "chara_card_v2", "data": {"name": "x", "alternate_greetings": "hi"}}),
            "card.invalid",
            "data.alternate_greetings",
        ),
        (
            card_bytes({"spec": "chara_card_v2", "data": {"name": "x", "description": "y" * 30_000}}),
            "card.invalid",
            "data.description: is 30,000 characters long",
        ),
        (
            card_bytes({"spec": "chara_card_v2", "data": {"name": "x", "first_mes": "y" * 5_000}}),
            "card.invalid",
            "cannot become a persona: greetings[0]",
        ),
        (
            card_bytes({"spec": "chara_card_v2", "data": {"name": "x", "extensions": {"studiolo": {"id": "x"}}}}),
            "card.invalid",
            "data.extensions.studiolo",
        ),
        (png_with_text({"title": "no card here"}), "card.invalid", "no 'chara' text chunk"),
        (png_with_text({"chara": "%%% not base64 %%%"}), "card.invalid", "not base64"),
        (b"\x89PNG\r\n\x1a\n-truncated-", "card.invalid", "not a readable image"),
    ],
)
def test_bad_cards_are_refused_with_a_clear_code(raw: bytes, code: str, words: str) -> None:
    with pytest.raises(StudioloError) as error:
        import_card(raw, name="their.card")
    assert error.value.code == code
    assert words in error.value.message and "their.card" in error.value.message, error.value.message


def test_persona_is_a_frozen_value() -> None:
    persona = get_persona("assistant")
    with pytest.raises(ValidationError):
        persona.name = "Someone"  # type: ignore[misc]
    assert isinstance(yaml.safe_load(dump_persona(persona)), dict)
    assert Persona.model_validate(persona.model_dump()) == persona
