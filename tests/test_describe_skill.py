"""The describe skill's `lang`: the paragraph in the language the turn was in, the facts the same either way."""

from __future__ import annotations

import pytest
from PIL import Image
from pydantic import ValidationError

from studiolo.drafts import Draft
from studiolo.events import DraftDescribed
from studiolo.language import detect_language
from studiolo.model.measure import MeasuringDescriber
from studiolo.model.sketch import SketchPainter
from studiolo.skills.base import SkillContext
from studiolo.skills.describe import Describe, DescribeParams

UPLOAD = Draft(id="a" * 32, skill="upload", prompt="", seed=0, model="upload", width=96, height=64)


def navy_and_pink() -> Image.Image:
    image = Image.new("RGB", (96, 64), (27, 42, 74))
    image.paste((255, 192, 203), (64, 0, 96, 64))
    return image


async def described(lang: str | None) -> DraftDescribed:
    context = SkillContext(SketchPainter(), MeasuringDescriber(), "job1", lambda draft_id: (UPLOAD, navy_and_pink()))
    events = [event async for event in Describe().run(DescribeParams(draft_id=UPLOAD.id, lang=lang), context)]
    [event] = [event for event in events if isinstance(event, DraftDescribed)]
    return event


async def test_the_description_is_in_the_language_asked_for() -> None:
    english, unset, korean = await described("en"), await described(None), await described("ko")
    assert unset == english  # no language means English
    assert detect_language(english.text) == "en" and "navy and pale pink" in english.text
    assert detect_language(korean.text) == "ko" and "남색과 옅은 분홍색" in korean.text
    assert korean.facts == english.facts


def test_only_english_and_korean_are_accepted() -> None:
    with pytest.raises(ValidationError):
        DescribeParams(draft_id=UPLOAD.id, lang="fr")
