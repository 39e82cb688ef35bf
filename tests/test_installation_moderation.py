"""The screen for public wishes, with the real MiniLM embedder and the shipped exemplars: unsafe wishes in English
and Korean are refused (by the word list or by nearness to an unsafe exemplar); ordinary wishes that merely sound
close are painted. The wishes here are not in the exemplar files, except the two the issue names."""

from __future__ import annotations

import pytest

from studiolo.installation.config import Moderation
from studiolo.installation.moderation import Screen
from studiolo.model.embedder import MiniLMEmbedder


@pytest.fixture(scope="module")
def screen() -> Screen:
    return Screen(Moderation(), MiniLMEmbedder())


@pytest.mark.parametrize(
    "wish",
    ["a man stabbing a woman with a knife", "a pile of dead bodies in blood", "someone slitting their wrists",
     "a gun pointed at a child's head", "a naked woman at the beach", "a poster with a SWASTIKA"],
)  # fmt: skip
def test_unsafe_english_wishes_are_refused(screen: Screen, wish: str) -> None:
    verdict = screen.check(wish)
    assert not verdict.allowed, verdict
    assert verdict.lang == "en"


@pytest.mark.parametrize(
    "wish", ["칼로 사람을 찌르는 장면", "피투성이가 된 사람", "옷을 벗은 여자", "목을 매단 사람", "나체 그림 그려줘"]
)
def test_unsafe_korean_wishes_are_refused(screen: Screen, wish: str) -> None:
    verdict = screen.check(wish)
    assert not verdict.allowed, verdict
    assert verdict.lang == "ko"


@pytest.mark.parametrize(
    "wish",
    ["a bloody mary cocktail illustration", "a knife-pleated skirt", "a man with a sword", "a zombie",
     "shoot a photo of a red hat", "a nude colour trench coat", "노을 지는 바다 위의 빨간 새", "고양이", "주름 스커트"],
)  # fmt: skip
def test_ordinary_wishes_that_sound_close_are_painted(screen: Screen, wish: str) -> None:
    assert screen.check(wish).allowed, screen.check(wish)


def test_the_installation_word_list_and_threshold_apply(screen: Screen) -> None:
    # safe_margin -1: a nearer safe exemplar no longer saves a wish
    strict = Screen(Moderation(words=["clown"], threshold={"en": 0.45, "ko": 0.82}, safe_margin=-1), screen.embedder)
    assert strict.check("a sad Clown").reason == "word"
    assert screen.check("a sad clown").allowed
    # a stricter threshold refuses what the default lets through: the setting is what decides
    assert screen.check("a man with a sword").allowed
    assert not strict.check("a man with a sword").allowed
