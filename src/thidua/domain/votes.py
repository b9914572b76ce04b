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


@dataclass(frozen=True)
class VoteRule:
    comparison: Comparison = Comparison.MORE_THAN
    share: Fraction = Fraction(1, 2)
    base: Base = Base.PRESENT

    def validate(self) -> None:
        if not (0 < self.share <= 1):
            raise InvalidSetting(reason="bad_vote_share", value=self.share)

    def needed(self, present: int, eligible: int) -> int:
        """The fewest votes for that pass."""
        base = present if self.base is Base.PRESENT else eligible
        threshold = self.share * base
        if self.comparison is Comparison.AT_LEAST:
            return int(-(-threshold // 1))   # ceiling
        return int(threshold // 1) + 1


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

    def validate(self) -> None:
        figures = dict(eligible=self.eligible, present=self.present, absent=self.absent,
                       votes_for=self.votes_for, votes_against=self.votes_against, blank=self.blank)
        if any(v < 0 for v in figures.values()):
            raise ImpossibleVote(reason="negative", **figures)
        if self.present + self.absent != self.eligible:
            raise ImpossibleVote(reason="present_absent", **figures)
        if self.votes_for + self.votes_against + self.blank != self.present:
            raise ImpossibleVote(reason="votes_vs_present", **figures)
        if self.present == 0:
            raise ImpossibleVote(reason="nobody_present", **figures)
        self.rule.validate()

    @property
    def needed(self) -> int:
        return self.rule.needed(self.present, self.eligible)

    @property
    def passed(self) -> bool:
        return self.votes_for >= self.needed

    @property
    def share_for(self) -> Fraction:
        return Fraction(self.votes_for, self.present) if self.present else Fraction(0)
