"""Draft lineage: a DAG per session (networkx), a cursor, and undo/redo of the cursor.

A refine adds a child of the draft it refined; branching means refining from any earlier draft; undo and redo
move the cursor back and forth through where it has been. Nothing is ever deleted: a designer can always go
back to the blue one from an hour ago.
"""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx

from studiolo.drafts import Draft, Feedback
from studiolo.errors import StudioloError


class DraftGraph:
    """The drafts of one session as a DAG, with a cursor (the draft being worked on) and cursor history."""

    def __init__(self) -> None:
        self._graph = nx.DiGraph()
        self._order: list[str] = []  # creation order: "#3" is the third draft made
        self.cursor: str | None = None
        self._back: list[str | None] = []
        self._forward: list[str | None] = []

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, draft_id: object) -> bool:
        return draft_id in self._graph

    def add(self, draft: Draft, *, move_cursor: bool = True) -> Draft:
        """Add a draft; its parents must already be here. Adding the same picture twice is a no-op."""
        if draft.id in self._graph:
            return self.get(draft.id)
        for parent in draft.parent_ids:
            self.get(parent)
        self._graph.add_node(draft.id, draft=draft)
        for parent in draft.parent_ids:
            self._graph.add_edge(parent, draft.id)
        self._order.append(draft.id)
        if move_cursor:
            self.select(draft.id)
        return draft

    def get(self, draft_id: str) -> Draft:
        if draft_id not in self._graph:
            raise StudioloError("draft.not_found", f"there is no draft {draft_id!r} in this session", field="draft_id")
        return self._graph.nodes[draft_id]["draft"]

    def drafts(self) -> list[Draft]:
        """Every draft, oldest first."""
        return [self._graph.nodes[i]["draft"] for i in self._order]

    def number(self, draft_id: str) -> int:
        """A draft's 1-based number in creation order, as shown to people ("#3")."""
        self.get(draft_id)
        return self._order.index(draft_id) + 1

    def by_number(self, number: int) -> Draft:
        if not 1 <= number <= len(self._order):
            raise StudioloError(
                "draft.not_found", f"there is no draft #{number}; this session has {len(self)}", field="draft_id"
            )
        return self.get(self._order[number - 1])

    def add_feedback(self, draft_id: str, feedback: Feedback) -> Draft:
        draft = self.get(draft_id)
        draft.feedback.append(feedback)
        return draft

    # the cursor: select and branch move it; undo and redo walk back and forth through its history

    def select(self, draft_id: str) -> Draft:
        draft = self.get(draft_id)
        if draft_id != self.cursor:
            self._back.append(self.cursor)
            self._forward.clear()
            self.cursor = draft_id
        return draft

    def branch(self, draft_id: str) -> Draft:
        """Work on from an earlier draft: the next refine becomes its child, a sibling of what came after."""
        return self.select(draft_id)

    def clear_cursor(self) -> None:
        """No draft is being worked on (a reset): the next request starts fresh; undo brings the cursor back."""
        if self.cursor is not None:
            self._back.append(self.cursor)
            self._forward.clear()
            self.cursor = None

    def undo(self) -> str | None:
        if not self._back:
            raise StudioloError("draft.nothing_to_undo", "there is nothing to undo", field="cursor")
        self._forward.append(self.cursor)
        self.cursor = self._back.pop()
        return self.cursor

    def redo(self) -> str | None:
        if not self._forward:
            raise StudioloError("draft.nothing_to_redo", "there is nothing to redo", field="cursor")
        self._back.append(self.cursor)
        self.cursor = self._forward.pop()
        return self.cursor

    # lineage

    def parents(self, draft_id: str) -> list[Draft]:
        return [self.get(p) for p in self.get(draft_id).parent_ids]

    def children(self, draft_id: str) -> list[Draft]:
        self.get(draft_id)
        return sorted((self.get(c) for c in self._graph.successors(draft_id)), key=lambda d: self._order.index(d.id))

    def lineage(self, draft_id: str) -> list[Draft]:
        """The path from the first ancestor to this draft, following each draft's first parent."""
        path = [self.get(draft_id)]
        while path[-1].parent_ids:
            path.append(self.get(path[-1].parent_ids[0]))
        return path[::-1]

    def siblings(self, draft_id: str) -> list[Draft]:
        """Drafts that share a parent with this one (for a first-generation draft: the rest of its batch)."""
        draft = self.get(draft_id)
        if draft.parent_ids:
            found = {c.id for p in draft.parent_ids for c in self.children(p)}
        else:
            found = {d.id for d in self.drafts() if not d.parent_ids and d.job_id == draft.job_id}
        return [d for d in self.drafts() if d.id in found and d.id != draft_id]

    # export

    def to_json(self) -> dict[str, Any]:
        return {
            "drafts": [d.model_dump(mode="json") for d in self.drafts()],
            "cursor": self.cursor,
            "edges": [[a, b] for a, b in self._graph.edges],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DraftGraph:
        graph = cls()
        for item in data.get("drafts", []):
            graph.add(Draft.model_validate(item), move_cursor=False)
        cursor = data.get("cursor")
        if cursor is not None:
            graph.get(cursor)
            graph.cursor = cursor
        return graph

    def to_graphml(self) -> str:
        """GraphML for graph tools (Gephi, yEd, networkx): one node per draft with its main facts."""
        export = nx.DiGraph()
        for draft in self.drafts():
            export.add_node(
                draft.id, number=self.number(draft.id), skill=draft.skill, prompt=draft.prompt, seed=draft.seed,
                model=draft.model, width=draft.width, height=draft.height, created=draft.created.isoformat(),
                cursor=draft.id == self.cursor, feedback=json.dumps([f.model_dump(mode="json") for f in draft.feedback]),
            )  # fmt: skip
        export.add_edges_from(self._graph.edges)
        out = io.BytesIO()
        nx.write_graphml(export, out)
        return out.getvalue().decode("utf-8")
