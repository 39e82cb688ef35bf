"""The built-in personas (YAML files in builtin/, one per persona, named by id) and lookup by id or path."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from studiolo.errors import StudioloError
from studiolo.persona.loading import load_persona, parse_persona
from studiolo.persona.spec import Persona

_BUILTIN = resources.files("studiolo.persona") / "builtin"


def builtin_ids() -> list[str]:
    return sorted(entry.name.removesuffix(".yaml") for entry in _BUILTIN.iterdir() if entry.name.endswith(".yaml"))


def builtin_personas() -> list[Persona]:
    """Every built-in persona, by id."""
    return [_load_builtin(persona_id) for persona_id in builtin_ids()]


def get_persona(ref: str) -> Persona:
    """A built-in persona by id, or a persona YAML file by path (ending in .yaml or .yml, or containing a slash)."""
    if ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref:
        return load_persona(Path(ref))
    if ref in builtin_ids():
        return _load_builtin(ref)
    raise StudioloError(
        "persona.not_found",
        f"no persona {ref!r}; the built-in ones are {', '.join(builtin_ids())}, or give a path to a .yaml file",
        field="persona",
    )


def _load_builtin(persona_id: str) -> Persona:
    return parse_persona((_BUILTIN / f"{persona_id}.yaml").read_text(encoding="utf-8"), source=f"{persona_id}.yaml")
