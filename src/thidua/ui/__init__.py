"""The PySide6 desktop app: main window, views, Qt models and dialogs over the services."""
