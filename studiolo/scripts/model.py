"""A collaboration script: the YAML a show director or persona author writes, as pydantic models, with line numbers.

    title: Flowers blooming on Venus
    persona: vespera
    seed: 7
    steps:
      - say: paint flowers blooming on Venus
        expect: {skill: imagine, drafts: 4}
      - feedback: {draft: "#2", rating: 2, pick: true}

Each step is a mapping with exactly one action key (say, feedback, upload, select, branch, undo, redo, speak, reset,
cue) and, optionally, `expect`. `load_script` composes the YAML into PyYAML's node tree (every node knows its line),
validates the document with `Script`, and reports the first problem as one line naming the file, the line, the step
and the field. `script_schema()` is the JSON Schema that `studiolo script schema` prints.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError, field_validator
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from studiolo.errors import StudioloError
from studiolo.persona.problems import first_problem

MAX_SCRIPT_BYTES = 1_000_000
MAX_STEPS = 2000
# "#3", "latest", "picked" or a draft id (a content hash): see studiolo/scripts/refs.py
DRAFT_REF_PATTERN = r"^(#[1-9][0-9]{0,5}|latest|picked|[0-9a-f]{32})$"


def _draft_ref(value: str) -> str:
    if not re.match(DRAFT_REF_PATTERN, value):
        raise ValueError(f'{value!r} names no draft: write "#N" (N from 1), "latest", "picked" or a draft id')
    return value


DraftRef = Annotated[
    str,
    AfterValidator(_draft_ref),
    Field(
        max_length=40, json_schema_extra={"pattern": DRAFT_REF_PATTERN},
        description='a draft: "#N" (its number), "latest", "picked" or its id',
    ),
]  # fmt: skip


def _true(value: bool) -> bool:
    if value is not True:
        raise ValueError("write it as `true` (a step that does nothing has no place in a script)")
    return value


Flag = Annotated[bool, AfterValidator(_true)]
# ">=0.8", "<=3", "==4", "4": a number, or a comparison with one
COMPARISON = re.compile(r"^\s*(>=|<=|==|>|<)?\s*(-?[0-9]+(?:\.[0-9]+)?)\s*$")
Comparison = Annotated[
    str | int | float, Field(description='a number, or a comparison such as ">=1", "<=3" or ">=0.8"')
]
Words = Annotated[list[Annotated[str, Field(min_length=1, max_length=200)]], Field(max_length=50)]
Text = Annotated[str, Field(min_length=1, max_length=20_000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Expect(Strict):
    """What must hold after a step; every key is optional, and all given must hold."""

    skill: str | None = Field(None, max_length=40, description="the skill the turn went to (imagine, refine, ...)")
    drafts: Comparison | None = Field(None, description="how many drafts the step made")
    parent: DraftRef | None = Field(None, description="the draft every new draft was made from")
    reply_contains: Words | None = Field(None, description="words the artist's reply must hold (any case)")
    reply_lacks: Words | None = Field(None, description="words the artist's reply must not hold (any case)")
    adherence: Comparison | None = Field(None, description="every new draft's self-checked adherence, 0..1")
    rounds: Comparison | None = Field(None, description="a collaboration's rounds (to accept, once accepted)")
    error: str | None = Field(None, max_length=80, description="the step must be refused with this error code")

    @field_validator("reply_contains", "reply_lacks", mode="before")
    @classmethod
    def _one_word(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("drafts", "adherence", "rounds")
    @classmethod
    def _comparison(cls, value: Any) -> Any:
        if value is not None:
            parse_comparison(value)
        return value


class Step(Strict):
    expect: Expect | None = None

    @property
    def action(self) -> str:
        return next(name for name in ACTIONS if name in type(self).model_fields)


class SayStep(Step):
    say: Text = Field(description="the designer's words")


class FeedbackBody(Strict):
    draft: DraftRef
    rating: int | None = Field(None, ge=-2, le=2)
    pick: bool = False
    text: str | None = Field(None, max_length=2000)


class FeedbackStep(Step):
    feedback: FeedbackBody


class UploadStep(Step):
    upload: str = Field(min_length=1, max_length=1000, description="an image file, relative to the script's folder")


class SelectStep(Step):
    select: DraftRef


class BranchStep(Step):
    branch: DraftRef


class UndoStep(Step):
    undo: Flag


class RedoStep(Step):
    redo: Flag


class SpeakStep(Step):
    speak: Text = Field(description="an operator's line, spoken as the artist")


class ResetStep(Step):
    reset: Flag


class CueStep(Step):
    cue: str = Field(min_length=1, max_length=500, description="a live show waits here for the operator")


STEP_TYPES: dict[str, type[Step]] = {
    "say": SayStep, "feedback": FeedbackStep, "upload": UploadStep, "select": SelectStep, "branch": BranchStep,
    "undo": UndoStep, "redo": RedoStep, "speak": SpeakStep, "reset": ResetStep, "cue": CueStep,
}  # fmt: skip
ACTIONS = tuple(STEP_TYPES)


def _step_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return next((key for key in value if key in STEP_TYPES), None)
    if isinstance(value, Step):
        return value.action
    return None


AnyStep = Annotated[
    Annotated[SayStep, Tag("say")] | Annotated[FeedbackStep, Tag("feedback")] | Annotated[UploadStep, Tag("upload")]
    | Annotated[SelectStep, Tag("select")] | Annotated[BranchStep, Tag("branch")] | Annotated[UndoStep, Tag("undo")]
    | Annotated[RedoStep, Tag("redo")] | Annotated[SpeakStep, Tag("speak")] | Annotated[ResetStep, Tag("reset")]
    | Annotated[CueStep, Tag("cue")],
    Discriminator(_step_kind),
]  # fmt: skip


class Script(Strict):
    """A scripted collaboration: who the artist is, which models, and the steps, in order."""

    title: str = Field(min_length=1, max_length=200)
    persona: str = Field("vespera", min_length=1, max_length=1000, description="a built-in id or a persona file")
    seed: int = Field(0, ge=0, lt=2**31, description="the run's seed: the session's id, so every job's seed, follows")
    session: str | None = Field(
        None, pattern=r"^[0-9a-f]{16}$",
        description="replay as this session id (set by `studiolo script export`); overrides seed",
    )  # fmt: skip
    models: dict[str, Any] = Field(default_factory=dict, description="as the settings file's `models:`")
    steps: list[AnyStep] = Field(min_length=1, max_length=MAX_STEPS)


def session_id_for(script: Script, seed: int | None = None) -> str:
    """The in-process session's id: the script's `session`, else one derived from the seed (a `--seed` wins)."""
    if seed is None and script.session is not None:
        return script.session
    chosen = script.seed if seed is None else seed
    return hashlib.sha256(f"studiolo script seed {chosen}".encode()).hexdigest()[:16]


def parse_comparison(value: str | int | float) -> tuple[str, float]:
    """(operator, number): 4 -> ("==", 4.0); ">=0.8" -> (">=", 0.8)."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number or a comparison")
    if isinstance(value, int | float):
        return "==", float(value)
    match = COMPARISON.match(value)
    if match is None:
        raise ValueError(f'{value!r} is not a number or a comparison such as ">=1" or "<=3"')
    return match.group(1) or "==", float(match.group(2))


