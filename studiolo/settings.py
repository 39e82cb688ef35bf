"""studiolo's configuration: one pydantic settings object, read from a YAML file, the environment and flags.

Precedence, lowest to highest: the defaults here, the YAML file given to `Settings.load` (or named by the
`STUDIOLO_CONFIG` variable), `STUDIOLO_*` environment variables (nested with `__`, e.g.
`STUDIOLO_MODELS__PAINTER=diffusers:stabilityai/sd-turbo`; mappings such as `..._OPTIONS` are JSON), and the
overrides a caller passes (the command line's flags). Every invalid value becomes one StudioloError naming the
field, and a misspelt name is answered with the closest one. Model paths in the file are relative to the file.

Backends are named by strings a person can type: a bare name for an embedded backend (`sketch`) or
`<scheme>:<target>` for a real one (`transformers:/models/blip`, `langchain:langchain_openai:ChatOpenAI`).
Each has a dict of keyword options, checked by the backend's own options model when the registry builds it.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, EnvSettingsSource, SettingsConfigDict

from studiolo.errors import StudioloError

# What each slot accepts; `<...>` marks the part a user fills in after the colon.
BACKEND_CHOICES: dict[str, tuple[str, ...]] = {
    "painter": ("sketch", "diffusers:<hub-id-or-path>", "ray:<app>"),
    "describer": ("measure", "transformers:<hub-id-or-path>", "ray:<app>"),
    "embedder": ("minilm",),
    "chat": ("smollm2", "langchain:<module:Class>"),
    "scorer": ("clip:<hub-id-or-path>",),
}

CONFIG_VARIABLE = "STUDIOLO_CONFIG"  # names the settings file when no --config is given
ENV_PREFIX = "STUDIOLO_"
MODEL_SLOTS = ("painter", "describer", "scorer")  # the slots whose backends name a model by hub id or path
PATH_OPTIONS = ("lora_paths", "preview_decoder", "config")  # options that may name files beside the settings file

# Codes of our own validators that are worth keeping instead of the generic `settings.invalid`.
_OWN_CODES = ("backend.unknown",)


def split_backend(value: str) -> tuple[str, str]:
    """'diffusers:org/model' -> ('diffusers', 'org/model'); 'sketch' -> ('sketch', '')."""
    name, _, target = value.partition(":")
    return name.strip(), target.strip()


def check_backend(slot: str, value: str) -> None:
    """Raise a pydantic error listing the choices unless `value` names one of the slot's backends."""
    name, target = split_backend(value)
    for choice in BACKEND_CHOICES[slot]:
        choice_name, choice_target = split_backend(choice)
        if name == choice_name and bool(target) == bool(choice_target):
            return
    raise PydanticCustomError(
        "backend.unknown",
        "unknown {slot} '{value}'; choose one of: {choices}",
        {"slot": slot, "value": value, "choices": ", ".join(BACKEND_CHOICES[slot])},
    )


