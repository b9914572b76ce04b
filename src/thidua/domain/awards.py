"""Award types, nominees and the proposals a ranking earns under quotas and eligibility."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from .errors import InvalidSetting
from .ranking import ClassBand, Ranking


class NomineeKind(str, enum.Enum):
    MEMBER = "member"            # a member alliance itself
    COOPERATIVE = "cooperative"  # a cooperative put forward by a member
    PERSON = "person"            # an individual put forward by a member


class Origin(str, enum.Enum):
    RANKING = "ranking"   # proposed from the ranking by quota and eligibility
    MANUAL = "manual"     # put forward by a member or the committee


@dataclass(frozen=True)
class AwardType:
    id: str
    name: str
    precedence: int                        # 1 is the highest award
    quota_count: int | None = None         # at most this many
    quota_share: Decimal | None = None     # at most this share of members (0.2 = 20 %)
    max_rank: int | None = None            # eligible when ranked at or above
    min_classification: str | None = None  # eligible when classified at least this
    exclusive: bool = True                 # a holder gets no lower award as well
    from_ranking: bool = True              # proposed from the ranking (else only manual nominees)
    within: str | None = None              # counted inside this other award's quota

    def validate(self) -> None:
        if not self.name.strip():
            raise InvalidSetting(reason="award_without_name", value=self.name)
        if self.within is not None and self.within == self.id:
            raise InvalidSetting(reason="quota_within_itself", value=self.name)
        if self.quota_count is not None and self.quota_count < 0:
            raise InvalidSetting(reason="bad_quota", value=self.quota_count)
        if self.quota_share is not None and not (0 <= self.quota_share <= 1):
            raise InvalidSetting(reason="bad_quota_share", value=self.quota_share)
        if self.max_rank is not None and self.max_rank < 1:
            raise InvalidSetting(reason="bad_max_rank", value=self.max_rank)

    def quota(self, member_count: int) -> int | None:
        limits = []
        if self.quota_count is not None:
            limits.append(self.quota_count)
        if self.quota_share is not None:
            # a share never rounds up: 20 % of 9 members is 1 flag, not 2
            limits.append(math.floor(self.quota_share * member_count))
        return min(limits) if limits else None


@dataclass(frozen=True)
class Nominee:
    id: str
    name: str
    kind: NomineeKind
    award_type_id: str
    member_id: str | None = None   # the member itself, or the member that put it forward
    origin: Origin = Origin.MANUAL
    reason: str = ""               # achievements quoted in the submission
    contested: bool = False        # a tie at the quota boundary put it here: the vote decides


@dataclass(frozen=True)
class Proposal:
    member_id: str
    award_type_id: str
    rank: int
    contested: bool


def _class_at_least(name: str | None, minimum: str | None, classes: Sequence[ClassBand]) -> bool:
    if minimum is None:
        return True
    order = [b.name for b in sorted(classes, key=lambda b: b.min_total, reverse=True)]
    if name not in order or minimum not in order:
        return False
    return order.index(name) <= order.index(minimum)


def quota_chain(award: AwardType, by_id: dict[str, AwardType]) -> list[AwardType]:
    """The award and every award whose quota it is counted inside, nearest first (cycles cut)."""
    chain = [award]
    while chain[-1].within in by_id and by_id[chain[-1].within] not in chain:
        chain.append(by_id[chain[-1].within])
    return chain


def propose(ranking: Ranking, award_types: Sequence[AwardType],
            classes: Sequence[ClassBand] = ()) -> list[Proposal]:
    """Proposals from the ranking, highest award first, within each award's quota.

    A tie at the quota boundary brings in every tied member, marked contested, so the vote
    settles it rather than the listing order. An award counted inside another's quota uses up
    that quota too ("không vượt quá" both).
    """
    members = len(ranking.rows)
    holders: set[str] = set()
    proposals: list[Proposal] = []
    by_id = {a.id: a for a in award_types}
    used: dict[str, int] = {}
    for award in sorted(award_types, key=lambda a: a.precedence):
        if not award.from_ranking:
            continue
        eligible = [r for r in ranking.rows
                    if r.member_id not in holders
                    and (award.max_rank is None or r.rank <= award.max_rank)
                    and _class_at_least(r.classification, award.min_classification, classes)]
        chain = quota_chain(award, by_id)
        limits = [q - used.get(a.id, 0) for a in chain if (q := a.quota(members)) is not None]
        quota = max(0, min(limits)) if limits else None
        chosen = eligible if quota is None else eligible[:quota]
        contested_rank = None
        if quota is not None and 0 < quota < len(eligible) and eligible[quota].rank == eligible[quota - 1].rank:
            contested_rank = eligible[quota - 1].rank
            chosen = eligible[:quota] + [r for r in eligible[quota:] if r.rank == contested_rank]
        if quota == 0:
            chosen = []
        for a in chain:
            used[a.id] = used.get(a.id, 0) + len(chosen)
        for row in chosen:
            proposals.append(Proposal(row.member_id, award.id, row.rank, row.rank == contested_rank))
            if award.exclusive:
                holders.add(row.member_id)
    return proposals
