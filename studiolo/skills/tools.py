"""The skills as LangChain tools, so a tool-calling chat model can choose and fill them.

A tool does no work itself: invoking it validates the arguments against the skill's Params (its args schema) and
hands the skill and params to a runner, the agent's way of running a skill as a job in the session, whose short
summary ("painted 4 drafts: ...") is what the chat model reads back. A collaboration's later rounds are answers to
a running collaboration (Collaborate.respond), not tool calls.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from langchain_core.tools import StructuredTool
from pydantic import BaseModel

from studiolo.skills.base import Skill

Runner = Callable[[Skill, BaseModel], Awaitable[str]]


def skill_as_tool(skill: Skill, runner: Runner) -> StructuredTool:
    async def run(**arguments: Any) -> str:
        return await runner(skill, skill.Params(**arguments))

    return StructuredTool.from_function(
        coroutine=run, name=skill.name, description=skill.description, args_schema=skill.Params
    )


def skills_as_tools(skills: Iterable[Skill], runner: Runner) -> list[StructuredTool]:
    return [skill_as_tool(skill, runner) for skill in skills]
