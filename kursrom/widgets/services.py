"""Typed access to what the app was given (the store, the catalogue, the clock) from any screen or
widget, instead of untyped `self.app.store` lookups."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from kursrom.app import KursromApp
    from kursrom.core.catalog import Catalog
    from kursrom.core.clock import Clock
    from kursrom.store.db import Store


class AppServices:
    """Mixed into kursrom's screens and widgets (before the Textual base class)."""

    @property
    def kursrom(self) -> KursromApp:
        return cast("KursromApp", self.app)  # type: ignore[attr-defined]

    @property
    def store(self) -> Store:
        """The open database. Every screen but the first waits for it to be open."""
        store = self.kursrom.store
        assert store is not None, "the store is opened before any screen uses it"
        return store

    @property
    def store_is_open(self) -> bool:
        """For the first screen, which is drawn while the store still opens."""
        return self.kursrom.store is not None

    @property
    def catalog(self) -> Catalog:
        return self.kursrom.catalog

    @property
    def clock(self) -> Clock:
        return self.kursrom.clock
