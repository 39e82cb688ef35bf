"""The voice's templates: what a batch approximated and left out, said once; the draft worked from; English and
Korean. Built from Outcomes directly (no models)."""

from __future__ import annotations

import pytest

from studiolo.agent.voice import WORDS, Outcome, Shortfall, Voice
from studiolo.drafts import Check, Faithfulness
from studiolo.language import Language
from studiolo.persona.library import get_persona
from studiolo.skills.imagine import Imagine
from studiolo.skills.refine import Refine

KOI = Faithfulness(drawn=["pond"], approximated={"koi": "fish"}, missing=["xylophone"], adherence=0.5,
                   checks=[Check(name="thing:fish", passed=True), Check(name="thing:xylophone", passed=False)])  # fmt: skip


@pytest.fixture(scope="module")
def voice() -> Voice:
    persona = get_persona("vespera")
    return Voice(
        persona.model_copy(update={"voice": persona.voice.model_copy(update={"phrases": []})})
    )  # no signature phrase before the line


def imagined(lang: Language, faithfulness: dict[int, Faithfulness]) -> Outcome:
    return Outcome(
        kind="done",
        reply=Imagine.reply,
        lang=lang,
        prompt="a koi pond",
        count=len(faithfulness),
        numbers=list(faithfulness),
        faithfulness=faithfulness,
    )


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Here are drafts #1, #2 for “a koi pond”. I had no koi, so I drew fish instead. I couldn't draw the xylophone. Which one speaks to you?"),
    ("ko", "“a koi pond”, 그려 봤어요: 초안 #1, #2. 없는 것은 비슷한 것으로 대신 그렸어요: koi → fish. 그리지 못한 것도 있어요: xylophone. 어느 쪽이 마음에 드세요?"),
])  # fmt: skip
def test_what_every_draft_approximated_and_left_out_is_said_once(voice: Voice, lang: Language, expected: str) -> None:
    assert voice.template(imagined(lang, {1: KOI, 2: KOI})) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "I couldn't draw the xylophone, and #5 and #7 have no harp; #8 has no drum."),
    ("ko", "그리지 못한 것도 있어요: xylophone, harp(#5, #7), drum(#8)."),
])  # fmt: skip
def test_what_only_some_drafts_lack_names_those_drafts(voice: Voice, lang: Language, expected: str) -> None:
    batch = {5: ["xylophone", "harp"], 6: ["xylophone"], 7: ["harp", "xylophone"], 8: ["xylophone", "drum"]}
    text = voice.template(imagined(lang, {n: Faithfulness(missing=missing) for n, missing in batch.items()}))
    assert expected in text


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_nothing_is_added_when_all_was_drawn_or_nothing_was_checked(voice: Voice, lang: Language) -> None:
    unchecked = imagined(lang, {1: Faithfulness()}).model_copy(update={"faithfulness": {}})
    drawn = voice.template(imagined(lang, {1: Faithfulness(drawn=["pond", "fish"], adherence=1.0)}))
    assert drawn == voice.template(unchecked) and "#1" in drawn
    assert "fish" not in drawn and "xylophone" not in drawn


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Working from #1: I reworked it into drafts #5, #6, with “make it warmer”. Better?"),
    ("ko", "#1에서 이어서 작업했어요. 다시 그렸어요: 초안 #5, #6, “make it warmer”. 어때요?"),
])  # fmt: skip
def test_work_from_a_draft_names_it(voice: Voice, lang: Language, expected: str) -> None:
    refined = Outcome(
        kind="done", reply=Refine.reply, lang=lang, prompt="make it warmer", count=2, numbers=[5, 6], source=1
    )
    assert voice.template(refined) == expected


def test_errors_a_collaborator_causes_are_in_character_in_their_language(voice: Voice) -> None:
    assert voice.template(Outcome(kind="error", code="busy", message="the queue is full")).startswith(
        "My easel is full"
    )
    assert voice.template(Outcome(kind="error", lang="ko", code="busy", message="the queue is full")).startswith(
        "지금은 이젤이"
    )
    assert voice.template(Outcome(kind="error", lang="ko", code="job.interrupted", message="restarted")) == "restarted"


def test_the_personas_own_words_stay_as_it_wrote_them(voice: Voice) -> None:
    persona = voice.persona
    assert voice.template(Outcome(kind="greeting", lang="ko")) in persona.greetings
    assert voice.template(Outcome(kind="refused", lang="ko")) == persona.safety.refusal


def test_a_colour_every_draft_shows_too_little_of_is_said_once() -> None:
    faint = Check(name="color:indigo", passed=False, measured=0.02, wanted=">= 5% of the picture")
    shown = Check(name="color:coral", passed=True, measured=0.3, wanted=">= 5% of the picture")
    found = {1: Faithfulness(checks=[faint, shown], adherence=0.5), 2: Faithfulness(checks=[faint], adherence=0.0)}
    assert Shortfall.of(found).faint == ["indigo"]
    english, korean = WORDS["en"].honesty(Shortfall.of(found)), WORDS["ko"].honesty(Shortfall.of(found))
    assert (
        english == "Indigo shows less than you asked for." and korean == "부탁한 것보다 덜 보이는 색도 있어요: indigo."
    )
    only_one = {1: Faithfulness(checks=[faint]), 2: Faithfulness(checks=[shown])}
    assert Shortfall.of(only_one).faint == []  # one draft has it: nothing to own up to for the batch
