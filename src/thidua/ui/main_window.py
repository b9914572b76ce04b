"""The main window: database and season choice, the views as tabs, season state actions, menus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (QComboBox, QDialog, QFileDialog, QLabel, QMainWindow, QMessageBox, QSplitter,
                               QTabWidget, QToolBar, QVBoxLayout, QWidget)

from .. import wording
from ..domain.season import Action, Area, State
from ..services import clusters, outcome
from .i18n import explain, tr
from .session import Session
from .tabs import TabViews
from .workers import run_task


class MainWindow(QMainWindow):
    database_opened = Signal()

    def __init__(self, settings, parent=None, welcome: bool = True) -> None:
        super().__init__(parent)
        self.settings = settings
        # False while a data file opens at start: the welcome page would only be thrown away
        self._welcome_first = welcome
        self.session: Session | None = None
        self.last_error: str | None = None
        self.last_signed: list[Path] | None = None    # the PDFs the last digital signing wrote
        self.last_export: Path | None = None          # the last paper exported ("Mở thư mục" shows its folder)
        self.last_print: tuple[str, bytes] | None = None   # the paper last sent to the print preview (kind, PDF)
        self.quiet = False            # tests and screenshots: no message boxes
        self.views = TabViews()      # the tabs' views by key (ui/tabs.py)
        self.setWindowTitle("thidua")
        self.resize(1366, 768)
        self._build_chrome()
        self._build_views()
        geometry = settings.window.get("main/geometry")
        if geometry:
            self.restoreGeometry(geometry)
        state = settings.window.get("main/state")
        if state:
            self.restoreState(state)

    # ---- chrome: menus, toolbar, banner --------------------------------------------------
    def _build_chrome(self) -> None:
        self.menuBar().clear()
        for tb in self.findChildren(QToolBar):
            self.removeToolBar(tb)
            tb.deleteLater()
        file_menu = self.menuBar().addMenu(tr("&Tệp", "&File"))
        self.act_new_file = file_menu.addAction(tr("Tạo tệp dữ liệu mới…", "New data file…"),
                                                lambda: self.new_data_file())
        self.act_new_file.setShortcut(QKeySequence.StandardKey.New)
        self.act_open = file_menu.addAction(tr("Mở tệp dữ liệu…", "Open a data file…"), lambda: self.choose_file())
        self.act_open.setShortcut(QKeySequence.StandardKey.Open)
        self.act_review = file_menu.addAction(tr("Mở để xem lại (chỉ đọc)…", "Open for review (read-only)…"),
                                              lambda: self.choose_file(read_only=True))
        self.recent_menu = file_menu.addMenu(tr("Mở gần đây", "Recent files"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.act_open_default = file_menu.addAction(tr("Mở cơ sở dữ liệu mặc định", "Open the default database"),
                                                    lambda: self.open_database(None))
        # a whole copy of the open data, safe to take while it is in use (also in review mode)
        self.act_save_copy = file_menu.addAction(tr("Lưu bản sao…", "Save a copy…"), lambda: self.save_copy())
        self.act_save_copy.setEnabled(self.session is not None)
        file_menu.addSeparator()
        self.act_new_season = file_menu.addAction(tr("Tạo kỳ thi đua mới…", "New season…"), self.new_season)
        self.act_import = file_menu.addAction(tr("Nhập bảng chấm điểm từ Excel…", "Import a scoring table from Excel…"),
                                              self.import_table)
        # member self-scoring forms out and back in (ui/importing.py)
        self.act_import_forms = file_menu.addAction(tr("Nhập phiếu tự chấm…", "Import self-scoring forms…"),
                                                    lambda: self._importing("import_forms"))
        self.act_export_forms = file_menu.addAction(tr("Xuất phiếu tự chấm cho các đơn vị…",
                                                       "Export self-scoring forms…"),
                                                    lambda: self._importing("export_forms"))
        self.export_menu = file_menu.addMenu(tr("Xuất văn bản", "Export documents"))
        self.export_menu.aboutToShow.connect(self._fill_export)
        self.act_export_season = file_menu.addAction(tr("Xuất tệp kỳ thi đua…", "Export a season file…"),
                                                     self.export_season_file)
        self.act_import_season = file_menu.addAction(tr("Nhập tệp kỳ thi đua…", "Import a season file…"),
                                                     self.import_season_file)
        self.act_open_folder = file_menu.addAction(tr("Mở thư mục văn bản vừa xuất", "Open the export's folder"),
                                                   self.open_export_folder)
        self.act_open_folder.setEnabled(self.last_export is not None)
        self.print_menu = file_menu.addMenu(tr("In / xem trước khi in", "Print / preview"))
        self.print_menu.aboutToShow.connect(self._fill_print)
        self.act_print = file_menu.addAction(tr("In văn bản của thẻ đang xem…", "Print this tab's document…"),
                                             self.print_preview)
        self.act_print.setShortcut(QKeySequence.StandardKey.Print)
        file_menu.addSeparator()
        file_menu.addAction(tr("Cài đặt…", "Settings…"), self.edit_settings)
        file_menu.addAction(tr("Thoát", "Quit"), self.close)

        edit_menu = self.menuBar().addMenu(tr("&Sửa", "&Edit"))
        self.act_undo = QAction(tr("Hoàn tác", "Undo"), self)
        self.act_undo.setShortcuts([QKeySequence.StandardKey.Undo])
        self.act_undo.triggered.connect(self.undo)
        self.act_redo = QAction(tr("Làm lại", "Redo"), self)
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence.StandardKey.Redo])
        self.act_redo.triggered.connect(self.redo)
        edit_menu.addAction(self.act_undo)
        edit_menu.addAction(self.act_redo)

        season_menu = self.menuBar().addMenu(tr("&Kỳ thi đua", "&Season"))
        season_menu.setToolTipsVisible(True)   # a disabled step action says why (see _update_state)
        self.act_next = season_menu.addAction(tr("Bắt đầu kỳ thi đua năm sau", "Start next year's season"),
                                              self.start_next_season)
        season_menu.addSeparator()
        self.act_to_scoring = season_menu.addAction(tr("Chuyển sang bước chấm điểm", "Go to scoring"),
                                                    lambda: self.advance(State.SCORING))
        self.act_to_voting = season_menu.addAction(tr("Chuyển sang bước bình xét, bỏ phiếu", "Go to voting"),
                                                   lambda: self.advance(State.VOTING))
        self.act_to_draft = season_menu.addAction(tr("Trở lại bước dự thảo", "Back to draft"),
                                                  lambda: self.advance(State.DRAFT))
        season_menu.addSeparator()
        self.act_settings = season_menu.addAction(tr("Thiết lập cách chấm, xếp hạng, khen thưởng…",
                                                     "Scoring, ranking and award settings…"),
                                                  lambda: self.edit_season_settings())
        season_menu.addSeparator()
        self.act_sign = season_menu.addAction(tr("Ký duyệt…", "Sign off…"), self.sign_off)
        self.act_reopen = season_menu.addAction(tr("Mở lại (ghi lý do)…", "Reopen with a reason…"), self.reopen)
        self.act_resign = season_menu.addAction(tr("Ký số văn bản của lần ký duyệt này…", "Sign documents digitally…"),
                                                lambda: self.sign_documents())
        season_menu.addSeparator()
        self.act_delete_season = season_menu.addAction(tr("Xóa kỳ thi đua này…", "Delete this season…"),
                                                       lambda: self.delete_season())
        self.act_delete_cluster = season_menu.addAction(tr("Xóa cụm thi đua…", "Delete the cluster…"),
                                                        lambda: self.delete_cluster())

        bar = QToolBar(tr("Kỳ thi đua", "Season"))
        bar.setObjectName("season_bar")
        bar.setMovable(False)
        self.addToolBar(bar)
        bar.addWidget(QLabel(" " + tr("Cụm:", "Cluster:") + " "))
        self.cluster_box = QComboBox()
        self.cluster_box.setMinimumContentsLength(34)
        self.cluster_box.currentIndexChanged.connect(self._cluster_picked)
        bar.addWidget(self.cluster_box)
        bar.addWidget(QLabel("  " + tr("Năm:", "Year:") + " "))
        self.season_box = QComboBox()
        self.season_box.setMinimumContentsLength(5)
        self.season_box.currentIndexChanged.connect(self._season_picked)
        bar.addWidget(self.season_box)
        bar.addSeparator()
        self.state_label = QLabel()
        self.state_label.setStyleSheet("padding: 0 8px; font-weight: bold")
        # as wide as the longest step's words, so the toolbar never cuts it nor moves when the step changes
        bold = self.state_label.font()
        bold.setBold(True)
        self.state_label.setMinimumWidth(max(QFontMetrics(bold).horizontalAdvance(tr("Bước: ", "Step: ") +
                                                                                  wording.state_name(s))
                                             for s in State) + 20)
        bar.addWidget(self.state_label)
        bar.addSeparator()
        bar.addAction(self.act_undo)
        bar.addAction(self.act_redo)
        # sign-off and reopening are the step bar's buttons (and the Season menu's): not a second time here
        self._build_help_chrome(edit_menu, bar)

    def _build_help_chrome(self, edit_menu, bar) -> None:
        """Find (Ctrl+F), the Print button, and the Help menu: the guide (F1) and the About box."""
        edit_menu.addSeparator()
        self.act_find = edit_menu.addAction(tr("Tìm đơn vị hoặc tiêu chí…", "Find a member or criterion…"),
                                            lambda: self.find())
        self.act_find.setShortcut(QKeySequence.StandardKey.Find)
        self.act_print.setIconText(tr("In…", "Print…"))
        self.act_print.setToolTip(tr("In văn bản của thẻ đang xem (Ctrl+P)", "Print this tab's document (Ctrl+P)"))
        bar.addSeparator()
        bar.addAction(self.act_print)
        help_menu = self.menuBar().addMenu(tr("&Trợ giúp", "&Help"))
        self.act_help = help_menu.addAction(tr("Hướng dẫn sử dụng (F1)", "User guide (F1)"), lambda: self.show_help())
        self.act_help.setShortcut(QKeySequence.StandardKey.HelpContents)
        help_menu.addSeparator()
        self.act_about = help_menu.addAction(tr("Giới thiệu thidua", "About thidua"), lambda: self.show_about())

        # the season's steps on a row of their own under the toolbar, always there, never moved
        from .step_bar import StepBar

        self.addToolBarBreak()
        steps = QToolBar(tr("Các bước của kỳ thi đua", "The season's steps"))
        steps.setObjectName("step_bar_row")
        steps.setMovable(False)
        steps.setFloatable(False)
        steps.toggleViewAction().setVisible(False)
        self.step_bar = StepBar()
        self.step_bar.requested.connect(self._step_requested)
        self.step_bar.explained.connect(lambda reason: self.statusBar().showMessage("ⓘ " + reason, 15000))
        steps.addWidget(self.step_bar)
        self.addToolBar(steps)

    def _build_views(self) -> None:
        """The tabs over the current session (rebuilt when a database opens or the language changes).

        Only the tab on screen is built now; the others when first shown (see ui/tabs.py)."""
        if self.views.built:
            self.save_window_state()   # rebuilt for another database or language: keep the layout
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        if self.session is None:
            self.views = TabViews()
            if self._welcome_first:
                self._add_welcome(layout)
            self._welcome_first = True
        else:
            self.views = TabViews(self.tabs, self.session, self._restore_splitters)
        old = self.centralWidget()
        self.setCentralWidget(central)
        if old is not None:
            old.deleteLater()
        self.restore_views_state()
        self._update_state()

    def view(self, key: str) -> QWidget:
        """The view of one tab ("scores", "ranking", …), built if it has not been shown yet."""
        return self.views[key]

    # ---- window state (not a user preference: see settings.WindowState) -------------------------
    def _splitters(self, key: str, view: QWidget):
        for i, split in enumerate(view.findChildren(QSplitter)):
            yield f"views/{key}/splitter{i}", split

    def _restore_splitters(self, key: str, view: QWidget) -> None:
        store = self.settings.window
        for name, split in self._splitters(key, view):
            data = store.get(name)
            if data:
                split.restoreState(data)

    def restore_views_state(self) -> None:
        if not self.views:
            return
        for key, view in self.views.built.items():
            self._restore_splitters(key, view)
        self.tabs.setCurrentIndex(min(max(self.settings.window.get_int("main/tab", 0), 0), self.tabs.count() - 1))
        self.views.current()   # index 0 was current already: no tab change built it

    def save_window_state(self) -> None:
        store = self.settings.window
        store.put("main/geometry", self.saveGeometry())
        store.put("main/state", self.saveState())
        if self.views:
            store.put("main/tab", self.tabs.currentIndex())
            # a view never shown keeps the layout it was last saved with
            for key, view in self.views.built.items():
                for name, split in self._splitters(key, view):
                    store.put(name, split.saveState())
        store.sync()

    # ---- opening databases -----------------------------------------------------------------
    def open_database(self, url: str | None, read_only: bool = False, wait: bool = False,
                      must_exist: bool = False) -> None:
        """Open (and migrate) a database in a worker thread, then show its latest season — or, for
        a current thidua file we may write, show it at once and open the database behind (open_at_once).

        `must_exist`: a file named by the person (a recent one) is refused when it is gone, rather
        than silently created empty in its old place.
        """
        from ..services.ports import StorageError
        from ..storage.sqlite_file import resolve_url, sqlite_path

        actor = self.settings.actor
        if must_exist and url is not None:
            path = sqlite_path(resolve_url(url))
            if path is not None and not path.exists():
                self.show_error(explain(StorageError("missing_file", str(path))))
                return
        if not read_only and not wait and self.open_at_once(resolve_url(url)):
            return

        def work(progress):
            from ..storage.database import Database

            progress.step(0, 0, tr("Đang mở cơ sở dữ liệu…", "Opening the database…"))
            # review mode must not write, so it skips the schema upgrade
            db = Database(url, migrate_schema=not read_only, actor=actor, read_only=read_only)
            clusters.list_clusters(db.uow())
            return db

        def failed(exc: BaseException) -> None:
            if self.session is None and getattr(self, "welcome", None) is None:
                self._add_welcome(self.centralWidget().layout())   # the start's file did not open
            self.show_error(explain(exc) + _password_hint(url, exc))

        if wait:
            try:
                db = work(_NoProgress())
            except Exception as exc:
                failed(exc)
                return
            self.use_database(db, read_only)
            return
        run_task(self, tr("Đang mở cơ sở dữ liệu…", "Opening the database…"), work,
                 lambda db: self.use_database(db, read_only), failed, on_cancel=lambda db: db.close())

    def open_at_once(self, url: str, need_clusters: bool = False) -> bool:
        """Show a current thidua file we may write at once, read with the standard library
        (storage/first_look.py); the full database opens behind the screen, in a thread. False
        (nothing done) for any other file, or one without a cluster when `need_clusters`."""
        from ..storage.first_look import OpeningFile
        from .workers import Task

        opening = OpeningFile.look(url, self.settings.actor)
        if opening is None:
            return False
        if need_clusters and not clusters.list_clusters(opening.reading()):
            opening.close()
            return False
        self.use_database(opening)

        def open_behind() -> None:
            if self.session is None or self.session.db is not opening:
                return   # another file was opened meanwhile
            task = Task(lambda _progress: opening.database(), self)
            task.failed.connect(lambda exc: self.show_error(explain(exc)))
            task.finished.connect(task.deleteLater)
            task.start()

        # once the screen is painted: the thread's imports would otherwise share the first paint's time
        after_first_paint(self, open_behind)
        return True

    def use_database(self, db, read_only: bool = False, season_id: str | None = None) -> None:
        if self.session is not None:
            self.session.close()
        self.session = Session(db, read_only or db.read_only, self)   # a file we may not write: review
        self.session.undo_stack.cleanChanged.connect(self._update_state)
        self.session.undo_stack.indexChanged.connect(self._update_state)
        self.session.structure_changed.connect(self._update_state)
        self.session.season_changed.connect(self._update_state)
        self.session.season_changed.connect(self._sync_welcome)
        self.settings.add_recent(db.url)
        self.act_save_copy.setEnabled(True)
        self._build_views()
        self._fill_clusters(season_id)   # its season_changed brings the welcome page when there is no cluster
        self.database_opened.emit()

    def choose_file(self, read_only: bool = False) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Chọn tệp dữ liệu", "Choose a database file"), "",
                                              tr("Dữ liệu thi đua (*.thidua *.sqlite *.db);;Mọi tệp (*)",
                                                 "thidua data (*.thidua *.sqlite *.db);;All files (*)"))
        if path:
            self.open_database(path, read_only)

    def open_recent(self, url: str) -> None:
        self.open_database(url, must_exist=True)

    def _fill_recent(self) -> None:
        """Recent databases by name (a file's name, a server's host/database), the folder as tooltip."""
        from .settings import recent_name, sqlite_file

        self.recent_menu.clear()
        self.recent_menu.setToolTipsVisible(True)
        for url in self.settings.recent:
            name, where = recent_name(url)
            path = sqlite_file(url)
            gone = path is not None and not path.exists()
            action = self.recent_menu.addAction(name + (tr(" (không còn ở đó)", " (gone)") if gone else ""),
                                                lambda u=url: self.open_recent(u))
            action.setToolTip(str(path) if path is not None else where)
        if not self.settings.recent:
            self.recent_menu.addAction(tr("(chưa có)", "(none)")).setEnabled(False)

    # ---- the first start: new file, copy, demo, welcome page ----------------------------------------
    def new_data_file(self, path: str | None = None, then=None) -> None:
        """Create an empty data file (never over an existing one) and open it; `then()` runs once it is open."""
        from ..storage.database import create_database

        target = self._data_file_target(path, tr("Tạo tệp dữ liệu mới", "New data file"),
                                        Path.home() / tr("du-lieu-thi-dua.thidua", "thidua-data.thidua"))
        if target is None:
            return
        actor = self.settings.actor

        def done(db) -> None:
            self.use_database(db)
            self.statusBar().showMessage(tr(f"Đã tạo tệp dữ liệu mới {target}.", f"Created the data file {target}."),
                                         15000)
            if then is not None:
                then()

        run_task(self, tr("Đang tạo tệp dữ liệu…", "Creating the data file…"),
                 lambda _progress: create_database(target, actor), done,
                 lambda exc: self.show_error(_file_refusal(exc, target)), on_cancel=lambda db: db.close())

    def _data_file_target(self, path: str | None, title: str, suggestion: Path) -> Path | None:
        """The data file to write: `path`, or the one chosen in a save dialog (None: cancelled); ".thidua"
        added when the name has no extension."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, title, str(suggestion),
                                                  tr("Dữ liệu thi đua (*.thidua *.sqlite)",
                                                     "thidua data (*.thidua *.sqlite)"))
            if not path:
                return None
        target = Path(path)
        return target if target.suffix else target.with_suffix(".thidua")

    def save_copy(self, path: str | None = None) -> None:
        """A complete copy of the open data as one file (as `thidua backup` writes), taken in a worker."""
        if self.session is None:
            return
        db = self.session.db
        from ..storage.sqlite_file import sqlite_path

        source = sqlite_path(db.url)
        import datetime as dt

        stem = source.stem if source is not None else "thidua"
        folder = source.parent if source is not None else Path.home()
        target = self._data_file_target(path, tr("Lưu bản sao dữ liệu", "Save a copy of the data"),
                                        folder / f"{stem}-{tr('ban-sao', 'copy')}-{dt.date.today():%Y-%m-%d}.thidua")
        if target is None:
            return
        if source is not None and target.resolve() == source.resolve():
            self.show_error(tr("Bản sao phải là một tệp khác với tệp đang mở. Hãy đặt tên khác.",
                               "The copy must be another file than the open one. Give another name."))
            return

        def done(written) -> None:
            self.statusBar().showMessage(tr(f"Đã lưu bản sao đầy đủ của dữ liệu vào {written}",
                                            f"Saved a complete copy of the data to {written}"), 15000)

        return run_task(self, tr("Đang lưu bản sao…", "Saving a copy…"), lambda _progress: db.backup(target), done,
                        lambda exc: self.show_error(_file_refusal(exc, target)))

    def open_demo_data(self) -> None:
        """The sample cluster, in its own file beside the user's data (see app.demo_url)."""
        from .app import demo_url, open_demo

        actor = self.settings.actor
        run_task(self, tr("Đang mở dữ liệu mẫu…", "Opening the sample data…"),
                 lambda _progress: open_demo(demo_url(False), actor), self.use_database,
                 lambda exc: self.show_error(explain(exc)), on_cancel=lambda db: db.close())

    def import_first_table(self) -> None:
        """Last year's table as the first season: into the open database, or else into a new data file."""
        if self.session is None:
            self.new_data_file(then=self.import_table)
        else:
            self.import_table()

    def _add_welcome(self, layout) -> None:
        from .welcome import WelcomePage

        self.welcome = WelcomePage(self)
        self.tabs.hide()
        layout.addWidget(self.welcome, 1)

    def _sync_welcome(self, *_args) -> None:
        """The welcome page stands in for the tabs while the open database has no cluster yet."""
        from shiboken6 import isValid

        session = self.session
        if session is None:
            return
        empty = session.season is None and self.cluster_box.count() == 0
        central = self.centralWidget()
        old = getattr(self, "welcome", None)
        alive = old is not None and isValid(old)
        if empty and alive and old.parentWidget() is central and old.session is session:
            return
        if alive:
            old.hide()
            old.deleteLater()
        self.welcome = None
        if empty:
            self._add_welcome(central.layout())
        else:
            self.tabs.show()

    # ---- cluster and season choice -----------------------------------------------------------
    def _fill_clusters(self, season_id: str | None = None) -> None:
        self.cluster_box.blockSignals(True)
        self.cluster_box.clear()
        records = self.session.read(clusters.list_clusters)
        for c in records:
            self.cluster_box.addItem(c.name, c.id)
        self.cluster_box.blockSignals(False)
        if season_id is not None:
            ref = next((r for r in self.session.read(clusters.list_seasons) if r.id == season_id), None)
            if ref is not None:
                self.cluster_box.setCurrentIndex(self.cluster_box.findData(ref.cluster_id))
        self._cluster_picked(season_id=season_id)

    def _cluster_picked(self, *_args, season_id: str | None = None) -> None:
        # an empty combo's currentData() is an empty QVariant: avoid it (see score_model.cell_data)
        cluster_id = self.cluster_box.currentData() if self.cluster_box.count() else None
        self.season_box.blockSignals(True)
        self.season_box.clear()
        refs = sorted(self.session.read(clusters.list_seasons, cluster_id), key=lambda r: r.year) if cluster_id else []
        for ref in refs:
            self.season_box.addItem(str(ref.year), ref.id)
        if refs:
            pick = self.season_box.findData(season_id) if season_id else -1
            self.season_box.setCurrentIndex(pick if pick >= 0 else len(refs) - 1)
        self.season_box.blockSignals(False)
        self._season_picked()

    def _season_picked(self, *_args) -> None:
        self.session.open(self.season_box.currentData() if self.season_box.count() else None)
        self._update_state()

    def select_season(self, season_id: str) -> None:
        self._fill_clusters(season_id)

    # ---- state ---------------------------------------------------------------------------------
    def _update_state(self, *_args) -> None:
        session = self.session
        season = session.season if session else None
        review = bool(session and session.read_only)
        if hasattr(self, "banner"):
            if review:
                self.banner.setText("🔒 " + tr("CHẾ ĐỘ XEM LẠI — chỉ đọc: không thể thay đổi bất cứ số liệu nào.",
                                               "REVIEW MODE — read-only: nothing can be changed."))
                self.banner.setStyleSheet("background: #fff3c4; color: #6b4e00; padding: 6px; font-weight: bold;"
                                          "border: 1px solid #e0c060")
            elif season is not None and season.state is State.SIGNED_OFF:
                signed = season.signed
                self.banner.setText("✔ " + tr(f"Đã ký duyệt bởi {signed.signed_by} lúc {signed.signed_at:%H:%M %d/%m/%Y}"
                                              " — số liệu đã khóa. Muốn sửa, chọn Kỳ thi đua → Mở lại.",
                                              f"Signed off by {signed.signed_by} at {signed.signed_at:%H:%M %d/%m/%Y}"
                                              " — locked. To edit, use Season → Reopen."))
                self.banner.setStyleSheet("background: #e3f2e5; color: #1b5e20; padding: 6px; font-weight: bold;"
                                          "border: 1px solid #9ccc9f")
            self.banner.setVisible(review or (season is not None and season.state is State.SIGNED_OFF))
        if season is None:
            self.state_label.setText("")
            self.setWindowTitle("thidua")
        else:
            self.state_label.setText(tr("Bước: ", "Step: ") + wording.state_name(season.state))
            mode = tr(" [chỉ đọc]", " [read-only]") if review else ""
            self.setWindowTitle(f"{season.cluster_name} — {season.year}{mode} — thidua")
        writable = session is not None and not review and season is not None
        state = season.state if season else None
        # which step actions are open, and why not, is the domain's (Session.refusal): shown, not re-decided
        refusal = session.refusal if session is not None else \
            (lambda _action: tr("Chưa mở tệp dữ liệu nào.", "No data file is open."))
        for act, action in ((self.act_to_scoring, Action.advance(State.SCORING)),
                            (self.act_to_voting, Action.advance(State.VOTING)),
                            (self.act_to_draft, Action.advance(State.DRAFT)),
                            (self.act_sign, Action.SIGN_OFF), (self.act_reopen, Action.reopen())):
            reason = refusal(action)
            act.setEnabled(reason is None)
            act.setToolTip(reason or act.text().replace("&", ""))
            act.setStatusTip(reason or "")
        self.step_bar.show_state(state, refusal)
        self.act_resign.setEnabled(session is not None and state is State.SIGNED_OFF)
        self.act_next.setEnabled(writable)
        self.act_settings.setEnabled(season is not None)
        self.act_new_season.setEnabled(session is not None and not review)
        self.act_import.setEnabled(session is not None and not review)
        scoring = writable and season is not None and season.can(Area.SCORES)
        self.act_import_forms.setEnabled(scoring)
        self.act_export_forms.setEnabled(scoring)
        stack = session.undo_stack if session else None
        self.act_undo.setEnabled(bool(stack and stack.canUndo() and not review))
        self.act_redo.setEnabled(bool(stack and stack.canRedo() and not review))
        if session is not None:
            self.statusBar().showMessage(tr("Dữ liệu: ", "Database: ") + session.db.display_name)

    def show_error(self, message: str) -> None:
        self.last_error = message
        self.statusBar().showMessage("⚠ " + message, 15000)
        if not self.quiet:
            box = QMessageBox(QMessageBox.Icon.Warning, "thidua", message, QMessageBox.StandardButton.Ok, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    def act(self, fn, *args, **kw):
        """Run a changing service call; word its refusal. Returns the result, or None if refused."""
        try:
            result = self.session.call(fn, *args, **kw)
        except Exception as exc:   # every refusal or failure becomes a sentence
            self.show_error(explain(exc))
            self.session.structure_changed.emit()
            return None
        self.session.structure_changed.emit()
        return result if result is not None else True

    def undo(self) -> None:
        if self.session and not self.session.read_only:
            self.session.undo_stack.undo()

    def redo(self) -> None:
        if self.session and not self.session.read_only:
            self.session.undo_stack.redo()

    # ---- season actions -------------------------------------------------------------------------
    def _step_requested(self, action: Action) -> None:
        """A step bar button: the same commands as the Season menu."""
        if action.kind == "advance":
            self.advance(action.state)
        elif action.kind == "sign_off":
            self.sign_off()
        elif action.kind == "reopen":
            self.reopen()

    def advance(self, to: State) -> bool:
        done = self.act(outcome.advance, self.session.season_id, to, expected=self.session.season.state)
        if done:
            self.statusBar().showMessage(tr(f"Đã chuyển sang bước {wording.step_name(to)}: ",
                                            f"Moved to {wording.step_name(to)}: ") + wording.editable_at(to) + ".",
                                         15000)
        return bool(done)

    def sign_off(self, signer: str | None = None, certificate: tuple[str, str, str] | None = None) -> bool:
        """Lock the season; with `certificate` (file, password, folder) also sign its PDFs digitally.

        The certificate is opened first: a wrong password or an expired certificate is refused
        while the season is still open, as `thidua sign-off --certificate` does.
        """
        from .signing import default_folder, open_certificate, sign_documents

        season = self.session.season
        if signer is None:
            folder = default_folder(self.session.db, season.year, season.revision + 1)
            from .dialogs import SignOffDialog

            dialog = SignOffDialog(season, self.settings.actor, self, str(folder))
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            signer, certificate = dialog.value, dialog.certificate.value
        cert = None
        if certificate is not None:
            try:
                cert = open_certificate(certificate[0], certificate[1])
            except Exception as exc:   # refused before anything is locked
                self.show_error(wording.certificate_refusal(exc, certificate[0]))
                return False
        done = self.act(outcome.sign_off, season.id, signer, expected_version=season.version)
        if done:
            self.session.undo_stack.clear()   # undoing into a signed season could only be refused
            self.statusBar().showMessage(tr(f"Đã ký duyệt (bản {done.revision}).", f"Signed off (revision {done.revision})."))
            if cert is not None:
                season = self.session.season
                folder = Path(certificate[2]) if certificate[2] else default_folder(self.session.db, season.year,
                                                                                      done.revision)
                sign_documents(self, season, cert, folder)
        return bool(done)

    def sign_documents(self, certificate: tuple[str, str, str] | None = None):
        """Sign (again) the PDFs of the signed-off revision, e.g. after a failed or lost signing."""
        from .signing import default_folder, open_certificate, sign_documents

        season = self.session.season
        if season is None or season.signed is None:
            return None
        if certificate is None:
            from .dialogs import CertificateDialog

            dialog = CertificateDialog(season, self, str(default_folder(self.session.db, season.year, season.revision)))
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            certificate = dialog.certificate.value
        try:
            cert = open_certificate(certificate[0], certificate[1])
        except Exception as exc:   # a sentence, never a traceback
            self.show_error(wording.certificate_refusal(exc, certificate[0], locking=False))
            return None
        folder = Path(certificate[2]) if certificate[2] else default_folder(self.session.db, season.year,
                                                                              season.revision)
        return sign_documents(self, season, cert, folder)

    def reopen(self, actor: str | None = None, reason: str | None = None, to: State = State.SCORING) -> bool:
        """Reopen the signed-off season at step `to` (asked in a dialog unless `reason` is given)."""
        season = self.session.season
        if reason is None:
            from .dialogs import ReopenDialog

            dialog = ReopenDialog(season, self.settings.actor, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            actor, reason, to = dialog.value
        done = self.act(outcome.reopen, season.id, actor or self.settings.actor, reason, to=to,
                        expected=season.state)
        if done:
            self.session.undo_stack.clear()   # nothing before the sign-off can be undone into the reopened season
            self.statusBar().showMessage(wording.reopened_here(to), 20000)
        return bool(done)

    def start_next_season(self):
        """Ask first (the year and what is carried over); Ctrl+Z takes it back while the new season is empty."""
        from . import undo_deletes

        return undo_deletes.start_next_season(self)

    def delete_season(self) -> bool:
        from . import undo_deletes

        return undo_deletes.delete_season(self)

    def delete_cluster(self) -> bool:
        from . import undo_deletes

        return undo_deletes.delete_cluster(self)

    def new_season(self) -> None:
        names = [self.cluster_box.itemText(i) for i in range(self.cluster_box.count())]
        year = (self.session.season.year + 1) if self.session.season else 2025
        from .dialogs import NewSeasonDialog

        dialog = NewSeasonDialog(names, year, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name, year, members = dialog.value
        found = [self.cluster_box.itemData(i) for i in range(self.cluster_box.count())
                 if self.cluster_box.itemText(i) == name]
        cluster_id = found[0] if found else None
        if cluster_id is None:
            record = self.act(clusters.create_cluster, name)
            if not record:
                return
            cluster_id = record.id
        season = self.act(clusters.create_season, cluster_id, year, [(m, "") for m in members])
        if season:
            self.select_season(season.id)

    def edit_season_settings(self, page: int = 0, edit=None) -> bool:
        """Open the season settings editor (or apply `edit`, a SettingsEdit) and save through the services."""
        from .season_settings import SeasonSettingsDialog

        if self.session is None or self.session.season is None:
            return False
        if edit is None:
            dialog = SeasonSettingsDialog(self.session, self, page)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            edit = dialog.value
        if edit.empty:
            return True
        sid = self.session.season_id
        # one call per change: a refusal stops here and says why; what was saved before it stays
        if edit.settings is not None and not self.act(clusters.set_settings, sid, edit.settings,
                                                      expected=edit.base_settings):
            return False
        for award_id in edit.removed:   # asked in the dialog; undoable with Ctrl+Z
            from . import undo_deletes

            if not undo_deletes.delete_award_type(self, award_id, edit.base_awards[award_id]):
                return False
        for award in edit.put:
            if not self.act(outcome.put_award_type, sid, award, expected=edit.base_awards.get(award.id)):
                return False
        self.statusBar().showMessage(tr("Đã lưu thiết lập kỳ thi đua.", "Season settings saved."), 10000)
        return True

    def edit_settings(self) -> None:
        from .dialogs import SettingsDialog

        dialog = SettingsDialog(self.settings.language, self.settings.actor, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.apply_settings(*dialog.value)

    def apply_settings(self, language: str, actor: str) -> None:
        self.settings.actor = actor
        if self.session:
            self.session.db.actor = actor or self.session.db.actor
        if language != wording.language():
            from .qt_vietnamese import apply_language

            self.settings.language = language
            wording.set_language(language)
            apply_language(language)
            season_id = self.session.season_id if self.session else None
            self._build_chrome()
            self._build_views()
            if self.session:
                self._fill_clusters(season_id)

    def import_table(self) -> None:
        from .importing import import_file

        import_file(self)

    def _importing(self, name: str) -> None:
        from . import importing

        getattr(importing, name)(self)

    def export_season_file(self, path=None):
        from .season_transfer import export_season_file

        return export_season_file(self, path)

    def import_season_file(self, path=None, confirm: bool = True):
        from .season_transfer import import_season_file

        return import_season_file(self, path, confirm)

    # ---- documents --------------------------------------------------------------------------
    def _fill_export(self) -> None:
        from .documents import export_actions

        self.export_menu.clear()
        export_actions(self, self.export_menu)

    def _fill_print(self) -> None:
        from .documents import print_actions

        self.print_menu.clear()
        print_actions(self, self.print_menu)

    def current_paper(self) -> str:
        """The paper the current tab shows (Ctrl+P prints it): the minutes where no tab has its own."""
        from .documents import TAB_KINDS

        key = self.views.key_at(self.tabs.currentIndex()) or "minutes"
        return TAB_KINDS.get(key, "minutes")

    def print_preview(self, kind: str | None = None, exec_dialog: bool = True):
        """The print preview of a paper (the current tab's by default): exactly the PDF's pages."""
        from .documents import print_preview

        return print_preview(self, kind or self.current_paper(), exec_dialog)

    def open_export_folder(self) -> None:
        from .documents import open_folder

        if self.last_export is not None:
            open_folder(self.last_export)

    # ---- help and the usual desktop things ---------------------------------------------------------
    def show_help(self, page: str | None = None):
        """F1: the user guide at the page for the current tab (or `page`)."""
        from .help_window import show_help

        return show_help(self, page)

    def show_about(self, exec_dialog: bool = True):
        from .about import AboutDialog

        dialog = AboutDialog(self.session, self)
        if exec_dialog:
            dialog.exec()
        return dialog

    def find(self, text: str | None = None):
        """Ctrl+F: find a member or criterion and jump to it in the score grid."""
        from .find import FindDialog

        if getattr(self, "find_dialog", None) is None:
            self.find_dialog = FindDialog(self)
        self.find_dialog.open_with(text)
        return self.find_dialog

    def closeEvent(self, event) -> None:
        from .workers import wait_for_tasks

        wait_for_tasks(self)   # a thread still running when the window goes would take the app down
        self.save_window_state()
        if self.session is not None:
            self.session.close()
        super().closeEvent(event)


class _FirstPaint(QObject):
    """Calls back once, when the event loop is next free after `widget` was first painted."""

    def __init__(self, widget: QWidget, callback) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)
            self.deleteLater()
        return False


def after_first_paint(widget: QWidget, callback) -> None:
    """`callback()` once `widget` has been painted (at once when it is not on screen to be painted)."""
    if widget.isVisible():
        _FirstPaint(widget, callback)
    else:
        QTimer.singleShot(0, callback)


def _password_hint(url: str | None, exc: BaseException) -> str:
    """A server reached without a password: thidua keeps none, so say where libpq looks for it."""
    from urllib.parse import urlsplit

    from .settings import sqlite_file

    if not url or "://" not in url or sqlite_file(url) is not None or urlsplit(url).password is not None:
        return ""
    return " " + tr("thidua không lưu mật khẩu máy chủ: hãy đặt mật khẩu trong biến môi trường PGPASSWORD hoặc "
                    "tệp .pgpass (pgpass.conf trên Windows) rồi mở lại.",
                    "thidua keeps no server password: put it in the PGPASSWORD environment variable or the "
                    ".pgpass file (pgpass.conf on Windows) and open again.")


def _file_refusal(exc: BaseException, path: Path) -> str:
    return wording.os_refusal(exc, path) if isinstance(exc, OSError) else explain(exc)


class _NoProgress:
    def step(self, *_args) -> None:
        pass
