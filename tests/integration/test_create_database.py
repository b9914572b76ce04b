"""Creating a new data file: the schema in place, never over an existing file, nothing half-made."""

from __future__ import annotations

import sqlite3

import pytest

from thidua import wording
from thidua.services import clusters
from thidua.services.ports import StorageError
from thidua.storage.database import create_database, current_revision, head_revision


def test_a_new_file_has_the_schema_and_no_cluster(tmp_path):
    path = tmp_path / "thư mục mới" / "cum.thidua"
    db = create_database(path, actor="Lan")
    try:
        assert path.is_file() and current_revision(db.engine) == head_revision()
        assert clusters.list_clusters(db.uow()) == []
        record = clusters.create_cluster(db.uow(), "Cụm thi đua số 1")
        assert [c.name for c in clusters.list_clusters(db.uow())] == [record.name]
    finally:
        db.close()
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []   # no temporary left behind


def test_an_empty_file_is_taken(tmp_path):
    path = tmp_path / "trong.thidua"
    path.write_bytes(b"")
    create_database(path).close()
    assert path.stat().st_size > 0


@pytest.mark.parametrize("content", ["sqlite", "text"])
def test_another_programs_file_is_refused_and_kept(tmp_path, content):
    path = tmp_path / "khac.sqlite"
    if content == "sqlite":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.commit()
        conn.close()
    else:
        path.write_text("Danh sách đơn vị\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(StorageError) as caught:
        create_database(path)
    assert caught.value.reason == "create_foreign"
    assert wording.explain(caught.value).startswith(f"Tệp {path} đã có và là của chương trình khác")
    assert path.read_bytes() == before


def test_an_existing_thidua_file_is_not_overwritten(tmp_path):
    path = tmp_path / "cum.thidua"
    db = create_database(path)
    clusters.create_cluster(db.uow(), "Cụm A")
    db.close()
    before = path.read_bytes()
    with pytest.raises(StorageError) as caught:
        create_database(path)
    assert caught.value.reason == "create_exists"
    assert "thidua không ghi đè lên nó" in wording.explain(caught.value)
    assert path.read_bytes() == before


def test_a_folder_in_the_way_is_an_os_refusal(tmp_path):
    blocker = tmp_path / "la-tep"
    blocker.write_text("x")
    with pytest.raises(OSError) as caught:
        create_database(blocker / "cum.thidua")
    assert wording.os_refusal(caught.value, blocker / "cum.thidua").startswith("Không ghi hoặc đọc được")
