"""An argparse parser that refuses a bad command line in one Vietnamese line (English under THIDUA_LANG=en).

argparse words its errors in English and prints the usage first; a secretary reads one sentence
instead. The messages argparse can produce are matched here and said again in the user's language.
"""

from __future__ import annotations

import argparse
import re
import sys

from .. import wording
from .exits import Exit

_MESSAGES = [
    (r"the following arguments are required: (?P<a>.+)",
     "Thiếu {a}.", "Missing {a}."),
    (r"unrecognized arguments: (?P<a>.+)",
     "Không hiểu tham số {a}.", "Unknown argument(s): {a}."),
    (r"argument (?P<arg>\S+): invalid choice: '?(?P<v>[^']*)'? \(choose from (?P<c>.+)\)",
     "{arg} không nhận “{v}”; chỉ nhận: {c}.", "{arg} does not take “{v}”; choose from {c}."),
    (r"argument (?P<arg>\S+): expected one argument",
     "{arg} cần một giá trị đi kèm.", "{arg} needs a value."),
    (r"argument (?P<arg>\S+): invalid (?P<t>\w+) value: '?(?P<v>[^']*)'?",
     "{arg} không nhận “{v}”.", "{arg} does not take “{v}”."),
    (r"argument (?P<arg>\S+): ignored explicit argument '?(?P<v>[^']*)'?",
     "{arg} không nhận giá trị “{v}”.", "{arg} takes no value (“{v}”)."),
    (r"ambiguous option: (?P<arg>\S+) could match (?P<c>.+)",
     "Tham số {arg} không rõ, có thể là: {c}.", "Option {arg} is ambiguous: {c}."),
    (r"argument (?P<arg>\S+): (?P<msg>.+)", "{arg}: {msg}", "{arg}: {msg}"),
]


def translate(message: str) -> str:
    """argparse's English error, as one sentence in the user's language."""
    for pattern, vi, en in _MESSAGES:
        m = re.fullmatch(pattern, message.strip())
        if m:
            text = wording._pick(vi, en).format(**m.groupdict())
            return text if text.endswith((".", "?", "!")) else text + "."
    return message


class Parser(argparse.ArgumentParser):
    def error(self, message: str):   # noqa: D401 - argparse's hook
        hint = wording._pick(f"Xem “{self.prog} --help”.", f"See “{self.prog} --help”.")
        print(f"thidua: {translate(message)} {hint}", file=sys.stderr)
        sys.exit(Exit.ARGS)


def year(text: str) -> int:
    """A season's year: four digits a person could mean (refuses 3000000000 before any database sees it)."""
    try:
        value = int(text.strip())
    except ValueError:
        value = 0
    if not 1900 <= value <= 2200:
        raise argparse.ArgumentTypeError(
            wording._pick(f"năm {text} không hợp lệ (cần từ 1900 đến 2200)", f"{text} is not a valid year (1900–2200)"))
    return value
