"""The main window: database and season choice, the views as tabs, season state actions, menus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QComboBox, QDialog, QFileDialog, QLabel, QMainWindow, QMessageBox, QSplitter,
                               QTabWidget, QToolBar, QVBoxLayout, QWidget)

from .. import wording
from ..domain.season import Area, State
from ..services import clusters, outcome
from .dialogs import CertificateDialog, NewSeasonDialog, ReopenDialog, SettingsDialog, SignOffDialog
from .i18n import explain, tr
from .session import Session
from .tabs import TabViews
from .workers import run_task


class MainWindow(QMainWindow):
    database_opened = Signal()

    def __init__(self, settings, parent=None) -> None:
        super().__init__(parent)
        self.settings = settings
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
        self.act_open_default = file_menu.addAction(tr("Mở cơ sở dữ liệu mặc định", "Open the default database"),
                                                    lambda: self.open_database(None))
        self.act_open = file_menu.addAction(tr("Mở tệp dữ liệu khác…", "Open another file…"), self.choose_file)
        self.act_open.setShortcut(QKeySequence.StandardKey.Open)
        self.act_review = file_menu.addAction(tr("Mở để xem lại (chỉ đọc)…", "Open for review (read-only)…"),
                                              lambda: self.choose_file(read_only=True))
        self.recent_menu = file_menu.addMenu(tr("Mở gần đây", "Recent databases"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
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
        bar.addWidget(self.state_label)
        bar.addSeparator()
        bar.addAction(self.act_undo)
        bar.addAction(self.act_redo)
        bar.addSeparator()
        bar.addAction(self.act_sign)
        bar.addAction(self.act_reopen)

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
            empty = QLabel(tr("Đang mở cơ sở dữ liệu…", "Opening the database…"))
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.tabs.addTab(empty, "thidua")
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
    def open_database(self, url: str | None, read_only: bool = False, wait: bool = False) -> None:
        """Open (and migrate) a database in a worker thread, then show its latest season."""
        from ..storage.database import Database

        actor = self.settings.actor

        def work(progress):
            progress.step(0, 0, tr("Đang mở cơ sở dữ liệu…", "Opening the database…"))
            # review mode must not write, so it skips the schema upgrade
            db = Database(url, migrate_schema=not read_only, actor=actor, read_only=read_only)
            clusters.list_clusters(db.uow())
            return db

        if wait:
            try:
                db = work(_NoProgress())
            except Exception as exc:
                self.show_error(explain(exc))
                return
            self.use_database(db, read_only)
            return
        run_task(self, tr("Đang mở cơ sở dữ liệu…", "Opening the database…"), work,
                 lambda db: self.use_database(db, read_only), lambda exc: self.show_error(explain(exc)),
                 on_cancel=lambda db: db.close())

    def use_database(self, db, read_only: bool = False, season_id: str | None = None) -> None:
        if self.session is not None:
            self.session.close()
        self.session = Session(db, read_only or db.read_only, self)   # a file we may not write: review
        self.session.undo_stack.cleanChanged.connect(self._update_state)
        self.session.undo_stack.indexChanged.connect(self._update_state)
        self.session.structure_changed.connect(self._update_state)
        self.session.season_changed.connect(self._update_state)
        self.settings.add_recent(db.url)
        self._build_views()
        self._fill_clusters(season_id)
        self.database_opened.emit()

    def choose_file(self, read_only: bool = False) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Chọn tệp dữ liệu", "Choose a database file"), "",
                                              tr("Dữ liệu thi đua (*.thidua *.sqlite *.db);;Mọi tệp (*)",
                                                 "thidua data (*.thidua *.sqlite *.db);;All files (*)"))
        if path:
            self.open_database(path, read_only)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for url in self.settings.recent:
            self.recent_menu.addAction(url, lambda u=url: self.open_database(u))
        if not self.settings.recent:
            self.recent_menu.addAction(tr("(chưa có)", "(none)")).setEnabled(False)

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
        self.act_sign.setEnabled(writable and state in (State.SCORING, State.VOTING))
        self.act_reopen.setEnabled(writable and state is State.SIGNED_OFF)
        self.act_resign.setEnabled(session is not None and state is State.SIGNED_OFF)
        self.act_to_scoring.setEnabled(writable and state in (State.DRAFT, State.VOTING))
        self.act_to_voting.setEnabled(writable and state is State.SCORING)
        self.act_to_draft.setEnabled(writable and state is State.SCORING)
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
    def advance(self, to: State) -> None:
        self.act(outcome.advance, self.session.season_id, to, expected=self.session.season.state)

    def sign_off(self, signer: str | None = None, certificate: tuple[str, str, str] | None = None) -> bool:
        """Lock the season; with `certificate` (file, password, folder) also sign its PDFs digitally.

        The certificate is opened first: a wrong password or an expired certificate is refused
        while the season is still open, as `thidua sign-off --certificate` does.
        """
        from .signing import default_folder, open_certificate, sign_documents

        season = self.session.season
        if signer is None:
            folder = default_folder(self.session.db, season.year, season.revision + 1)
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

    def reopen(self, actor: str | None = None, reason: str | None = None) -> bool:
        season = self.session.season
        if reason is None:
            dialog = ReopenDialog(season, self.settings.actor, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            actor, reason = dialog.value
        return bool(self.act(outcome.reopen, season.id, actor or self.settings.actor, reason))

    def start_next_season(self) -> None:
        season = self.act(clusters.start_next_season, self.session.season_id)
        if season:
            self.select_season(season.id)
            self.statusBar().showMessage(tr(f"Đã tạo kỳ thi đua năm {season.year}.", f"Season {season.year} created."))

    def new_season(self) -> None:
        names = [self.cluster_box.itemText(i) for i in range(self.cluster_box.count())]
        year = (self.session.season.year + 1) if self.session.season else 2025
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
        for award_id in edit.removed:
            if not self.act(outcome.remove_award_type, sid, award_id, expected=edit.base_awards[award_id]):
                return False
        for award in edit.put:
            if not self.act(outcome.put_award_type, sid, award, expected=edit.base_awards.get(award.id)):
                return False
        self.statusBar().showMessage(tr("Đã lưu thiết lập kỳ thi đua.", "Season settings saved."), 10000)
        return True

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.settings.language, self.settings.actor, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.apply_settings(*dialog.value)

    def apply_settings(self, language: str, actor: str) -> None:
        self.settings.actor = actor
        if self.session:
            self.session.db.actor = actor or self.session.db.actor
        if language != wording.language():
            self.settings.language = language
            wording.set_language(language)
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

    def closeEvent(self, event) -> None:
        from .workers import wait_for_tasks

        wait_for_tasks(self)   # a thread still running when the window goes would take the app down
        self.save_window_state()
        if self.session is not None:
            self.session.close()
        super().closeEvent(event)


class _NoProgress:
    def step(self, *_args) -> None:
        pass
