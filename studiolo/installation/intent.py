"""What a kiosk's buttons mean: a wish paints a new picture (imagine), "change it" refines the one shown.

A kiosk never needs the router to guess: the visitor pressed a button. The venue's agent is built with this
router in place of the semantic one; the intent travels with the task that runs the turn (a context variable,
copied into the task when the venue starts it), so two kiosks painting at once never read each other's.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Literal

from studiolo.agent.router.decision import RouteDecision

Intent = Literal["imagine", "refine"]
INTENT: ContextVar[Intent] = ContextVar("kiosk_intent", default="imagine")


class KioskRouter:
    def __init__(self, pictures_per_wish: int = 4) -> None:
        self.pictures_per_wish = pictures_per_wish  # limits.pictures_per_wish

    async def aroute(self, text: str, *, with_draft: bool = False, with_image: bool = False) -> RouteDecision:
        skill: Intent = "refine" if INTENT.get() == "refine" and with_draft else "imagine"
        params = {"n": self.pictures_per_wish} if skill == "imagine" else {}
        return RouteDecision(skill=skill, confidence=1.0, params=params, source="rules")
