"""Flags on paragraphs, as the text holds them: a flag stands before the tag of the person it is for,
so it stays on its paragraph whatever is written around it, and counts nowhere else."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kursrom.core.names import tag_finder
from kursrom.core.paragraphs import FlagKind, apply, carry_over, paragraphs, plain, tagged_in, toggle

MARI, JONAS, OLENA = 1, 2, 3
TAGS = tag_finder([("Mari Særheim", MARI), ("Jonas Bjørkløw", JONAS), ("Олена Коваленко", OLENA)])


def flagged(text: str) -> list[tuple[int, set[int], set[int]]]:
    return [(p.index, set(p.follow_up), set(p.quote)) for p in paragraphs(text, TAGS) if p.follow_up or p.quote]


def test_a_flag_counts_for_the_tag_it_stands_before():
    text = ("Runden startet.\n"
            "⚑@Mari Særheim vil jobbe i barnehage. @Jonas Bjørkløw nikket.\n"
            "❝@Олена Коваленко «Jeg gir meg ikke»\n"
            "⚑ uten noen merket, og en ⚑ midt i teksten @Jonas Bjørkløw")
    assert flagged(text) == [(1, {MARI}, set()), (2, set(), {OLENA})], "a flag before no tag counts for no one"
    second = paragraphs(text, TAGS)[0]
    assert second.tagged == (MARI, JONAS)
    assert second.text == "@Mari Særheim vil jobbe i barnehage. @Jonas Bjørkløw nikket."
    assert plain("⚑❝@Mari Særheim sa ⚑ hei") == "@Mari Særheim sa ⚑ hei", "only flags before a tag are taken out"


def test_toggle_puts_a_flag_before_the_persons_first_tag_and_takes_every_one_away():
    line = "@Jonas Bjørkløw og @Mari Særheim øvde; @Mari Særheim svarte godt."
    flagged_line = apply(line, toggle(line, MARI, FlagKind.FOLLOW_UP, TAGS))
    assert flagged_line == "@Jonas Bjørkløw og ⚑@Mari Særheim øvde; @Mari Særheim svarte godt."
    both = apply(flagged_line, toggle(flagged_line, MARI, FlagKind.QUOTE, TAGS))
    assert both == "@Jonas Bjørkløw og ⚑❝@Mari Særheim øvde; @Mari Særheim svarte godt."
    typed_twice = both.replace("; @Mari", "; ⚑@Mari")
    assert apply(typed_twice, toggle(typed_twice, MARI, FlagKind.FOLLOW_UP, TAGS)) == \
        "@Jonas Bjørkløw og ❝@Mari Særheim øvde; @Mari Særheim svarte godt.", "off takes every follow-up flag of hers"
    assert toggle(line, OLENA, FlagKind.FOLLOW_UP, TAGS) == [], "she is not tagged here"
    assert tagged_in("Ingen merket her", TAGS) is None


def test_a_line_not_in_nfc_is_replaced_whole_by_its_nfc_form():
    line = unicodedata.normalize("NFD", "@Jonas Bjørkløw var på Ås")  # "Ås" decomposed
    [edit] = toggle(line, JONAS, FlagKind.FOLLOW_UP, TAGS)
    assert (edit.start, edit.end) == (0, len(line))
    assert edit.text == "⚑@Jonas Bjørkløw var på Ås"


def test_carry_over_flags_every_paragraph_that_tags_someone_for_everyone_tagged_there():
    text = "Intro uten merker.\n@Mari Særheim vil bli kokk.\n\n@Jonas Bjørkløw og @Mari Særheim øvde."
    new, carried = carry_over(text, [FlagKind.FOLLOW_UP], TAGS)
    assert new == "Intro uten merker.\n⚑@Mari Særheim vil bli kokk.\n\n⚑@Jonas Bjørkløw og ⚑@Mari Særheim øvde."
    assert [(p.index, p.tagged) for p in carried] == [(1, (MARI,)), (3, (JONAS, MARI))]
    assert carry_over("Ingen merket.", [FlagKind.QUOTE], TAGS) == ("Ingen merket.", [])
    again, _carried = carry_over(new, [FlagKind.FOLLOW_UP], TAGS)
    assert again == new, "a paragraph already flagged is not flagged twice"


_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå ÆØÅ.,:;!?()-«»0123456789", max_size=40)


# After a name, a tag ends where the word does: "@Mari Særheim0" tags no one.
_AFTER = st.one_of(st.just(""), st.tuples(st.sampled_from([" ", ".", ", ", ": "]), _WORDS).map("".join))


@given(above=st.lists(_WORDS, max_size=6), below=st.lists(_WORDS, max_size=6), before=_WORDS, after=_AFTER)
def test_a_flag_stays_on_its_paragraph_whatever_is_written_around_it(above, below, before, after):
    """Lines typed above or below, and text typed before or after the tag: the flag stays on its
    paragraph, for the same person, and the paragraph reads as typed."""
    line = f"{before}⚑@Mari Særheim{after}"
    text = "\n".join([*above, line, *below])
    assert flagged(text) == [(len(above), {MARI}, set())]
    assert [p.text for p in paragraphs(text, TAGS) if p.follow_up] == [plain(line)]
