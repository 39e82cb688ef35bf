"""Builds the model backends the settings name, and turns every way loading one fails into one clear error.

    painter:   sketch | diffusers:<hub-id-or-path> | ray:<app>   -> SketchPainter | DiffusersPainter | RayPainter
    describer: measure | transformers:<hub-id-or-path> | ray:<app> -> MeasuringDescriber | TransformersDescriber
                                                                       | RayDescriber
    embedder:  minilm                                       -> MiniLMEmbedder
    chat:      smollm2 | langchain:<module:Class>           -> SmolLM2Chat | that LangChain chat model
    scorer:    (none) | clip:<hub-id-or-path>               -> None | ClipScorer

Each `<slot>_options` dict (the embedder has none) is checked by the backend's own options model and becomes
`settings.invalid` naming the option. Heavy libraries are imported only when a backend that needs them is built.

`ray:<app>` paints or describes on the Ray Serve application `<app>` (`studiolo workers deploy`) on the cluster
at `workers.address`; the cluster unreachable, or the application missing, fails at once with one line saying so
(`workers.unreachable`, `workers.not_deployed`).

Models named by hub id or path are checked before anything is loaded: a path must exist, and unless downloads
are allowed (`models.download`, and HF_HUB_OFFLINE unset) a hub id must already be in the Hugging Face cache, so a
missing model fails at once with `model.not_found` instead of after the hub client's retries; the backend is then
told `local_files_only` accordingly. Running out of memory while loading gives `model.out_of_memory`, and the
process goes on.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from studiolo.errors import StudioloError
from studiolo.model.options import ClipScorerSettings, DiffusersSettings, TransformersDescriberSettings
from studiolo.model.protocols import Describer, Embedder, Painter
from studiolo.settings import Settings, settings_error, split_backend

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel

    from studiolo.model.clip_scorer import ClipScorer

Options = TypeVar("Options", bound=BaseModel)


def build_painter(settings: Settings) -> Painter:
    models = settings.models
    name, target = split_backend(models.painter)
    if name == "sketch":
        from studiolo.model.sketch import SketchPainter, SketchSettings

        return SketchPainter(_options(SketchSettings, dict(models.painter_options), "models.painter_options"))
    if name == "ray":
        from studiolo.model.ray import gateway_for
        from studiolo.model.ray.painter import RayPainter

        _no_options(models.painter_options, "models.painter_options", "a painter on Ray (its workers' settings do)")
        return RayPainter(gateway_for(settings.workers.address, target))

    options = backend_options(settings, "painter")
    assert isinstance(options, DiffusersSettings)
    location = locate_model(target, offline=options.local_files_only, slot="painter", scheme=name)
    from studiolo.model.diffusers import DiffusersPainter  # torch and diffusers: only now

    with loading(target, slot="painter", scheme=name):
        return DiffusersPainter(options.model_copy(update={"model": location}))


def build_describer(settings: Settings) -> Describer:
    models = settings.models
    name, target = split_backend(models.describer)
    if name == "measure":
        from studiolo.model.measure import MeasuringDescriber

        _no_options(models.describer_options, "models.describer_options", "the measuring describer")
        return MeasuringDescriber()
    if name == "ray":
        from studiolo.model.ray import gateway_for
        from studiolo.model.ray.describer import RayDescriber

        _no_options(models.describer_options, "models.describer_options", "a describer on Ray")
        return RayDescriber(gateway_for(settings.workers.address, target))

    options = backend_options(settings, "describer")
    assert isinstance(options, TransformersDescriberSettings)
    location = locate_model(target, offline=options.local_files_only, slot="describer", scheme=name)
    from studiolo.model.transformers_describer import TransformersDescriber

    with loading(target, slot="describer", scheme=name):
        return TransformersDescriber(options.model_copy(update={"model": location}))


def build_embedder(settings: Settings) -> Embedder:
    from studiolo.model.embedder import MiniLMEmbedder

    return MiniLMEmbedder()  # the only embedder; its model loads on first use


def build_chat_model(settings: Settings) -> BaseChatModel:
    models = settings.models
    name, target = split_backend(models.chat)
    if name == "smollm2":
        from studiolo.model.chat import SmolLM2Chat

        return _construct_chat_model(SmolLM2Chat, models.chat_options)  # its weights load on first use
    return _construct_chat_model(_langchain_chat_class(target), models.chat_options)


def build_scorer(settings: Settings) -> ClipScorer | None:
    models = settings.models
    if models.scorer is None:
        return None
    name, target = split_backend(models.scorer)
    options = backend_options(settings, "scorer")
    assert isinstance(options, ClipScorerSettings)
    location = locate_model(target, offline=options.local_files_only, slot="scorer", scheme=name)
    from studiolo.model.clip_scorer import ClipScorer

    with loading(target, slot="scorer", scheme=name):
        return ClipScorer(options.model_copy(update={"model": location}))


# The options model of each real backend that names a model; checked without importing torch (model/options.py).
_REAL_OPTIONS: dict[str, type[BaseModel]] = {
    "diffusers": DiffusersSettings,
    "transformers": TransformersDescriberSettings,
    "clip": ClipScorerSettings,
}


def backend_options(settings: Settings, slot: str) -> BaseModel | None:
    """The checked options of the slot's real backend (None for an embedded one), `model` set to its target."""
    backend = getattr(settings.models, slot)
    if backend is None:
        return None
    name, target = split_backend(backend)
    if name not in _REAL_OPTIONS:
        return None
    values = {"local_files_only": _offline(settings), **getattr(settings.models, f"{slot}_options"), "model": target}
    return _options(_REAL_OPTIONS[name], values, f"models.{slot}_options")


