"""A round's report: the attendance matrix, each evaluated element across the sessions, and the
follow-up outcomes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from kursrom.core.outcomes import current_statuses, outcome_share
from kursrom.core.reports.data import ElementSeries, RoundReport
from kursrom.core.reports.inputs import RoundReportData, ScoreRow
from kursrom.core.reports.parts import attendance_lines, by_name


def round_report(data: RoundReportData) -> RoundReport:
    people = data.round.people()
    marks = attendance_lines(data.marks, people)
    # Current participants, and anyone removed later who was marked at least once.
    current = [enrolled.person.id for enrolled in data.round.roster if enrolled.current]
    listed = set(current) | {pid for _sid, pid in marks}
    shown = sorted((p for p in people.values() if p.id in listed), key=by_name)
    session_ids = [session.id for session in data.round.sessions]
    matrix = tuple(tuple(marks.get((sid, person.id)) for sid in session_ids) for person in shown)
    evaluation = element_series(data.scores, data.round.numbers(), data.positions)
    outcomes = outcome_share(current_statuses(data.follow_ups), current, data.outcomes)
    columns = tuple(session.column for session in data.round.sessions)
    numbers = data.round.numbers()
    comments = tuple((numbers.get(session_id, 0), text) for session_id, text in data.comments)
    return RoundReport(data.round.round, columns, tuple(shown), matrix, evaluation, outcomes, comments,
                       data.group_rules)


def element_series(scores: Sequence[ScoreRow], numbers: Mapping[int, int],
                   positions: Mapping[int, int]) -> tuple[ElementSeries, ...]:
    """Each element's average per session it was rated in, and over the round, in the order the
    round first rated them."""
    # (element, scale) -> session number -> score -> count
    per: dict[tuple[str, int, int], dict[int, dict[int, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int)))
    first: dict[tuple[str, int, int], tuple[int, int]] = {}
    for score in scores:
        key = (score.element, score.scale_min, score.scale_max)
        number = numbers.get(score.session_id, 0)
        per[key][number][score.score] += max(score.count, 0)
        rank = (number, positions.get(score.item_id, 0) if score.item_id else 0)
        first[key] = min(first.get(key, rank), rank)
    series = []
    for key in sorted(per, key=lambda k: first[k]):
        points = []
        total = weighted = 0
        for number in sorted(per[key]):
            counts = per[key][number]
            n = sum(counts.values())
            if n:
                points.append((number, sum(s * c for s, c in counts.items()) / n, n))
                total += n
                weighted += sum(s * c for s, c in counts.items())
        counts = tuple((number, tuple(sorted(per[key][number].items()))) for number in sorted(per[key]))
        series.append(ElementSeries(key[0], key[1], key[2], tuple(points), weighted / total if total else None, total,
                                    counts))
    return tuple(series)