class ModelSettings(BaseModel):
    """Which backend does each kind of model work, and the keyword options it is built with."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    painter: str = "sketch"
    painter_options: dict[str, Any] = {}
    describer: str = "measure"
    describer_options: dict[str, Any] = {}
    embedder: str = "minilm"
    chat: str = "smollm2"
    chat_options: dict[str, Any] = {}
    scorer: str | None = None  # an optional CLIP model that ranks drafts by agreement with their prompt
    scorer_options: dict[str, Any] = {}
    # Fetch hub models missing from the Hugging Face cache. Off by default: studiolo never downloads at run time
    # unless told to, so a missing model fails at once with instructions instead of starting a large download.
    download: bool = False

    @field_validator("painter", "describer", "embedder", "chat", "scorer")
    @classmethod
    def _known_backend(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None:
            check_backend(str(info.field_name), value)
        return value

    @field_validator("chat")
    @classmethod
    def _importable_chat_model(cls, value: str) -> str:
        name, target = split_backend(value)
        if name == "langchain" and not re.fullmatch(r"[\w.]+:\w+", target):
            raise PydanticCustomError(
                "settings.invalid",
                "a LangChain chat model is named langchain:<module:Class>, e.g. "
                "langchain:langchain_openai:ChatOpenAI, not '{value}'",
                {"value": value},
            )
        return value


class ServerSettings(BaseModel):
    """`studiolo serve`: where it listens, who may connect, and the limits that keep it alive under abuse."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    host: str = "127.0.0.1"  # only this machine, unless told otherwise
    port: int = Field(8765, ge=0, le=65535)
    data: Path = Path("studiolo-data")  # the SQLite file and the images
    persona: str = "vespera"  # the artist of new sessions
    # server tokens: token -> role. Empty (and no --token): a designer token is generated and printed at start.
    tokens: dict[str, Literal["designer", "observer", "operator"]] = {}
    public_url: str | None = None  # the address people use, if not http://host:port (behind a proxy)
    # model jobs at once: None picks 1 for the embedded painter and 4 for a diffusion painter (batched together)
    slots: int | None = Field(None, ge=1, le=64)
    batch_window_s: float = Field(0.05, ge=0, le=10)  # a diffusion call waits this long for other jobs to join it
    max_queued: int = Field(64, ge=1)  # jobs waiting, all sessions together; more are refused as `busy`
    # one person's (one token's) share of that queue, all their sessions together; more is `quota.jobs`
    max_queued_per_person: int = Field(16, ge=1)
    # sessions one person has open (connected to) at once, and new sessions they may start in an hour: more is
    # `quota.sessions`
    max_sessions_per_person: int = Field(16, ge=1)
    new_sessions_per_hour: int = Field(60, ge=1)
    # a session nobody acted in (only the artist's greeting) is deleted this long after its last viewer left
    empty_session_grace_s: float = Field(600.0, ge=0)
    max_text_bytes: int = Field(64 * 1024, ge=1024)  # a JSON message
    max_upload_bytes: int = Field(20 * 1024 * 1024, ge=1024)  # an uploaded image, encoded
    max_upload_pixels: int = Field(4096 * 4096, ge=64 * 64)  # decoded: refuses decompression bombs
    # memory the uploads being decoded at once may take, all connections together (bytes, pixels and PNG); more
    # is `busy` with retry_after. One upload alone always fits.
    max_upload_decode_bytes: int = Field(256 * 1024 * 1024, ge=1024 * 1024)
    messages_per_second: float = Field(20.0, gt=0)  # per connection, with bursts of `message_burst`
    message_burst: int = Field(40, ge=1)
    preview_fps: float = Field(8.0, gt=0)  # per viewer and draft; a slow viewer gets the newest preview
    max_pending_events: int = Field(2000, ge=10)  # unsent events for one viewer before it is closed as too slow
    hello_timeout_s: float = Field(10.0, gt=0)
    # a stop (SIGTERM, Ctrl-C) lets running jobs finish this long; the rest are recorded failed (retryable)
    stop_grace_s: float = Field(10.0, ge=0, le=600)
    # Who may talk to the server from a browser (checked on the websocket upgrade and every HTTP request), as
    # Jupyter Server's allow_origin and local_hostnames. Hosts: names the Host header may carry; empty: this
    # server's own (localhost, 127.0.0.1, ::1 and the bind host when it listens on a loopback address, the host
    # of public_url; any name when it listens beyond this machine). Origins: web pages allowed besides the
    # server's own (an Origin whose host and port are the Host's); "*" allows any. No Origin (not a browser) is
    # always allowed: the token is the guard there.
    allow_hosts: list[str] = []
    allow_origins: list[str] = []
    # /metrics needs `Authorization: Bearer` with an operator token or this token, unless metrics_public
    metrics_token: str | None = Field(None, min_length=8)
    metrics_public: bool = False
    # an event installation's file (kiosks, wall, moderation, retention, texts): docs/installation.md
    installation: Path | None = None