def check_settings(settings: Settings) -> None:
    """Check every real backend's options now, before any model (or torch) loads, so a typo fails at once."""
    for slot in ("painter", "describer", "scorer"):
        backend_options(settings, slot)


class Backends:
    """The backends one process uses, each built from the settings on first use and shared afterwards.

    A build that fails is not remembered, so asking again (after freeing memory, say) tries again.
    """

    def __init__(self, settings: Settings) -> None:
        check_settings(settings)
        self.settings = settings
        self._built: dict[str, Any] = {}
        # One lock per backend: loading a painter for a minute must not hold up the chat model.
        self._locks = {name: threading.Lock() for name in ("painter", "describer", "embedder", "chat", "scorer")}

    @property
    def painter(self) -> Painter:
        return self._get("painter", build_painter)

    @property
    def describer(self) -> Describer:
        return self._get("describer", build_describer)

    @property
    def embedder(self) -> Embedder:
        return self._get("embedder", build_embedder)

    @property
    def chat_model(self) -> BaseChatModel:
        return self._get("chat", build_chat_model)

    @property
    def scorer(self) -> ClipScorer | None:
        return self._get("scorer", build_scorer)

    def _get(self, name: str, build: Callable[[Settings], Any]) -> Any:
        with self._locks[name]:
            if name not in self._built:
                self._built[name] = build(self.settings)
            return self._built[name]


def locate_model(reference: str, *, offline: bool, slot: str, scheme: str) -> str:
    """What to load: an existing path; a hub id; or, offline, the folder of the hub id's snapshot in the cache.

    Offline, the backend gets the snapshot folder rather than the id: given an id, transformers 5.24 looks for a
    PEFT adapter on the hub even with local_files_only=True, which costs 24 s of retries without a network.
    """
    from huggingface_hub import snapshot_download

    path = Path(reference).expanduser()
    if path.exists():
        return str(path)
    if not _is_hub_id(reference):
        raise model_not_found(reference, f"there is no file or folder at {path}", slot, scheme)
    if not offline:
        return reference
    try:
        return snapshot_download(reference, local_files_only=True)  # looks only in the cache
    except OSError:
        reason = "it is not in the Hugging Face cache and downloads are off"
        raise model_not_found(reference, reason, slot, scheme) from None


