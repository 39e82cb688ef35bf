"""`studiolo demo`: a short, offline showcase of the artist turning text into images and images into text.

A greeting, four drafts for the brief "flowers blooming on Venus" (each streamed layer by layer into a progress
bar, then measured against the brief by the self-check), a description of one, a refinement of it from a line of feedback, a seamless textile pattern from the
refinement with its 3 x 3 repeat, and an index.html contact sheet of everything in the output folder.
"""

from __future__ import annotations

import html
from pathlib import Path

from PIL import Image
from rich.console import Console
from rich.panel import Panel
from rich.progress import BarColumn, Progress, TextColumn

from studiolo.drafts import Faithfulness
from studiolo.errors import StudioloError
from studiolo.model.adherence import check_painting
from studiolo.model.images import encode_png, open_image, read_provenance, write_all_or_nothing
from studiolo.model.measure import MeasuringDescriber
from studiolo.model.protocols import Painting, PaintSpec, Preview
from studiolo.model.sketch import SketchPainter
from studiolo.model.sketch.request import read_request

BRIEF = "flowers blooming on Venus"
FEEDBACK = "warmer, more petals, add a second moon"
SEED = 7
GREETING = (
    "Hello! I'm the studio's sketch artist. I paint offline, right here on your machine, layer by layer. "
    f"Today's brief is “{BRIEF}”: let me show you four ideas."
)


def run_demo(out: Path, console: Console | None = None) -> list[Path]:
    console = console or Console()
    painter, describer = SketchPainter(), MeasuringDescriber()
    console.print(Panel(GREETING, title="studiolo", border_style="magenta"))

    drafts = _paint_with_progress(
        console, painter, PaintSpec(prompt=BRIEF, width=1024, height=1024, seed=SEED, n=4), "draft"
    )
    files = {out / f"draft-{i + 1}.png": encode_png(p.image, p.provenance()) for i, p in enumerate(drafts)}
    notes = {}
    request = read_request(BRIEF)
    for i, painting in enumerate(drafts, start=1):
        notes[f"draft-{i}.png"] = _checked(check_painting(request, painting.image, painting.scene))
        console.print(f"[dim]draft {i}: {notes[f'draft-{i}.png']}[/]")

    chosen = drafts[1]
    # describe the PNG as saved, so the describer reads its provenance as it would from any file of ours
    description = describer.describe(open_image(files[out / "draft-2.png"]))
    notes["draft-2.png"] += f" {description.text}"
    console.print(Panel(description.text, title="draft 2, in words", border_style="cyan"))

    console.print(f"[bold]Designer:[/] {FEEDBACK}")
    refine_spec = PaintSpec(prompt=f"{BRIEF}, {FEEDBACK}", width=1024, height=1024, seed=chosen.seed)
    refined = _paint_with_progress(console, painter, refine_spec, "refine", init=chosen.image)[0]
    files[out / "refined.png"] = encode_png(refined.image, refined.provenance())
    notes["refined.png"] = _checked(check_painting(read_request(refine_spec.prompt), refined.image, refined.scene))
    console.print(f"[dim]refined: {notes['refined.png']}[/]")

    tile_spec = PaintSpec(
        prompt=f"{BRIEF}, {FEEDBACK}, textile pattern", width=512, height=512, seed=chosen.seed, pattern=True
    )
    tile = _paint_with_progress(console, painter, tile_spec, "pattern")[0]
    files[out / "pattern-tile.png"] = encode_png(tile.image, tile.provenance())
    files[out / "pattern-3x3.png"] = encode_png(_repeat(tile.image, 3))

    write_all_or_nothing(files)
    index = out / "index.html"
    write_all_or_nothing({index: _contact_sheet(out, notes).encode("utf-8")})
    console.print(Panel("\n".join(str(p) for p in [*files, index]), title=f"written to {out}", border_style="green"))
    return [*files, index]


def _paint_with_progress(
    console: Console, painter: SketchPainter, spec: PaintSpec, label: str, init: Image.Image | None = None
) -> list[Painting]:
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[layer]}"), console=console
    ) as progress:
        tasks = [
            progress.add_task(f"{label} {i + 1}" if spec.n > 1 else label, total=6, layer="") for i in range(spec.n)
        ]

        def on_preview(preview: Preview) -> None:
            progress.update(tasks[preview.index], completed=preview.step, layer=preview.label)

        if init is None:
            result = painter.text_to_image(spec, on_preview=on_preview)
        else:
            result = painter.image_to_image(spec, init, 0.6, on_preview=on_preview)
    return result.paintings


def _checked(faith: Faithfulness) -> str:
    """The self-check's verdict in a line: adherence, what was drawn, what was not."""
    parts = [f"adherence {faith.adherence:.0%}" if faith.adherence is not None else "nothing to check"]
    parts += [f"drew {', '.join(faith.drawn)}"] if faith.drawn else []
    parts += [f"{word} → {stand_in}" for word, stand_in in faith.approximated.items()]
    parts += [f"missing {', '.join(faith.missing)}"] if faith.missing else []
    return " · ".join(parts) + "."


def _repeat(tile: Image.Image, times: int) -> Image.Image:
    sheet = Image.new("RGB", (tile.width * times, tile.height * times))
    for row in range(times):
        for col in range(times):
            sheet.paste(tile, (col * tile.width, row * tile.height))
    return sheet


def _contact_sheet(folder: Path, notes: dict[str, str]) -> str:
    """An index.html of every image in the folder, captioned with its prompt and seed where it has them."""
    cards = []
    for path in sorted(folder.glob("*.png")):
        try:
            provenance = read_provenance(open_image(path))
        except StudioloError:  # someone else's damaged file in the folder: list it, don't fail the sheet
            provenance = None
        caption = (
            f"“{html.escape(provenance.get('prompt', ''))}” · seed {provenance.get('seed')}"
            if provenance
            else "repeat preview"
        )
        note = f"<p>{html.escape(notes[path.name])}</p>" if path.name in notes else ""
        cards.append(
            f'<figure><a href="{html.escape(path.name)}"><img src="{html.escape(path.name)}" alt="{html.escape(path.stem)}"></a>'
            f"<figcaption><b>{html.escape(path.name)}</b><br>{caption}{note}</figcaption></figure>"
        )
    return (
        "<!doctype html><html lang=en><meta charset=utf-8><title>studiolo demo</title>"
        "<style>body{font:15px system-ui;margin:2rem;background:#faf7f2;color:#222}"
        "main{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:1.2rem}"
        "img{width:100%;border-radius:6px;box-shadow:0 1px 4px #0003}figure{margin:0}</style>"
        f"<h1>studiolo · {html.escape(BRIEF)}</h1><main>{''.join(cards)}</main></html>\n"
    )
