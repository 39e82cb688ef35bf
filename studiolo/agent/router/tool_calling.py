"""Routing by a chat model's tool call: the skills are offered as tools and the model picks one.

Used when the configured LangChain chat model supports tool calling (its `bind_tools` works). Whenever the model
fails to give a usable answer, the turn goes to the semantic router instead, so a turn is always routed:
- the model raises (network, rate limit, a parser error);
- it answers without a tool call, or names a tool that is not a skill;
- its arguments do not fit the skill's params model;
- it picks a skill that works on an image when there is none (the semantic router then asks back or paints).
Each fallback is logged with its reason.

A tool call is a decision, not a distribution, so it carries no probability: it is reported with confidence 1.0,
and the model asks back itself by calling `clarify`.
"""

from __future__ import annotations

import logging

from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.runnables import Runnable
from pydantic import ValidationError

from studiolo.agent.router.decision import RouteDecision, check_turn_text
from studiolo.agent.router.semantic import SemanticRouter

log = logging.getLogger(__name__)

TOOL_CALL_CONFIDENCE = 1.0

SYSTEM_PROMPT = (
    "You route a designer's message to one skill of an AI artist. Call exactly one tool. "
    "describe, refine, upscale and extend work on an image, so choose them only when there is a current draft "
    "or an attached image. Small talk and questions about the artist go to chat. When the message is unclear, "
    "call clarify with one short question.\n"
    "Current draft: {draft}. Attached image: {image}."
)


class ToolCallingRouter:
    """Routes by the chat model's tool call, with the semantic router as the fallback."""

    def __init__(self, chat_model: BaseChatModel, fallback: SemanticRouter) -> None:
        self.fallback = fallback
        self._model: Runnable[LanguageModelInput, AIMessage] | None
        self.skillset = fallback.skillset  # the same skills, offered as tools
        try:
            self._model = chat_model.bind_tools(self.skillset.tools())
        except NotImplementedError:  # BaseChatModel's default: this model has no tool calling
            self._model = None

    @property
    def supports_tools(self) -> bool:
        return self._model is not None

    def route(self, text: str, *, with_draft: bool = False, with_image: bool = False) -> RouteDecision:
        text = check_turn_text(text)
        if self._model is None:
            return self.fallback.route(text, with_draft=with_draft, with_image=with_image)
        try:
            answer = self._model.invoke(_messages(text, with_draft=with_draft, with_image=with_image))
        except Exception as error:  # noqa: BLE001 - whatever the model's failure, the turn still gets routed
            return self._fall_back(
                f"the chat model raised {type(error).__name__}: {error}", text, with_draft, with_image
            )
        return self._decide(answer, text, with_draft, with_image)

    async def aroute(self, text: str, *, with_draft: bool = False, with_image: bool = False) -> RouteDecision:
        text = check_turn_text(text)
        if self._model is None:
            return await self.fallback.aroute(text, with_draft=with_draft, with_image=with_image)
        try:
            answer = await self._model.ainvoke(_messages(text, with_draft=with_draft, with_image=with_image))
        except Exception as error:  # noqa: BLE001 - as in route()
            return self._fall_back(
                f"the chat model raised {type(error).__name__}: {error}", text, with_draft, with_image
            )
        return self._decide(answer, text, with_draft, with_image)

    def _decide(self, answer: BaseMessage, text: str, with_draft: bool, with_image: bool) -> RouteDecision:
        calls = answer.tool_calls if isinstance(answer, AIMessage) else []
        if not calls:
            return self._fall_back("the chat model answered without a tool call", text, with_draft, with_image)
        name, args = calls[0]["name"], calls[0]["args"]
        if name not in self.skillset:
            return self._fall_back(f"the chat model called an unknown tool {name!r}", text, with_draft, with_image)
        if self.skillset.needs_draft(name) and not (with_draft or with_image):
            return self._fall_back(f"the chat model chose {name} with no draft or image", text, with_draft, with_image)
        try:
            found = self.skillset.validated_params(name, args)
        except ValidationError as error:
            reason = f"the chat model's arguments for {name} are invalid: {error.errors()[0]['msg']}"
            return self._fall_back(reason, text, with_draft, with_image)
        return RouteDecision(skill=name, confidence=TOOL_CALL_CONFIDENCE, params=found, source="tool_call")

    def _fall_back(self, reason: str, text: str, with_draft: bool, with_image: bool) -> RouteDecision:
        log.warning("routing by tool call failed, using the semantic router: %s", reason)
        return self.fallback.route(text, with_draft=with_draft, with_image=with_image)


def _messages(text: str, *, with_draft: bool, with_image: bool) -> list[BaseMessage]:
    context = SYSTEM_PROMPT.format(draft="yes" if with_draft else "none", image="yes" if with_image else "none")
    return [SystemMessage(context), HumanMessage(text)]
