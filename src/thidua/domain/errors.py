"""Domain errors: each carries the data an outer layer needs to word it for a person."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


class DomainError(Exception):
    """Base of every rule the domain refuses; `code` names the rule, `data` its figures."""

    code = "domain"

    def __init__(self, **data: Any) -> None:
        self.data = data
        super().__init__(f"{self.code}: {data}")


class InvalidPoints(DomainError):
    """Points outside what a criterion allows. data: reason, points, maximum, step, allowed."""

    code = "invalid_points"


class InvalidFigure(DomainError):
    """A target or actual figure that cannot be (negative, not a number). data: reason, value."""

    code = "invalid_figure"


class SeasonLocked(DomainError):
    """The season's state forbids this change. data: state, action."""

    code = "season_locked"


class BadTransition(DomainError):
    """A state change the season cannot make. data: from_state, to_state."""

    code = "bad_transition"


class NotFound(DomainError):
    """Something named by id or name does not exist. data: kind, key."""

    code = "not_found"


class Ambiguous(DomainError):
    """A name matches more than one thing. data: kind, key, matches."""

    code = "ambiguous"


class Duplicate(DomainError):
    """Something with that name or key already exists. data: kind, key."""

    code = "duplicate"


class InvalidCriteria(DomainError):
    """A criteria-table change that would break the tree. data: reason, criterion."""

    code = "invalid_criteria"


class InvalidBands(DomainError):
    """Bands on a measured value that cannot be stored. data: criterion, problems (domain.bands.BandProblem)."""

    code = "invalid_bands"


class ImpossibleVote(DomainError):
    """Vote figures that cannot happen. data: reason plus the figures."""

    code = "impossible_vote"


class EditConflict(DomainError):
    """Someone else changed the value since this editor saw it. data: expected, current, by, at."""

    code = "edit_conflict"


class IncompleteSeason(DomainError):
    """Sign-off refused because scores are missing. data: missing (count), examples."""

    code = "incomplete_season"


class InvalidSetting(DomainError):
    """A season setting that cannot hold. data: reason, value."""

    code = "invalid_setting"


@dataclass(frozen=True)
class Problem:
    """One problem among many found while checking input (used by importers)."""

    where: str
    reason: str
    value: Any = None
    extra: dict = field(default_factory=dict)


def dec(value: Any) -> Decimal:
    """Decimal of an int, str or Decimal without passing through float."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)