class AgentSettings(BaseModel):
    """How the artist works with what it is asked."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    # enrich short prompts with the persona's taste (style, mood, detail); off: paint the words as they are
    expand: bool = True
    # paintings the self-check may make of one draft: the first, then repaints while what was asked is missed
    # (1: measure and report only; 0: no self-check at all)
    self_check_tries: int = Field(3, ge=0, le=8)


class DeploymentSettings(BaseModel):
    """One Ray Serve deployment made by `studiolo workers deploy`: its replicas, what each holds, how it batches."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    num_replicas: int | None = Field(None, ge=1)  # a fixed count (default 1 without autoscaling_config)
    autoscaling_config: dict[str, Any] | None = None  # Serve's own keys: min_replicas, max_replicas, ...
    ray_actor_options: dict[str, Any] = {}  # per replica: num_gpus, num_cpus, memory, ...
    max_ongoing_requests: int | None = Field(None, ge=1)  # jobs one replica takes at once (default: a batch)
    max_batch_size: int = Field(1, ge=1, le=64)  # @serve.batch: jobs painted in one call, for backends that batch
    batch_wait_timeout_s: float = Field(0.05, ge=0, le=10)  # how long a batch waits for company

    @field_validator("autoscaling_config")
    @classmethod
    def _one_way_to_count(cls, value: dict[str, Any] | None, info: ValidationInfo) -> dict[str, Any] | None:
        if value is not None and info.data.get("num_replicas") is not None:
            raise PydanticCustomError("settings.invalid", "give num_replicas or autoscaling_config, not both", {})
        return value


