"""Storage: SQLite through SQLModel. Importing this package is cheap; `kursrom.store.db` is not
(SQLAlchemy costs about a third of a second), so the app imports it in a worker after first paint."""
