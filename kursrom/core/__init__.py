"""kursrom's core: plain Python (no Textual, no database) that a test can import without a terminal."""