def compare(value: float, comparison: str | int | float) -> bool:
    op, number = parse_comparison(comparison)
    return {
        ">=": value >= number, "<=": value <= number, "==": value == number, ">": value > number, "<": value < number
    }[op]  # fmt: skip


@dataclass(frozen=True)
class LoadedScript:
    """A validated script, where it came from, and the line each step starts on (for messages and reports)."""

    script: Script
    path: Path
    lines: list[int]

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def name(self) -> str:
        return self.path.name

    def where(self, index: int) -> str:
        """'show.yaml line 12, step 4 (say)': how messages name a step."""
        return f"{self.name} line {self.lines[index]}, step {index + 1} ({self.script.steps[index].action})"


def load_script(path: str | Path) -> LoadedScript:
    """Read and validate a script file, or raise a StudioloError naming the file, line, step and field."""
    path = Path(path)
    if not path.is_file():
        raise StudioloError("script.not_found", f"no such script: {path}", field="script")
    size = path.stat().st_size
    if size > MAX_SCRIPT_BYTES:
        raise StudioloError(
            "script.too_large", f"{path.name} is {size:,} bytes; a script may have {MAX_SCRIPT_BYTES:,}"
        )
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise StudioloError("script.not_yaml", f"{path.name} is not UTF-8 text (byte {error.start})") from None
    script, lines = parse_script(text, source=path.name)
    return LoadedScript(script=script, path=path.resolve(), lines=lines)


