"""Prompt expansion and learned preferences, as a designer would notice them in the next drafts' prompts."""

from __future__ import annotations

import pytest

from studiolo.agent.expansion import expand_prompt
from studiolo.agent.preferences import Preferences
from studiolo.agent.session import Session
from studiolo.drafts import Draft, Feedback, draft_id
from studiolo.events import DraftFeedback
from studiolo.model.sketch.parse import parse_prompt
from studiolo.model.sketch.vocabulary import MOODS
from studiolo.persona.library import builtin_ids, get_persona


@pytest.fixture(scope="module")
def vespera():
    return get_persona("vespera")


def test_a_short_prompt_is_enriched_with_the_personas_taste(vespera) -> None:
    expanded = expand_prompt("a garden", 1, vespera)
    assert expanded.startswith("a garden, ")
    assert len(expanded) > 3 * len("a garden")
    scene = parse_prompt(expanded, 1)
    assert scene.style == vespera.expansion.style  # the persona's style, as nothing was named
    assert scene.named_colors  # one of her palettes, as no colour was named
    assert {m.kind for m in scene.motifs} & set(vespera.expansion.motifs)  # and one of her motifs, as no thing was


PERSONAS = [get_persona(persona_id) for persona_id in builtin_ids()]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("persona", PERSONAS, ids=lambda persona: persona.id)
def test_a_described_pattern_keeps_its_motifs_the_only_ones_and_takes_no_palette(persona, seed: int) -> None:
    prompt = "a seamless textile pattern of lemons and leaves"
    asked, got = parse_prompt(prompt, seed), parse_prompt(expand_prompt(prompt, seed, persona), seed)
    assert got.layout == "pattern"
    assert {m.kind for m in got.motifs} == {m.kind for m in asked.motifs}  # no stars, no butterflies beside them
    assert got.named_colors == []  # no palette to paint the lemons in
    assert set(got.themes) - set(asked.themes) <= set(MOODS)  # nor a season's: a mood only tints


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("persona", PERSONAS, ids=lambda persona: persona.id)
@pytest.mark.parametrize("prompt", ["red roses in a blue vase", "a moon over the sea", "two birds on a pine tree"])
def test_additions_bring_no_new_motif_or_colour_beside_the_named_ones(persona, seed: int, prompt: str) -> None:
    asked, got = parse_prompt(prompt, seed), parse_prompt(expand_prompt(prompt, seed, persona), seed)
    assert {m.kind for m in got.motifs} <= {m.kind for m in asked.motifs}
    assert set(got.named_colors) <= set(asked.named_colors) and set(got.themes) - set(asked.themes) <= set(MOODS)


def test_the_persona_still_adds_style_and_mood_to_what_was_named(vespera) -> None:
    expanded = expand_prompt("a moon over the sea", 3, vespera)
    assert expanded.startswith("a moon over the sea, ") and f"{vespera.expansion.style} style" in expanded


def test_expansion_is_deterministic_for_a_seed_and_varies_across_seeds(vespera) -> None:
    assert expand_prompt("a garden", 4, vespera) == expand_prompt("a garden", 4, vespera)
    assert len({expand_prompt("a garden", s, vespera) for s in range(8)}) >= 3


@pytest.mark.parametrize(
    "prompt",
    [
        "red roses in ink",
        "a neon city of checks",
        "노란색 꽃과 분홍색 꽃이 피어있고 나무가 무성한 봄의 산 풍경",
        "a calm blue sea at night",
    ],
)
def test_expansion_never_drops_or_contradicts_what_was_asked(vespera, prompt: str) -> None:
    expanded = expand_prompt(prompt, 2, vespera)
    assert expanded.startswith(prompt)
    asked, got = parse_prompt(prompt, 2), parse_prompt(expanded, 2)
    assert set(asked.named_colors) <= set(got.named_colors)
    assert {m.kind for m in asked.motifs if m.kind not in ("hill",)} <= {m.kind for m in got.motifs}
    if asked.style != "flat":
        assert got.style == asked.style  # "in ink" stays ink though the persona loves watercolour


def test_long_prompts_keep_their_words(vespera) -> None:
    long = "a quiet harbour town at dawn with fishing boats, gulls over the water and pastel houses up the hill"
    assert expand_prompt(long, 0, vespera) == long


def test_without_a_persona_or_preferences_nothing_changes() -> None:
    assert expand_prompt("a garden", 3) == "a garden"


def draft(prompt: str, scene: dict) -> Draft:
    return Draft(
        id=draft_id(prompt.encode()),
        skill="imagine",
        prompt=prompt,
        seed=1,
        model="sketch",
        width=64,
        height=64,
        scene=scene,
    )


def test_preferences_learn_from_ratings_picks_and_comments() -> None:
    prefs = Preferences()
    pink = draft("pink roses", {"named_colors": ["pink"], "motifs": [{"kind": "rose"}], "style": "watercolor"})
    birds = draft(
        "birds over a grey sea",
        {"named_colors": ["gray"], "motifs": [{"kind": "bird"}, {"kind": "sea"}], "style": "flat"},
    )
    prefs.learn(pink, Feedback(rating=2, pick=True))
    prefs.learn(birds, Feedback(rating=-2, text="no birds please"))
    assert "pink" in prefs.liked(prefs.colors) and "watercolor" in prefs.liked(prefs.styles)
    assert "bird" in prefs.disliked(prefs.motifs) and "grey" in prefs.disliked(prefs.colors)
    summary = prefs.summary()
    assert "pink" in summary and "bird" in summary


def test_comments_are_read_clause_by_clause_in_english_and_korean() -> None:
    prefs = Preferences()
    prefs.learn(draft("x", {}), Feedback(text="love the yellow, but no stars"))
    prefs.learn(draft("y", {}), Feedback(text="나비 좋아요, 새는 빼고"))
    assert prefs.liked(prefs.colors) == ["yellow"]
    assert set(prefs.disliked(prefs.motifs)) == {"star", "bird"}
    assert "butterfly" in prefs.liked(prefs.motifs)
    assert "sea" not in prefs.motifs  # "watercolour" is not water


def test_preferences_change_the_next_prompt(vespera) -> None:
    prefs = Preferences()
    prefs.learn(draft("y", {}), Feedback(text="I love pink"))
    prefs.learn(draft("z", {}), Feedback(text="no birds, they distract"))
    expanded = expand_prompt("a garden", 5, vespera, prefs)
    assert "pink" in parse_prompt(expanded, 5).named_colors
    assert (
        "bird" not in {m.kind for m in parse_prompt(expanded + " with birds at dusk", 5).motifs}
        or "without bird" in expanded
    )
    assert "without bird" in expanded
    # but never against the user's own words
    assert "without bird" not in expand_prompt("a garden full of birds", 5, vespera, prefs)


def test_session_feedback_teaches_preferences_and_bad_feedback_is_refused() -> None:
    session = Session("vespera")
    d = draft("pink roses", {"named_colors": ["pink"], "motifs": [{"kind": "rose"}]})
    session.graph.add(d)
    session.record(DraftFeedback(draft_id=d.id, feedback=Feedback(rating=2)))
    assert "pink" in session.preferences.summary()
    with pytest.raises(ValueError):
        Feedback(rating=7)
    with pytest.raises(Exception) as error:
        session.record(DraftFeedback(draft_id="0" * 32, feedback=Feedback(rating=1)))
    assert getattr(error.value, "code", None) == "draft.not_found"
    assert len(session.graph) == 1 and len(session.events) == 1  # the refused feedback left no trace
