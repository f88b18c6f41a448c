"""The footer is built again only when the keys it shows change: a screen that opens asks for a
rebuild several times in a row, and each rebuild is time the screen (and a key typed meanwhile) waits."""

from __future__ import annotations

from textual.app import App, ComposeResult

from kursrom.widgets.footer import Footer


class TwoKeys(App):
    BINDINGS = [("a", "one", "One"), ("b", "two", "Two")]
    ENABLE_COMMAND_PALETTE = False
    two_allowed = False

    def compose(self) -> ComposeResult:
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "two" and not self.two_allowed else True  # None: shown, dimmed

    def on_mount(self) -> None:
        self.pressed: list[str] = []

    def action_one(self) -> None:
        self.pressed.append("one")

    def action_two(self) -> None:
        self.pressed.append("two")


def shown(footer: Footer) -> list[tuple[str, bool]]:
    return [(key.description, key.has_class("-disabled")) for key in footer.query("FooterKey")]


async def test_the_footer_is_built_again_only_when_its_keys_change():
    app = TwoKeys()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        keys = list(footer.children)
        assert shown(footer) == [("One", False), ("Two", True)]

        app.screen.refresh_bindings()  # nothing the footer shows has changed
        await pilot.pause()
        await pilot.pause()
        assert [id(child) for child in footer.children] == [id(child) for child in keys]

        app.two_allowed = True
        app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert shown(footer) == [("One", False), ("Two", False)]
        assert not any(child in keys for child in footer.children)
        await pilot.press("a", "b")
        assert app.pressed == ["one", "two"], "the keys the footer shows act"


class ManyKeys(App):
    """More keys than 40 columns hold, as the live screen has at 80."""

    BINDINGS = [(key, f"press('{key}')", f"Action {key}") for key in "abcdefgh"]

    def compose(self) -> ComposeResult:
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.pressed: list[str] = []

    def action_press(self, key: str) -> None:
        self.pressed.append(key)


async def test_the_footer_shows_only_keys_that_fit_whole_and_follows_the_width():
    app = ManyKeys()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        keys = [key for key in footer.query("FooterKey") if not key.has_class("-command-palette")]
        palette = footer.query_one(".-command-palette")
        assert 1 <= len(keys) < 8
        assert all(key.region.right <= palette.region.x for key in keys), "none cut by the palette's key"
        assert [key.description for key in keys] == [f"Action {key}" for key in "abcdefgh"[:len(keys)]]
        await pilot.press("h")
        assert app.pressed == ["h"], "a key left out of the footer still acts (and is in the palette)"

        await pilot.resize_terminal(160, 10)
        await pilot.pause()
        await pilot.pause()
        assert len([key for key in footer.query("FooterKey") if not key.has_class("-command-palette")]) == 8
