"""Deleting from the window: a question naming what will go ("cùng 7 điểm đã chấm…"), then Ctrl+Z to put it back.

Every deletion asks first, with "Xóa" / "Hủy" and "Hủy" the default, counting from the domain what
goes with the thing; once confirmed, it is done through the services and an undo command lands on
the session's stack. Undo restores exactly what went (through the services: refused with a sentence
when its place was taken meanwhile); redo deletes it again, refused if more was typed since.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QWidget

from ..domain import restore as rs
from ..services import clusters, deletions
from .i18n import ReviewOnly, explain, tr

# Tests answer the questions here: a callable given the question's text, returning True for "Xóa".
answer: Callable[[str], bool] | None = None


def _quiet(widget: QWidget | None) -> bool:
    while widget is not None:
        if getattr(widget, "quiet", False):
            return True
        widget = widget.parentWidget()
    return False


def ask(parent: QWidget | None, question: str, yes: str | None = None) -> bool:
    """Ask before something goes; "Hủy" is the default. A quiet window (tests, screenshots) answers yes
    unless a test set `answer`."""
    if answer is not None:
        return answer(question)
    if _quiet(parent):
        return True
    box = QMessageBox(QMessageBox.Icon.Question, "thidua", question, QMessageBox.StandardButton.NoButton, parent)
    go = box.addButton(yes or tr("Xóa", "Delete"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(tr("Hủy", "Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is go


# ---- what goes, in words -----------------------------------------------------------------------
def _and(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + tr(" và ", " and ") + parts[-1]


def loss_text(loss: rs.Loss, members: int = 0) -> str:
    """'7 điểm đã chấm, 5 số liệu giao ước và 1 đề cử' — only what there is. With `members`, a whole
    season's: its rows are all its criteria, not the rows under one."""
    rows = ("tiêu chí", "criteria") if members else ("tiêu chí con", "rows under it")
    counts = [(members, "đơn vị", "members"), (loss.criteria, *rows),
              (loss.scores, "điểm đã chấm", "scores"), (loss.notes, "ghi chú", "notes"),
              (loss.figures, "số liệu giao ước", "covenant figures"), (loss.nominees, "đề cử", "nominees"),
              (loss.ballots, "kết quả bỏ phiếu", "recorded votes")]
    return _and([f"{n} {tr(vi, en)}" for n, vi, en in counts if n])


def question(what: str, loss: rs.Loss, members: int = 0) -> str:
    lost = loss_text(loss, members)
    head = tr(f"Xóa {what}", f"Delete {what}") + (tr(f" cùng {lost}", f" with {lost}") if lost else "")
    return head + "?\n" + tr("Có thể hoàn tác bằng Ctrl+Z (Sửa → Hoàn tác).", "Ctrl+Z (Edit → Undo) brings it back.")


class DeletionCommand(QUndoCommand):
    """A deletion already done; undo puts back what went, redo deletes it again."""

    def __init__(self, text: str, kept: Any, remove: Callable[[], Any], restore: Callable[[Any], Any]) -> None:
        super().__init__(text)
        self.kept, self._remove, self._restore = kept, remove, restore
        self._first = True

    def redo(self) -> None:
        if self._first:   # it was deleted before it was pushed
            self._first = False
            return
        kept = self._remove()
        if kept:
            self.kept = kept
        else:             # refused (the sentence is shown): nothing left to undo
            self.setObsolete(True)

    def undo(self) -> None:
        if not self._restore(self.kept):
            self.setObsolete(True)


def _push(session, command: DeletionCommand) -> None:
    session.undo_stack.push(command)


# ---- rows of the season ------------------------------------------------------------------------
def _delete_undoably(view, what: str, loss, undo_text: str, remove, restore):
    """Ask naming `what` and its `loss`; run `remove()` (a worded service call returning what went) and
    push the command whose undo calls `restore(kept)` and whose redo removes again."""
    if not ask(view, question(what, loss)):
        return None
    kept = remove()
    if kept:
        _push(view.session, DeletionCommand(undo_text, kept, remove, restore))
    return kept


def delete_member(view, member_id: str):
    """Ask, remove the member with everything recorded for it, and make it undoable. `view._call` words refusals."""
    season = view.session.season
    member, loss, sid = season.member(member_id), rs.member_loss(season, member_id), season.id
    return _delete_undoably(
        view, tr(f"đơn vị “{member.short_name}”", f"member “{member.short_name}”"), loss,
        tr(f"xóa đơn vị {member.short_name}", f"delete {member.short_name}"),
        lambda: view._call(deletions.remove_member, sid, member_id, expected=member, expected_loss=loss),
        lambda k: view._call(deletions.restore_member, sid, k))


