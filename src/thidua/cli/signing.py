"""`thidua sign-off`, `thidua reopen`, `thidua step`, `thidua sign` and `thidua verify`: locking a season, reopening it,
signing its PDFs, checking files.

sign-off locks the season (the service records signer, time and the SHA-256 of its canonical
content). With --certificate FILE.p12 (and --password-file) it also writes every PDF document of
the signed-off revision, each digitally signed (PAdES), into a folder beside the database file
("van-ban-ky-so-<năm>-lan-<lần>"; the current folder when the database is a server), or into
--out when the command line offers it. The certificate is opened before anything is locked, so a
wrong password never leaves a locked season without its signed documents. Running sign-off again
with a certificate on an already signed-off season only re-signs that revision's documents.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import wording
from .common import open_db
from .exits import Exit, Refusal, UsageError
from .parser import year


def register(sub) -> dict:
    s = sub.add_parser("sign-off", help="ký duyệt kỳ thi đua")
    s.add_argument("--cluster", required=True)
    s.add_argument("--year", type=year, required=True)
    s.add_argument("--by", required=True)
    s.add_argument("--certificate", metavar="FILE.p12")
    s.add_argument("--password-file", metavar="FILE")
    s.add_argument("--out", metavar="DIR", help="thư mục ghi các văn bản đã ký số (khi có --certificate)")

    s.add_argument("--secretary-certificate", metavar="FILE.p12",
                   help="chứng thư số của thư ký: ký thêm vào biên bản bên cạnh chữ ký của chủ trì")
    s.add_argument("--secretary-password-file", metavar="FILE")

    r = sub.add_parser("reopen", help="mở lại kỳ thi đua đã ký duyệt (ghi lý do); bản đã ký vẫn giữ trong lịch sử")
    r.add_argument("--cluster", required=True)
    r.add_argument("--year", type=year, required=True)
    r.add_argument("--by", required=True, help="người mở lại")
    r.add_argument("--reason", required=True, help="lý do mở lại (ghi vào nhật ký)")
    r.add_argument("--to", choices=tuple(REOPEN_STEPS), default="cham-diem",
                   help="mở lại ở bước nào: cham-diem (Chấm điểm: sửa được điểm, đơn vị và tiêu chí; mặc định), "
                        "binh-xet (Bình xét: chỉ sửa được khen thưởng, phiếu bầu và biên bản), "
                        "du-thao (Dự thảo: như chấm điểm)")

    t = sub.add_parser("step", help="chuyển kỳ thi đua sang bước khác (dự thảo, chấm điểm, bình xét)")
    t.add_argument("--cluster", required=True)
    t.add_argument("--year", type=year, required=True)
    t.add_argument("--to", choices=tuple(STEPS), required=True,
                   help="bước chuyển tới: du-thao (Dự thảo), cham-diem (Chấm điểm), binh-xet (Bình xét, "
                        "bước duy nhất được bỏ phiếu và ký duyệt)")
    t.add_argument("--by", help="người chuyển bước (mặc định: tên người dùng trong cài đặt)")

    g = sub.add_parser("sign", help="ký số một văn bản PDF của thidua (chủ trì, thư ký hoặc cụm trưởng)")
    g.add_argument("file")
    g.add_argument("--certificate", metavar="FILE.p12", required=True)
    g.add_argument("--password-file", metavar="FILE")
    g.add_argument("--as", dest="role", choices=("head", "chair", "secretary"), default="head",
                   help="ký vào ô chữ ký nào: head (cụm trưởng), chair (chủ trì), secretary (thư ký)")
    g.add_argument("--out", metavar="FILE", help="ghi văn bản đã ký ra tệp này (mặc định: ghi đè tệp)")

    v = sub.add_parser("verify", help="kiểm tra văn bản đã ký duyệt")
    v.add_argument("file")
    # also accepted after the command (`thidua verify --db URL FILE`) without hiding a global --db
    v.add_argument("--db", default=argparse.SUPPRESS, help="đối chiếu với cơ sở dữ liệu này")
    v.add_argument("--trust", metavar="CERT.pem", action="append", default=[],
                   help="chứng thư gốc tin cậy (có thể ghi nhiều lần)")
    return {"sign-off": run_sign_off, "reopen": run_reopen, "step": run_step, "sign": run_sign, "verify": run_verify}


# `thidua reopen --to`: the steps a signed-off season can return to, as typed without diacritics
REOPEN_STEPS = {"cham-diem": "scoring", "binh-xet": "voting", "du-thao": "draft"}
# `thidua step --to`: the steps an open season moves between (sign-off has its own command)
STEPS = REOPEN_STEPS


def run_step(args) -> int:
    """Move an open season to another step, as the window's step bar does; the domain says when it cannot."""
    from ..domain.season import State
    from ..services.clusters import find_season, open_season
    from ..services.outcome import advance

    db = open_db(args, actor=args.by)
    try:
        info = find_season(db.uow(), args.cluster, args.year)
        seen = open_season(db.uow(), info.season_id).state
        to = State(STEPS[args.to])
        advance(db.uow(), info.season_id, to, expected=seen)
    finally:
        db.close()
    print(f"{info.cluster_name} năm {info.year}: đã chuyển sang bước {wording.step_name(to)} — "
          f"{wording.editable_at(to)}.")
    return Exit.OK


