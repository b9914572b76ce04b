"""The `thidua` command line: the same services as the app, without Qt.

One module per command group registers its subcommands; `main` parses, dispatches and turns
every refusal into one sentence and an exit code (see exits.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .. import __version__, wording
from .exits import Exit, Refusal, UsageError
from .parser import Parser

# the command groups, in the order `thidua --help` lists them
_GROUPS = ("app", "documents", "ranking", "imports", "forms", "season", "signing", "records")


def build_parser(groups: tuple[str, ...] = _GROUPS) -> tuple[argparse.ArgumentParser, dict]:
    import importlib

    ap = Parser(prog="thidua", description="Chấm điểm, xếp hạng và bình xét thi đua của cụm.")
    ap.add_argument("--db", help="địa chỉ cơ sở dữ liệu (SQLAlchemy URL hoặc đường dẫn tệp SQLite)")
    ap.add_argument("--version", action="version", version=f"thidua {__version__}")
    sub = ap.add_subparsers(dest="command", parser_class=Parser)
    handlers: dict = {}
    for group in groups:
        handlers.update(importlib.import_module(f"{__name__}.{group}").register(sub))
    return ap, handlers


def _groups_for(argv: list[str]) -> tuple[str, ...]:
    """Only the app's own group when the command is the app (also when none is named): each start of
    the window would otherwise import and build every command's parser first. Help, the version,
    an option other than --db, or any other command get the whole command line."""
    tokens = iter(argv)
    for token in tokens:
        if token == "--db":
            next(tokens, None)
        elif token.startswith("--db="):
            continue
        elif token.startswith("-"):
            return _GROUPS
        else:
            return ("app",) if token == "gui" else _GROUPS
    return ("app",)


def _parser() -> argparse.ArgumentParser:
    return build_parser()[0]


def _say(sentence: str, lines: list[str] = ()) -> None:
    print(f"thidua: {sentence}", file=sys.stderr)
    for line in lines:
        print(line, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    from ..domain.errors import DomainError
    from ..services.ports import StorageError

    if os.environ.get("THIDUA_LANG") == "en":
        wording.set_language("en")
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    parser, handlers = build_parser(_groups_for(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    command = args.command or "gui"
    if args.command is None:
        args.demo, args.screenshots = False, None
    try:
        return handlers[command](args)
    except UsageError as exc:
        _say(str(exc))
        return Exit.ARGS
    except Refusal as exc:
        _say(exc.sentence, exc.lines)
        return Exit.USER
    except (DomainError, StorageError) as exc:
        _say(wording.explain(exc))
        return Exit.USER
    except BrokenPipeError:
        # the reader went away (`thidua audit | head`): stop quietly, as other command-line tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return Exit.OK
    except OSError as exc:
        _say(wording.os_refusal(exc))
        return Exit.USER
    except Exception as exc:   # a fault of ours: the user gets a sentence, the details go to a log file
        _say(wording.internal_error(_log_crash(exc)))
        return Exit.USER


def _log_crash(exc: BaseException) -> str:
    """Append the traceback to the user's crash log; returns where it went."""
    import datetime as dt
    import traceback

    from platformdirs import user_log_dir

    try:
        folder = Path(user_log_dir("thidua", appauthor=False))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "crash.log"
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')} thidua {__version__} {sys.argv[1:]}\n")
            fh.write("".join(traceback.format_exception(exc)))
        return str(path)
    except OSError:
        return ""


if __name__ == "__main__":   # pragma: no cover
    sys.exit(main())
