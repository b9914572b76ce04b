"""The step bar: Dự thảo → Chấm điểm → Bình xét → Ký duyệt, where the season is and what comes next.

It decides nothing: which actions are open, and why the others are not, come from the session
(`Session.refusal`, i.e. the domain's `Season.refusal` or review mode). A disabled action keeps
its reason in its tooltip and says it on the status line when hovered or clicked.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from .. import wording
from ..domain.season import Action, State
from .i18n import tr

STEPS = (State.DRAFT, State.SCORING, State.VOTING, State.SIGNED_OFF)

_CURRENT = "background: #1565c0; color: white; border: 1px solid #0d47a1; border-radius: 11px; padding: 2px 12px;" \
           "font-weight: bold"
_DONE = "background: #e3f2e5; color: #1b5e20; border: 1px solid #9ccc9f; border-radius: 11px; padding: 2px 12px"
_LATER = "background: #f4f5f7; color: #6b7280; border: 1px solid #d5d9de; border-radius: 11px; padding: 2px 12px"


def action_label(action: Action, current: State | None = None) -> str:
    """The words on an action's button (going back reads "Trở lại …")."""
    if action.kind == "sign_off":
        return tr("Ký duyệt…", "Sign off…")
    if action.kind == "reopen":
        return tr("Mở lại…", "Reopen…")
    if current is not None and STEPS.index(action.state) < STEPS.index(current):
        return {State.DRAFT: tr("Trở lại dự thảo", "Back to draft"),
                State.SCORING: tr("Trở lại chấm điểm", "Back to scoring")}[action.state]
    return {State.SCORING: tr("Chuyển sang chấm điểm", "Go to scoring"),
            State.VOTING: tr("Chuyển sang bình xét", "Go to voting")}[action.state]


def offered(state: State | None) -> tuple[Action | None, Action | None, Action | None]:
    """(the step back, the next action, sign-off shown beside it) the bar offers at a step."""
    if state is State.DRAFT:
        return None, Action.advance(State.SCORING), Action.SIGN_OFF
    if state is State.SCORING:
        return Action.advance(State.DRAFT), Action.advance(State.VOTING), Action.SIGN_OFF
    if state is State.VOTING:
        return Action.advance(State.SCORING), Action.SIGN_OFF, None
    if state is State.SIGNED_OFF:
        return None, Action.reopen(), None
    return None, Action.advance(State.SCORING), None


class _ElidedLabel(QLabel):
    """One line that ends in "…" when the bar is too narrow; the whole text stays in the tooltip."""

    def __init__(self) -> None:
        super().__init__()
        self.full = ""

    def set_full(self, text: str) -> None:
        self.full = text
        self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self.full, Qt.TextElideMode.ElideRight, max(self.width(), 0)))


class ReasonButton(QPushButton):
    """A button that, while disabled, says why when the pointer rests on it or it is clicked."""

    explained = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.action: Action | None = None
        self.reason: str | None = None

    def event(self, event) -> bool:
        # a disabled widget gets no clicked(): catch the press and the hover here, before Qt drops them
        if not self.isEnabled() and self.reason and event.type() in (
                QEvent.Type.Enter, QEvent.Type.MouseButtonPress):
            self.explained.emit(self.reason)
        return super().event(event)


class StepBar(QWidget):
    """The season's four steps across the window, the current one highlighted, with its actions."""

    requested = Signal(object)   # an Action the user asked for (an enabled button)
    explained = Signal(str)      # a disabled action's reason, for the status line

    HEIGHT = 40

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("step_bar")
        self.setFixedHeight(self.HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(6)
        self.pills: dict[State, QLabel] = {}
        for i, state in enumerate(STEPS):
            if i:
                arrow = QLabel("→")
                arrow.setStyleSheet("color: #9aa3ad; font-size: 13pt")
                layout.addWidget(arrow)
            pill = QLabel(wording.step_name(state))
            pill.setAlignment(Qt.AlignmentFlag.AlignCenter)
            pill.setFixedHeight(24)
            self.pills[state] = pill
            layout.addWidget(pill)
        layout.addSpacing(16)
        self.hint = _ElidedLabel()
        self.hint.setStyleSheet("color: #4b5563")
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.hint, 1)
        self.back = ReasonButton()
        self.next = ReasonButton()
        self.next.setStyleSheet("QPushButton:enabled { font-weight: bold }")
        self.sign = ReasonButton()
        for button in (self.back, self.next, self.sign):
            button.clicked.connect(lambda _=False, b=button: self._clicked(b))
            button.explained.connect(self.explained)
            layout.addWidget(button)
        self.state: State | None = None
        self.show_state(None, lambda action: tr("Chưa chọn kỳ thi đua nào.", "No season is open."))

    def show_state(self, state: State | None, refusal) -> None:
        """Show `state` (None: no season); `refusal(action)` is the session's: None or the reason."""
        self.state = state
        position = STEPS.index(state) if state is not None else -1
        for i, (step, pill) in enumerate(self.pills.items()):
            done = i < position or state is State.SIGNED_OFF
            pill.setText(("✓ " if done and step is not state else "") + wording.step_name(step))
            pill.setStyleSheet(_CURRENT if step is state else _DONE if done else _LATER)
            # wide enough for the bold text and the tick in any font (the style sheet's padding is not measured)
            bold = QFont(pill.font())
            bold.setBold(True)
            pill.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(pill.text()) + 34)
            pill.setToolTip(wording.editable_at(step)[:1].upper() + wording.editable_at(step)[1:] + ".")
        self.hint.set_full(wording.editable_at(state)[:1].upper() + wording.editable_at(state)[1:] + "."
                           if state is not None else "")
        for button, action in zip((self.back, self.next, self.sign), offered(state)):
            self._offer(button, action, refusal(action) if action is not None else None)
        self.layout().activate()   # buttons whose words changed get their width now, not at the next event

    def _offer(self, button: ReasonButton, action: Action | None, reason: str | None) -> None:
        button.setVisible(action is not None)
        button.action = action
        button.reason = reason
        if action is None:
            return
        button.setText(action_label(action, self.state))
        button.setEnabled(reason is None)
        button.setToolTip(reason or "")

    def _clicked(self, button: ReasonButton) -> None:
        if button.action is not None:
            self.requested.emit(button.action)

    def reason_of(self, action: Action) -> str | None:
        """The reason the bar shows for `action` when it is one of its buttons and disabled."""
        return next((b.reason for b in (self.back, self.next, self.sign) if b.action == action and b.isVisible()),
                    None)
