"""The PySide6 desktop app: windows, views, Qt models and dialogs over the services."""

from . import qtfix as _qtfix

_qtfix.immortalise_singletons()
