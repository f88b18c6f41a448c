"""Typed access to what the app was given (the store, the catalogue, the clock) from any screen or
widget, instead of untyped `self.app.store` lookups."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.message import Message

if TYPE_CHECKING:
    from textual.app import App
    from textual.widgets import Input

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

    def write(self, function: Callable[..., Any], *args: Any, on_saved: Callable[[Any], None] | None = None,
              on_failed: Callable[[Any], None] | None = None, on_refused: Callable[[Exception], None] | None = None,
              clears: Input | Sequence[Input] = (), **kwargs: Any) -> None:
        """Write to the store the one way (`kursrom.widgets.writing`): `function(store, *args, **kwargs)`
        off the UI thread, in order; a locked database or a full disk is retried until it passes.
        `on_saved(result)` runs after success only; `clears` are emptied then."""
        from kursrom.widgets.writing import writer_of

        writer_of(self.app).write(self, function, *args, on_saved=on_saved, on_failed=on_failed,  # type: ignore[attr-defined]
                                  on_refused=on_refused, clears=clears, **kwargs)

    def in_key_order(self, action: Callable[[], None]) -> None:
        """Run `action` after the keys the app read before this one have acted.

        A priority binding acts as soon as the app reads its key, while keys read just before it
        are still on their way: handed to the focused widget and, unless it takes them (as a field
        takes letters), bubbling back up to the app, which runs their bindings (a table's Down).
        A quick Down then Enter would open the row highlighted before the Down, a quick last letter
        then Ctrl+S would save the field without it. `InKeyOrder` takes the same way behind them."""
        target = self.app.focused or self  # type: ignore[attr-defined]
        target.post_message(InKeyOrder(action))

    def waiting_to_save(self, box: Input) -> bool:
        """Whether `box` shows text already on its way to the store (Enter again would repeat it)."""
        from kursrom.widgets.writing import writer_of

        return writer_of(self.app).holds(box)  # type: ignore[attr-defined]


class InKeyOrder(Message):
    """Bubbles from the focused widget to the app behind the keys before it; the app runs `action`."""

    def __init__(self, action: Callable[[], None]) -> None:
        super().__init__()
        self.action = action


Service = TypeVar("Service")


def one_per_app(app: App, name: str, make: Callable[[App], Service]) -> Service:
    """The app's one `make(app)`, kept on the app under `name` and made on first use: any App, since
    tests host widgets in apps of their own."""
    found = getattr(app, name, None)
    if found is None:
        found = make(app)
        setattr(app, name, found)
    return found
