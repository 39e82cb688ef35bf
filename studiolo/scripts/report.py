"""The run's report: one self-contained HTML file (no script, no fetch: it opens offline from disk and prints).

Title and persona; the transcript, each turn with its skill and time; every draft as a thumbnail that opens full
size (a CSS :target overlay) with its prompt, seed, parent, feedback and adherence; the lineage as an SVG tree laid
out from the networkx graph (generations top to bottom); rounds to accept for each collaboration; and the table of
expectations. `facts_json` is the same facts for machines (`--json`).
"""

from __future__ import annotations

import base64
import html
import io
import json
from datetime import UTC, datetime

import networkx as nx
from PIL import Image

from studiolo.events import ErrorEvent, Event, ReplyDone, TurnSaid
from studiolo.scripts.record import DraftEntry, RunRecord

THUMB = 168
NODE_W, NODE_H, GAP_X, GAP_Y = 64, 30, 18, 46

CSS = (
    """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222}
h1{margin-bottom:.2rem} .meta{color:#666} .held{color:#1a7f37} .failed{color:#c62828;font-weight:600}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem} td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;
text-align:left;vertical-align:top} th{background:#f5f5f5}
.turn{margin:.4rem 0} .who{font-weight:600} .skill{font-size:12px;background:#eef;border-radius:4px;padding:0 .3rem}
.time{color:#888;font-size:12px} .artist{color:#6a1b9a} .error{color:#c62828}
.drafts{display:flex;flex-wrap:wrap;gap:12px} .card{width:"""
    + str(THUMB)
    + """px;font-size:12px;break-inside:avoid}
.card img{width:"""
    + str(THUMB)
    + """px;height:auto;border:1px solid #ccc;display:block}
.full{display:none} .full:target{display:flex;position:fixed;inset:0;background:rgba(0,0,0,.85);align-items:center;
justify-content:center;flex-direction:column;z-index:9} .full img{max-width:92vw;max-height:86vh} .full a{color:#fff}
svg text{font:12px system-ui,sans-serif} .stopped{background:#fdecea;padding:.5rem;border-left:4px solid #c62828}
@media print{.full{display:none!important} .card{page-break-inside:avoid}}
"""
)


def render_report(record: RunRecord) -> str:
    parts = [
        "<!doctype html><html lang=en><meta charset=utf-8>",
        f"<title>{_e(record.title)}</title><style>{CSS}</style><body>",
        f"<h1>{_e(record.title)}</h1>",
        f"<p class=meta>persona {_e(record.persona)} · script {_e(record.script)} · {_e(record.mode)} · session "
        f"{_e(record.session)} · digest <code>{record.digest}</code> · "
        f"{datetime.fromtimestamp(record.started_at, UTC):%Y-%m-%d %H:%M} UTC</p>",
        _verdict(record),
        "<h2>Transcript</h2>", _transcript(record),
        f"<h2>Drafts ({len(record.drafts)})</h2>", _drafts(record),
        "<h2>Lineage</h2>", _lineage(record),
        "<h2>Collaborations</h2>", _collaborations(record),
        "<h2>Expectations</h2>", _expectations(record),
        "</body></html>",
    ]  # fmt: skip
    return "\n".join(parts)


def facts_json(record: RunRecord) -> str:
    return json.dumps(record.facts(), ensure_ascii=False, indent=1)


def _verdict(record: RunRecord) -> str:
    if record.held:
        return "<p class=held>Every expectation held.</p>"
    lines = "".join(f"<li>{_e(line)}</li>" for line in record.failures)
    state = "stopped early" if record.stopped else "finished"
    return f"<div class=stopped><span class=failed>The run {state} with failures:</span><ul>{lines}</ul></div>"


def _transcript(record: RunRecord) -> str:
    rows = [_replies(record.greeting, record.persona)]
    for step in record.steps:
        skill = f" <span class=skill>{_e(step.skill)}</span>" if step.skill else ""
        said = next((e.text for e in step.events if isinstance(e, TurnSaid)), None)
        words = said if step.action in ("say", "upload") and said else f"{step.action} {step.words}".strip()
        time = f"<span class=time>+{step.started:.1f} s · {step.seconds:.2f} s · line {step.line}</span>"
        who = {"speak": "operator", "reset": "operator", "cue": "cue"}.get(step.action, "designer")
        rows.append(f"<div class=turn><span class=who>{who}</span>{skill} {time}<br>{_e(words)}</div>")
        made = " ".join(f"<a href='#d{record.drafts[d].number}'>#{record.drafts[d].number}</a>" for d in step.drafts)
        if made:
            rows.append(f"<div class=turn>drafts {made}</div>")
        rows.append(_replies(step.events, record.persona))
        if step.problem:
            rows.append(f"<div class='turn error'>{_e(step.problem)}</div>")
    return "\n".join(rows)


def _replies(events: list[Event], persona: str) -> str:
    out = []
    for event in events:
        if isinstance(event, ReplyDone):
            by = f" (spoken by {_e(event.by)})" if event.by else ""
            out.append(f"<div class='turn artist'><span class=who>{_e(persona)}{by}</span><br>{_e(event.text)}</div>")
        elif isinstance(event, ErrorEvent):
            out.append(f"<div class='turn error'>refused: {_e(event.message)} [{_e(event.code)}]</div>")
    return "\n".join(out)


def _drafts(record: RunRecord) -> str:
    cards, overlays = [], []
    for entry in record.drafts.values():
        cards.append(_card(entry, record))
        if entry.image:
            overlays.append(f"<div class=full id=full{entry.number}><img src='{_data_uri(entry.image)}' "
                            f"alt='draft #{entry.number}'><a href='#d{entry.number}'>close</a></div>")  # fmt: skip
    return "<div class=drafts>" + "\n".join(cards) + "</div>" + "\n".join(overlays)


