"""Pydantic validation errors as a persona author reads them: the field's path and a plain sentence.

Shared by YAML loading (which adds line numbers) and card import (which prefixes the card's own path).
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails


@dataclass(frozen=True)
class Problem:
    loc: tuple[int | str, ...]
    path: str  # "voice.tone[1]"; "" for the whole document
    message: str
    unknown_field: bool  # the loc's last part is a key that should not be there


def problems(error: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """Unknown fields first: `colours:` for `colors:` is better reported as a typo than as `colors` missing."""
    found = [_problem(detail, model) for detail in error.errors(include_url=False)]
    return sorted(found, key=lambda problem: not problem.unknown_field)


def first_problem(error: ValidationError, model: type[BaseModel]) -> tuple[Problem, str]:
    """The problem to report, and " (and 2 more problems)" when there are others: one error line, not a list."""
    first, *rest = problems(error, model)
    return first, f" (and {len(rest)} more problem{'s' * (len(rest) > 1)})" if rest else ""


def field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _problem(detail: ErrorDetails, model: type[BaseModel]) -> Problem:
    loc = tuple(detail["loc"])
    kind = detail["type"]
    value = detail.get("input")
    context = detail.get("ctx") or {}
    if kind == "extra_forbidden":
        message = f"unknown field {loc[-1]!r}{_suggestion(model, loc)}"
    elif kind == "missing":
        message = "is required but missing"
    elif kind == "string_too_long" and isinstance(value, str):
        message = f"is {len(value):,} characters long; the limit is {context['max_length']:,}"
    elif kind == "too_long" and isinstance(value, list | tuple):
        message = f"has {len(value):,} items; the limit is {context['max_length']:,}"
    elif kind == "string_type" and isinstance(value, int | float) and not isinstance(value, bool):
        message = f"should be text, not the number {value!r}: put it in quotes"
    elif kind == "literal_error":
        message = _not_one_of(value, re.findall(r"'([^']*)'", str(context.get("expected", ""))))
    elif kind == "value_error":
        message = str(context.get("error", detail["msg"]))
    else:
        message = detail["msg"][:1].lower() + detail["msg"][1:]
    return Problem(loc=loc, path=field_path(loc), message=message, unknown_field=kind == "extra_forbidden")


def _not_one_of(value: object, allowed: list[str]) -> str:
    close = difflib.get_close_matches(str(value), allowed, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"{value!r} is not allowed here{hint}; choose from: {', '.join(allowed)}"


def _suggestion(model: type[BaseModel], loc: tuple[int | str, ...]) -> str:
    """ " (did you mean 'colors'?)" when the unknown key is close to a field of the model it sits in."""
    owner = _model_at(model, loc[:-1])
    if owner is None:
        return ""
    close = difflib.get_close_matches(str(loc[-1]), list(owner.model_fields), n=1)
    return f" (did you mean {close[0]!r}?)" if close else f"; the fields here are: {', '.join(owner.model_fields)}"


def _model_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue  # a list index: the list's items are the model found for the field
        if current is None or part not in current.model_fields:
            return None
        current = _nested_model(current.model_fields[part].annotation)
    return current


def _nested_model(annotation: object) -> type[BaseModel] | None:
    """The BaseModel inside `X`, `list[X]` or `X | None`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (list, typing.Union, types.UnionType):
        for argument in typing.get_args(annotation):
            found = _nested_model(argument)
            if found is not None:
                return found
    return None
