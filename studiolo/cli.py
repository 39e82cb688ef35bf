"""The `studiolo` command: imagine, describe, demo.

Every error a user can cause ends as one line on stderr, `studiolo: <message> [<code>]`, with exit status 1
(2 for malformed command lines, as argparse does), never a traceback, and nothing half-written on disk.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from studiolo.errors import StudioloError
from studiolo.model.protocols import MAX_PROMPT_CHARS, MAX_SIDE, MIN_SIDE, PaintSpec

MAX_N = 64


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
                "size.out_of_range", f"--size sides must be between {MIN_SIDE} and {MAX_SIDE} pixels, not {side}", field="size"
            )
    return width, height


def check_text(text: str, what: str) -> str:
    """Reject text that was not valid UTF-8 on the command line (Python smuggles such bytes in as surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise StudioloError("text.not_utf8", f"the {what} is not valid UTF-8 text", field=what) from None
    if len(text) > MAX_PROMPT_CHARS:
        raise StudioloError("text.too_long", f"the {what} has {len(text):,} characters; the limit is {MAX_PROMPT_CHARS:,}", field=what)
    return text


def output_folder(out: str) -> Path:
    """The output folder, created if its parent exists; never creates a chain of folders from a typo."""
    path = Path(out).expanduser()
    if path.exists() and not path.is_dir():
        raise StudioloError("out.not_a_folder", f"--out {path} exists and is not a folder", field="out")
    if not path.exists():
        if not path.parent.is_dir():
            raise StudioloError("out.parent_missing", f"--out {path}: its parent folder {path.parent} does not exist", field="out")
        path.mkdir()
    return path


def slug(prompt: str) -> str:
    words = re.findall(r"\w+", prompt.lower())
    return "-".join(words)[:48].strip("-") or "untitled"


def cmd_imagine(args: argparse.Namespace) -> int:
    from studiolo.model.images import encode_png, write_all_or_nothing
    from studiolo.model.sketch import SketchPainter

    prompt = check_text(args.prompt, "prompt")
    width, height = parse_size(args.size)
    if not 1 <= args.n <= MAX_N:
        raise StudioloError("n.out_of_range", f"--n must be between 1 and {MAX_N}, not {args.n}", field="n")
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    if not 0 <= seed < 2**32:
        raise StudioloError("seed.out_of_range", f"--seed must be between 0 and {2**32 - 1}", field="seed")
    out = output_folder(args.out)
    spec = PaintSpec(prompt=prompt, width=width, height=height, seed=seed, n=args.n, pattern=args.pattern)
    result = SketchPainter().text_to_image(spec)
    files = {
        out / f"{slug(prompt)}-{p.seed}{'-tile' if args.pattern else ''}.png": encode_png(p.image, p.provenance())
        for p in result.paintings
    }
    write_all_or_nothing(files)
    for path in files:
        print(path)
    return 0


def cmd_describe(args: argparse.Namespace) -> int:
    from studiolo.model.images import open_image
    from studiolo.model.measure import MeasuringDescriber

    description = MeasuringDescriber().describe(open_image(args.image))
    if args.json:
        print(json.dumps(description.facts, indent=2, ensure_ascii=False))
    else:
        print(description.text)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from studiolo.demo import run_demo

    run_demo(output_folder(args.out))
    return 0


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # one line, like every other error, instead of argparse's usage block
        self.exit(2, f"studiolo: {message} (see `{self.prog} --help`) [usage]\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="studiolo", description="studiolo: a virtual-human AI artist.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    imagine = commands.add_parser("imagine", help="paint images from a prompt and print their paths")
    imagine.add_argument("prompt")
    imagine.add_argument("--n", type=int, default=4, help="how many images (default 4)")
    imagine.add_argument("--seed", type=int, default=None, help="image i uses seed + i (default: random)")
    imagine.add_argument("--size", default="1024", help="1024 or 1024x768 (default 1024)")
    imagine.add_argument("--pattern", action="store_true", help="a seamless repeating tile")
    imagine.add_argument("--out", default=".", help="output folder (default: here)")
    imagine.set_defaults(run=cmd_imagine)

    describe = commands.add_parser("describe", help="describe an image in words")
    describe.add_argument("image")
    describe.add_argument("--json", action="store_true", help="print the structured facts as JSON")
    describe.set_defaults(run=cmd_describe)

    demo = commands.add_parser("demo", help="a short offline showcase, written to a folder with an index.html")
    demo.add_argument("--out", default="studiolo-demo", help="output folder (default: studiolo-demo)")
    demo.set_defaults(run=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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
