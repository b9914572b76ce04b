"""The command line's one set of exit codes, and the two refusals every command raises."""

from __future__ import annotations

import enum


class Exit(enum.IntEnum):
    OK = 0        # done
    USER = 1      # refused: one sentence on stderr says why and what to do; nothing half-written
    ARGS = 2      # the command line itself is wrong (unknown option, missing argument…)
    UNVERIFIED = 3   # verify: nothing found changed, but not confirmed (no database, or a signer not trusted)


class UsageError(Exception):
    """Arguments that parse but cannot be used together; exits 2 with this sentence."""


class Refusal(Exception):
    """A command that cannot go on for a reason the user can fix; exits 1 with this sentence.

    `lines` are extra lines printed after the sentence (e.g. one per cell an import refused).
    """

    def __init__(self, sentence: str, lines: list[str] | tuple[str, ...] = ()) -> None:
        super().__init__(sentence)
        self.sentence = sentence
        self.lines = list(lines)
