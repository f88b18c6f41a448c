"""Reading a roster from a CSV file, as spreadsheets and NAV's own systems write them.

UTF-8 with or without a byte-order mark; comma or semicolon separated (Norwegian Excel writes
semicolons); a header row naming the columns: `name` is required, `language`, `interpreter`,
`contact`, `note` and `distinction` are optional (the Norwegian `navn`, `språk`, `tolk`, `kontakt`,
`merknad`, `kjennetegn` work too). Every bad row is reported with its line number and the problem,
and a file with any problem imports nothing: `RosterFile.ok` says whether it may be imported at all.

Names are cleaned as everywhere (`names.clean_name`: NFC, no invisible characters) and compared by
`names.same_name_key`, so "Åse" typed two ways, or "Ali" with a zero-width space, is one name twice.

Plain Python: the CLI and the roster screen both use it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from kursrom.core.names import clean_name, same_name_key
from kursrom.core.languages import language_code
from kursrom.i18n import _

MAX_FILE_BYTES = 1_000_000
MAX_ROWS = 1000
NAME_MAX = 80
CONTACT_MAX = 120
NOTE_MAX = 300

#: Column names as they may appear in the header (case and surrounding spaces do not matter).
COLUMNS = {
    "name": ("name", "navn"),
    "language": ("language", "språk", "sprak"),
    "interpreter": ("interpreter", "tolk"),
    "contact": ("contact", "kontakt"),
    "note": ("note", "merknad", "notat"),
    # What tells two people of the same name apart ("Tromsø", "born 1990"), for --allow-same-name.
    "distinction": ("distinction", "kjennetegn"),
}
_COLUMN_OF = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}

_YES = frozenset({"ja", "j", "yes", "y", "true", "x", "1"})
_NO = frozenset({"", "nei", "n", "no", "false", "0", "-"})


@dataclass(frozen=True)
class RosterProblem:
    line: int | None  # 1-based line in the file; None for the file as a whole
    message: str
    same_name: bool = False  # a name already on the roster: two people may share it (--allow-same-name)

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("line {line}: {message}").format(line=self.line, message=self.message)


@dataclass(frozen=True)
class RosterRow:
    line: int
    name: str
    language: str = ""
    interpreter_language: str | None = None
    contact: str = ""
    note: str = ""
    distinction: str = ""


@dataclass
class RosterFile:
    rows: list[RosterRow] = field(default_factory=list)
    problems: list[RosterProblem] = field(default_factory=list)
    delimiter: str = ","

    @property
    def ok(self) -> bool:
        """True when the file may be imported: no problems, and at least one person."""
        return not self.problems and bool(self.rows)


def read_roster(path: Path, *, allow_same_name: bool = False) -> RosterFile:
    """Read and check a roster file; a file that cannot be read is a problem, not an exception."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return RosterFile(problems=[RosterProblem(None, _(
                "The file is too large for a roster (over {size} kB).").format(size=MAX_FILE_BYTES // 1000))])
        data = path.read_bytes()
    except OSError as error:
        return RosterFile(problems=[RosterProblem(None, _("The file could not be read: {error}.").format(
            error=error.strerror or error))])
    return parse_roster(data, allow_same_name=allow_same_name)


def parse_roster(data: bytes, *, allow_same_name: bool = False) -> RosterFile:
    """Check every row of a roster file and collect every problem. With `allow_same_name` a name
    may come twice (two people who share it); the store tells them apart on import."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return RosterFile(problems=[RosterProblem(line, _(
            "this is not UTF-8 text; save the file as \"CSV UTF-8\" from the spreadsheet."))])
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return RosterFile(problems=[RosterProblem(line, _("the file holds binary data; is it really a CSV file?"))])
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    result = RosterFile(delimiter=delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = _records(reader, result)
    header = next(records, None)
    if header is None:
        result.problems.append(RosterProblem(1, _("the file is empty; the first line must name the columns, "
                                                  "at least 'name'.")))
        return result
    columns = _read_header(header[1], header[0], result)
    if columns is None:
        return result
    first_line_of: dict[str, int] = {}
    for line, fields in records:
        if not any(value.strip() for value in fields):
            continue  # a blank line, as spreadsheets leave at the end
        if len(result.rows) + len(result.problems) >= MAX_ROWS:
            result.problems.append(RosterProblem(line, _("more than {count} rows; split the file.").format(
                count=MAX_ROWS)))
            break
        row = _read_row(line, fields, columns, result)
        if row is None:
            continue
        key = same_name_key(row.name)
        if key in first_line_of and not allow_same_name:
            result.problems.append(RosterProblem(line, _(
                "the name {name} is also on line {other}; give one of them an initial or a pseudonym so "
                "attendance can tell them apart.").format(name=row.name, other=first_line_of[key]), same_name=True))
            continue
        first_line_of.setdefault(key, line)
        result.rows.append(row)
    if not result.rows and not result.problems:
        result.problems.append(RosterProblem(None, _("The file names no participants.")))
    return result


def _records(reader, result: RosterFile):  # noqa: ANN001, ANN202 - yields (first line, fields)
    while True:
        line = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            result.problems.append(RosterProblem(line, _("the line cannot be read as CSV ({error}).").format(
                error=error)))
            return
        yield line, fields


def _read_header(fields: list[str], line: int, result: RosterFile) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    ok = True
    for index, raw in enumerate(fields):
        title = raw.strip().casefold()
        column = _COLUMN_OF.get(title)
        if column is None:
            if not title:
                message = _("column {number} of the header has no name.").format(number=index + 1)
            else:
                message = _("unknown column '{column}'; the columns are name, language, interpreter, "
                            "contact, note and distinction.").format(column=raw.strip())
            result.problems.append(RosterProblem(line, message))
            ok = False
        elif column in columns:
            result.problems.append(RosterProblem(line, _("the column '{column}' appears twice.").format(
                column=raw.strip())))
            ok = False
        else:
            columns[column] = index
    if "name" not in columns:
        result.problems.append(RosterProblem(line, _(
            "the header has no 'name' column; the first line must name the columns, at least 'name'.")))
        ok = False
    return columns if ok else None


def _read_row(line: int, fields: list[str], columns: dict[str, int], result: RosterFile) -> RosterRow | None:
    problems: list[str] = []
    if len(fields) > len(columns):
        extra = fields[len(columns):]
        if any(value.strip() for value in extra):
            problems.append(_("{count} fields, but the header names {columns} columns (is there a "
                              "separator inside a name?).").format(count=len(fields), columns=len(columns)))

    def value(column: str) -> str:
        index = columns.get(column)
        if index is None or index >= len(fields):
            return ""
        return " ".join(fields[index].split())

    written = value("name")
    name = clean_name(written)
    if not written:
        problems.append(_("the name is empty; write a name or a pseudonym."))
    elif not name:
        problems.append(_("the name holds only invisible characters; write a name or a pseudonym."))
    elif len(name) > NAME_MAX:
        problems.append(_("the name is longer than {max} characters.").format(max=NAME_MAX))
    language = ""
    if raw := value("language"):
        code = language_code(raw)
        if code is None:
            problems.append(_("'{value}' is not a language; write a code such as nb, uk, ar or ti.").format(value=raw))
        else:
            language = code
    interpreter: str | None = None
    raw = value("interpreter")
    if raw.casefold() in _YES:
        if language:
            interpreter = language
        else:
            problems.append(_("an interpreter is needed, but for which language? Write the language in "
                              "'interpreter' or 'language'."))
    elif raw.casefold() not in _NO:
        interpreter = language_code(raw)
        if interpreter is None:
            problems.append(_("'{value}' in 'interpreter' is neither yes/no nor a language.").format(value=raw))
    contact, note = value("contact"), value("note")
    if len(contact) > CONTACT_MAX:
        problems.append(_("the contact is longer than {max} characters.").format(max=CONTACT_MAX))
    if len(note) > NOTE_MAX:
        problems.append(_("the note is longer than {max} characters; keep it short.").format(max=NOTE_MAX))
    if problems:
        result.problems.append(RosterProblem(line, " ".join(problems)))
        return None
    return RosterRow(line, name, language, interpreter, contact, note, clean_name(value("distinction")))
