"""The KeyGuard without a terminal: a lone key waits the typing gap and is then due as a command;
keys that arrive as typing are held, and so is every key until the keyboard has been quiet."""

from __future__ import annotations

from kursrom.core.clock import FakeClock
from kursrom.core.keyguard import MAX_HELD, TYPING_GAP, TYPING_PAUSE, KeyGuard


def test_a_lone_key_is_due_once_the_gap_has_passed():
    clock = FakeClock()
    guard = KeyGuard(clock.monotonic)
    assert guard.press("n", "n") == (False, None)
    assert guard.due() is None, "not before the gap"
    clock.advance(TYPING_GAP)
    pending = guard.due()
    assert (pending.key, pending.character) == ("n", "n")
    assert guard.due() is None and not guard.holding


def test_keys_closer_than_the_gap_are_typing_from_the_first():
    clock = FakeClock()
    guard = KeyGuard(clock.monotonic)
    guard.press("s", "s")
    clock.advance(0.12)
    assert guard.press("a", "a") == (True, None)
    assert guard.held == "sa" and guard.due() is None, "the first letter was typing too"
    # A typist who stops to think is still typing: the next word's first letter is held at once.
    clock.advance(TYPING_PAUSE - 0.1)
    assert guard.press("space", " ")[0]
    clock.advance(TYPING_PAUSE - 0.1)
    assert guard.press("n", "n")[0]
    assert guard.extend("\n") and guard.extend("") and guard.held == "sa n"
    assert guard.take() == "sa n" and not guard.holding


def test_after_a_quiet_pause_a_lone_key_is_a_command_again():
    clock = FakeClock()
    guard = KeyGuard(clock.monotonic)
    guard.press("x", "x")
    clock.advance(0.05)
    guard.press("y", "y")
    clock.advance(TYPING_PAUSE + 0.01)
    assert not guard.typing and guard.extend("\n") is False, "Enter acts as usual again"
    assert guard.press("n", "n") == (False, None)
    clock.advance(TYPING_GAP)
    assert guard.due().key == "n"
    assert guard.held == "xy", "what was held stays held until F2 or Escape"
    assert guard.discard() == "xy" and not guard.holding


def test_the_held_text_has_a_bound():
    clock = FakeClock()
    guard = KeyGuard(clock.monotonic)
    for _ in range(MAX_HELD + 50):
        guard.press("a", "a")
        clock.advance(0.05)
    assert len(guard.held) == MAX_HELD


def test_keys_a_busy_app_handles_together_are_not_typing_when_they_arrived_apart():
    clock = FakeClock()
    guard = KeyGuard(clock.monotonic)
    guard.press("n", "n", arrived=10.0)
    held, lone = guard.press("s", "s", arrived=10.9)
    assert not held and lone.key == "n", "a stalled app handled them together; they came apart: n runs now"
    assert not guard.holding
    assert guard.press("a", "a", arrived=11.0) == (True, None), "these came as typing does"
    assert guard.held == "sa"


def test_chained_keys_in_a_quick_run_each_act_but_words_after_one_are_typing():
    clock = FakeClock()
    guard = KeyGuard(clock.monotonic, chained=frozenset("1234"))
    marks = []
    for digit in "1121":  # the check-in, one key a person, quicker than the gap
        held, lone = guard.press(digit, digit)
        assert not held
        if lone is not None:
            marks.append(lone.character)
        clock.advance(0.1)
    clock.advance(TYPING_GAP)
    marks.append(guard.due().character)
    assert marks == list("1121") and not guard.holding
    # A digit that starts a sentence is held with it: "2 uker" is typing, not a mark and then text.
    for character in "2 uker":
        guard.press(character, character)
        clock.advance(0.1)
    clock.advance(TYPING_GAP)
    assert guard.due() is None and guard.held == "2 uker"
    # Within a stretch of typing a chained key is text too.
    guard.press("1", "1")
    assert guard.held == "2 uker1"
