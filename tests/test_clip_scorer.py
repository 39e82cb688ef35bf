"""The CLIP scorer, with a tiny random-weight CLIP saved to disk and loaded by path via settings.

Random weights make agreement itself meaningless, so these tests check what ranking drafts relies on: one score
per image, the same scores every time, identical drafts scored identically, and a ranking that follows the scores.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from tiny_vision import save_tiny_blip, save_tiny_clip

from studiolo.errors import StudioloError
from studiolo.model.clip_scorer import ClipScorer
from studiolo.model.protocols import MAX_PROMPT_CHARS
from studiolo.model.registry import build_scorer
from studiolo.settings import Settings

PROMPT = "a red dress with roses"


def load(folder: Path) -> ClipScorer | None:
    return build_scorer(Settings(models={"scorer": f"clip:{folder}", "scorer_options": {"device": "cpu"}}))


@pytest.fixture(scope="module")
def clip_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_tiny_clip(tmp_path_factory.mktemp("clip"))


@pytest.fixture(scope="module")
def scorer(clip_folder: Path) -> ClipScorer:
    built = load(clip_folder)
    assert isinstance(built, ClipScorer)
    return built


@pytest.fixture(scope="module")
def drafts() -> list[Image.Image]:
    generator = np.random.default_rng(7)
    return [Image.fromarray(generator.integers(0, 256, (40, 56, 3), dtype=np.uint8)) for _ in range(4)]


def test_one_score_per_image_as_a_cosine(scorer: ClipScorer, drafts: list[Image.Image]) -> None:
    scores = scorer.score(drafts, PROMPT)

    assert len(scores) == len(drafts)
    assert all(isinstance(score, float) and -1.0 <= score <= 1.0 for score in scores)
    assert len(set(scores)) > 1  # different drafts, different agreement


def test_scoring_nothing_gives_nothing(scorer: ClipScorer) -> None:
    assert scorer.score([], PROMPT) == []
    assert scorer.rank([], PROMPT) == []


def test_scores_are_the_same_every_time_and_after_reloading(
    scorer: ClipScorer, clip_folder: Path, drafts: list[Image.Image]
) -> None:
    scores = scorer.score(drafts, PROMPT)

    assert scorer.score(drafts, PROMPT) == scores
    reloaded = load(clip_folder)
    assert reloaded is not None
    assert reloaded.score(drafts, PROMPT) == pytest.approx(scores, abs=1e-6)


def test_identical_drafts_score_identically(scorer: ClipScorer, drafts: list[Image.Image]) -> None:
    first, second, copy = scorer.score([drafts[0], drafts[1], drafts[0].copy()], PROMPT)

    assert first == copy
    assert scorer.score([drafts[0]], PROMPT)[0] == pytest.approx(first, abs=1e-6)  # batch or alone


def test_the_prompt_changes_the_scores(scorer: ClipScorer, drafts: list[Image.Image]) -> None:
    assert scorer.score(drafts, PROMPT) != scorer.score(drafts, "a blue coat in the snow")


def test_ranking_follows_the_scores(scorer: ClipScorer, drafts: list[Image.Image]) -> None:
    scores = scorer.score(drafts, PROMPT)
    ranking = scorer.rank(drafts, PROMPT)

    assert sorted(ranking) == list(range(len(drafts)))
    assert [scores[index] for index in ranking] == sorted(scores, reverse=True)


def test_ties_keep_their_order(scorer: ClipScorer, drafts: list[Image.Image]) -> None:
    ranking = scorer.rank([drafts[2], drafts[2], drafts[2]], PROMPT)

    assert ranking == [0, 1, 2]


def test_long_prompts_and_any_image_mode_are_scored(scorer: ClipScorer, drafts: list[Image.Image]) -> None:
    images = [drafts[0].convert("RGBA"), drafts[1].convert("L"), drafts[2].convert("P")]
    scores = scorer.score(images, "roses " * (MAX_PROMPT_CHARS // 6))

    assert len(scores) == 3 and all(math.isfinite(score) for score in scores)


def test_a_model_that_is_not_clip_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StudioloError) as raised:
        load(save_tiny_blip(tmp_path))
    assert raised.value.code == "model.unsupported"


def test_the_scorer_tells_the_self_check_whether_a_thing_shows(scorer: ClipScorer, drafts: list[Image.Image]) -> None:
    from studiolo.model.adherence import check_painting
    from studiolo.model.sketch.request import read_request

    request = read_request("an axolotl and a gramophone", open_vocabulary=True)
    answers = [scorer.shows(drafts[0], thing) for thing in request.things]
    assert all(isinstance(answer, bool) for answer in answers)
    assert answers == [scorer.shows(drafts[0], thing) for thing in request.things]  # the same every time
    faith = check_painting(request, drafts[0], {}, detector=scorer.shows)
    shown = [t.word for t, answer in zip(request.things, answers) if answer]
    assert faith.drawn == shown and faith.missing == [t.word for t in request.things if t.word not in shown]
    assert {c.name for c in faith.checks} == {"thing:axolotl", "thing:gramophone"}
