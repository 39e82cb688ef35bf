"""What a request asks, and whether a draft gives it: reading requests, the self-check, repaints, imagine --json."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from PIL import Image

from studiolo.cli import main
from studiolo.model.adherence import COLOR_SHARE, check_painting, paint_until_faithful, retry_prompt
from studiolo.model.measure.colour import hex_to_rgb, srgb_to_lab
from studiolo.model.protocols import Painting, PaintSpec
from studiolo.model.request import AskedColor, AskedThing, Request
from studiolo.model.sketch import SketchPainter
from studiolo.model.sketch.request import read_request


def things(request: Request) -> dict[str, tuple[str | None, int | None]]:
    return {t.word: (t.motif, t.count) for t in request.things}


# -- reading a request -------------------------------------------------------------------------------------------


def test_a_request_names_its_things_colours_counts_and_layout() -> None:
    request = read_request("two moons and coral roses, a seamless textile")
    assert things(request) == {"moons": ("moon", 2), "roses": ("rose", None)}
    assert [c.name for c in request.things[1].colors] == ["coral"]
    assert [c.name for c in request.colors] == ["coral"]
    assert request.layout == "pattern"


def test_words_the_painter_cannot_draw_are_asked_things_not_silently_dropped() -> None:
    request = read_request("paint me a koi pond with a xylophone")
    koi = next(t for t in request.things if t.word == "koi")
    assert (koi.motif, koi.stand_in) == ("fish", "fish")  # the library's fish stands in, and says so
    assert things(request)["xylophone"] == (None, None)
    assert things(request)["pond"] == ("sea", None)
    assert "paint" not in things(request) and "me" not in things(request)  # words about the asking, not the picture


def test_words_about_the_picture_are_not_things() -> None:
    request = read_request("an elegant picture in a poster style with lots of detail")
    assert request.things == []
    assert request.paints_something  # nothing named: colour, mood and layout answer it


def test_korean_nouns_with_their_particles_are_asked_things() -> None:
    request = read_request("실로폰을 그려줘")
    assert things(request) == {"실로폰": (None, None)}
    assert request.language == "ko"
    assert not request.paints_something  # the artist asks rather than painting a default scene
    assert things(read_request("달 두 개와 레몬"))["달"] == ("moon", 2)


def test_a_plain_backdrop_is_the_background_and_centres_the_picture() -> None:
    request = read_request("a red rose against a white wall")
    assert request.background == AskedColor(name="white", hex="#ffffff")
    assert request.layout == "centered"
    assert read_request("red roses on a navy background").background.name == "navy"  # type: ignore[union-attr]


def test_stand_ins_take_the_place_of_their_words_in_the_painted_prompt() -> None:
    request = read_request(
        "orange axolotl in a pond", nearest=lambda word: ("lizard", "lizard") if word == "axolotl" else None
    )
    axolotl = next(t for t in request.things if t.word == "axolotl")
    assert (axolotl.motif, axolotl.stand_in) == ("lizard", "lizard")
    assert request.painter_prompt() == "orange lizard in a pond"


def test_an_open_vocabulary_painter_draws_every_noun_under_its_own_name() -> None:
    request = read_request("an axolotl pond", open_vocabulary=True)
    assert things(request)["axolotl"] == ("axolotl", None)


# -- the self-check ----------------------------------------------------------------------------------------------


def bands(*colours: tuple[str, float], size: int = 200) -> Image.Image:
    """Vertical bands of the given colours, each over its share of the width."""
    image = np.zeros((size, size, 3), np.uint8)
    x = 0
    for colour, share in colours:
        width = round(share * size)
        image[:, x : x + width] = np.round(hex_to_rgb(colour) * 255).astype(np.uint8)
        x += width
    return Image.fromarray(image, "RGB")


def share_of(image: Image.Image, colour: str, within: float = 25.0) -> float:
    lab = srgb_to_lab(np.asarray(image.convert("RGB"), np.float32) / 255)
    target = srgb_to_lab(hex_to_rgb(colour)[None, :])[0]
    return float((np.sqrt(((lab - target) ** 2).sum(axis=-1)) <= within).mean())


def test_each_named_colour_must_cover_a_visible_share() -> None:
    request = read_request("coral and indigo stripes")
    both = check_painting(request, bands(("#ff7f50", 0.5), ("#4b0082", 0.5)), {})
    assert both.adherence == 1.0 and both.failed == []
    sliver = check_painting(request, bands(("#ff7f50", 0.98), ("#4b0082", 0.02)), {})
    assert [c.name for c in sliver.failed] == ["color:indigo"]
    assert sliver.failed[0].measured == pytest.approx(0.02, abs=0.01) and sliver.failed[0].measured < COLOR_SHARE


def test_a_named_background_must_hold_the_border() -> None:
    request = read_request("a red rose against a white wall")
    framed = Image.new("RGB", (200, 200), "white")
    framed.paste((255, 0, 0), (70, 70, 130, 130))
    assert check_painting(request, framed, {}).failed == []
    landscape = bands(("#87ceeb", 0.5), ("#228b22", 0.5))
    assert "background:white" in {c.name for c in check_painting(request, landscape, {}).failed}


def test_things_and_counts_are_read_from_what_is_in_view() -> None:
    request = read_request("two moons and a rose")
    picture = Image.new("RGB", (64, 64), "navy")
    seen = check_painting(
        request, picture, {"in_view": {"moon": {"count": 2, "share": 0.02}, "rose": {"count": 1, "share": 0.05}}}
    )
    assert (seen.drawn, seen.missing, seen.adherence) == (["moons", "rose"], [], 1.0)
    one_moon = check_painting(request, picture, {"in_view": {"moon": {"count": 1, "share": 0.01}}})
    assert {c.name for c in one_moon.failed} == {"count:moons", "thing:rose"}
    assert one_moon.missing == ["rose"]


def test_a_thing_with_nothing_to_draw_it_with_is_missing_and_lowers_adherence() -> None:
    faith = check_painting(
        read_request("two moons and a xylophone"),
        Image.new("RGB", (64, 64)),
        {"in_view": {"moon": {"count": 2, "share": 0.02}}},
    )
    assert faith.missing == ["xylophone"]
    assert faith.adherence is not None and faith.adherence < 1


def test_approximated_things_are_reported_with_their_stand_in() -> None:
    request = read_request("an axolotl", nearest=lambda word: ("lizard", "lizard"))
    faith = check_painting(request, Image.new("RGB", (64, 64)), {"in_view": {"lizard": {"count": 1, "share": 0.05}}})
    assert (faith.approximated, faith.missing, faith.drawn) == ({"axolotl": "lizard"}, [], [])


def test_a_draft_that_misses_is_repainted_with_the_miss_emphasised() -> None:
    request = read_request("coral and indigo stripes")
    prompts: list[str] = []

    def repaint(prompt: str, seed: int) -> Painting:
        prompts.append(prompt)
        return Painting(bands(("#ff7f50", 0.5), ("#4b0082", 0.5)), prompt, seed, "fake")

    first = Painting(bands(("#ff7f50", 0.99), ("#4b0082", 0.01)), "coral and indigo stripes", 7, "fake", index=2)
    best, faith = paint_until_faithful(first, request, repaint, tries=3)
    assert faith.tries == 2 and faith.adherence == 1.0  # the repaint gave it: no third painting
    assert best.seed != 7 and best.index == 2
    assert prompts == ["coral and indigo stripes, big stripes"]  # indigo was named for the stripes


def test_a_free_colour_is_emphasised_by_name_and_a_repaint_no_better_ends_the_tries() -> None:
    request = read_request("something calm in teal")
    miss = Painting(Image.new("RGB", (64, 64), "white"), "something calm in teal", 1, "fake")
    faith = check_painting(request, miss.image, {})
    assert retry_prompt(miss.prompt, request, faith) == "something calm in teal, more teal"
    made: list[int] = []
    _, checked = paint_until_faithful(miss, request, lambda p, s: made.append(s) or miss, tries=3)  # type: ignore[func-returns-value]
    assert len(made) == 1 and checked.tries == 2 and checked.failed  # no better: reported honestly, no third try


def test_tries_bound_the_repaints_while_each_does_better() -> None:
    request = read_request("teal, coral and gold")
    better = iter([bands(("#008080", 0.5), ("#ffffff", 0.5)), bands(("#008080", 0.5), ("#ff7f50", 0.5))])
    first = Painting(Image.new("RGB", (64, 64), "white"), "teal, coral and gold", 1, "fake")
    best, faith = paint_until_faithful(first, request, lambda p, s: Painting(next(better), p, s, "fake"), tries=3)
    assert faith.tries == 3 and [c.name for c in faith.failed] == ["color:gold"]  # then it says what it could not do
    assert share_of(best.image, "#ff7f50") > 0.4  # the best of the three is kept


def test_one_try_checks_without_repainting() -> None:
    request = read_request("teal")
    miss = Painting(Image.new("RGB", (64, 64), "white"), "teal", 1, "fake")
    _, faith = paint_until_faithful(miss, request, lambda p, s: pytest.fail("repainted"), tries=1)
    assert faith.tries == 1 and faith.failed


# -- the embedded painter, end to end ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "prompt", ["coral and indigo stripes", "a red rose against a white wall", "three suns in a pink sky"]
)
def test_embedded_drafts_pass_their_checks_after_the_self_check(prompt: str) -> None:
    painter = SketchPainter()
    request = read_request(prompt)
    spec = PaintSpec(prompt=request.painter_prompt(), width=256, height=256, seed=11, n=4)

    def repaint(words: str, seed: int) -> Painting:
        return painter.text_to_image(spec.model_copy(update={"prompt": words, "seed": seed, "n": 1})).paintings[0]

    for painting in painter.text_to_image(spec).paintings:
        best, faith = paint_until_faithful(painting, request, repaint, tries=3)
        assert faith.failed == [], (prompt, best.seed, faith.failed)
        for colour in request.colors:  # measured again here, on the picture itself
            assert share_of(best.image, colour.hex) >= COLOR_SHARE


def test_a_plain_backdrop_is_painted_plain() -> None:
    painting = (
        SketchPainter()
        .text_to_image(PaintSpec(prompt="a red rose against a white wall", width=256, height=256, seed=3))
        .paintings[0]
    )
    border = np.asarray(painting.image)[np.r_[0:16, 240:256]]
    assert (border.reshape(-1, 3).min(axis=1) > 225).mean() > 0.9  # white, not a landscape
    assert painting.scene["layout"] == "centered"


def test_in_view_counts_only_what_shows(tmp_path) -> None:
    scene = (
        SketchPainter()
        .text_to_image(PaintSpec(prompt="two moons over the sea at night", width=256, height=256, seed=5))
        .paintings[0]
        .scene
    )
    assert scene["in_view"]["moon"]["count"] == 2
    assert scene["in_view"]["sea"] == {"count": None, "share": None, "y": None}  # painted as a layer


def test_imagine_json_says_per_draft_what_was_drawn_and_missed(tmp_path, capsys) -> None:
    code = main(
        [
            "imagine",
            "two moons and a xylophone",
            "--n",
            "2",
            "--seed",
            "3",
            "--size",
            "256",
            "--out",
            str(tmp_path),
            "--json",
        ]
    )
    assert code == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [set(line) for line in lines] == [{"path", "seed", "drawn", "approximated", "missing", "adherence"}] * 2
    for line in lines:
        assert line["drawn"] == ["moons"] and line["missing"] == ["xylophone"] and 0 < line["adherence"] < 1
        assert Image.open(io.BytesIO(open(line["path"], "rb").read())).size == (256, 256)


def test_imagine_refuses_tries_out_of_range(tmp_path, capsys) -> None:
    assert main(["imagine", "moon", "--tries", "0", "--out", str(tmp_path)]) == 1
    assert "[tries.out_of_range]" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_asked_thing_labels_its_stand_in() -> None:
    assert AskedThing(word="koi", motif="fish", stand_in="fish").label == "fish"


# -- studiolo eval -----------------------------------------------------------------------------------------------


def test_eval_reports_adherence_coverage_and_honesty_with_and_without_the_self_check(tmp_path, capsys) -> None:
    prompts = tmp_path / "prompts.txt"
    prompts.write_text("# a comment\ncoral and indigo stripes\n\n두 개의 달과 해태상\na xylophone\n", encoding="utf-8")
    assert main(["eval", str(prompts), "--n", "2", "--size", "128", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    rows = {row["prompt"]: row for row in report["prompts"]}
    assert list(rows) == ["coral and indigo stripes", "두 개의 달과 해태상", "a xylophone"]
    assert rows["두 개의 달과 해태상"]["missing"] == ["해태상"]
    assert rows["두 개의 달과 해태상"]["self_check"]["coverage"] == 0.5  # the moons, not the fox
    assert rows["두 개의 달과 해태상"]["self_check"]["honesty"] == 1.0  # and it says so
    assert rows["a xylophone"]["self_check"]["drafts"] == 0 and rows["a xylophone"]["missing"] == ["xylophone"]
    overall = report["overall"]
    assert set(overall) == {"check_only", "self_check"}
    assert overall["self_check"]["adherence"] >= overall["check_only"]["adherence"]
    assert overall["check_only"]["repainted"] == 0 and overall["self_check"]["asked_back"] == pytest.approx(
        1 / 3, abs=1e-3
    )


@pytest.mark.parametrize(
    ("content", "code"),
    [(None, "prompts.not_found"), ("# only a comment\n\n", "prompts.empty"), (b"\xff\xfe", "prompts.not_utf8")],
)
def test_eval_refuses_a_bad_prompts_file(tmp_path, capsys, content, code) -> None:
    path = tmp_path / "prompts.txt"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["eval", str(path)]) == 1
    assert f"[{code}]" in capsys.readouterr().err


def test_a_thing_no_repaint_can_draw_is_not_repainted_for() -> None:
    request = read_request("two moons and a xylophone")
    painting = Painting(
        Image.new("RGB", (64, 64)),
        "two moons and a xylophone",
        1,
        "fake",
        {"in_view": {"moon": {"count": 2, "share": 0.02}}},
    )
    _, faith = paint_until_faithful(painting, request, lambda p, s: pytest.fail("repainted"), tries=3)
    assert faith.tries == 1 and faith.missing == ["xylophone"] and not faith.failed[0].fixable


def test_garments_and_occasions_are_what_the_picture_is_for_not_things_in_it() -> None:
    assert things(read_request("a silk scarf print of koi and waves for a jazz festival")) == {
        "koi": ("fish", None),
        "waves": ("wave", None),
    }
    assert things(read_request("네이비 바탕에 흰 물방울무늬 블라우스 프린트")) == {"물방울": ("dots", None)}
    assert read_request("네이비 바탕에 흰 물방울무늬").background.name == "네이비"  # type: ignore[union-attr]
    assert things(read_request("a T-shirt print of a single red rose")) == {"rose": ("rose", 1)}
    assert things(read_request("one big sunflower for the back of a denim jacket")) == {"sunflower": ("sunflower", 1)}
    assert things(read_request("a red dress and a hat")) == {
        "dress": ("dress", None),
        "hat": ("top_hat", None),
    }  # asked to be drawn


def test_imagine_says_so_when_nothing_in_the_prompt_can_be_drawn(tmp_path, capsys) -> None:
    assert main(["imagine", "a xylophone", "--out", str(tmp_path), "--size", "128"]) == 1
    assert "xylophone" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # no default picture