def _card(entry: DraftEntry, record: RunRecord) -> str:
    thumb = (f"<a href='#full{entry.number}'><img src='{_data_uri(_thumbnail(entry.image))}' alt='draft #{entry.number}'></a>"
             if entry.image else "<em>(made before the script)</em>")  # fmt: skip
    parents = ", ".join(f"#{record.drafts[p].number}" if p in record.drafts else p[:8] for p in entry.parent_ids)
    adherence = entry.faithfulness.adherence if entry.faithfulness is not None else None
    feedback = "; ".join(
        " ".join(filter(None, [f"rating {f.rating}" if f.rating is not None else "", "picked" if f.pick else "",
                               f"“{f.text}”" if f.text else ""]))
        for f in entry.feedback
    )  # fmt: skip
    facts = [
        f"<b>#{entry.number}</b> {_e(entry.skill)}", f"prompt: {_e(entry.prompt)}", f"seed {entry.seed}",
        f"parent: {parents or 'none'}", f"adherence: {f'{adherence:.0%}' if adherence is not None else 'not checked'}",
    ] + ([f"feedback: {_e(feedback)}"] if feedback else []) + [f"<code>{entry.id[:12]}</code>"]  # fmt: skip
    return f"<div class=card id=d{entry.number}>{thumb}{'<br>'.join(facts)}</div>"


def lineage_layout(record: RunRecord) -> tuple[nx.DiGraph, dict[str, tuple[float, float]]]:
    """The drafts as a DAG (parent -> child) and each node's place: generations top to bottom, numbers in order."""
    graph = nx.DiGraph()
    for entry in record.drafts.values():
        graph.add_node(entry.id)
        for parent in entry.parent_ids:
            if parent in record.drafts:
                graph.add_edge(parent, entry.id)
    places: dict[str, tuple[float, float]] = {}
    for depth, generation in enumerate(nx.topological_generations(graph)):
        for column, node in enumerate(sorted(generation, key=lambda n: record.drafts[n].number)):
            places[node] = (GAP_X + column * (NODE_W + GAP_X), GAP_Y / 2 + depth * (NODE_H + GAP_Y))
    return graph, places


def _lineage(record: RunRecord) -> str:
    if not record.drafts:
        return "<p>No drafts.</p>"
    graph, places = lineage_layout(record)
    width = max(x for x, _ in places.values()) + NODE_W + GAP_X
    height = max(y for _, y in places.values()) + NODE_H + GAP_Y / 2
    shapes = []
    for parent, child in graph.edges:
        (x1, y1), (x2, y2) = places[parent], places[child]
        shapes.append(f"<line x1={x1 + NODE_W / 2} y1={y1 + NODE_H} x2={x2 + NODE_W / 2} y2={y2} stroke='#999'/>")
    for node, (x, y) in places.items():
        entry = record.drafts[node]
        picked = any(f.pick for f in entry.feedback)
        fill = "#ffe8a3" if picked else "#eef"
        shapes.append(
            f"<a href='#d{entry.number}'><rect x={x} y={y} width={NODE_W} height={NODE_H} rx=6 fill='{fill}' "
            f"stroke='#557'/><text x={x + NODE_W / 2} y={y + 19} text-anchor=middle>#{entry.number} "
            f"{_e(entry.skill[:7])}</text></a>"
        )
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width={width:.0f} height={height:.0f} "
            f"viewBox='0 0 {width:.0f} {height:.0f}' role=img aria-label='lineage of the drafts'>" + "".join(shapes) + "</svg>")  # fmt: skip


def _collaborations(record: RunRecord) -> str:
    if not record.collaborations:
        return "<p>No collaboration ended in this run.</p>"
    rows = "".join(
        f"<tr><td>{_e(c.get('brief', ''))}</td><td>{'yes' if c.get('accepted') else 'no'}</td>"
        f"<td>{c.get('rounds_to_accept') if c.get('rounds_to_accept') is not None else '—'}</td><td>{c.get('rounds')}</td>"
        f"<td>{', '.join(f'{s:.1f}' for s in c.get('seconds_per_round', []))}</td></tr>"
        for c in record.collaborations
    )  # fmt: skip
    return ("<table><tr><th>brief</th><th>accepted</th><th>rounds to accept</th><th>rounds</th>"
            f"<th>seconds per round</th></tr>{rows}</table>")  # fmt: skip


def _expectations(record: RunRecord) -> str:
    rows = []
    for step in record.steps:
        for v in step.verdicts:
            mark = "<span class=held>held</span>" if v.held else "<span class=failed>failed</span>"
            rows.append(f"<tr><td>{step.index + 1}</td><td>{step.line}</td><td>{_e(v.name)}</td>"
                        f"<td>{_e(v.expected)}</td><td>{_e(v.happened)}</td><td>{mark}</td></tr>")  # fmt: skip
        if step.problem:
            rows.append(f"<tr><td>{step.index + 1}</td><td>{step.line}</td><td>step</td><td>to run</td>"
                        f"<td>{_e(step.problem)}</td><td><span class=failed>failed</span></td></tr>")  # fmt: skip
    if not rows:
        return "<p>No expectations.</p>"
    return ("<table><tr><th>step</th><th>line</th><th>what</th><th>expected</th><th>happened</th><th></th></tr>"
            + "".join(rows) + "</table>")  # fmt: skip


def _thumbnail(png: bytes) -> bytes:
    image = Image.open(io.BytesIO(png))
    image.thumbnail((THUMB * 2, THUMB * 2))  # twice the shown size: sharp on a high-density screen and on paper
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=85)
    return out.getvalue()


def _data_uri(data: bytes) -> str:
    mime = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)