def run_reopen(args) -> int:
    from ..domain.season import State
    from ..services.clusters import find_season
    from ..services.outcome import reopen

    db = open_db(args)
    try:
        info = find_season(db.uow(), args.cluster, args.year)
        to = State(REOPEN_STEPS[args.to])
        revision = reopen(db.uow(args.by), info.season_id, args.by, args.reason, to=to)
    finally:
        db.close()
    print(wording.reopened(info.cluster_name, info.year, revision.number, to))
    return Exit.OK


def _read_password(path: str | None) -> bytes | None:
    if not path:
        return None
    data = Path(path).read_bytes()
    # a password file written by an editor ends with a newline that is not part of the password
    return data.rstrip(b"\r\n")


def signed_folder(args, year: int, revision: int) -> Path:
    """Where signed PDFs go: --out if given, else beside the SQLite file, else the current folder."""
    out = getattr(args, "out", None)
    if out:
        return Path(out)
    from sqlalchemy.engine import make_url

    from ..documents.signoff.signing import signed_folder_name
    from ..storage.database import resolve_url

    url = make_url(resolve_url(args.db))
    name = signed_folder_name(year, revision)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent / name
    return Path.cwd() / name


def _certificate(path: str | None, password_file: str | None, locking: bool = True):
    """The certificate, opened before anything is locked or written; refused in one sentence."""
    from ..documents.signoff.signing import CertificateError, load_certificate

    if not path:
        return None
    try:
        password = _read_password(password_file)
    except OSError as exc:
        raise Refusal(f"Không đọc được tệp mật khẩu {password_file}: {wording.os_reason(exc)}."
                      + (" Kỳ thi đua chưa bị khóa." if locking else "")) from exc
    try:
        return load_certificate(Path(path), password)
    except CertificateError as exc:
        raise Refusal(wording.certificate_refusal(exc, path, locking)) from exc


