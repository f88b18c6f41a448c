"""`kursrom print`: one file a material, its path printed; one sentence for a mistake."""

from __future__ import annotations

import pytest

from kursrom.cli import main


def run(capsys, *argv: str) -> tuple[int, list[str], str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.strip()


def test_print_writes_each_material_and_says_where(capsys, store, catalog, paper, db_path, tmp_path):
    out = tmp_path / "papir"
    olena = paper.people["Олена Коваленко"]
    for argv in (["sign-in", "--session", str(paper.sessions[1])], ["sot", "--participant", str(olena)],
                 ["rules"], ["certificates"], ["invitations"]):
        code, lines, err = run(capsys, "--db", str(db_path), "print", *argv, "--round", str(paper.round_id),
                               "--out", str(out))
        assert code == 0, err
        assert len(lines) == 1 and lines[0].endswith(".html")
    names = sorted(path.name for path in out.iterdir())
    assert names == sorted([
        "pro-jobb-og-karrierekurs-for-unge-oppmoteliste-okt-2.html",
        "pro-jobb-og-karrierekurs-for-unge-sot-ark-olena-kovalenko.html".replace("olena-kovalenko", _slug(
            "Олена Коваленко")),
        "pro-jobb-og-karrierekurs-for-unge-grupperegler.html", "pro-jobb-og-karrierekurs-for-unge-kursbevis.html",
        "pro-jobb-og-karrierekurs-for-unge-invitasjoner.html"])
    code, lines, err = run(capsys, "--db", str(db_path), "print", "cards", "--round", str(paper.card_round_id),
                           "--second-language", "English", "--out", str(out))
    assert code == 0 and "Typically Norwegian" in open(lines[0], encoding="utf-8").read()


def _slug(text: str) -> str:
    from kursrom.core.files import slug

    return slug(text)


@pytest.mark.parametrize(("argv", "says"), [
    (["cards"], "ingen kortsortering"),
    (["certificates", "--round", "999"], "ingen kursrunde med id 999"),
    (["cards", "--second-language", "zzz"], "«zzz» er ikke et språk"),
    (["sign-in", "--session", "999"], "Økt 999 hører ikke til kursrunde"),
    (["sot", "--participant", "999"], "ingen deltaker med id 999"),
])
def test_a_mistake_is_one_sentence_and_no_file(capsys, store, catalog, paper, db_path, tmp_path, argv, says):
    if "--round" not in argv:
        argv = [*argv, "--round", str(paper.round_id)]
    code, lines, err = run(capsys, "--db", str(db_path), "print", *argv, "--out", str(tmp_path / "papir"))
    assert code != 0 and says.casefold() in err.casefold() and len(err.splitlines()) == 1
    assert not (tmp_path / "papir").exists() or not list((tmp_path / "papir").iterdir())


def test_a_calendar_where_no_file_can_be_written_is_one_sentence(capsys, store, paper, db_path):
    code, lines, err = run(capsys, "--db", str(db_path), "calendar", "--round", str(paper.round_id),
                           "--out", "/proc/kursrom.ics")
    said = "kursrom: /proc/kursrom.ics kunne ikke skrives der; ingenting ble skrevet."
    assert code == 2 and lines == [] and err.strip() == said
