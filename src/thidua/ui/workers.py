"""Long work (opening a database, exporting documents) off the UI thread, with progress and cancel."""

from __future__ import annotations

import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from .i18n import tr


class Cancelled(Exception):
    """Raised inside a task when the user pressed Cancel."""


class Progress:
    """Handed to a task: report a step, and learn whether the user cancelled."""

    def __init__(self, task: "Task") -> None:
        self._task = task
        self.cancelled = threading.Event()

    def step(self, done: int, total: int, text: str = "") -> None:
        if self.cancelled.is_set():
            raise Cancelled()
        self._task.progressed.emit(done, total, text)


class Task(QThread):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable[[Progress], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fn = fn
        self.progress = Progress(self)

    def run(self) -> None:   # runs in the worker thread
        try:
            result = self.fn(self.progress)
        except BaseException as exc:   # handed to the UI thread to be worded
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


def wait_for_tasks(parent: QObject, timeout_ms: int = 30_000) -> None:
    """Cancel and wait for the tasks still running under `parent` (before it is destroyed)."""
    for task in parent.findChildren(Task):
        if task.isRunning():
            task.progress.cancelled.set()
            task.wait(timeout_ms)


def run_task(parent: QWidget, title: str, fn: Callable[[Progress], Any],
             on_done: Callable[[Any], None], on_error: Callable[[BaseException], None],
             on_cancel: Callable[[Any], None] | None = None) -> Task:
    """Start `fn(progress)` in a thread with a progress dialog; call back on the UI thread.

    A result that arrives after Cancel is passed to `on_cancel` (e.g. to close a database
    opened meanwhile) instead of `on_done`.
    """
    task = Task(fn, parent)
    dialog = QProgressDialog(title, tr("Hủy", "Cancel"), 0, 0, parent)
    dialog.setWindowTitle("thidua")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)   # quick work finishes before any dialog flashes up

    def progressed(done: int, total: int, text: str) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        if text:
            dialog.setLabelText(text)

    def finish() -> None:
        dialog.reset()
        dialog.deleteLater()

    def succeeded(result: Any) -> None:
        cancelled = task.progress.cancelled.is_set()
        finish()
        if cancelled:
            if on_cancel:
                on_cancel(result)
        else:
            on_done(result)

    def failed(exc: BaseException) -> None:
        finish()
        if not isinstance(exc, Cancelled):
            on_error(exc)

    # delete the thread only once run() has returned: the result arrives while it still runs,
    # and destroying a running QThread aborts the whole process
    task.finished.connect(task.deleteLater)
    dialog.canceled.connect(task.progress.cancelled.set)
    task.progressed.connect(progressed)
    task.succeeded.connect(succeeded)
    task.failed.connect(failed)
    task.start()
    return task
