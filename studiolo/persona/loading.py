"""Persona YAML files: load and validate with errors that name the field and its line; write them back.

PyYAML's composer gives a node tree with a source position on every node; the document is constructed from that
same tree, so each pydantic error location can be walked down the tree to the line that holds the bad value (or,
for an unknown field, its key; for a missing one, the mapping it is missing from).
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from pydantic import ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from studiolo.errors import StudioloError
from studiolo.persona.problems import Problem, field_path, first_problem
from studiolo.persona.spec import Persona

MAX_FILE_BYTES = 2_000_000  # room for a kept lorebook; every field has its own, smaller limit


def load_persona(path: str | os.PathLike[str]) -> Persona:
    """Read and validate a persona YAML file, or raise a StudioloError naming the file, line and field."""
    path = Path(path)
    if not path.is_file():
        raise StudioloError("persona.not_found", f"no such persona file: {path}", field="persona")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        message = f"{path.name} is {size:,} bytes; a persona file may have {MAX_FILE_BYTES:,}"
        raise StudioloError("persona.too_large", message, field="persona")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise StudioloError("persona.not_yaml", f"{path.name} is not UTF-8 text (byte {error.start})") from None
    return parse_persona(text, source=path.name)


def parse_persona(text: str, *, source: str = "persona") -> Persona:
    """Validate persona YAML text; `source` names it in error messages."""
    try:
        loader = yaml.SafeLoader(text)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise _not_yaml(f"{source}{where}: not valid YAML: {_flat(error.problem or error)}") from None
    except yaml.YAMLError as error:  # e.g. a control character, which has no line mark
        raise _not_yaml(f"{source}: not valid YAML: {_flat(error)}") from None
    except RecursionError:  # PyYAML's composer recurses once per nesting level
        raise _not_yaml(f"{source}: nested too deeply to be a persona") from None
    if root is None:
        raise StudioloError("persona.invalid", f"{source} is empty; a persona needs id, name, tagline, bio, greetings")
    if not isinstance(root, MappingNode) or not isinstance(data, dict):
        what = "a list" if isinstance(root, SequenceNode) else "a single value"
        line = root.start_mark.line + 1
        message = f"{source} line {line}: a persona is a mapping of fields (id: ..., name: ...), not {what}"
        raise StudioloError("persona.invalid", message)
    _reject_duplicate_keys(root, source)
    try:
        return Persona.model_validate(data)
    except ValidationError as error:
        first, more = first_problem(error, Persona)
        message = f"{source} line {_line_of(root, first)}: {first.path or 'persona'}: {first.message}{more}"
        raise StudioloError("persona.invalid", message, field=first.path) from None


def dump_persona(persona: Persona) -> str:
    """The persona as YAML, fields in the spec's order, unset optional parts left out."""
    data = persona.model_dump(mode="json", exclude_none=True)
    # every field is written, empty ones too: a persona imported from a card shows its author what to fill in
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)


class _Dumper(yaml.SafeDumper):
    """YAML as an author writes it: multi-line text as `|` blocks, long lines folded, short word lists on one line."""

    def represent_str(self, data: str) -> ScalarNode:
        style = "|" if "\n" in data else ">" if len(data) > 100 else None
        return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    def represent_list(self, data: list[object]) -> SequenceNode:
        words = all(isinstance(item, str) and len(item) <= 24 for item in data) and sum(map(len, map(str, data))) <= 80
        return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=words)


_Dumper.add_representer(str, _Dumper.represent_str)
_Dumper.add_representer(list, _Dumper.represent_list)


def _not_yaml(message: str) -> StudioloError:
    return StudioloError("persona.not_yaml", message)


def _flat(text: object) -> str:
    return " ".join(str(text).split())  # PyYAML's messages span lines; an error is one line


def _line_of(root: Node, problem: Problem) -> int:
    """The line to show: a bad value's, or its key's where the value is a block (the key is what the author sees);
    an unknown field's key; for a missing field, the mapping it should be in."""
    line = root.start_mark.line + 1
    node = root
    for part in problem.loc:
        found = _child(node, part)
        if found is None:
            break
        key, node = found
        if key is not None and (problem.unknown_field or isinstance(node, MappingNode | SequenceNode)):
            line = key.start_mark.line + 1
        else:
            line = node.start_mark.line + 1
    return line


def _child(node: Node, part: int | str) -> tuple[Node | None, Node] | None:
    """(key, value) for a mapping's field, (None, item) for a list's item, None where there is no such part."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == str(part):
                return key, value
    elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None


def _reject_duplicate_keys(root: Node, source: str) -> None:
    """PyYAML keeps the last of two equal keys without a word; an author editing one of them would be puzzled."""
    seen_nodes: set[int] = set()  # aliases can make the tree a graph, even a cyclic one
    stack: list[tuple[Node, tuple[int | str, ...]]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, MappingNode):
            lines: dict[str, int] = {}
            for key, value in node.value:
                if not isinstance(key, ScalarNode):
                    continue
                if key.value in lines:
                    path = field_path((*loc, key.value))
                    where = f"{source} line {key.start_mark.line + 1}"
                    message = f"{where}: {path}: given twice (first on line {lines[key.value]})"
                    raise StudioloError("persona.invalid", message, field=path)
                lines[key.value] = key.start_mark.line + 1
                stack.append((value, (*loc, key.value)))
        elif isinstance(node, SequenceNode):
            stack.extend((item, (*loc, index)) for index, item in enumerate(node.value))
