"""Who changed what in a season — the audit log read back, and checked as an unbroken chain."""

from __future__ import annotations

from .ports import AuditRecord, AuditVerdict, UnitOfWork


def season_log(uow: UnitOfWork, season_id: str) -> list[AuditRecord]:
    """Every change of a season, oldest first, as the chain holds it."""
    with uow:
        uow.seasons.get(season_id)     # NotFound for a season that is not there
        return uow.audit.entries(season_id)


def verify_log(uow: UnitOfWork, season_id: str) -> AuditVerdict:
    """Is the season's log whole? Names the first row edited, removed or inserted outside thidua."""
    with uow:
        uow.seasons.get(season_id)
        return uow.audit.verify(season_id)
