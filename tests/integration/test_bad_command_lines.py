"""Bad command lines, as a hurried or hostile user types them: one Vietnamese sentence, the right exit code,
no traceback, no English fragment, and nothing half-written."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from thidua.cli import main

VIETNAMESE = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĐ")
ENGLISH_FRAGMENTS = ("Is a directory", "Not a directory", "unable to open", "No such file", "Permission denied",
                     "database is locked", "No space left", "Traceback", "Error:", "usage:", "error:")


def run(capsys, *argv) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:            # argparse's own exit
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_sentence(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith("thidua: ")
    assert set(line) & VIETNAMESE, line
    for fragment in ENGLISH_FRAGMENTS:
        assert fragment not in line, line
    return line


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("bad") / "demo.sqlite"
    assert main(["--db", str(path), "demo"]) == 0
    return path


@pytest.fixture
def db(demo_file, tmp_path):
    path = tmp_path / "d.sqlite"
    shutil.copy(demo_file, path)
    return path


ARG_ERRORS = [
    (["ranking", "--cluster", "hong", "--year", "abc"], "năm abc"),
    (["ranking", "--cluster", "hong", "--year", "3000000000"], "năm 3000000000"),
    (["ranking", "--cluster", "hong"], "Thiếu --year"),
    (["ranking", "--cluster", "hong", "--year", "2017", "--format", "xml"], "--format không nhận"),
    (["rankings"], "không nhận"),
    (["ranking", "--cluster", "hong", "--year", "2017", "--bogus"], "Không hiểu tham số --bogus"),
    (["export", "scoring-table", "--cluster", "hong", "--year", "2017", "--format", "pdf"], "Thiếu --out"),
    (["sign-off", "--cluster", "hong", "--year", "2017", "--by", "A", "--password-file", "x"], "--certificate"),
]


@pytest.mark.parametrize("argv,says", ARG_ERRORS, ids=[" ".join(a[:2]) + f"#{i}" for i, (a, _) in enumerate(ARG_ERRORS)])
def test_a_wrong_command_line_exits_2_in_one_vietnamese_line(capsys, db, argv, says):
    code, out, err = run(capsys, "--db", db, *argv)
    assert code == 2
    assert says in assert_one_sentence(err)


def test_argparse_errors_are_english_under_thidua_lang_en(capsys, db, monkeypatch):
    monkeypatch.setenv("THIDUA_LANG", "en")
    try:
        code, _, err = run(capsys, "--db", db, "ranking", "--cluster", "hong")
    finally:
        from thidua import wording
        wording.set_language("vi")
    assert code == 2
    assert err.strip() == "thidua: Missing --year. See “thidua ranking --help”."


USER_ERRORS = [
    (["ranking", "--cluster", "Tây Bắc", "--year", "2017"], "Không tìm thấy cụm thi đua"),
    (["ranking", "--cluster", "hong", "--year", "2030"], "Không tìm thấy kỳ thi đua"),
    (["audit", "--cluster", "Tây Bắc", "--year", "2017"], "Không tìm thấy cụm thi đua"),
    (["import-table", "{tmp}/khong-co.xlsx"], "khong-co.xlsx"),
    (["import-table", "{tmp}"], ""),
    (["verify", "{tmp}/khong-co.pdf"], "Không tìm thấy tệp"),
    (["export", "ranking", "--cluster", "hong", "--year", "2017", "--format", "pdf", "--out", "{tmp}"],
     "thư mục"),
    (["export", "ranking", "--cluster", "hong", "--year", "2017", "--format", "pdf", "--out", "{file}/x.pdf"],
     "đường dẫn"),
    (["export", "ranking", "--cluster", "hong", "--year", "2017", "--format", "pdf", "--out", "{tmp}/" + "x" * 300],
     "tên tệp quá dài"),
    (["backup", "--out", "{tmp}"], "thư mục"),
    (["sign-off", "--cluster", "hong", "--year", "2017", "--by", "A", "--certificate", "{tmp}/c.p12",
      "--password-file", "{tmp}/khong-co.txt"], "Kỳ thi đua chưa bị khóa"),
]


@pytest.mark.parametrize("argv,says", USER_ERRORS, ids=[f"{a[0]}#{i}" for i, (a, _) in enumerate(USER_ERRORS)])
def test_a_refused_command_exits_1_in_one_vietnamese_sentence(capsys, db, tmp_path, argv, says):
    (tmp_path / "a-file").write_text("x")
    argv = [a.format(tmp=tmp_path, file=tmp_path / "a-file") for a in argv]
    before = set(tmp_path.rglob("*"))
    code, _, err = run(capsys, "--db", db, *argv)
    assert code == 1
    assert says in assert_one_sentence(err)
    assert set(tmp_path.rglob("*")) - before <= {tmp_path / "d.sqlite-wal", tmp_path / "d.sqlite-shm"}


def _can_mount_tmpfs() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=16k tmpfs /mnt"],
                           capture_output=True)
    return probe.returncode == 0


def test_db_that_is_a_folder(capsys, tmp_path):
    code, _, err = run(capsys, "--db", tmp_path, "ranking", "--cluster", "hong", "--year", "2017")
    assert code == 1
    assert "không phải của thidua" in assert_one_sentence(err)


def test_db_whose_parent_is_a_file(capsys, tmp_path):
    (tmp_path / "f").write_text("x")
    code, _, err = run(capsys, "--db", tmp_path / "f" / "d.sqlite", "ranking", "--cluster", "hong", "--year", "2017")
    assert code == 1
    assert_one_sentence(err)


def test_foreign_and_garbage_files_are_refused_untouched(capsys, tmp_path):
    foreign = tmp_path / "other.sqlite"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO customers VALUES (1, 'Nguyễn Văn A')")
    con.commit()
    con.close()
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(os.urandom(4096))
    for path in (foreign, garbage):
        before = sha(path)
        code, _, err = run(capsys, "--db", path, "demo")
        assert code == 1
        assert "không phải của thidua" in assert_one_sentence(err)
        assert sha(path) == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["garbage.sqlite", "other.sqlite"]


@pytest.mark.skipif(not _can_mount_tmpfs(), reason="no private mount namespace here (unshare -rm is needed)")
def test_read_only_database_opens_for_review_and_refuses_changes(db):
    """The file on a read-only mount (a write-protected USB stick): it opens for review, keeps every byte."""
    from thidua.storage.database import Database
    Database(str(db)).close()                 # checkpointed: the file alone holds everything
    before = sha(db)
    folder = db.parent
    thidua = f"{sys.executable} -m thidua --db {db}"
    script = (f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder} && "
              f"{thidua} ranking --cluster hong --year 2017 && "
              f"{thidua} sign-off --cluster hong --year 2017 --by A")
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True,
                          env={**os.environ, "THIDUA_LANG": "vi"})
    assert "Ninh Bình" in done.stdout          # the ranking was read
    assert done.returncode == 1
    assert "chỉ đọc" in assert_one_sentence(done.stderr)
    assert sha(db) == before


def test_read_only_review_through_the_uri_refuses_changes(capsys, db):
    """root ignores file modes; a read-only open (as the app's review mode does) still refuses writes."""
    from thidua.services.clusters import find_season
    from thidua.services.outcome import sign_off
    from thidua.services.ports import StorageError
    from thidua.storage.database import Database
    Database(str(db)).close()
    before = sha(db)
    ro = Database(str(db), read_only=True)
    info = find_season(ro.uow(), "hong", 2017)
    with pytest.raises(StorageError) as err:
        sign_off(ro.uow(), info.season_id, "A")
    assert err.value.reason == "read_only"
    ro.close()
    assert sha(db) == before


def test_locked_database_says_busy(capsys, db, monkeypatch):
    import thidua.storage.database as database
    monkeypatch.setattr(database, "LOCK_TIMEOUT_S", 0.5)
    holder = sqlite3.connect(db)
    holder.execute("BEGIN IMMEDIATE")          # another program writing and not letting go
    try:
        code, _, err = run(capsys, "--db", db, "sign-off", "--cluster", "hong", "--year", "2017", "--by", "A")
    finally:
        holder.rollback()
        holder.close()
    assert code == 1
    assert "đang bận" in assert_one_sentence(err)


def test_unreachable_server(capsys):
    code, _, err = run(capsys, "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2",
                       "ranking", "--cluster", "hong", "--year", "2017")
    assert code == 1
    assert "Không kết nối được" in assert_one_sentence(err)


@pytest.mark.skipif(not _can_mount_tmpfs(), reason="no private tmpfs here (unshare -rm and mount are needed)")
@pytest.mark.parametrize("kind,fmt,room", [("scoring-table", "pdf", "24k"), ("minutes", "pdf", "24k"),
                                           ("scoring-table", "xlsx", "4k")])
def test_full_disk_leaves_no_partial_file(db, tmp_path, kind, fmt, room):
    """A tiny private tmpfs as the output folder: the export fails with a sentence and leaves nothing."""
    out = tmp_path / "full"
    out.mkdir()
    script = (f"mount -t tmpfs -o size={room} tmpfs {out} && "
              f"{sys.executable} -m thidua --db {db} export {kind} --cluster hong --year 2017 --format {fmt} "
              f"--out {out}/doc.{fmt}; code=$?; ls -A {out}; exit $code")
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True,
                          env={**os.environ, "THIDUA_LANG": "vi"})
    assert done.returncode == 1, done.stderr
    assert "ổ đĩa đã đầy" in assert_one_sentence(done.stderr)
    assert done.stdout.strip() == ""           # nothing left in the folder, not even a temporary file


def test_a_fault_of_ours_is_one_sentence_and_a_crash_log(capsys, db, tmp_path, monkeypatch):
    import thidua.cli.ranking

    def broken(args):
        raise RuntimeError("a bug")
    monkeypatch.setattr(thidua.cli.ranking, "run", broken)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    code, _, err = run(capsys, "--db", db, "ranking", "--cluster", "hong", "--year", "2017")
    assert code == 1
    line = assert_one_sentence(err)
    assert "lỗi không mong muốn" in line
    logs = list(tmp_path.rglob("crash.log"))
    assert len(logs) == 1 and "RuntimeError: a bug" in logs[0].read_text(encoding="utf-8")