def parse_script(text: str, *, source: str = "script") -> tuple[Script, list[int]]:
    """Validate script YAML; returns the script and each step's line. `source` names it in messages."""
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
        raise StudioloError(
            "script.not_yaml", f"{source}{where}: not valid YAML: {_flat(error.problem or error)}"
        ) from None
    except yaml.YAMLError as error:
        raise StudioloError("script.not_yaml", f"{source}: not valid YAML: {_flat(error)}") from None
    except RecursionError:
        raise StudioloError("script.not_yaml", f"{source}: nested too deeply to be a script") from None
    if not isinstance(root, MappingNode) or not isinstance(data, dict):
        line = root.start_mark.line + 1 if root is not None else 1
        raise StudioloError(
            "script.invalid", f"{source} line {line}: a script is a mapping (title: ..., steps: [...])", field="script"
        )
    steps_node = _child(root, "steps")
    step_nodes = steps_node.value if isinstance(steps_node, SequenceNode) else []
    for index, node in enumerate(step_nodes):
        _check_step_shape(node, index, source)
    try:
        script = Script.model_validate(data)
    except ValidationError as error:
        first, more = first_problem(error, Script)
        line = _line_of(root, first.loc)
        at = first.loc[1] if len(first.loc) > 1 and first.loc[0] == "steps" else None
        step = f" step {at + 1}:" if isinstance(at, int) else ""
        field = _visible_path(first.loc)
        message = f"{source} line {line}:{step} {field or 'script'}: {first.message}{more}"
        raise StudioloError("script.invalid", message, field=field or None) from None
    return script, [node.start_mark.line + 1 for node in step_nodes]


def _check_step_shape(node: Node, index: int, source: str) -> None:
    """One action per step, and a known one: said plainly, before pydantic's union messages."""
    line = node.start_mark.line + 1
    where = f"{source} line {line}: step {index + 1}"
    if not isinstance(node, MappingNode):
        raise StudioloError(
            "script.invalid", f"{where}: a step is a mapping such as `say: ...` or `undo: true`", field="steps"
        )
    keys = [key.value for key, _ in node.value if isinstance(key, ScalarNode)]
    actions = [key for key in keys if key in STEP_TYPES]
    if not actions:
        unknown = next((key for key in keys if key != "expect"), None)
        named = f"{unknown!r} is not a step" if unknown is not None else "it has no action"
        raise StudioloError(
            "script.unknown_step", f"{where}: {named}; a step is one of: {', '.join(ACTIONS)}", field="steps"
        )
    if len(actions) > 1:
        raise StudioloError(
            "script.invalid", f"{where}: one action per step, not {' and '.join(actions)}", field="steps"
        )


def script_schema() -> dict[str, Any]:
    schema = Script.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def _visible_path(loc: tuple[int | str, ...]) -> str:
    """The field's path as the author wrote it: without pydantic's union tags ("steps[2].say.expect" -> ...)."""
    path = ""
    for position, part in enumerate(loc):
        if position == 2 and loc[0] == "steps" and part in STEP_TYPES and position + 1 < len(loc):
            continue  # the discriminator's tag, not a key in the file
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _line_of(root: Node, loc: tuple[int | str, ...]) -> int:
    """The line of the deepest node the error's location reaches (a union's tag is skipped: it is no key)."""
    node, line = root, root.start_mark.line + 1
    for position, part in enumerate(loc):
        if position == 2 and loc[0] == "steps" and part in STEP_TYPES and position + 1 < len(loc):
            continue  # the union's tag
        found = _child_pair(node, part)
        if found is None:
            break
        key, node = found
        line = (key if key is not None and isinstance(node, MappingNode | SequenceNode) else node).start_mark.line + 1
    return line


def _child(node: Node, key: str) -> Node | None:
    found = _child_pair(node, key)
    return found[1] if found is not None else None


def _child_pair(node: Node, part: int | str) -> tuple[Node | None, Node] | None:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == str(part):
                return key, value
    elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None


def _flat(text: object) -> str:
    return " ".join(str(text).split())
