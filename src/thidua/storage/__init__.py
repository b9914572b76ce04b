"""SQLAlchemy storage: tables, migrations, the season repository and the unit of work."""
