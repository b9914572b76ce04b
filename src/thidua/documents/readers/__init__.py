"""Reading files people send us: any spreadsheet as a bounded grid (grid.py), safely (safe.py), scoring tables (table.py)."""
