"""Documents: Excel and PDF writers and readers — season data in, file out (and back)."""