def delete_criterion(view, node_id: str):
    season = view.session.season
    node, loss, sid = season.criteria.get(node_id), rs.criterion_loss(season, node_id), season.id
    code = season.criteria.path_code(node_id)
    name = f"{code}. {node.title}" if code else node.title
    return _delete_undoably(
        view, tr(f"tiêu chí “{name}”", f"criterion “{name}”"), loss,
        tr(f"xóa tiêu chí {code or node.title}", f"delete criterion {code or node.title}"),
        lambda: view._call(deletions.remove_criterion, sid, node_id, expected=node, expected_loss=loss),
        lambda k: view._call(deletions.restore_criterion, sid, k))


def delete_nominee(view, nominee_id: str):
    season = view.session.season
    nominee, ballot, sid = season.nominees[nominee_id], season.ballots.get(nominee_id), season.id
    award = season.award_types.get(nominee.award_type_id)
    what = f"“{nominee.name}”" + (f" ({award.name})" if award else "")
    return _delete_undoably(
        view, tr(f"đề cử {what}", f"nominee {what}"), rs.nominee_loss(season, nominee_id),
        tr(f"xóa đề cử {nominee.name}", f"delete nominee {nominee.name}"),
        lambda: view._call(deletions.remove_nominee, sid, nominee_id, expected=nominee, expected_ballot=ballot),
        lambda k: view._call(deletions.restore_nominee, sid, k))


def award_question(season, award_id: str) -> str:
    award = season.award_types[award_id]
    return question(tr(f"hình thức khen thưởng “{award.name}”", f"award “{award.name}”"),
                    rs.award_loss(season, award_id))


def delete_award_type(window, award_id: str, expected) -> bool:
    """The settings dialog asked already (award_question); remove on save and make it undoable."""
    session = window.session
    sid, loss = session.season_id, rs.award_loss(session.season, award_id)

    def remove():
        return window.act(deletions.remove_award_type, sid, award_id, expected=expected, expected_loss=loss)
    kept = remove()
    if kept:
        _push(session, DeletionCommand(tr(f"xóa hình thức {expected.name}", f"delete award {expected.name}"), kept,
                                       remove, lambda k: window.act(deletions.restore_award_type, sid, k)))
    return bool(kept)


# ---- whole seasons and clusters ----------------------------------------------------------------
def _outside(window, fn: Callable, *args: Any, **kw: Any) -> Any:
    """A service call that removes the season the window shows: the session must not re-read it after
    (Session.call does), so it runs here, its refusal worded the same way. None when refused."""
    session = window.session
    try:
        if session.read_only:
            raise ReviewOnly()
        return fn(session.db.uow(), *args, **kw)
    except Exception as exc:   # every refusal or failure becomes a sentence
        window.show_error(explain(exc))
        session.refresh()
        session.structure_changed.emit()
        return None


class _SeasonCommand(DeletionCommand):
    """Undo of a whole season or cluster: brings it back, then shows it (once the stack is done)."""

    def __init__(self, window, text: str, kept: Any, restore: Callable[[Any], Any], show: Callable[[Any], str]):
        super().__init__(text, kept, lambda: None, restore)
        self.window, self.show = window, show

    def redo(self) -> None:
        self._first = False   # pushed after it was done; no redo once undone (the window switched season)

    def undo(self) -> None:
        done = self._restore(self.kept)
        self.setObsolete(True)   # showing the restored season starts a new stack either way
        if done:
            season_id = self.show(self.kept)
            # opening a season clears the stack this command sits on: after undo() returns
            QTimer.singleShot(0, lambda: self.window.select_season(season_id))


def delete_season(window) -> bool:
    session = window.session
    season = session.season if session else None
    if season is None:
        return False
    try:
        if session.read_only:
            raise ReviewOnly()
        rs.check_deletable(season)
    except Exception as exc:   # review mode or a signed-off season: said before anything is asked
        window.show_error(explain(exc))
        return False
    name = f"{season.cluster_name} {season.year}"
    if not ask(window, question(tr(f"kỳ thi đua “{name}”", f"season “{name}”"), rs.season_loss(season),
                                len(season.members))):
        return False
    kept = _outside(window, deletions.delete_season, season.id, expected_version=season.version,
                      reason=tr("xóa trong cửa sổ", "deleted in the window"))
    if not kept:
        return False
    window._fill_clusters()
    _push(session, _SeasonCommand(window, tr(f"xóa kỳ thi đua {name}", f"delete season {name}"), kept,
                                  lambda k: window.act(deletions.restore_season, k), lambda k: k.season_id))
    window.statusBar().showMessage(tr(f"Đã xóa kỳ thi đua {name}. Nhấn Ctrl+Z để hoàn tác.",
                                      f"Season {name} deleted. Ctrl+Z brings it back."), 15000)
    return True


