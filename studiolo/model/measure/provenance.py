"""What studiolo wrote into its own PNGs: the prompt and the scene, read defensively.

A PNG's text chunk can be edited by anyone, and old files may predate today's Scene, so nothing here trusts a
key, a type or a length: each field is taken only when it has the expected shape, and is otherwise left out.
"""

from __future__ import annotations

import re
from typing import Any

from studiolo.model.measure.colour import colour_name, hex_to_rgb, srgb_to_lab

_MAX_TEXT = 300
_MAX_ITEMS = 50
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def read_scene(provenance: dict[str, Any] | None) -> dict[str, Any] | None:
    """JSON-safe facts from a provenance dict (see `Painting.provenance`), or None when there is none."""
    if provenance is None:
        return None
    scene = provenance.get("scene")
    scene = scene if isinstance(scene, dict) else {}
    return {
        "backend": _text(provenance.get("backend")),
        "prompt": _text(provenance.get("prompt")),
        "seed": _integer(provenance.get("seed")),
        "layout": _text(scene.get("layout")),
        "style": _text(scene.get("style")),
        "time_of_day": _text(scene.get("time_of_day")),
        "symmetry": _text(scene.get("symmetry")),
        "themes": [theme for theme in map(_text, _items(scene.get("themes"))) if theme],
        "motifs": [motif for motif in map(_motif, _items(scene.get("motifs"))) if motif],
    }


def _motif(value: Any) -> dict[str, Any] | None:
    kind = _text(value.get("kind")) if isinstance(value, dict) else None
    if kind is None:
        return None
    count = _integer(value.get("count"))
    colours = [c.lower() for c in _items(value.get("colors")) if isinstance(c, str) and _HEX.fullmatch(c)]
    names = list(dict.fromkeys(colour_name(srgb_to_lab(hex_to_rgb(c))) for c in colours))
    return {
        "kind": kind,
        "count": count if count is not None and count >= 1 else None,
        "colors": colours,
        "color_names": [name.english for name in names],
        "color_names_ko": [name.korean for name in names],
    }


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())  # one line: newlines and runs of spaces would break the paragraph
    return text[:_MAX_TEXT] or None


def _integer(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _items(value: Any) -> list[Any]:
    return value[:_MAX_ITEMS] if isinstance(value, list) else []
