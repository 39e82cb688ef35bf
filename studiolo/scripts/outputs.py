"""What a run leaves on disk: every draft as a PNG, the HTML report, the JSON facts (each written whole or not at
all, so a failed run's report up to where it stopped is as readable as a passing one's)."""

from __future__ import annotations

from pathlib import Path

from studiolo.model.images import write_all_or_nothing
from studiolo.scripts.record import RunRecord
from studiolo.scripts.report import facts_json, render_report


def write_outputs(record: RunRecord, *, out: Path | None, report: Path | None, json_path: Path | None) -> list[Path]:
    files: dict[Path, bytes] = {}
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for entry in record.drafts.values():
            if entry.image:
                files[out / f"draft-{entry.number:03d}-{entry.id}.png"] = entry.image
    if report is not None:
        files[report] = render_report(record).encode("utf-8")
    if json_path is not None:
        files[json_path] = facts_json(record).encode("utf-8")
    for path in files:
        path.parent.mkdir(parents=True, exist_ok=True)
    write_all_or_nothing(files)
    return [p for p in files if p.suffix != ".png"] + ([out] if out is not None else [])
