"""The pure domain core: clusters, seasons, criteria, scores, ranking, awards and votes.

Nothing here imports Qt, SQLAlchemy, openpyxl or reportlab; errors carry data and the
outer layers word them for people.
"""
