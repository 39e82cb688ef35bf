"""studiolo's configuration: one pydantic settings object, read from a YAML file, the environment and flags.

Precedence, lowest to highest: the defaults here, the YAML file given to `Settings.load`, `STUDIOLO_*` environment
variables (nested with `__`, e.g. `STUDIOLO_MODELS__PAINTER=diffusers:stabilityai/sd-turbo`), and the overrides
a caller passes (the command line's flags). Every invalid value becomes one StudioloError naming the field.

Backends are named by strings a person can type: a bare name for an embedded backend (`sketch`) or
`<scheme>:<target>` for a real one (`transformers:/models/blip`, `langchain:langchain_openai:ChatOpenAI`).
Each has a dict of keyword options, checked by the backend's own options model when the registry builds it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, EnvSettingsSource, SettingsConfigDict

from studiolo.errors import StudioloError

# What each slot accepts; `<...>` marks the part a user fills in after the colon.
BACKEND_CHOICES: dict[str, tuple[str, ...]] = {
    "painter": ("sketch", "diffusers:<hub-id-or-path>"),
    "describer": ("measure", "transformers:<hub-id-or-path>"),
    "embedder": ("minilm",),
    "chat": ("smollm2", "langchain:<module:Class>"),
    "scorer": ("clip:<hub-id-or-path>",),
}

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
    max_queued_per_session: int = Field(16, ge=1)
    max_text_bytes: int = Field(64 * 1024, ge=1024)  # a JSON message
    max_upload_bytes: int = Field(20 * 1024 * 1024, ge=1024)  # an uploaded image, encoded
    max_upload_pixels: int = Field(4096 * 4096, ge=64 * 64)  # decoded: refuses decompression bombs
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


class Settings(BaseSettings):
    """All of studiolo's configuration. Build it with `Settings.load` to get file, environment and flags."""

    model_config = SettingsConfigDict(env_prefix="STUDIOLO_", env_nested_delimiter="__", extra="forbid")

    models: ModelSettings = Field(default_factory=ModelSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    agent: AgentSettings = Field(default_factory=AgentSettings)

    @classmethod
    def load(cls, path: str | Path | None = None, **overrides: Any) -> Settings:
        """Settings from the defaults, then the YAML file at `path`, then the environment, then `overrides`."""
        file_values = read_settings_file(Path(path)) if path is not None else {}
        # pydantic-settings ranks keyword arguments above the environment, so the environment is merged over the
        # file here; applying it again inside the constructor then changes nothing.
        values = deep_merge(deep_merge(file_values, EnvSettingsSource(cls)()), overrides)
        try:
            return cls(**values)
        except ValidationError as exc:
            raise settings_error(exc) from None


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


def settings_error(exc: ValidationError, prefix: str = "") -> StudioloError:
    """One StudioloError for a failed validation: its first problem, with the dotted path of the field."""
    first = exc.errors()[0]
    field = ".".join(part for part in (prefix, *(str(step) for step in first["loc"])) if part)
    code = first["type"] if first["type"] in _OWN_CODES else "settings.invalid"
    more = exc.error_count() - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return StudioloError(code, f"{field}: {first['msg']}{tail}", field=field or None)