def run_sign_off(args) -> int:
    from ..documents.signoff.signing import CertificateError, countersign, sign_season_documents
    from ..services.clusters import find_season, open_season
    from ..services.outcome import sign_off

    if args.password_file and not args.certificate:
        raise UsageError("--password-file chỉ dùng kèm --certificate.")
    if args.secretary_certificate and not args.certificate:
        raise UsageError("--secretary-certificate chỉ dùng kèm --certificate (chữ ký của chủ trì).")
    if args.secretary_password_file and not args.secretary_certificate:
        raise UsageError("--secretary-password-file chỉ dùng kèm --secretary-certificate.")
    cert = _certificate(args.certificate, args.password_file)
    secretary = _certificate(args.secretary_certificate, args.secretary_password_file)

    db = open_db(args)
    info = find_season(db.uow(), args.cluster, args.year)
    if cert is not None and info.state == "signed_off":
        season = open_season(db.uow(), info.season_id)
        revision = season.signed
        print(f"{info.cluster_name} năm {info.year} đã được ký duyệt lần {revision.number} "
              f"({revision.signed_by}, {revision.signed_at:%H:%M %d/%m/%Y}); chỉ ký số lại các văn bản của lần này.")
    else:
        result = sign_off(db.uow(args.by), info.season_id, args.by)
        print(wording._pick(
            f"Đã ký duyệt {info.cluster_name} năm {info.year}: lần {result.revision}, người ký {result.signed_by}, "
            f"lúc {result.signed_at:%H:%M %d/%m/%Y}, mã kiểm tra SHA-256 {result.sha256}",
            f"Signed off {info.cluster_name} {info.year}: revision {result.revision} by {result.signed_by} at "
            f"{result.signed_at:%Y-%m-%d %H:%M}, SHA-256 {result.sha256}"))
        if cert is None:
            print("Các văn bản xuất từ nay (thidua export …) mang số lần ký duyệt, người ký, thời điểm và mã "
                  "SHA-256 ở chân mỗi trang.")
            return Exit.OK
        season = open_season(db.uow(), info.season_id)
    folder = signed_folder(args, season.year, season.signed.number)
    try:
        written = sign_season_documents(season, folder, cert)
        if secretary is not None:
            minutes = next((p for p in written if p.name.startswith("minutes-")), None)
            if minutes is not None:
                countersign(minutes, secretary, location=season.meeting.place)
    except (CertificateError, OSError, ValueError) as exc:
        detail = wording.os_reason(exc) if isinstance(exc, OSError) else wording.explain(exc)
        raise Refusal(f"Kỳ thi đua đã ký duyệt nhưng chưa ký số được văn bản vào {folder}: {detail} "
                      f"Chạy lại lệnh sign-off với --certificate để ký số lại.") from exc
    print(f"Đã ký số {len(written)} văn bản bằng chứng thư của “{cert.subject}” vào {folder}:")
    for path in written:
        print(f"  {path.name}")
    if secretary is not None:
        print(f"Thư ký “{secretary.subject}” đã ký thêm vào biên bản.")
    return Exit.OK


ROLE_WORDS = {"head": "cụm trưởng", "chair": "chủ trì", "secretary": "thư ký"}


def run_sign(args) -> int:
    """Sign one thidua PDF in the block of `--as` (the secretary beside the chair on the minutes)."""
    from ..documents.signoff.signing import CertificateError, RoleTaken, sign_pdf
    from ..files import check_output_path

    source = Path(args.file)
    if not source.is_file():
        raise Refusal(f"Không tìm thấy tệp {source}.")
    target = check_output_path(Path(args.out)) if args.out else source
    cert = _certificate(args.certificate, args.password_file, locking=False)
    try:
        sign_pdf(source, target, cert, reason=f"Ký với tư cách {ROLE_WORDS[args.role]}", role=args.role)
    except RoleTaken as exc:
        raise Refusal(f"Văn bản {source.name} đã có chữ ký số ở ô của {ROLE_WORDS[args.role]}; "
                      "không ký đè lên chữ ký đã có.") from exc
    except CertificateError as exc:
        raise Refusal(wording.certificate_refusal(exc, str(source), locking=False)) from exc
    print(f"Đã ký số {target} với tư cách {ROLE_WORDS[args.role]} bằng chứng thư của “{cert.subject}”.")
    return Exit.OK


def run_verify(args) -> int:
    """Exit 0: content, marks and signature check and the signer is trusted (or the database confirms an
    unsigned paper); 1: something does not check; 3: nothing found changed but not confirmed."""
    from ..documents.signoff.verify import INVALID, VALID, verify_file

    path = Path(args.file)
    if not path.is_file():
        raise Refusal(f"Không tìm thấy tệp {path}.")
    trust = [Path(t) for t in args.trust]
    missing = [str(t) for t in trust if not t.is_file()]
    if missing:
        raise Refusal(f"Không tìm thấy chứng thư gốc {', '.join(missing)} (--trust).")
    db = open_db(args) if args.db else None
    report = verify_file(path, db, trust)
    for line in report.lines():
        print(line)
    return {VALID: Exit.OK, INVALID: Exit.USER}.get(report.verdict, Exit.UNVERIFIED)
