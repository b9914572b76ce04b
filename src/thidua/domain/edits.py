"""What an editor saw: the values an edit is based on, checked against the stored season before it applies.

Every write a person or a file drives names the things it touches as (entity, key, field) — the
same triple the season records in a `Change` and the audit log keeps — with the value its author
saw there. If the stored value differs, someone else changed it meanwhile and the edit is refused
whole; if it holds, the edit applies even when the season moved on elsewhere. Forms (the meeting,
the settings, an award type) are merged field by field: only the fields the author changed are
checked and written, so two people changing two different fields both keep their change.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Iterable


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


@dataclass(frozen=True)
class Seen:
    """One value an edit is based on. `new` is what the edit writes there: already holding it is no conflict."""

    entity: str
    key: tuple
    field: str
    value: Any
    new: Any = UNSET

    def holds(self, current: Any) -> bool:
        return current == self.value or (self.new is not UNSET and current == self.new)


def changed_fields(base: Any, mine: Any) -> list[str]:
    """The dataclass fields the author changed between what the form showed (`base`) and what they saved."""
    return [f.name for f in fields(mine) if getattr(base, f.name) != getattr(mine, f.name)]


def seen_fields(entity: str, key: tuple, base: Any, mine: Any, prefix: str = "") -> list[Seen]:
    """Seen values for a form: one per field the author changed, with its value before and after."""
    return [Seen(entity, key, prefix + name, getattr(base, name), getattr(mine, name))
            for name in changed_fields(base, mine)]


def merge_fields(current: Any, base: Any, mine: Any) -> Any:
    """The stored object with only the author's changed fields applied (others keep their newer values)."""
    from dataclasses import replace

    changed = changed_fields(base, mine)
    return replace(current, **{name: getattr(mine, name) for name in changed}) if changed else current


def anchor_after(order: Iterable[str], moved: str, position: int) -> str | None:
    """The id the moved item goes before, read from the order its author saw (None: the end).

    Why an anchor and not an index: another editor may add or remove items meanwhile; "before
    Nam Định" still means what the author meant, position 3 may not.
    """
    rest = [x for x in order if x != moved]
    position = max(0, min(position, len(rest)))
    return rest[position] if position < len(rest) else None
