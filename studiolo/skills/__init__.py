"""Skills: one capability each (imagine, describe, refine, ...), emitting events; they never know about websockets.

`builtin_skills()` is the one list of the skills an agent has, in the order the router weighs them. A new skill is
a module here whose Skill subclass declares its routing, params and reply (see base.py), and one line in that list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studiolo.skills.base import Skill


def builtin_skills() -> list[Skill]:
    """One instance of every built-in skill (skills hold no state, so a fresh set costs nothing)."""
    # imported here, not at the top: `studiolo.skills.base` and `words` must import without every skill
    from studiolo.skills.collaborate import Collaborate
    from studiolo.skills.colourways import Colourways
    from studiolo.skills.describe import Describe
    from studiolo.skills.extend import Extend
    from studiolo.skills.imagine import Imagine
    from studiolo.skills.pattern import Pattern
    from studiolo.skills.refine import Refine
    from studiolo.skills.upscale import Upscale
    from studiolo.skills.wear import Wear

    return [Imagine(), Describe(), Refine(), Collaborate(), Pattern(), Upscale(), Extend(), Wear(), Colourways()]
