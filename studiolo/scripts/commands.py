"""`studiolo run SCRIPT` and `studiolo script schema | export`: the command-line side of scripted sessions."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import Any

from studiolo.errors import StudioloError


def add_commands(commands: Any) -> None:
    run = commands.add_parser("run", help="run a collaboration script: in process, or live against a server")
    run.add_argument("script", help="a script YAML file (see `studiolo script schema`)")
    run.add_argument("--out", default=None, help="a folder for every draft as PNG (and report.html)")
    run.add_argument("--report", default=None, help="the HTML report's file (default: OUT/report.html)")
    run.add_argument("--json", default=None, help="write the run's facts as JSON to this file")
    run.add_argument("--seed", type=int, default=None, help="the run's seed, instead of the script's")
    run.add_argument("--pace", choices=("fast", "live"), default=None,
                     help="live: wait at each cue for the operator; fast: go on (default: live with --server)")  # fmt: skip
    run.add_argument("--server", default=None, help="drive a live session: the server's ws:// URL")
    run.add_argument("--token", default=None, help="the token for --server")
    run.add_argument("--session", default=None, help="with --server: run in this session (the stage's)")
    run.set_defaults(run=cmd_run)
    script = commands.add_parser("script", help="collaboration scripts: their schema; a live session as a script")
    script_commands = script.add_subparsers(dest="script_command", required=True)
    schema = script_commands.add_parser("schema", help="print the JSON Schema of a script")
    schema.set_defaults(run=cmd_script_schema)
    export = script_commands.add_parser("export", help="turn a session recorded by a server into a script")
    export.add_argument("session", help="the session's id")
    export.add_argument("--data", required=True, help="the server's data folder")
    export.add_argument("--out", default=None, help="the script file to write (default: print it)")
    export.add_argument("--force", action="store_true", help="replace an existing file")
    export.set_defaults(run=cmd_script_export)


def cmd_script_schema(args: argparse.Namespace) -> int:
    from studiolo.scripts.model import script_schema

    print(json.dumps(script_schema(), indent=2, ensure_ascii=False))
    return 0


def cmd_script_export(args: argparse.Namespace) -> int:
    from studiolo.scripts.export import export_session

    out = Path(args.out) if args.out else None
    if out is not None and out.exists() and not args.force:
        raise StudioloError("out.exists", f"{out} exists; add --force to replace it", field="out")
    text = export_session(args.session, Path(args.data).expanduser(), out)
    if out is None:
        print(text, end="")
    else:
        print(out)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from studiolo.scripts.display import RichDisplay
    from studiolo.scripts.model import load_script
    from studiolo.scripts.outputs import write_outputs
    from studiolo.scripts.record import RunRecord

    loaded = load_script(args.script)
    if (args.server is None) != (args.token is None):
        raise StudioloError("usage.server_token", "--server and --token go together", field="server")
    if args.session is not None and args.server is None:
        raise StudioloError("usage.session", "--session names a live session: it needs --server", field="session")
    out = Path(args.out).expanduser() if args.out else None
    report = Path(args.report).expanduser() if args.report else (out / "report.html" if out else None)
    json_path = Path(args.json).expanduser() if args.json else None
    live = (args.pace or ("live" if args.server else "fast")) == "live"
    display = RichDisplay()
    script = loaded.script
    record = RunRecord(title=script.title, persona=script.persona, script=loaded.name,
                       mode=args.server or "in process")  # fmt: skip
    try:
        asyncio.run(_run(loaded, args, display, live, record))
    except StudioloError as error:  # before the run began: its persona, its models
        record.stopped = f"{loaded.name}: {error}"
        raise
    finally:  # a failed or interrupted run still leaves its report, up to where it stopped
        for path in write_outputs(record, out=out, report=report, json_path=json_path):
            display.console.print(f"[dim]wrote {path}[/]")
    return 0 if record.held else 1


async def _run(loaded: Any, args: argparse.Namespace, display: Any, live: bool, record: Any) -> Any:
    from studiolo.scripts.runner import run_script

    if args.server is not None:
        from studiolo.scripts.remote import RemoteDriver

        driver: Any = RemoteDriver(args.server, args.token, loaded.script, session=args.session, live=live,
                                   on_note=display.note)  # fmt: skip
        return await run_script(loaded, driver, display, mode=args.server, record=record)
    from threadpoolctl import threadpool_limits

    from studiolo.scripts.inprocess import in_process_driver

    driver = in_process_driver(loaded, seed=args.seed, config=args.config, live=live)
    # as the server does (server/app.py): numpy's idle BLAS threads busy-wait and take the painter's cores
    with threadpool_limits(limits=1, user_api="blas"):
        return await run_script(loaded, driver, display, mode="in process", record=record)
