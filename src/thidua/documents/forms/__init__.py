"""Member self-scoring forms: one workbook per member written (write.py) and read back as checked changes (read.py)."""
