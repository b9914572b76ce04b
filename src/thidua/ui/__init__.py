"""The PySide6 desktop app: windows, views, Qt models and dialogs over the services."""
