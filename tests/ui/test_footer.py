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
