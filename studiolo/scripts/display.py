"""The terminal's view of a run (rich): each step as it starts, the artist's words, drafts as they arrive, verdicts.

`Quiet` shows nothing (the pytest plugin and the benchmark): the record holds everything either way.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from studiolo.events import DraftFinal, ErrorEvent, Event, ReplyDone, TurnRouted
from studiolo.scripts.record import RunRecord, StepRecord


class Display:
    def begin(self, record: RunRecord, steps: int) -> None: ...

    def session(self, record: RunRecord) -> None: ...

    def step(self, step: StepRecord, total: int) -> None: ...

    def event(self, event: Event, record: RunRecord) -> None: ...

    def note(self, text: str) -> None: ...

    def verdicts(self, step: StepRecord) -> None: ...

    def end(self, record: RunRecord) -> None: ...


Quiet = Display


class RichDisplay(Display):
    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(highlight=False)

    def begin(self, record: RunRecord, steps: int) -> None:
        self.console.rule(f"[bold]{escape(record.title)}[/] · {escape(record.persona)} · {steps} steps · {record.mode}")

    def session(self, record: RunRecord) -> None:
        self.console.print(f"[dim]session {record.session}[/]")

    def step(self, step: StepRecord, total: int) -> None:
        words = f" [cyan]{escape(step.words)}[/]" if step.words else ""
        self.console.print(f"[bold][{step.index + 1}/{total}][/] [dim]line {step.line}[/] {step.action}{words}")

    def event(self, event: Event, record: RunRecord) -> None:
        if isinstance(event, TurnRouted):
            self.console.print(f"    [dim]→ {event.skill} ({event.confidence:.2f})[/]")
        elif isinstance(event, DraftFinal) and event.draft_id in record.drafts:
            entry = record.drafts[event.draft_id]
            adherence = entry.faithfulness.adherence if entry.faithfulness is not None else None
            score = f" adherence {adherence:.0%}" if adherence is not None else ""
            self.console.print(f"    [green]#{entry.number}[/] {event.draft_id} {event.skill}{score}")
        elif isinstance(event, ReplyDone):
            by = f" (spoken by {event.by})" if event.by else ""
            self.console.print(f"    [magenta]{escape(record.persona)}{by}>[/] {escape(event.text)}")
        elif isinstance(event, ErrorEvent):
            self.console.print(f"    [red]refused: {escape(event.message)} [{escape(event.code)}][/]")

    def note(self, text: str) -> None:
        self.console.print(f"    [dim]{escape(text)}[/]")

    def verdicts(self, step: StepRecord) -> None:
        for verdict in step.verdicts:
            mark = "[green]✓[/]" if verdict.held else "[red]✗[/]"
            self.console.print(f"    {mark} {verdict.name}: {escape(verdict.expected)}"
                               + ("" if verdict.held else f" [red]— happened: {escape(verdict.happened)}[/]"))  # fmt: skip

    def end(self, record: RunRecord) -> None:
        self.console.print(f"digest {record.digest} · {len(record.drafts)} drafts · session {record.session}")
        for line in record.failures:
            self.console.print(f"[red]FAILED[/] {escape(line)}")
        if record.held:
            self.console.print("[green]every expectation held[/]")
