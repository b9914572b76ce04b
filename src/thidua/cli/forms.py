"""`thidua import-forms FILE… [--apply]` and the member-forms export: self-scoring forms out and back in."""

from __future__ import annotations

from pathlib import Path

from .. import wording
from .exits import Exit, Refusal


def register(sub) -> dict:
    f = sub.add_parser("import-forms", help="nhập phiếu tự chấm điểm các đơn vị gửi lại (xem trước, --apply để ghi)")
    f.add_argument("files", metavar="FILE", nargs="+")
    f.add_argument("--apply", action="store_true", help="ghi mọi thay đổi (tất cả hoặc không gì cả)")
    return {"import-forms": run_import_forms}


def _refusal(error: BaseException) -> Refusal:
    first, *rest = wording.explain_lines(error)
    return Refusal(first, rest)


def preview_lines(reading, season) -> list[str]:
    lines = wording.forms_summary(reading, season)
    lines.append(wording._pick(f"Thay đổi ({len(reading.changes)}):", f"Changes ({len(reading.changes)}):"))
    lines += [f"  {wording.form_change_line(c)}" for c in reading.changes]
    return lines


def run_import_forms(args) -> int:
    from ..documents.forms.read import explain_reading, form_identity, read_member_forms
    from ..documents.readers.safe import WorkbookError
    from ..domain.errors import DomainError, NotFound
    from ..services.clusters import open_season
    from ..services.ports import StorageError
    from ..services.imports import apply_form_changes
    from .common import open_db

    try:
        first = form_identity(args.files[0])
    except WorkbookError as exc:
        raise _refusal(exc) from exc
    db = open_db(args)
    try:
        try:
            season = open_season(db.uow(), first["season_id"])
        except NotFound:
            raise Refusal(wording.reading("form_season_missing", name=first["file"], cluster=first["cluster"],
                                          year=first["year"])) from None
        try:
            reading = read_member_forms(args.files, season)
        except WorkbookError as exc:
            raise _refusal(exc) from exc
        for line in preview_lines(reading, season):
            print(line)
        if not reading.ok:
            first_line, *rest = explain_reading(reading)
            raise Refusal(first_line, rest)
        if not args.apply:
            if reading.conflicts:
                print(wording._pick("Các ô đánh dấu ĐÃ ĐỔI sẽ làm việc ghi bị từ chối.",
                                    "The cells marked CHANGED would refuse the import."))
            print(wording._pick("Chưa ghi gì; chạy lại với --apply để ghi tất cả.",
                                "Nothing written; run again with --apply to write it all."))
            return Exit.OK
        try:
            done = apply_form_changes(db.uow(), season.id, reading.changes)
        except (DomainError, StorageError) as exc:   # a conflict or a locked season: nothing written
            raise _refusal(exc) from exc
        print(wording._pick(f"Đã ghi {done.scores} điểm tự chấm và {done.notes} ghi chú của {len(done.members)} "
                            f"đơn vị: {', '.join(done.members) or '—'}.",
                            f"Wrote {done.scores} self-scores and {done.notes} notes of {len(done.members)} members: "
                            f"{', '.join(done.members) or '—'}."))
        return Exit.OK
    finally:
        db.close()


def export_member_forms(args) -> int:
    """`thidua export member-forms --cluster … --year … --out DIR`: one workbook per member, named by member."""
    from ..documents.forms.write import write_member_forms
    from .common import load_season, open_db

    db = open_db(args)
    try:
        season = load_season(db, args.cluster, args.year)
    finally:
        db.close()
    paths = write_member_forms(season, Path(args.out))
    print(wording._pick(f"Đã ghi {len(paths)} phiếu tự chấm vào {Path(args.out)}:",
                        f"Wrote {len(paths)} self-scoring forms to {Path(args.out)}:"))
    for path in paths:
        print(f"  {path.name}")
    return Exit.OK
