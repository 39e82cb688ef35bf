"""Routing a turn to a skill: offline by embeddings and rules, or by a chat model's tool call with that as fallback.

router = SemanticRouter()  # loads MiniLM once and embeds the skills' examples (about a second)
router.route("more yellow, less busy", with_draft=True)
# RouteDecision(skill="refine", confidence=0.999, params={"feedback": "more yellow, less busy"}, source="semantic")
router.route("make it warmer")  # no draft: it asks back
# RouteDecision(skill="clarify", ..., params={"question": "There's no draft yet to change. ..."}, source="rules")

router = ToolCallingRouter(chat_model, fallback=SemanticRouter())  # the model's tool call, else the above
"""

from studiolo.agent.router.decision import MAX_TURN_CHARS, RouteDecision, Router, RouteRequest, Source, check_turn_text
from studiolo.agent.router.semantic import SemanticRouter
from studiolo.agent.router.skillset import RouteTarget, SkillSet
from studiolo.agent.router.tool_calling import ToolCallingRouter

__all__ = [
    "MAX_TURN_CHARS",
    "RouteDecision",
    "RouteRequest",
    "RouteTarget",
    "Router",
    "SemanticRouter",
    "SkillSet",
    "Source",
    "ToolCallingRouter",
    "check_turn_text",
]
