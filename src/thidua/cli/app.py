"""`thidua gui` (the default command): the desktop app."""

from __future__ import annotations

from .. import wording
from .exits import UsageError


def register(sub) -> dict:
    g = sub.add_parser("gui", help="mở ứng dụng")
    g.add_argument("--demo", action="store_true", help="mở dữ liệu mẫu")
    g.add_argument("--screenshots", metavar="DIR", help="lưu ảnh các màn hình vào thư mục rồi thoát")
    return {"gui": run}


def run(args) -> int:
    try:
        from ..ui.app import run_gui
    except ModuleNotFoundError as exc:
        if exc.name and (exc.name.startswith("thidua.ui") or exc.name.startswith("PySide6")):
            raise UsageError(wording._pick("Ứng dụng giao diện chưa được cài đặt (thiếu PySide6).",
                                           "The desktop app is not installed (PySide6 is missing).")) from exc
        raise
    return run_gui(db_url=args.db, demo=getattr(args, "demo", False),
                   screenshots=getattr(args, "screenshots", None))
