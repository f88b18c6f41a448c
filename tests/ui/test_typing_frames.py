"""While someone types in the notes, a line that changes on its own is drawn with the next key (one
frame for both) or, when typing stops, `LONGEST_WAIT_S` later at most; otherwise at once."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from kursrom.widgets.typing_frames import LONGEST_WAIT_S, typing_frames


class Line(App):
    def compose(self) -> ComposeResult:
        yield Static("10:00", id="line")


def shown(app: App) -> str:
    return str(app.query_one("#line", Static).content)


async def test_a_line_waits_for_the_next_key_while_someone_types():
    app = Line()
    async with app.run_test() as pilot:
        frames = typing_frames(app)
        line = app.query_one("#line", Static)
        frames.draw(line, lambda: line.update("09:59"))
        assert shown(app) == "09:59", "nobody types: at once"

        frames.key_typed()
        frames.draw(line, lambda: line.update("09:58"))
        frames.draw(line, lambda: line.update("09:57"))  # the newer one replaces the waiting one
        assert shown(app) == "09:59"
        frames.key_typed()
        assert shown(app) == "09:57", "drawn with the next key"

        frames.draw(line, lambda: line.update("09:56"))
        assert shown(app) == "09:57"
        await pilot.pause(LONGEST_WAIT_S + 0.15)  # typing stopped
        assert shown(app) == "09:56"



async def test_a_line_whose_widget_is_gone_is_not_drawn():
    app = Line()
    async with app.run_test() as pilot:
        frames = typing_frames(app)
        line = app.query_one("#line", Static)
        drawn: list[str] = []
        frames.key_typed()
        frames.draw(line, lambda: drawn.append("drawn"))
        await line.remove()
        frames.key_typed()
        await pilot.pause(LONGEST_WAIT_S + 0.1)
        assert drawn == []
