"""The `studiolo` command: imagine, eval, describe, route, chat, demo, serve, store, send, protocol, persona,
wear, colourways, print, run, script.

Every error a user can cause ends as one line on stderr, `studiolo: <message> [<code>]`, with exit status 1
(2 for malformed command lines, as argparse does), never a traceback, and nothing half-written on disk.
`--config FILE` (or the STUDIOLO_CONFIG variable) and `--verbose` go before or after any subcommand. Without
`--verbose` the model libraries' warnings and loading bars stay quiet.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from studiolo.errors import StudioloError
from studiolo.language import LANGUAGES, Language
from studiolo.model.protocols import MAX_PROMPT_CHARS, MAX_SIDE, MIN_SIDE, Painter, Painting, PaintSpec

if TYPE_CHECKING:  # imported where used: the command line starts without loading the models' libraries
    from studiolo.model.adherence import ThingDetector
    from studiolo.model.diffusers import UpscalePlan
    from studiolo.model.registry import Backends
    from studiolo.model.request import Request
    from studiolo.settings import Settings

MAX_N = 64
MAX_TRIES = 8
CONFIG_HELP = "a settings file (YAML): models and server (default: $STUDIOLO_CONFIG)"
VERBOSE_HELP = "show the model libraries' warnings and loading bars"


def parse_size(text: str) -> tuple[int, int]:
    """'1024' -> (1024, 1024); '1024x768' -> (1024, 768)."""
    match = re.fullmatch(r"\s*(\d{1,6})\s*(?:[xX×]\s*(\d{1,6}))?\s*", text)
    if match is None:
        raise StudioloError("size.invalid", f"--size must look like 1024 or 1024x768, not {text!r}", field="size")
    width = int(match.group(1))
    height = int(match.group(2) or width)
    for side in (width, height):
        if not MIN_SIDE <= side <= MAX_SIDE:
            raise StudioloError(
                "size.out_of_range",
                f"--size sides must be between {MIN_SIDE} and {MAX_SIDE} pixels, not {side}",
                field="size",
            )
    return width, height


def check_text(text: str, what: str) -> str:
    """Reject text that was not valid UTF-8 on the command line (Python smuggles such bytes in as surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise StudioloError("text.not_utf8", f"the {what} is not valid UTF-8 text", field=what) from None
    if len(text) > MAX_PROMPT_CHARS:
        raise StudioloError(
            "text.too_long", f"the {what} has {len(text):,} characters; the limit is {MAX_PROMPT_CHARS:,}", field=what
        )
    return text


def parse_lang(text: str) -> Language:
    """The language of a description: en or ko."""
    lang = text.strip().lower()
    for supported in LANGUAGES:
        if lang == supported:
            return supported
    raise StudioloError("lang.unsupported", f"--lang must be one of {', '.join(LANGUAGES)}, not {text!r}", field="lang")


def output_folder(out: str, *, create: bool = True) -> Path:
    """The output folder, checked at once and created (now, or with `create=False` by the caller once there is
    something to write in it) if its parent exists; never creates a chain of folders from a typo."""
    path = Path(out).expanduser()
    if path.exists() and not path.is_dir():
        raise StudioloError("out.not_a_folder", f"--out {path} exists and is not a folder", field="out")
    if not path.exists():
        if not path.parent.is_dir():
            raise StudioloError(
                "out.parent_missing", f"--out {path}: its parent folder {path.parent} does not exist", field="out"
            )
        if create:
            path.mkdir()
    return path


def quiet_libraries(verbose: bool) -> None:
    """Silence the model libraries' warnings (transformers' torchvision fallbacks, say) and loading bars unless
    --verbose: a command prints its results and its errors, nothing else. Set before those libraries load."""
    if verbose:
        return
    for variable, value in (
        ("TRANSFORMERS_VERBOSITY", "error"),
        ("DIFFUSERS_VERBOSITY", "error"),
        ("HF_HUB_DISABLE_PROGRESS_BARS", "1"),  # the diffusers painter makes diffusers honour it too
    ):
        os.environ.setdefault(variable, value)


def slug(prompt: str) -> str:
    words = re.findall(r"\w+", prompt.lower())
    return "-".join(words)[:48].strip("-") or "untitled"


def backends(args: argparse.Namespace) -> Backends:
    """The model backends the settings name (defaults: the embedded sketch painter and measuring describer)."""
    from studiolo.model.registry import Backends
    from studiolo.settings import Settings

    return Backends(Settings.load(args.config))


def request_reading(models: Backends, prompts: Sequence[str]) -> Callable[[str], Request]:
    """How these prompts are read for the painter; the embedder (several seconds to load) only when a prompt names
    a thing the painter has no motif for, to find the nearest one by meaning."""
    from studiolo.model.sketch.request import request_reader

    plain = request_reader(models.painter)
    if not any(plain(prompt).missing for prompt in prompts):
        return plain
    return request_reader(models.painter, models.embedder)


def thing_detector(models: Backends) -> ThingDetector | None:
    """Whether a thing shows in a picture, for painters that do not say what they drew: the CLIP scorer, if set."""
    scorer = models.scorer if models.painter.backend_id != "sketch" else None
    return scorer.shows if scorer is not None else None


def cmd_imagine(args: argparse.Namespace) -> int:
    from studiolo.model.adherence import paint_faithfully
    from studiolo.model.diffusers import plan_upscale
    from studiolo.model.images import encode_png, write_all_or_nothing

    prompt = check_text(args.prompt, "prompt")
    width, height = parse_size(args.size)
    if not 1 <= args.n <= MAX_N:
        raise StudioloError("n.out_of_range", f"--n must be between 1 and {MAX_N}, not {args.n}", field="n")
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    if not 0 <= seed < 2**32:
        raise StudioloError("seed.out_of_range", f"--seed must be between 0 and {2**32 - 1}", field="seed")
    if not 1 <= args.tries <= MAX_TRIES:
        raise StudioloError(
            "tries.out_of_range", f"--tries must be between 1 and {MAX_TRIES}, not {args.tries}", field="tries"
        )
    out = output_folder(args.out, create=False)  # made only when there is a picture to put in it
    models = backends(args)
    painter, read = models.painter, request_reading(models, [prompt])
    # Above the model's own size: paint at its size, then upscale in tiles (refused here if that is too far).
    native = getattr(painter, "native_side", None)  # None: the painter paints any size itself (the sketch painter)
    plan = plan_upscale(native, width, height) if native is not None and not args.pattern else None
    request = read(prompt)
    if not request.paints_something:  # nothing in it to draw: say so, rather than paint a default picture
        unknown = ", ".join(t.word for t in request.missing)
        raise StudioloError(
            "prompt.nothing_to_draw",
            f"I can't draw {unknown} yet; describe it in other words or name something else",
            field="prompt",
        )
    painted_width, painted_height = plan.painted if plan is not None else (width, height)
    spec = PaintSpec(
        prompt=request.painter_prompt(),
        width=painted_width,
        height=painted_height,
        seed=seed,
        n=args.n,
        pattern=args.pattern,
    )
    if plan is not None:
        print(f"studiolo: {plan.describe()}", file=sys.stderr, flush=True)
    checked = paint_faithfully(painter, request, spec, tries=args.tries, detector=thing_detector(models))
    if plan is not None:  # the faithfulness was checked at the painted size; the upscale adds no new things
        upscaled = upscale_all(painter, plan, [painting for painting, _ in checked])
        checked = [(big, faith) for big, (_, faith) in zip(upscaled, checked)]
    files = {
        out / f"{slug(prompt)}-{p.seed}{'-tile' if args.pattern else ''}.png": (
            encode_png(p.image, p.provenance()),
            p,
            faith,
        )
        for p, faith in checked
    }
    out.mkdir(exist_ok=True)
    write_all_or_nothing({path: png for path, (png, _, _) in files.items()})
    for path, (_, painting, faith) in files.items():
        if args.json:
            record = {
                "path": str(path),
                "seed": painting.seed,
                **faith.model_dump(include={"drawn", "approximated", "missing", "adherence"}),
            }
            print(json.dumps(record, ensure_ascii=False))
        else:
            print(path)
    return 0


def upscale_all(painter: Painter, plan: UpscalePlan, paintings: list[Painting]) -> list[Painting]:
    """Each painting upscaled by `plan` in feathered tiles, with a progress bar when stderr is a terminal; the
    painting's own provenance is kept, and the upscale's facts go beside it."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from studiolo.model.diffusers import upscale

    width, height = plan.target
    columns = (TextColumn("upscaling"), BarColumn(), MofNCompleteColumn(), TextColumn("tiles"), TimeRemainingColumn())
    upscaled = []
    console = Console(stderr=True)
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as progress:
        bar = progress.add_task("upscaling", total=plan.tiles * len(paintings))
        for painting in paintings:
            spec = PaintSpec(prompt=painting.prompt, seed=painting.seed, width=width, height=height)
            result = upscale(painter, spec, painting.image, width=width, height=height, tile=plan.tile,
                             overlap=plan.overlap, on_preview=lambda _: progress.advance(bar))  # fmt: skip
            image = result.paintings[0].image
            facts = {**painting.scene, "upscaled": result.paintings[0].scene}
            upscaled.append(Painting(image, painting.prompt, painting.seed, painting.backend, facts, painting.index))
    return upscaled


def cmd_eval(args: argparse.Namespace) -> int:
    from studiolo.evaluation import evaluate, read_prompts

    prompts = read_prompts(Path(args.prompts).expanduser())
    if not 1 <= args.n <= MAX_N:
        raise StudioloError("n.out_of_range", f"--n must be between 1 and {MAX_N}, not {args.n}", field="n")
    if not 1 <= args.tries <= MAX_TRIES:
        raise StudioloError(
            "tries.out_of_range", f"--tries must be between 1 and {MAX_TRIES}, not {args.tries}", field="tries"
        )
    size, _ = parse_size(args.size)
    models = backends(args)
    painter, read = models.painter, request_reading(models, prompts)

    detector = thing_detector(models)
    runs = {label: evaluate(painter, read, prompts, n=args.n, tries=tries, size=size, seed=args.seed, detector=detector)
            for label, tries in (("check_only", 1), ("self_check", args.tries))}  # fmt: skip
    if args.json:
        rows = [
            {"prompt": before.prompt, "language": before.language, "missing": after.missing, "approximated": after.approximated,
             **{label: {"adherence": round(p.adherence, 4), "coverage": round(p.coverage, 4), "honesty": round(p.honesty, 4), "drafts": len(p.drafts)}
                for label, p in (("check_only", before), ("self_check", after))}}
            for before, after in zip(runs["check_only"].prompts, runs["self_check"].prompts)
        ]  # fmt: skip
        print(
            json.dumps(
                {
                    "prompts": rows,
                    "overall": {label: run.overall() for label, run in runs.items()},
                    "n": args.n,
                    "tries": args.tries,
                },
                ensure_ascii=False,
            )
        )
        return 0
    print(f"{'adherence':>17}  {'coverage':>8}  {'honest':>6}  prompt")
    for before, after in zip(runs["check_only"].prompts, runs["self_check"].prompts):
        if not after.drafts:
            print(f"{'asked back':>17}  {'':>8}  {'':>6}  {after.prompt}  (cannot draw: {', '.join(after.missing)})")
            continue
        gaps = "".join([f"  ~ {', '.join(f'{k}->{v}' for k, v in after.approximated.items())}" if after.approximated else "",
                        f"  missing: {', '.join(after.missing)}" if after.missing else ""])  # fmt: skip
        print(
            f"{before.adherence:>7.2f} -> {after.adherence:>5.2f}  {after.coverage:>8.2f}  {after.honesty:>6.2f}  {after.prompt}{gaps}"
        )
    for label, run in runs.items():
        figures = "  ".join(f"{k} {v}" for k, v in run.overall().items())
        print(f"overall {label} (tries {run.tries}): {figures}")
    return 0


def cmd_describe(args: argparse.Namespace) -> int:
    from studiolo.model.images import open_image

    lang = parse_lang(args.lang)  # before the models load, so a typo fails at once
    description = backends(args).describer.describe(open_image(args.image), lang=lang)
    if args.json:
        print(json.dumps(description.facts, indent=2, ensure_ascii=False))
    else:
        print(description.text)
    return 0


def cmd_route(args: argparse.Namespace) -> int:
    from studiolo.agent.router import SemanticRouter, check_turn_text
    from studiolo.agent.router.batch import result, route_batch

    if args.batch is None:
        text = check_turn_text(args.text)  # before the model loads, so a bad turn fails at once
        decision = SemanticRouter().route(text, with_draft=args.with_draft, with_image=args.with_image)
        if args.json:
            print(json.dumps(result(decision), ensure_ascii=False))
        else:
            print(f"skill: {decision.skill}")
            print(f"confidence: {decision.confidence:.3f}")
            print(f"params: {json.dumps(decision.params, ensure_ascii=False)}")
            print(f"source: {decision.source}")
        return 0
    if args.batch == "-":
        stream = sys.stdin.buffer
    else:
        path = Path(args.batch).expanduser()
        if not path.is_file():
            raise StudioloError("batch.not_found", f"--batch {path}: no such file", field="batch")
        stream = path.open("rb")
    with stream:
        router = SemanticRouter()  # loaded once for the whole file
        for line in route_batch(stream, router, with_draft=args.with_draft, with_image=args.with_image):
            print(json.dumps(line, ensure_ascii=False), flush=True)
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    import asyncio

    from studiolo.chat import run_chat
    from studiolo.persona.library import get_persona

    get_persona(args.persona)  # an unknown persona is an error before anything loads
    asyncio.run(run_chat(args.persona, output_folder(args.out)))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from studiolo.demo import run_demo

    run_demo(output_folder(args.out))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import asyncio
    import logging

    from studiolo.server.app import StudioServer, data_folder
    from studiolo.server.auth import parse_token_option
    from studiolo.settings import Settings

    server_overrides: dict[str, object] = {}
    for flag in ("host", "port"):
        if getattr(args, flag) is not None:
            server_overrides[flag] = getattr(args, flag)
    if args.data is not None:
        server_overrides["data"] = data_folder(Path(args.data))
    if args.installation is not None:
        server_overrides["installation"] = Path(args.installation)
    if args.token:
        server_overrides["tokens"] = {token: role for role, token in map(parse_token_option, args.token)}
    settings = Settings.load(args.config, server=server_overrides)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")

    async def serve() -> None:
        server = StudioServer(settings)
        await server.start()
        print(f"studiolo is serving on {server.url} (data in {settings.server.data})", flush=True)
        if server.generated_token is not None:
            print(f"open this link to start a session:\n    {server.link(server.generated_token)}", flush=True)
        # SIGTERM (a service manager, docker stop) and Ctrl-C stop cleanly: jobs end recorded, the WAL checkpointed
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stopping.set)
        try:
            await stopping.wait()
            print("studiolo: stopping (finishing or failing the running jobs)", flush=True)
        finally:
            await server.stop()
        print("studiolo: stopped cleanly", flush=True)

    asyncio.run(serve())
    return 0


def cmd_store_check(args: argparse.Namespace) -> int:
    from studiolo.server.store_admin import check_store

    problems = check_store(Path(args.data).expanduser())
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found" if problems else "ok")
    return 1 if problems else 0


def cmd_store_backup(args: argparse.Namespace) -> int:
    from studiolo.server.store_admin import backup_store

    report = backup_store(Path(args.data).expanduser(), Path(args.dest).expanduser())
    print(f"{report.database} and {report.images} images ({report.bytes / 2**20:.1f} MiB)")
    return 0


def cmd_protocol_schema(args: argparse.Namespace) -> int:
    from studiolo.server.protocol import protocol_schema

    print(json.dumps(protocol_schema(), indent=2))
    return 0


def cmd_send(args: argparse.Namespace) -> int:
    import asyncio

    from studiolo.client import Client
    from studiolo.events import DraftFinal, ErrorEvent, JobFailed, ReplyDelta, ReplyDone, TurnSaid

    text = check_text(args.text, "text")
    out = output_folder(args.out) if args.out else None

    async def send() -> None:
        async with await Client.connect(args.url, args.token, session=args.session) as client:
            print(f"session {client.session}", file=sys.stderr)
            await client.say(text)
            ours = False  # what comes before our words (a greeting, others' turns) is not our answer
            async for event in client.events():
                if isinstance(event, TurnSaid) and event.text == text:
                    ours = True
                elif isinstance(
                    event, ErrorEvent
                ):  # errors go to the connection that caused them: this turn was refused
                    raise StudioloError(event.code, event.message, field=event.field)
                elif not ours:
                    continue
                elif isinstance(event, ReplyDelta):
                    print(event.text, end="", flush=True)
                elif isinstance(event, ReplyDone):
                    print()
                    break
                elif isinstance(event, DraftFinal) and out is not None:
                    path = out / f"{event.draft_id}.png"
                    path.write_bytes(event.image)
                    print(path, file=sys.stderr)
                elif isinstance(event, JobFailed):
                    print(f"[{event.code}] {event.message}", file=sys.stderr)

    try:
        asyncio.run(send())
    except OSError as error:
        raise StudioloError(
            "server.unreachable", f"cannot reach {args.url}: {error.strerror or error}", field="url"
        ) from None
    return 0


def _workers_settings(args: argparse.Namespace) -> Settings:
    """The settings file, with --address over workers.address; a clear line when Ray is not installed."""
    from studiolo.settings import Settings

    overrides = {"workers": {"address": args.address}} if args.address else {}
    settings = Settings.load(args.config, **overrides)
    try:
        import ray  # noqa: F401
    except ImportError:
        raise StudioloError(
            "workers.no_ray", "studiolo workers needs Ray Serve: pip install 'studiolo[ray]'", field="workers"
        ) from None
    return settings


def cmd_workers_deploy(args: argparse.Namespace) -> int:
    from studiolo.model.ray.workers import deploy

    settings = _workers_settings(args)
    info = deploy(settings)
    workers = settings.workers
    print(f"deployed {workers.app!r} on {workers.address}: painter {info.painter.backend_id} "
          f"({info.painter.jobs_at_once} jobs at once), describer {info.describer.backend_id}")  # fmt: skip
    print(f"serve with models.painter and models.describer set to ray:{workers.app}")
    return 0


def cmd_workers_status(args: argparse.Namespace) -> int:
    from studiolo.model.ray.workers import status

    state = status(_workers_settings(args))
    print(f"{state.app} on {state.address}: {state.status}" + (f" ({state.message})" if state.message else ""))
    for deployment in state.deployments:
        replicas = ", ".join(f"{n} {what.lower()}" for what, n in sorted(deployment.replicas.items())) or "none"
        line = f"  {deployment.name:<10} {deployment.status:<10} replicas: {replicas}"
        print(line + (f" ({deployment.message})" if deployment.message else ""))
    return 0 if state.status == "RUNNING" else 1


def cmd_workers_shutdown(args: argparse.Namespace) -> int:
    from studiolo.model.ray.workers import shutdown

    settings = _workers_settings(args)
    removed = shutdown(settings)
    print(
        f"{'removed' if removed else 'there was no'} application {settings.workers.app!r} on {settings.workers.address}"
    )
    return 0


def cmd_persona_list(args: argparse.Namespace) -> int:
    from studiolo.persona import builtin_personas

    personas = builtin_personas()
    id_width = max(len(persona.id) for persona in personas)
    name_width = max(len(persona.name) for persona in personas)
    for persona in personas:
        print(f"{persona.id:<{id_width}}  {persona.name:<{name_width}}  {persona.tagline}")
    return 0


def cmd_persona_show(args: argparse.Namespace) -> int:
    from studiolo.persona import dump_persona, get_persona

    print(dump_persona(get_persona(args.id)), end="")
    return 0


def cmd_persona_validate(args: argparse.Namespace) -> int:
    from studiolo.persona import load_persona

    persona = load_persona(args.file)
    print(f"ok: {persona.id} ({persona.name})")
    return 0


def cmd_persona_import(args: argparse.Namespace) -> int:
    from studiolo.model.images import write_all_or_nothing
    from studiolo.persona import dump_persona, import_card

    persona = import_card(args.card)
    out = output_folder(args.out, create=False)
    path = out / f"{persona.id}.yaml"
    _refuse_overwrite(path, args.force)
    out.mkdir(exist_ok=True)
    write_all_or_nothing({path: dump_persona(persona).encode("utf-8")})
    print(path)
    return 0


def cmd_persona_export(args: argparse.Namespace) -> int:
    from studiolo.model.images import write_all_or_nothing
    from studiolo.persona import export_card, get_persona

    persona = get_persona(args.id)
    out = Path(args.out).expanduser()
    into_folder = out.is_dir()
    suffix = "" if into_folder else out.suffix.lower().lstrip(".")
    card_format: Literal["json", "png"] = args.format or ("png" if suffix == "png" else "json")
    if suffix and suffix != card_format:
        raise StudioloError(
            "out.wrong_suffix", f"--out {out} ends in .{suffix} but the card is {card_format}", field="out"
        )
    if not into_folder and not out.parent.is_dir():
        raise StudioloError(
            "out.parent_missing", f"--out {out}: its parent folder {out.parent} does not exist", field="out"
        )
    path = out / f"{persona.id}.{card_format}" if into_folder else out
    _refuse_overwrite(path, args.force)
    write_all_or_nothing({path: export_card(persona, card_format)})
    print(path)
    return 0


def _refuse_overwrite(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise StudioloError("out.exists", f"{path} already exists; pass --force to replace it", field="out")


# Garments: mock-ups, colourways, print files (studiolo/garments).

MAX_COLOURWAYS = 12


def cmd_wear(args: argparse.Namespace) -> int:
    from studiolo.garments.silhouettes import VIEWS
    from studiolo.garments.tiles import read_tile
    from studiolo.garments.wear import wear
    from studiolo.model.images import encode_png, write_all_or_nothing

    tile = read_tile(args.tile)
    views = list(VIEWS) if args.view == "both" else [args.view]
    out = output_folder(args.out)
    worn = [wear(tile, args.on, scale_cm=args.scale, view=view, size=args.size) for view in views]
    stem = slug(Path(args.tile).stem)
    files = {
        out / f"{stem}-{w.params['garment']}-{w.params['view']}.png": encode_png(
            w.image, {"skill": "wear", "tile": Path(args.tile).name, **w.params}
        )
        for w in worn
    }
    write_all_or_nothing(files)
    for path in files:
        print(path)
    return 0


def cmd_colourways(args: argparse.Namespace) -> int:
    from studiolo.garments.colourways import colourways
    from studiolo.garments.palettes import default_palettes, named_palette, palette_from_image, rotations
    from studiolo.garments.tiles import read_tile
    from studiolo.model.images import encode_png, write_all_or_nothing
    from studiolo.persona.library import get_persona

    if not 1 <= args.n <= MAX_COLOURWAYS:
        raise StudioloError("n.out_of_range", f"--n must be between 1 and {MAX_COLOURWAYS}, not {args.n}", field="n")
    tile = read_tile(args.tile)
    persona = get_persona(args.persona)
    if args.palette is not None:
        palettes = rotations(named_palette(args.palette, persona), args.n)
    elif args.from_image is not None:
        palettes = rotations(palette_from_image(args.from_image, name=f"from {Path(args.from_image).stem}"), args.n)
    else:
        palettes = default_palettes(args.n, persona)
    out = output_folder(args.out)
    stem = slug(Path(args.tile).stem)
    files = {
        out / f"{stem}-{slug(way.palette.name)}.png": encode_png(
            way.image, {"skill": "colourways", "tile": Path(args.tile).name, **way.params}
        )
        for way in colourways(tile, palettes)
    }
    write_all_or_nothing(files)
    for path in files:
        print(path)
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    from studiolo.garments.print_export import export_print, print_spec
    from studiolo.garments.tiles import read_tile

    spec = print_spec(
        width_cm=args.width_cm, height_cm=args.height_cm, dpi=args.dpi, repeat=args.repeat, scale_cm=args.scale
    )
    out = Path(args.out).expanduser()
    if not out.parent.is_dir():
        raise StudioloError(
            "out.parent_missing", f"--out {out}: its parent folder {out.parent} does not exist", field="out"
        )
    result = export_print(read_tile(args.tile), spec, out)
    print(f"{result['path']}: {result['width_px']} x {result['height_px']} px, {spec.width_cm:g} x {spec.height_cm:g} cm "
          f"at {spec.dpi:g} DPI, {spec.repeat} repeat of {result['tile_px'][0]} x {result['tile_px'][1]} px")  # fmt: skip
    return 0


def _add_garment_commands(commands: Any) -> None:
    from studiolo.garments.repeats import REPEAT_STYLES
    from studiolo.garments.silhouettes import GARMENTS

    wear = commands.add_parser("wear", help="a pattern tile on a garment: seams, folds and shading, at a real scale")
    wear.add_argument("tile", help="a pattern tile (PNG, JPEG or WebP)")
    wear.add_argument("--on", required=True, choices=GARMENTS, help="the garment")
    wear.add_argument("--scale", type=float, default=16.0, help="the printed repeat's width in cm (default 16)")
    wear.add_argument("--view", choices=("front", "back", "both"), default="front", help="default front")
    wear.add_argument("--size", type=int, default=1024, help="the picture's longer side in pixels (default 1024)")
    wear.add_argument("--out", default=".", help="output folder (default: here)")
    wear.set_defaults(run=cmd_wear)

    ways = commands.add_parser("colourways", help="the same pattern in other palettes, colours mapped by role")
    ways.add_argument("tile", help="a pattern tile (PNG, JPEG or WebP)")
    ways.add_argument("--n", type=int, default=4, help="how many colourways (default 4)")
    source = ways.add_mutually_exclusive_group()
    source.add_argument("--palette", help="spring, summer, autumn, winter, or a palette of the persona's")
    source.add_argument("--from", dest="from_image", metavar="IMAGE", help="take the palette from an image")
    ways.add_argument("--persona", default="vespera", help="whose palettes come first (default vespera)")
    ways.add_argument("--out", default=".", help="output folder (default: here)")
    ways.set_defaults(run=cmd_colourways)

    printing = commands.add_parser("print", help="a print-ready repeat at a physical size, DPI and sRGB profile")
    printing.add_argument("tile", help="a pattern tile (PNG, JPEG or WebP)")
    printing.add_argument("--width-cm", type=float, required=True)
    printing.add_argument("--height-cm", type=float, required=True)
    printing.add_argument("--dpi", type=float, default=150.0, help="dots per inch (default 150)")
    printing.add_argument("--repeat", choices=REPEAT_STYLES, default="full-drop", help="default full-drop")
    printing.add_argument(
        "--scale", type=float, default=None, help="one repeat's width in cm (default: one tile pixel per dot)"
    )
    printing.add_argument("--out", required=True, help="the file: .png, .tif or .tiff")
    printing.set_defaults(run=cmd_print)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # one line, like every other error, instead of argparse's usage block
        self.exit(2, f"studiolo: {message} (see `{self.prog} --help`) [usage]\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="studiolo", description="studiolo: a virtual-human AI artist.")
    parser.add_argument("--config", default=None, help=CONFIG_HELP)
    parser.add_argument("--verbose", action="store_true", help=VERBOSE_HELP)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    imagine = commands.add_parser("imagine", help="paint images from a prompt and print their paths")
    imagine.add_argument("prompt")
    imagine.add_argument("--n", type=int, default=4, help="how many images (default 4)")
    imagine.add_argument("--seed", type=int, default=None, help="image i uses seed + i (default: random)")
    imagine.add_argument("--size", default="1024", help="1024 or 1024x768 (default 1024)")
    imagine.add_argument("--pattern", action="store_true", help="a seamless repeating tile")
    imagine.add_argument("--out", default=".", help="output folder (default: here)")
    imagine.add_argument(
        "--tries", type=int, default=3, help="paintings per image the self-check may make (default 3; 1: check only)"
    )
    imagine.add_argument(
        "--json",
        action="store_true",
        help="one JSON line per image: path, seed, drawn, approximated, missing, adherence",
    )
    imagine.set_defaults(run=cmd_imagine)

    evaluation = commands.add_parser(
        "eval", help="how faithfully the artist answers a file of requests, with and without its self-check"
    )
    evaluation.add_argument("prompts", help="a text file, one request per line (# starts a comment)")
    evaluation.add_argument("--n", type=int, default=4, help="drafts per request (default 4)")
    evaluation.add_argument("--tries", type=int, default=3, help="the self-check's paintings per draft (default 3)")
    evaluation.add_argument("--size", default="512", help="canvas side in pixels (default 512)")
    evaluation.add_argument("--seed", type=int, default=0, help="request k's drafts use seed + 100k + i (default 0)")
    evaluation.add_argument("--json", action="store_true", help="per-prompt and overall figures as one JSON document")
    evaluation.set_defaults(run=cmd_eval)

    describe = commands.add_parser("describe", help="describe an image in words")
    describe.add_argument("image")
    describe.add_argument("--json", action="store_true", help="print the structured facts as JSON")
    describe.add_argument("--lang", default="en", help="the paragraph's language: en or ko (Korean); default en")
    describe.set_defaults(run=cmd_describe)

    route = commands.add_parser("route", help="show which skill a turn goes to, with its confidence and params")
    given = route.add_mutually_exclusive_group(required=True)
    given.add_argument("text", nargs="?", help="what the designer says")
    given.add_argument(
        "--batch",
        metavar="FILE",
        help='JSON lines {"text", "with_draft", "with_image"} ("-": stdin); one JSON result a line',
    )
    route.add_argument(
        "--with-draft", action="store_true", help="a draft is current (with --batch: where a line omits it)"
    )
    route.add_argument(
        "--with-image", action="store_true", help="an image is attached (with --batch: where a line omits it)"
    )
    route.add_argument("--json", action="store_true", help="print one JSON object: skill, confidence, params")
    route.set_defaults(run=cmd_route)

    chat = commands.add_parser("chat", help="talk with the artist in the terminal; drafts are saved to a folder")
    chat.add_argument("--persona", default="vespera", help="a built-in persona id or a persona YAML file")
    chat.add_argument("--out", default="studiolo-chat", help="where drafts are saved (default: studiolo-chat)")
    chat.set_defaults(run=cmd_chat)

    demo = commands.add_parser("demo", help="a short offline showcase, written to a folder with an index.html")
    demo.add_argument("--out", default="studiolo-demo", help="output folder (default: studiolo-demo)")
    demo.set_defaults(run=cmd_demo)

    serve = commands.add_parser("serve", help="the collaboration server: websockets, web client, drafts over HTTP")
    serve.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=None, help="port (default 8765; 0 picks a free one)")
    serve.add_argument("--data", default=None, help="folder for the database and images (default ./studiolo-data)")
    serve.add_argument("--installation", default=None, help="an event installation's file: kiosks, wall, texts, ...")
    serve.add_argument(
        "--token",
        action="append",
        metavar="ROLE:TOKEN",
        help="a token for designer, observer or operator; repeatable (default: one designer token, printed)",
    )
    serve.set_defaults(run=cmd_serve)

    store = commands.add_parser("store", help="check a data folder, or back it up (both safe while the server runs)")
    store_commands = store.add_subparsers(dest="store_command", required=True, parser_class=_Parser)
    check = store_commands.add_parser("check", help="SQLite's integrity check and studiolo's own; exit 1 if damaged")
    check.add_argument("data", help="the server's data folder")
    check.set_defaults(run=cmd_store_check)
    backup = store_commands.add_parser("backup", help="a consistent copy of the database, images and secret")
    backup.add_argument("data", help="the server's data folder")
    backup.add_argument("dest", help="a new (or empty) folder for the copy; restore by serving from it")
    backup.set_defaults(run=cmd_store_backup)

    workers = commands.add_parser("workers", help="the painter and describer on a Ray Serve cluster (studiolo[ray])")
    workers_commands = workers.add_subparsers(dest="workers_command", required=True, parser_class=_Parser)
    for name, run, about in (
        ("deploy", cmd_workers_deploy, "deploy (or update) the application from the settings' models and workers"),
        ("status", cmd_workers_status, "the application's state and its replicas"),
        ("shutdown", cmd_workers_shutdown, "remove the application from the cluster"),
    ):
        command = workers_commands.add_parser(name, help=about)
        command.add_argument("--address", default=None, help="auto | HOST:PORT | ray://HOST:PORT (workers.address)")
        command.set_defaults(run=run)

    protocol = commands.add_parser("protocol", help="the wire protocol")
    protocol_commands = protocol.add_subparsers(dest="protocol_command", required=True)
    schema = protocol_commands.add_parser("schema", help="print the JSON Schema of every protocol v1 message")
    schema.set_defaults(run=cmd_protocol_schema)

    send = commands.add_parser("send", help="say one thing to a running server and print the artist's reply")
    send.add_argument("url", help="the server's websocket, e.g. ws://127.0.0.1:8765/ws")
    send.add_argument("text")
    send.add_argument("--token", required=True)
    send.add_argument("--session", default=None, help="join this session (default: start a new one)")
    send.add_argument("--out", default=None, help="save the turn's drafts into this folder")
    send.set_defaults(run=cmd_send)

    persona = commands.add_parser("persona", help="list, show, validate, import and export personas")
    persona_commands = persona.add_subparsers(dest="persona_command", required=True, parser_class=_Parser)
    persona_list = persona_commands.add_parser("list", help="the built-in personas: id, name and who they are")
    persona_list.set_defaults(run=cmd_persona_list)
    show = persona_commands.add_parser("show", help="print a persona as YAML")
    show.add_argument("id", help="a built-in persona's id, or a path to a persona .yaml file")
    show.set_defaults(run=cmd_persona_show)
    validate = persona_commands.add_parser("validate", help="check a persona YAML file; print ok or what is wrong")
    validate.add_argument("file")
    validate.set_defaults(run=cmd_persona_validate)
    card_import = persona_commands.add_parser("import", help="a Character Card V2 (.json or .png) -> persona YAML")
    card_import.add_argument("card")
    card_import.add_argument("--out", default=".", help="output folder (default: here)")
    card_import.add_argument("--force", action="store_true", help="replace an existing file")
    card_import.set_defaults(run=cmd_persona_import)
    card_export = persona_commands.add_parser("export", help="a persona -> Character Card V2 (.json or .png)")
    card_export.add_argument("id", help="a built-in persona's id, or a path to a persona .yaml file")
    card_export.add_argument(
        "--format",
        choices=("json", "png"),
        default=None,
        help="json, or png: a portrait with the card inside (default: from --out, else json)",
    )
    card_export.add_argument("--out", default=".", help="output file, or folder for ID.json / ID.png (default: here)")
    card_export.add_argument("--force", action="store_true", help="replace an existing file")
    card_export.set_defaults(run=cmd_persona_export)
    _add_garment_commands(commands)
    from studiolo.scripts.commands import add_commands as add_script_commands

    add_script_commands(commands)
    _take_common_options_everywhere(parser)
    return parser


def _take_common_options_everywhere(parser: argparse.ArgumentParser) -> None:
    """Let --config and --verbose follow any subcommand too (`studiolo imagine "..." --config s.yaml`). Below the
    top level they default to SUPPRESS, so a value given before the subcommand is kept."""
    for action in parser._subparsers._group_actions if parser._subparsers else ():
        for subparser in set(action.choices.values()):  # type: ignore[union-attr]
            subparser.add_argument("--config", default=argparse.SUPPRESS, help=CONFIG_HELP)
            subparser.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS, help=VERBOSE_HELP)
            _take_common_options_everywhere(subparser)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    quiet_libraries(args.verbose)
    try:
        return args.run(args)
    except StudioloError as error:
        print(f"studiolo: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("studiolo: interrupted", file=sys.stderr)
        return 130
    except OSError as error:  # a full disk, a read-only folder: still one clear line
        print(f"studiolo: {error.strerror or error} [os.error]", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
