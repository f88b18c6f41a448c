"""What the exercise panels record: exercise results, SØT boards, evaluations and group rules.

- An exercise result is one JSON document per agenda item and participant (or, with no participant,
  the group's own: a card-sort tally, role-play groups, a speaking order). Saving replaces it.
- A SØT board belongs to the participant, not to a session: every save that changes it adds a
  revision naming the session it was made in, so the history stays.
- Evaluations are anonymous by construction: a count per session, element and score, and free
  comments. No function here takes a participant id for them.
- Group rules are stored once per round and read back at the start of later sessions.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import col, select

from kursrom.store.db import Store
from kursrom.store.models import (
    AgendaItem, CourseRound, CourseSession, EvaluationComment, EvaluationScore, ExerciseResult, SotBoard, SotRevision,
)

# --------------------------------------------------------------------------------------------------
# Exercise results


def save_result(store: Store, item_id: int, kind: str, data: dict, participant_id: int | None = None) -> ExerciseResult:
    """Store `data` as the result of `item_id` for a participant (or the group, with None)."""
    with store.session() as db:
        row = db.exec(select(ExerciseResult).where(
            ExerciseResult.item_id == item_id, _is(ExerciseResult.participant_id, participant_id))).first()
        if row is None:
            row = ExerciseResult(item_id=item_id, participant_id=participant_id, kind=kind)
            db.add(row)
        row.kind = kind
        row.data = copy.deepcopy(data)  # a new object, so SQLAlchemy sees the change
        row.updated_at = store.now()
    return row


def load_result(store: Store, item_id: int, participant_id: int | None = None) -> dict | None:
    with store.read() as db:
        row = db.exec(select(ExerciseResult).where(
            ExerciseResult.item_id == item_id, _is(ExerciseResult.participant_id, participant_id))).first()
        return copy.deepcopy(row.data) if row is not None else None


def results_for_item(store: Store, item_id: int) -> dict[int | None, dict]:
    """Every result of an item: participant id (None for the group's own) -> data."""
    with store.read() as db:
        rows = db.exec(select(ExerciseResult).where(ExerciseResult.item_id == item_id))
        return {row.participant_id: copy.deepcopy(row.data) for row in rows}


def results_for_session(store: Store, session_id: int) -> list[tuple[AgendaItem, ExerciseResult]]:
    """The session's results in agenda order, for the summary."""
    with store.read() as db:
        rows = db.exec(
            select(AgendaItem, ExerciseResult).join(ExerciseResult, col(ExerciseResult.item_id) == col(AgendaItem.id))
            .where(AgendaItem.session_id == session_id)
            .order_by(col(AgendaItem.position), col(ExerciseResult.id))
        )
        return [(item, result) for item, result in rows]


def _is(column, value):  # noqa: ANN001, ANN202 - `= NULL` never matches in SQL
    return col(column).is_(None) if value is None else column == value


# --------------------------------------------------------------------------------------------------
# SØT boards


def normalise_actions(actions: Iterable[dict | str]) -> list[dict]:
    """Tiltak as stored: [{"text": ..., "date": "YYYY-MM-DD" or None}], blank steps left out."""
    out = []
    for action in actions:
        if isinstance(action, str):
            action = {"text": action}
        text = str(action.get("text", "")).strip()
        if not text:
            continue
        when = action.get("date") or None
        if isinstance(when, date):
            when = when.isoformat()
        out.append({"text": text, "date": when})
    return out


def board_of(store: Store, participant_id: int) -> SotBoard | None:
    with store.read() as db:
        return db.exec(select(SotBoard).where(SotBoard.participant_id == participant_id)
                       .order_by(col(SotBoard.id).desc())).first()


def current_board(store: Store, participant_id: int) -> SotRevision | None:
    """The participant's SØT plan as last saved, from whichever session that was."""
    with store.read() as db:
        return db.exec(
            select(SotRevision).join(SotBoard, col(SotBoard.id) == col(SotRevision.board_id))
            .where(SotBoard.participant_id == participant_id)
            .order_by(col(SotRevision.id).desc())
        ).first()


def current_boards(store: Store, participant_ids: Iterable[int]) -> dict[int, SotRevision]:
    ids = list(participant_ids)
    if not ids:
        return {}
    with store.read() as db:
        rows = db.exec(
            select(SotBoard.participant_id, SotRevision)
            .join(SotBoard, col(SotBoard.id) == col(SotRevision.board_id))
            .where(col(SotBoard.participant_id).in_(ids))
            .order_by(col(SotRevision.id))
        )
        return {participant_id: revision for participant_id, revision in rows}


def board_history(store: Store, participant_id: int) -> list[SotRevision]:
    """Every revision of the participant's board, oldest first."""
    with store.read() as db:
        return list(db.exec(
            select(SotRevision).join(SotBoard, col(SotBoard.id) == col(SotRevision.board_id))
            .where(SotBoard.participant_id == participant_id)
            .order_by(col(SotRevision.id))
        ))


def board_versions(store: Store, participant_id: int) -> list[tuple[CourseSession | None, SotRevision]]:
    """The board as it was left at the end of each session it was worked on, oldest first: the
    history a facilitator reads (`board_history` has every save)."""
    history = board_history(store, participant_id)
    last: dict[int | None, SotRevision] = {}
    for revision in history:
        last.pop(revision.session_id, None)  # re-inserted, so the order follows the latest save
        last[revision.session_id] = revision
    ids = [sid for sid in last if sid is not None]
    with store.read() as db:
        sessions = {s.id: s for s in db.exec(select(CourseSession).where(col(CourseSession.id).in_(ids)))}
    return [(sessions.get(sid) if sid is not None else None, revision) for sid, revision in last.items()]


def save_board(store: Store, participant_id: int, session_id: int | None, *, situation: str, wish: str,
               actions: Iterable[dict | str], round_id: int | None = None) -> SotRevision | None:
    """Add a revision to the participant's board (creating the board on first save).

    Returns the new revision, or None when nothing changed since the last one.
    """
    steps = normalise_actions(actions)
    situation, wish = situation.strip(), wish.strip()
    now = store.now()
    with store.session() as db:
        board = db.exec(select(SotBoard).where(SotBoard.participant_id == participant_id)
                        .order_by(col(SotBoard.id).desc())).first()
        if board is None:
            if not (situation or wish or steps):
                return None
            board = SotBoard(participant_id=participant_id, round_id=round_id, created_at=now)
            db.add(board)
            db.flush()
        else:
            last = db.exec(select(SotRevision).where(SotRevision.board_id == board.id)
                           .order_by(col(SotRevision.id).desc())).first()
            if last is not None and (last.situation, last.wish, last.actions) == (situation, wish, steps):
                return None
        revision = SotRevision(board_id=board.id, session_id=session_id, situation=situation, wish=wish,
                               actions=steps, saved_at=now)
        db.add(revision)
    return revision


# --------------------------------------------------------------------------------------------------
# Evaluation: counts and comments, never a person


def add_scores(store: Store, session_id: int, item_id: int | None, element: str, scale: tuple[int, int],
               scores: Iterable[int], *, times: int = 1) -> None:
    """Count each score in `scores` `times` more times (a negative `times` takes counts back)."""
    low, high = scale
    with store.session() as db:
        for score in scores:
            if not low <= score <= high:
                raise ValueError(f"score {score} is outside the scale {low}–{high}")
            row = _score_row(db, session_id, item_id, element, scale, score)
            row.count = max(row.count + times, 0)


def set_score_count(store: Store, session_id: int, item_id: int | None, element: str, scale: tuple[int, int],
                    score: int, count: int) -> None:
    """Set how many people gave `score` (when the facilitator counts hands)."""
    low, high = scale
    if not low <= score <= high:
        raise ValueError(f"score {score} is outside the scale {low}–{high}")
    with store.session() as db:
        _score_row(db, session_id, item_id, element, scale, score).count = max(count, 0)


def _score_row(db, session_id: int, item_id: int | None, element: str, scale: tuple[int, int],  # noqa: ANN001
               score: int) -> EvaluationScore:
    row = db.exec(select(EvaluationScore).where(
        EvaluationScore.session_id == session_id, _is(EvaluationScore.item_id, item_id),
        EvaluationScore.element == element, EvaluationScore.score == score,
        EvaluationScore.scale_min == scale[0], EvaluationScore.scale_max == scale[1])).first()
    if row is None:
        row = EvaluationScore(session_id=session_id, item_id=item_id, element=element, scale_min=scale[0],
                              scale_max=scale[1], score=score, count=0)
        db.add(row)
    return row


def score_counts(store: Store, session_id: int) -> dict[str, dict[int, int]]:
    """The session's counts: element -> {score: count}, zero counts left out."""
    out: dict[str, dict[int, int]] = {}
    with store.read() as db:
        for row in db.exec(select(EvaluationScore).where(EvaluationScore.session_id == session_id)
                           .order_by(col(EvaluationScore.id))):
            if row.count:
                scores = out.setdefault(row.element, {})
                scores[row.score] = scores.get(row.score, 0) + row.count
    return out


def add_comment(store: Store, session_id: int, text: str) -> EvaluationComment | None:
    text = text.strip()
    if not text:
        return None
    with store.session() as db:
        comment = EvaluationComment(session_id=session_id, text=text, created_at=store.now())
        db.add(comment)
    return comment


def delete_comment(store: Store, comment_id: int) -> None:
    with store.session() as db:
        comment = db.get(EvaluationComment, comment_id)
        if comment is not None:
            db.delete(comment)


def comments_for(store: Store, session_id: int) -> list[EvaluationComment]:
    with store.read() as db:
        return list(db.exec(select(EvaluationComment).where(EvaluationComment.session_id == session_id)
                            .order_by(col(EvaluationComment.id))))


def mean(counts: dict[int, int]) -> float | None:
    total = sum(counts.values())
    return sum(score * n for score, n in counts.items()) / total if total else None


@dataclass
class SessionScore:
    number: int  # the session's number in its round
    count: int
    average: float  # on the element's scale


@dataclass
class ElementAverage:
    """How useful one element was: in this round, per session, and in earlier rounds of the template.

    Averages are on this round's scale for the element; scores given on another scale (a 0–10 round
    compared with a 1–5 one) are converted linearly, so that the lowest and highest points match.
    """

    element: str
    scale_min: int
    scale_max: int
    count: int
    average: float
    sessions: list[SessionScore] = field(default_factory=list)
    earlier_count: int = 0
    earlier_average: float | None = None
    earlier_rounds: int = 0

    @property
    def change(self) -> float | None:
        return None if self.earlier_average is None else self.average - self.earlier_average


def _fraction(row: EvaluationScore) -> float:
    span = row.scale_max - row.scale_min
    return (row.score - row.scale_min) / span if span else 0.0


def _key(element: str) -> str:
    return " ".join(element.split()).casefold()


def evaluation_by_element(store: Store, round_id: int) -> list[ElementAverage]:
    """Each rated element of a round: its average across the round's sessions, per session, and the
    same element's average in earlier rounds of the same course template. Elements are matched by
    title; they come in the order they were first rated."""
    with store.read() as db:
        this = db.get(CourseRound, round_id)
        if this is None:
            return []
        rows = list(db.exec(
            select(EvaluationScore, CourseSession.number, CourseSession.round_id)
            .join(CourseSession, col(CourseSession.id) == col(EvaluationScore.session_id))
            .join(CourseRound, col(CourseRound.id) == col(CourseSession.round_id))
            .where(CourseRound.template_id == this.template_id, col(EvaluationScore.count) > 0)
            .order_by(col(CourseSession.number), col(EvaluationScore.id))
        ))
        earlier_ids = {r.id for r in db.exec(select(CourseRound).where(CourseRound.template_id == this.template_id))
                       if (r.start_date, r.id) < (this.start_date, this.id)}
    own = [(row, number) for row, number, rid in rows if rid == round_id]
    earlier = [(row, rid) for row, _number, rid in rows if rid in earlier_ids]
    elements: dict[str, list[tuple[EvaluationScore, int]]] = {}
    for row, number in own:
        elements.setdefault(_key(row.element), []).append((row, number))
    out = []
    for key, scored in elements.items():
        latest = max(scored, key=lambda pair: (pair[1], pair[0].id))[0]
        low, high = latest.scale_min, latest.scale_max

        def on_scale(fraction: float, low: int = low, high: int = high) -> float:
            return low + fraction * (high - low)

        count = sum(row.count for row, _ in scored)
        average = on_scale(sum(_fraction(row) * row.count for row, _ in scored) / count)
        per_session: dict[int, list[EvaluationScore]] = {}
        for row, number in scored:
            per_session.setdefault(number, []).append(row)
        sessions = [
            SessionScore(number, n := sum(r.count for r in rs), on_scale(sum(_fraction(r) * r.count for r in rs) / n))
            for number, rs in sorted(per_session.items())
        ]
        before = [(row, rid) for row, rid in earlier if _key(row.element) == key]
        earlier_count = sum(row.count for row, _ in before)
        out.append(ElementAverage(
            element=latest.element, scale_min=low, scale_max=high, count=count, average=average, sessions=sessions,
            earlier_count=earlier_count,
            earlier_average=(on_scale(sum(_fraction(row) * row.count for row, _ in before) / earlier_count)
                             if earlier_count else None),
            earlier_rounds=len({rid for _, rid in before}),
        ))
    return out


# --------------------------------------------------------------------------------------------------
# Group rules: once per round


@dataclass(frozen=True)
class GroupRules:
    rules: list[str]
    item_id: int  # the agenda item they were agreed in
    session_number: int


def _rules_row(db, round_id: int) -> tuple[ExerciseResult, int] | None:  # noqa: ANN001
    found = db.exec(
        select(ExerciseResult, CourseSession.number)
        .join(AgendaItem, col(AgendaItem.id) == col(ExerciseResult.item_id))
        .join(CourseSession, col(CourseSession.id) == col(AgendaItem.session_id))
        .where(CourseSession.round_id == round_id, ExerciseResult.kind == "group_rules",
               col(ExerciseResult.participant_id).is_(None))
        .order_by(col(ExerciseResult.id))
    ).first()
    return (found[0], found[1]) if found else None


def group_rules_of(store: Store, round_id: int) -> GroupRules | None:
    with store.read() as db:
        found = _rules_row(db, round_id)
    if found is None:
        return None
    row, number = found
    return GroupRules(list(row.data.get("rules", [])), row.item_id, number)


def group_rules_for_round(store: Store, round_id: int) -> list[str]:
    """The round's agreed group rules (empty until they are written down)."""
    found = group_rules_of(store, round_id)
    return found.rules if found else []


def save_group_rules(store: Store, round_id: int, item_id: int, rules: Sequence[str]) -> None:
    """Write the round's rules. They are kept once per round: a later session that edits them
    updates the same record rather than starting a second list."""
    clean = [" ".join(rule.split()) for rule in rules if rule.strip()]
    with store.session() as db:
        found = _rules_row(db, round_id)
        if found is None:
            row = ExerciseResult(item_id=item_id, participant_id=None, kind="group_rules")
            db.add(row)
        else:
            row = found[0]
        row.data = {"rules": clean}
        row.updated_at = store.now()