def delete_cluster(window) -> bool:
    session = window.session
    season = session.season if session else None
    cluster_id = window.cluster_box.currentData() if window.cluster_box.count() else None
    if session is None or cluster_id is None:
        return False
    if session.read_only:
        window.show_error(explain(ReviewOnly()))
        return False
    name = window.cluster_box.currentText()
    refs = session.read(clusters.list_seasons, cluster_id)
    signed = [r for r in refs if r.state == "signed_off"]
    if signed:
        window.show_error(tr(f"Cụm “{name}” có kỳ thi đua đã ký duyệt (năm {', '.join(str(r.year) for r in signed)}) "
                             "nên không thể xóa: kỳ đã ký duyệt không bao giờ bị xóa.",
                             f"Cluster “{name}” has a signed-off season ({', '.join(str(r.year) for r in signed)}), "
                             "so it cannot be deleted: a signed-off season is never deleted."))
        return False
    years = ", ".join(str(r.year) for r in refs)
    what = tr(f"cụm thi đua “{name}”", f"cluster “{name}”")
    lost = tr(f" cùng {len(refs)} kỳ thi đua (năm {years}) và mọi số liệu trong đó",
              f" with {len(refs)} season(s) ({years}) and everything in them") if refs else ""
    text = tr(f"Xóa {what}{lost}?\nCó thể hoàn tác bằng Ctrl+Z (Sửa → Hoàn tác).",
              f"Delete {what}{lost}?\nCtrl+Z (Edit → Undo) brings it back.")
    if not ask(window, text):
        return False
    kept = _outside(window, deletions.delete_cluster, cluster_id, expected_seasons=[r.id for r in refs],
                      reason=tr("xóa trong cửa sổ", "deleted in the window"))
    if not kept:
        return False
    window._fill_clusters()
    current = season.id if season is not None else None
    _push(session, _SeasonCommand(window, tr(f"xóa cụm {name}", f"delete cluster {name}"), kept,
                                  lambda k: window.act(deletions.restore_cluster, k),
                                  lambda k: current or (k.seasons[-1].season_id if k.seasons else None)))
    window.statusBar().showMessage(tr(f"Đã xóa cụm {name}. Nhấn Ctrl+Z để hoàn tác.",
                                      f"Cluster {name} deleted. Ctrl+Z brings it back."), 15000)
    return True


# ---- starting next year ------------------------------------------------------------------------
class _StartCommand(QUndoCommand):
    """Undo of "Bắt đầu kỳ thi đua năm sau": the new season goes while nothing was typed into it."""

    def __init__(self, window, season, source_id: str) -> None:
        super().__init__(tr(f"bắt đầu kỳ thi đua năm {season.year}", f"start season {season.year}"))
        self.window, self.season_id, self.source_id = window, season.id, source_id

    def undo(self) -> None:
        done = _outside(self.window, deletions.undo_start_next_season, self.season_id)
        self.setObsolete(True)
        if done:
            QTimer.singleShot(0, lambda: self.window.select_season(self.source_id))
            self.window.statusBar().showMessage(tr(f"Đã hoàn tác: bỏ kỳ thi đua năm {done.year}.",
                                                   f"Undone: season {done.year} removed."), 15000)


def start_question(season) -> str:
    heads = season.meeting.next_heads
    names = {m.id: m.short_name for m in season.members}
    head = tr(f" Cụm trưởng năm sau: {', '.join(names.get(h, h) for h in heads)}.",
              f" Next year's head: {', '.join(names.get(h, h) for h in heads)}.") if heads else \
        tr(" Cụm trưởng luân phiên sang đơn vị kế tiếp.", " The headship passes to the next member.")
    year = season.year + 1
    return tr(f"Bắt đầu kỳ thi đua năm {year} cho {season.cluster_name}?\n"
              f"Mang sang: {len(season.members)} đơn vị, bảng {len(season.criteria)} tiêu chí, thiết lập cách chấm "
              f"và xếp hạng, {len(season.award_types)} hình thức khen thưởng (không mang điểm, số liệu, đề cử)."
              f"{head}\nCó thể hoàn tác bằng Ctrl+Z khi kỳ mới chưa có số liệu.",
              f"Start season {year} for {season.cluster_name}?\n"
              f"Carried over: {len(season.members)} members, the {len(season.criteria)}-row criteria table, the "
              f"scoring and ranking settings, {len(season.award_types)} awards (no scores, figures or nominees)."
              f"{head}\nCtrl+Z takes it back while the new season is empty.")


def start_next_season(window):
    session = window.session
    season = session.season if session else None
    if season is None or not ask(window, start_question(season), tr("Bắt đầu", "Start")):
        return None
    made = window.act(clusters.start_next_season, season.id)
    if made:
        window.select_season(made.id)
        session.undo_stack.push(_StartCommand(window, made, season.id))
        window.statusBar().showMessage(tr(f"Đã tạo kỳ thi đua năm {made.year}. Nhấn Ctrl+Z để hoàn tác.",
                                          f"Season {made.year} created. Ctrl+Z takes it back."), 15000)
    return made
