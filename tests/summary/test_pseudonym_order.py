"""Pseudonyms that reveal nothing: the numbers are dealt in a random order that follows neither the
names nor the roster, and one export request uses one set of them."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from kursrom.core.names import fold
from kursrom.core.reports.data import Person
from kursrom.core.reports.pseudonyms import Pseudonyms

_NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøåАБВГДабвгдفاطمة ", min_size=2, max_size=16).map(
    str.strip).filter(lambda name: len(name) >= 2)


@given(names=st.lists(_NAME, min_size=2, max_size=12, unique_by=fold), seed=st.integers(0, 2**32 - 1),
       data=st.data())
def test_the_pseudonym_order_is_independent_of_the_name_order(names, seed, data):
    """The same random draw deals the same numbers to the same places on the roster whatever names
    stand there, in whatever order: the names play no part in who gets which number."""
    reordered = data.draw(st.permutations(names))
    dealt = Pseudonyms.shuffled([Person(i, name) for i, name in enumerate(names)], random.Random(seed))
    again = Pseudonyms.shuffled([Person(i, name) for i, name in enumerate(reordered)], random.Random(seed))
    assert dealt.names == again.names
    assert sorted(dealt.names.values()) == sorted(f"Deltaker {n}" for n in range(1, len(names) + 1))


def test_the_numbers_follow_neither_the_roster_nor_the_alphabet():
    """A roster in alphabetical order, dealt 4000 times: every place gets every number about as often
    (each of 8 numbers 500 times, give or take 100; the seeds are fixed, so the test never flaps)."""
    people = [Person(i, name) for i, name in enumerate(sorted(
        ["Åse Nygård", "Jonas Bjørkløw", "Mari Særheim", "Marius Berg", "Sigrid Ødegård", "Yusuf Haddad",
         "Олена Коваленко", "فاطمة الزهراء"]))]
    places: dict[int, Counter] = {person.id: Counter() for person in people}
    in_name_order = 0
    for seed in range(4000):
        names = Pseudonyms.shuffled(people, random.Random(seed)).names
        for person in people:
            places[person.id][names[person.id]] += 1
        in_name_order += [names[p.id] for p in people] == [f"Deltaker {n}" for n in range(1, 9)]
    for counts in places.values():
        assert len(counts) == 8 and all(400 <= count <= 600 for count in counts.values()), counts
    assert in_name_order <= 2, "the order of the names comes out about once in 40 320 draws"
