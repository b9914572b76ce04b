"""Votes on nominees: ballot figures, the required share, and whether a nominee passed."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from fractions import Fraction

from .errors import ImpossibleVote, InvalidSetting


class VoteMethod(str, enum.Enum):
    SECRET_BALLOT = "secret_ballot"   # bỏ phiếu kín
    SHOW_OF_HANDS = "show_of_hands"   # biểu quyết giơ tay


class Comparison(str, enum.Enum):
    MORE_THAN = "more_than"   # "trên …": strictly more than the share
    AT_LEAST = "at_least"     # "từ … trở lên": the share or more


class Base(str, enum.Enum):
    PRESENT = "present"   # of the members present
    ALL = "all"           # of all members
    PRESENT_AND_WRITTEN = "present_written"   # of those present plus the absent who sent a written opinion


@dataclass(frozen=True)
class VoteRule:
    comparison: Comparison = Comparison.MORE_THAN
    share: Fraction = Fraction(1, 2)
    base: Base = Base.PRESENT
    quorum: Fraction | None = None   # the meeting decides only with at least this share of members present

    def validate(self) -> None:
        if not (0 < self.share <= 1):
            raise InvalidSetting(reason="bad_vote_share", value=self.share)
        if self.quorum is not None and not (0 < self.quorum <= 1):
            raise InvalidSetting(reason="bad_quorum", value=self.quorum)

    def base_count(self, present: int, eligible: int, written: int = 0) -> int:
        """How many opinions the share is taken of."""
        if self.base is Base.ALL:
            return eligible
        return present + (written if self.base is Base.PRESENT_AND_WRITTEN else 0)

    def needed(self, present: int, eligible: int, written: int = 0) -> int:
        """The fewest votes for that pass."""
        threshold = self.share * self.base_count(present, eligible, written)
        if self.comparison is Comparison.AT_LEAST:
            return int(-(-threshold // 1))   # ceiling
        return int(threshold // 1) + 1

    def quorum_needed(self, eligible: int) -> int:
        """The fewest members present for the meeting to decide (0 without a quorum rule)."""
        return 0 if self.quorum is None else int(-(-(self.quorum * eligible) // 1))


@dataclass(frozen=True)
class Ballot:
    nominee_id: str
    method: VoteMethod
    eligible: int    # members entitled to vote
    present: int
    absent: int
    votes_for: int
    votes_against: int
    blank: int
    rule: VoteRule = VoteRule()
    written_for: int = 0        # absent members' written opinions, for and against
    written_against: int = 0

    def validate(self) -> None:
        figures = dict(eligible=self.eligible, present=self.present, absent=self.absent,
                       votes_for=self.votes_for, votes_against=self.votes_against, blank=self.blank,
                       written_for=self.written_for, written_against=self.written_against)
        if any(v < 0 for v in figures.values()):
            raise ImpossibleVote(reason="negative", **figures)
        if self.written_for + self.written_against > self.absent:
            raise ImpossibleVote(reason="written_vs_absent", **figures)
        if self.present + self.absent != self.eligible:
            raise ImpossibleVote(reason="present_absent", **figures)
        if self.votes_for + self.votes_against + self.blank != self.present:
            raise ImpossibleVote(reason="votes_vs_present", **figures)
        if self.present == 0:
            raise ImpossibleVote(reason="nobody_present", **figures)
        self.rule.validate()

    @property
    def written(self) -> int:
        return self.written_for + self.written_against

    @property
    def counted_for(self) -> int:
        """Votes for as the rule counts them: written opinions count only when the base takes them in."""
        return self.votes_for + (self.written_for if self.rule.base is Base.PRESENT_AND_WRITTEN else 0)

    @property
    def base_count(self) -> int:
        return self.rule.base_count(self.present, self.eligible, self.written)

    @property
    def needed(self) -> int:
        return self.rule.needed(self.present, self.eligible, self.written)

    @property
    def quorum_met(self) -> bool:
        return self.present >= self.rule.quorum_needed(self.eligible)

    @property
    def passed(self) -> bool:
        return self.quorum_met and self.counted_for >= self.needed

    @property
    def share_for(self) -> Fraction:
        """The share of votes for, of the base the rule takes it of."""
        return Fraction(self.counted_for, self.base_count) if self.base_count else Fraction(0)