class WorkersSettings(BaseModel):
    """`studiolo workers`: the Ray Serve application that paints and describes for servers using `ray:<app>`."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    app: str = Field("studiolo", pattern=r"^[\w.-]+$")  # the Serve application deploy makes
    # the cluster: auto (the one this machine is a node of), HOST:PORT (its head's GCS port, from a node), or
    # ray://HOST:PORT (Ray Client: `studiolo workers` commands only, Serve's handles do not work through it)
    address: str = Field("auto", pattern=r"^(auto|(ray://)?[\w.-]+:\d+)$")
    painter: DeploymentSettings = Field(default_factory=DeploymentSettings)
    describer: DeploymentSettings = Field(default_factory=DeploymentSettings)


class Settings(BaseSettings):
    """All of studiolo's configuration. Build it with `Settings.load` to get file, environment and flags."""

    model_config = SettingsConfigDict(env_prefix="STUDIOLO_", env_nested_delimiter="__", extra="forbid")

    models: ModelSettings = Field(default_factory=ModelSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    agent: AgentSettings = Field(default_factory=AgentSettings)
    workers: WorkersSettings = Field(default_factory=WorkersSettings)

    @classmethod
    def load(cls, path: str | Path | None = None, **overrides: Any) -> Settings:
        """Settings from the defaults, then the YAML file at `path` (default: $STUDIOLO_CONFIG, if set), then the
        environment, then `overrides`."""
        if path is None:
            path = os.environ.get(CONFIG_VARIABLE) or None
        file_values = {}
        if path is not None:
            path = Path(path).expanduser()
            file_values = resolve_model_paths(read_settings_file(path), path.parent)
        # pydantic-settings ranks keyword arguments above the environment, so the environment is merged over the
        # file here; applying it again inside the constructor then changes nothing.
        values = deep_merge(deep_merge(file_values, environment_values(cls)), overrides)
        try:
            return cls(**values)
        except ValidationError as exc:
            raise settings_error(exc, model=cls) from None


def environment_values(settings: type[BaseSettings]) -> dict[str, Any]:
    """The `STUDIOLO_*` variables as nested values; a mapping or list that is not JSON is one clear error naming the
    variable (pydantic-settings would raise a SettingsError that names neither the variable nor the fix)."""
    source = EnvSettingsSource(settings)
    for name, value in os.environ.items():
        if not name.upper().startswith(ENV_PREFIX) or name.upper() == CONFIG_VARIABLE:
            continue
        field = _env_field(settings, name[len(ENV_PREFIX) :].lower().split("__"))
        if field is None or not source.field_is_complex(field):
            continue
        try:
            json.loads(value)
        except ValueError:
            raise StudioloError(
                "settings.invalid",
                f"{name} must be JSON ({_json_example(field)}), not {value!r}",
                field=name,
            ) from None
    return source()


def _env_field(model: type[BaseModel], steps: list[str]) -> FieldInfo | None:
    """The field a variable's name (split at `__`) reaches, or None where it names no field."""
    field = None
    for step in steps:
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or step not in model.model_fields:
            return None
        field = model.model_fields[step]
        model = field.annotation  # type: ignore[assignment]
    return field


def _json_example(field: FieldInfo) -> str:
    annotation = field.annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        first = next(iter(annotation.model_fields))
        return f'an object such as {{"{first}": ...}}'
    if getattr(annotation, "__origin__", None) is list:
        return 'a list such as ["..."]'
    return 'an object such as {"name": value}'


def resolve_model_paths(values: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The file's model paths made absolute against `folder` (the settings file's), so the file means the same
    whichever folder studiolo is run from. A name that is no path there is left alone: it may be a hub id."""
    models = values.get("models")
    if not isinstance(models, dict):
        return values
    models = dict(models)
    for slot in MODEL_SLOTS:
        value = models.get(slot)
        if isinstance(value, str) and ":" in value:
            scheme, target = split_backend(value)
            models[slot] = f"{scheme}:{_beside(target, folder)}"
        options = models.get(f"{slot}_options")
        if isinstance(options, dict):
            options = dict(options)
            for key in PATH_OPTIONS:
                if isinstance(options.get(key), str):
                    options[key] = _beside(options[key], folder)
                elif key in options and isinstance(options[key], list):
                    options[key] = [_beside(item, folder) if isinstance(item, str) else item for item in options[key]]
            models[f"{slot}_options"] = options
    return {**values, "models": models}


def _beside(reference: str, folder: Path) -> str:
    """`reference` resolved against `folder` when it is a relative path that exists there, or is plainly a path."""
    path = Path(reference).expanduser()
    if not reference or path.is_absolute():
        return reference
    plainly_a_path = reference.startswith((".", "~")) or reference.count("/") > 1 or "\\" in reference
    beside = folder / path
    return str(beside.resolve()) if beside.exists() or plainly_a_path else reference


def read_settings_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise StudioloError("settings.not_found", f"no settings file at {path}", field="settings")
    try:
        values = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise StudioloError("settings.invalid", f"{path} is not valid YAML{where}", field="settings") from None
    except UnicodeDecodeError:
        raise StudioloError("settings.invalid", f"{path} is not UTF-8 text", field="settings") from None
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise StudioloError("settings.invalid", f"{path} must hold a mapping such as `models: ...`", field="settings")
    return values


def deep_merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    """`base` updated by `top`, merging nested mappings key by key instead of replacing them."""
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def settings_error(
    exc: ValidationError, prefix: str = "", model: type[BaseModel] | None = None, noun: str = "setting"
) -> StudioloError:
    """One StudioloError for a failed validation: its first problem, with the dotted path of the field, and for a
    name `model` does not know, the closest one it does (`step` -> `steps`)."""
    first = exc.errors()[0]
    field = ".".join(part for part in (prefix, *(str(step) for step in first["loc"])) if part)
    code = first["type"] if first["type"] in _OWN_CODES else "settings.invalid"
    more = exc.error_count() - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    message = first["msg"]
    if first["type"] == "extra_forbidden" and model is not None:
        message = unknown_name(model, [str(step) for step in first["loc"]], noun)
    return StudioloError(code, f"{field}: {message}{tail}", field=field or None)


def unknown_name(model: type[BaseModel], loc: list[str], noun: str) -> str:
    """ "there is no option 'step'; did you mean 'steps'?" for the last step of `loc`, inside `model`."""
    *parents, name = loc
    for step in parents:
        field = model.model_fields.get(step)
        annotation = field.annotation if field is not None else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return f"there is no {noun} {name!r}"
        model = annotation
    known = list(model.model_fields)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else f"the {noun}s here are {', '.join(known)}"
    return f"there is no {noun} {name!r}; {hint}"
