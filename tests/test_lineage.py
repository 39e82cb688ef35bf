"""The draft lineage graph and how people point at drafts."""

from __future__ import annotations

import io

import networkx as nx
import pytest

from studiolo.agent.lineage import DraftGraph
from studiolo.agent.references import basic_colour, resolve_reference
from studiolo.drafts import Draft, Feedback, draft_id
from studiolo.errors import StudioloError


def make(n: int, *, parents: tuple[str, ...] = (), job: str | None = "job-1", prompt: str = "flowers",
         skill: str = "imagine", scene: dict | None = None) -> Draft:  # fmt: skip
    return Draft(
        id=draft_id(f"{prompt}-{n}-{parents}".encode()), parent_ids=list(parents), job_id=job, skill=skill,
        prompt=prompt, seed=n, model="sketch", width=64, height=64, scene=scene or {},
    )  # fmt: skip


@pytest.fixture
def graph() -> DraftGraph:
    """Four drafts from one job, then a refinement of the second, then a refinement of that."""
    g = DraftGraph()
    batch = [g.add(make(i)) for i in range(4)]
    child = g.add(make(10, parents=(batch[1].id,), job="job-2", skill="refine"))
    g.add(make(11, parents=(child.id,), job="job-3", skill="refine"))
    return g


def test_ids_are_content_hashes() -> None:
    assert draft_id(b"png bytes") == draft_id(b"png bytes") != draft_id(b"other bytes")
    assert len(draft_id(b"x")) == 32 and all(c in "0123456789abcdef" for c in draft_id(b"x"))
    with pytest.raises(ValueError):
        Draft(id="../../etc/passwd", skill="imagine", prompt="", seed=0, model="m", width=1, height=1)


def test_refine_adds_a_child_and_lineage_runs_from_the_first_ancestor(graph: DraftGraph) -> None:
    drafts = graph.drafts()
    assert [d.id for d in graph.lineage(drafts[5].id)] == [drafts[1].id, drafts[4].id, drafts[5].id]
    assert [d.id for d in graph.children(drafts[1].id)] == [drafts[4].id]
    assert graph.cursor == drafts[5].id


def test_branching_from_an_earlier_draft_makes_siblings(graph: DraftGraph) -> None:
    drafts = graph.drafts()
    graph.branch(drafts[1].id)
    other = graph.add(make(20, parents=(graph.cursor,), job="job-4", skill="refine"))
    assert {d.id for d in graph.siblings(other.id)} == {drafts[4].id}
    assert {d.id for d in graph.siblings(drafts[0].id)} == {drafts[1].id, drafts[2].id, drafts[3].id}
    assert len(graph) == 7  # nothing replaced


def test_undo_and_redo_move_the_cursor_and_delete_nothing(graph: DraftGraph) -> None:
    drafts = graph.drafts()
    assert graph.undo() == drafts[4].id
    assert graph.undo() == drafts[3].id
    assert graph.redo() == drafts[4].id
    assert len(graph) == 6
    graph.select(drafts[0].id)  # a new move forgets the redo trail, as editors do
    with pytest.raises(StudioloError) as error:
        graph.redo()
    assert error.value.code == "draft.nothing_to_redo"
    fresh = DraftGraph()
    with pytest.raises(StudioloError) as error:
        fresh.undo()
    assert error.value.code == "draft.nothing_to_undo"


def test_unknown_drafts_and_parents_are_refused(graph: DraftGraph) -> None:
    for call in (
        lambda: graph.get("f" * 32),
        lambda: graph.select("f" * 32),
        lambda: graph.add(make(99, parents=("e" * 32,))),
    ):
        with pytest.raises(StudioloError) as error:
            call()
        assert error.value.code == "draft.not_found"
    assert len(graph) == 6


def test_feedback_is_validated_and_kept(graph: DraftGraph) -> None:
    first = graph.drafts()[0]
    graph.add_feedback(first.id, Feedback(rating=2, pick=True, text="love the pink"))
    assert graph.get(first.id).feedback[0].rating == 2
    for bad in ({"rating": 3}, {"rating": -5}, {"text": "x" * 5000}):
        with pytest.raises(ValueError):
            Feedback(**bad)


def test_json_round_trip_and_graphml_export(graph: DraftGraph) -> None:
    graph.add_feedback(graph.drafts()[2].id, Feedback(rating=-1, text="too busy"))
    again = DraftGraph.from_json(graph.to_json())
    assert [d.model_dump() for d in again.drafts()] == [d.model_dump() for d in graph.drafts()]
    assert again.cursor == graph.cursor
    read = nx.read_graphml(io.StringIO(graph.to_graphml()))
    assert set(read.nodes) == {d.id for d in graph.drafts()}
    assert read.number_of_edges() == 2
    assert read.nodes[graph.drafts()[4].id]["skill"] == "refine"


def test_references_by_number_ordinal_this_and_last(graph: DraftGraph) -> None:
    drafts = graph.drafts()
    assert resolve_reference("refine #3 please", graph).id == drafts[2].id
    assert resolve_reference("draft 5", graph).id == drafts[4].id
    assert resolve_reference("make this warmer", graph).id == graph.cursor
    assert resolve_reference("I like the last one", graph).id == drafts[5].id
    assert resolve_reference("what a nice day", graph) is None
    graph.add(make(30, job="job-9"))
    graph.add(make(31, job="job-9"))
    assert resolve_reference("the second one", graph).id == graph.drafts()[-1].id  # counts within the newest set
    assert resolve_reference("두 번째 거 좋아", graph).id == graph.drafts()[-1].id
    with pytest.raises(StudioloError) as error:
        resolve_reference("the fourth one", graph)
    assert error.value.code == "draft.not_found"
    with pytest.raises(StudioloError):
        resolve_reference("#40", graph)


def test_references_by_kind_and_colour() -> None:
    g = DraftGraph()
    blue = g.add(
        make(
            1,
            prompt="a calm sea",
            scene={"layout": "landscape", "palette": {"sky": ["#3a6ea5"], "ground": ["#1d3557"]}},
        )
    )
    pattern = g.add(
        make(
            2,
            prompt="rose textile",
            skill="pattern",
            scene={"layout": "pattern", "palette": {"sky": ["#ffffff"], "ground": ["#ffc0cb"]}},
        )
    )
    g.add(make(3, prompt="yellow flowers", scene={"layout": "landscape", "named_colors": ["yellow"]}))
    assert resolve_reference("go back to the blue one", g).id == blue.id
    assert resolve_reference("the last pattern, but bigger", g).id == pattern.id
    assert resolve_reference("파란색 거 다시", g).id == blue.id
    with pytest.raises(StudioloError):
        resolve_reference("the purple one", g)


@pytest.mark.parametrize(
    "colour, word",
    [("#ff0000", "red"), ("#ffc0cb", "pink"), ("#0000ff", "blue"), ("#1d3557", "blue"), ("#ffff00", "yellow"),
     ("#8b4513", "brown"), ("#808080", "grey"), ("#ffffff", "white"), ("#000000", "black"), ("#800080", "purple")],
)  # fmt: skip
def test_basic_colour_words(colour: str, word: str) -> None:
    assert basic_colour(colour) == word