@contextmanager
def loading(reference: str, *, slot: str, scheme: str) -> Iterator[None]:
    """Turn the failures of loading a model into `model.not_found` or `model.out_of_memory`, naming the setting."""
    import torch

    try:
        yield
    except StudioloError as exc:  # the backend's own verdict (an unsupported model, say): point at the setting
        if exc.field in (None, "model"):
            exc.field = f"models.{slot}"
        elif not exc.field.startswith("models."):  # one of the backend's options: name it as the settings file does
            exc.field = f"models.{slot}_options.{exc.field}"
            exc.message = f"{exc.field}: {exc.message}"
        raise
    except (torch.OutOfMemoryError, MemoryError):
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
        raise StudioloError(
            "model.out_of_memory",
            f"there is not enough memory to load the {slot} model {reference!r}; try a smaller model, half "
            f"precision or another device (models.{slot}_options)",
            field=f"models.{slot}",
        ) from None
    except OSError as exc:  # every hub and file error: missing repo or file, no network, unreadable folder
        raise model_not_found(reference, str(exc).strip(), slot, scheme) from None


def model_not_found(reference: str, reason: str, slot: str, scheme: str) -> StudioloError:
    """`model.not_found`, saying how to provide the model on a machine that cannot download it."""
    if _is_hub_id(reference) and not Path(reference).expanduser().exists():
        how = (
            f'To provide it, name a local folder (models.{slot}: "{scheme}:/path/to/model"); or download it where '
            f"there is network (`hf download {reference}`), copy the Hugging Face cache (~/.cache/huggingface/hub) "
            "here and set HF_HUB_OFFLINE=1; or let studiolo fetch it (models.download: true) on a machine with network"
        )
    else:
        how = f"Name a folder holding the whole model as save_pretrained writes it, or a hub id ({scheme}:<org>/<name>)"
    message = f"cannot load the {slot} model {reference!r}: {reason}. {how}"
    return StudioloError("model.not_found", message, field=f"models.{slot}")


def _is_hub_id(reference: str) -> bool:
    """Whether `reference` could name a hub repository ('org/name' or 'name'); anything else is meant as a path."""
    from huggingface_hub.errors import HFValidationError
    from huggingface_hub.utils import validate_repo_id

    try:
        validate_repo_id(reference)
    except HFValidationError:
        return False
    return True


def _offline(settings: Settings) -> bool:
    from huggingface_hub import constants

    return not settings.models.download or constants.HF_HUB_OFFLINE


def _no_options(options: Mapping[str, Any], field: str, backend: str) -> None:
    if options:
        raise StudioloError("settings.invalid", f"{backend} takes no options, got {sorted(options)}", field=field)


def _options(model: type[Options], values: dict[str, Any], field: str) -> Options:
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise settings_error(exc, prefix=field, model=model, noun="option") from None


def _construct_chat_model(cls: type[BaseChatModel], options: Mapping[str, Any]) -> BaseChatModel:
    # LangChain chat models ignore keywords they do not declare, which would hide a misspelt option.
    known = set(cls.model_fields) | {field.alias for field in cls.model_fields.values() if field.alias}
    unknown = sorted(set(options) - known)
    if unknown:
        from langchain_core.language_models.chat_models import BaseChatModel

        own = [name for name in cls.model_fields if name not in BaseChatModel.model_fields]
        raise StudioloError(
            "settings.invalid",
            f"{cls.__name__} has no option {unknown[0]!r}; its own options are {', '.join(own) or 'none'}",
            field=f"models.chat_options.{unknown[0]}",
        )
    try:
        return cls(**options)
    except ValidationError as exc:
        raise settings_error(exc, prefix="models.chat_options") from None


def _langchain_chat_class(target: str) -> type[BaseChatModel]:
    """The class named by 'module:Class', checked to be a LangChain chat model."""
    from langchain_core.language_models.chat_models import BaseChatModel

    module_name, _, class_name = target.rpartition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise StudioloError(
            "backend.not_found",
            f"cannot import {module_name!r} for the chat model: {exc}; install the package that provides it",
            field="models.chat",
        ) from None
    cls = getattr(module, class_name, None)
    if cls is None:
        raise StudioloError("backend.not_found", f"{module_name!r} has no {class_name!r}", field="models.chat")
    if not (isinstance(cls, type) and issubclass(cls, BaseChatModel)):
        raise StudioloError(
            "backend.invalid",
            f"{target} is not a LangChain chat model (a subclass of langchain_core's BaseChatModel)",
            field="models.chat",
        )
    return cls
