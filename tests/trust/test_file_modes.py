"""Readable by the owner only: every file kursrom creates in its data folder (the database, its WAL
and shared-memory files, backups, the demo) is 0600 and the folder 0700, whatever the umask says,
and stays so after the file is rewritten by `forget` and `purge`."""

from __future__ import annotations

import os
import stat
from datetime import date

import pytest

from kursrom.paths import default_db_path, demo_db_path
from kursrom.store import db as dbmod
from kursrom.store import fileguard


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """A permissive umask, as on many desktops: modes must not depend on it."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_every_file_in_the_data_folder_is_private(catalog, clock, open_umask, monkeypatch):
    from kursrom.store.demo import open_demo_store
    from kursrom.store.models import Participant
    from kursrom.store.privacy import forget_participant
    from kursrom.store.purge import purge_before
    from kursrom.store.rounds import add_participant

    path = default_db_path()
    store = dbmod.open_store(path, clock)
    with store.session() as db:
        db.add(Participant(name="Åse Nygård", created_at=clock.now()))
    store.close()
    # A migration writes a backup first.
    monkeypatch.setattr(fileguard, "SCHEMA_VERSION", fileguard.SCHEMA_VERSION + 1)
    monkeypatch.setitem(dbmod.MIGRATIONS, fileguard.SCHEMA_VERSION - 1,
                        lambda c: c.exec_driver_sql("ALTER TABLE participant ADD COLUMN extra TEXT"))
    store = dbmod.open_store(path, clock)
    assert store.backup_path is not None
    person = add_participant(store, "Олена Коваленко")
    forget_participant(store, person.id)
    purge_before(store, date(2020, 1, 1), dry_run=False)
    demo = open_demo_store(demo_db_path(), catalog, clock)

    folder = path.parent
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    names = {p.name for p in files}
    assert {path.name, path.name + "-wal", path.name + "-shm", store.backup_path.name,
            demo_db_path().name} <= names, names
    for file in files:
        assert mode(file) == 0o600, f"{file.name} is {oct(mode(file))}"
    assert mode(folder) == 0o700
    store.close()
    demo.close()
