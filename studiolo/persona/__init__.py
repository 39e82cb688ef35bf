"""Personas: who the artist is, how it speaks, its taste, how it expands prompts, what it declines (DESIGN.md).

A persona is a YAML file validated by the pydantic `Persona` model; built-in ones live in builtin/. Personas
travel to and from other character tools as Character Card V2 files (JSON or PNG).
"""

from studiolo.persona.cards import (
    CharacterCard,
    card_from_persona,
    export_card,
    import_card,
    persona_from_card,
    read_card,
)
from studiolo.persona.library import builtin_ids, builtin_personas, get_persona
from studiolo.persona.loading import dump_persona, load_persona, parse_persona
from studiolo.persona.spec import (
    Avoid,
    CardExtras,
    ExpansionRules,
    NamedPalette,
    Persona,
    SafetyRules,
    Taste,
    Voice,
)

__all__ = [
    "Avoid",
    "CardExtras",
    "CharacterCard",
    "ExpansionRules",
    "NamedPalette",
    "Persona",
    "SafetyRules",
    "Taste",
    "Voice",
    "builtin_ids",
    "builtin_personas",
    "card_from_persona",
    "dump_persona",
    "export_card",
    "get_persona",
    "import_card",
    "load_persona",
    "parse_persona",
    "persona_from_card",
    "read_card",
]
