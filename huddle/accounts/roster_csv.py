"""Reading a roster CSV into checked rows, before anything touches the database.

Coordinators export rosters from registrar systems and spreadsheets, so the
reader is forgiving about form (BOM, header spelling, delimiter, "MS3" or "3")
and strict about meaning: every problem names its row and field, and a file
that cannot be read at all says why and how to fix it.

Row numbers count the header as row 1, as a spreadsheet shows them.
"""

import csv
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huddle.accounts.models import ClassYear, Role
from huddle.lib.errors import HuddleError

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_NAME_LENGTH = 150
EXPECTED_HEADER = "email,first_name,last_name,role,class_year,languages"
REQUIRED_COLUMNS = ("email", "first_name", "last_name", "role")

FIELD_LABELS = {
    "email": gettext_lazy("e-mail"),
    "first_name": gettext_lazy("first name"),
    "last_name": gettext_lazy("last name"),
    "name": gettext_lazy("name"),
    "role": gettext_lazy("role"),
    "class_year": gettext_lazy("class year"),
    "languages": gettext_lazy("languages"),
}


def _key(text: str) -> str:
    """Header and keyword matching ignores case, spaces and punctuation."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


_COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "email": ("email", "emailaddress", "mail", "schoolemail", "institutionalemail", "universityemail"),
    "first_name": ("firstname", "first", "givenname", "forename", "preferredfirstname"),
    "last_name": ("lastname", "last", "surname", "familyname"),
    "role": ("role", "roles", "huddlerole", "huddleroles"),
    "class_year": ("classyear", "year", "class", "msyear", "classof", "graduationyear", "gradyear"),
    "languages": ("languages", "language", "languagesspoken", "spokenlanguages"),
}
_COLUMN_BY_KEY = {alias: column for column, aliases in _COLUMN_ALIASES.items() for alias in aliases}

_ROLE_ALIASES: dict[str, str] = {
    "student": Role.STUDENT,
    "students": Role.STUDENT,
    "medicalstudent": Role.STUDENT,
    "faculty": Role.FACULTY,
    "facultymember": Role.FACULTY,
    "coordinator": Role.COORDINATOR,
    "coordinators": Role.COORDINATOR,
    "programcoordinator": Role.COORDINATOR,
    "wellbeing": Role.WELLBEING,
    "wellbeingstaff": Role.WELLBEING,
    "wellness": Role.WELLBEING,
    "wellnessstaff": Role.WELLBEING,
}
_CLASS_YEAR = re.compile(r"^(?:MS|M)?([1-4])$")
_GRADUATION_YEAR = re.compile(r"^(?:CLASSOF)?((?:19|20)\d\d)$")
_LIST_SEPARATORS = re.compile(r"[;,|/]")


@dataclass
class ParsedRow:
    row: int
    raw: dict[str, str]
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    roles: list[str] = field(default_factory=list)
    class_year: int | None = None
    graduation_year: int | None = None
    languages: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def problem(self, column: str, text: str) -> str:
        return _("Row %(row)d, %(field)s: %(problem)s") % {
            "row": self.row,
            "field": FIELD_LABELS[column],
            "problem": text,
        }

    def error(self, column: str, text: str) -> None:
        self.errors.append(self.problem(column, text))

    def warn(self, column: str, text: str) -> None:
        self.warnings.append(self.problem(column, text))


@dataclass
class ParsedRoster:
    columns: list[str]
    rows: list[ParsedRow]
    warnings: list[str] = field(default_factory=list)


def final_year(today: date) -> int:
    """The graduation year of this academic year's MS4 class (years start in July)."""
    return today.year + 1 if today.month >= 7 else today.year


def decode(data: bytes) -> str:
    """The file's text, or a HuddleError saying why it is not a UTF-8 CSV."""
    if not data.strip():
        raise HuddleError(_("The file is empty."), field="file")
    if len(data) > MAX_BYTES:
        raise HuddleError(
            _("The file is %(size).1f MB; the limit is 2 MB (about 5,000 people). Split it into smaller files.")
            % {"size": len(data) / 1024 / 1024},
            field="file",
        )
    if data.startswith(b"PK\x03\x04"):
        raise HuddleError(
            _(
                "This is an Excel workbook, not a CSV file. In Excel choose File → Save As → "
                "“CSV UTF-8 (Comma delimited)” and upload that file."
            ),
            field="file",
        )
    if b"\x00" in data[:8192]:
        raise HuddleError(
            _("This is not a text CSV file. Save the roster as “CSV UTF-8” and upload that file."), field="file"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise HuddleError(
            _(
                "The file is not UTF-8 text (the first unreadable character is on row %(row)d). "
                "In Excel choose “CSV UTF-8 (Comma delimited)” when saving."
            )
            % {"row": row},
            field="file",
        ) from exc


def _delimiter(first_line: str) -> str:
    # Spreadsheets in some locales write ";" or tabs; pick what the header uses.
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _map_header(header: list[str]) -> tuple[dict[int, str], list[str]]:
    """Column index → canonical name, and warnings for columns left unused."""
    mapping: dict[int, str] = {}
    first_seen: dict[str, str] = {}
    warnings: list[str] = []
    for index, title in enumerate(header):
        column = _COLUMN_BY_KEY.get(_key(title))
        if column is None:
            if title.strip():
                warnings.append(_("The column “%(title)s” is not used and was ignored.") % {"title": title.strip()})
            continue
        if column in first_seen:
            raise HuddleError(
                _("Two columns mean the same thing: “%(a)s” and “%(b)s” (both are read as %(column)s). Remove one.")
                % {"a": first_seen[column], "b": title.strip(), "column": FIELD_LABELS[column]},
                field="file",
            )
        first_seen[column] = title.strip()
        mapping[index] = column
    missing = [column for column in REQUIRED_COLUMNS if column not in first_seen]
    if missing:
        raise HuddleError(
            _(
                "The file has no column for: %(missing)s. The first row must name the columns, for example "
                "“%(expected)s”; this file's first row reads “%(found)s”."
            )
            % {
                "missing": ", ".join(str(FIELD_LABELS[c]) for c in missing),
                "expected": EXPECTED_HEADER,
                "found": ",".join(header)[:200],
            },
            field="file",
        )
    return mapping, warnings


def _split(value: str) -> list[str]:
    return [part.strip() for part in _LIST_SEPARATORS.split(value) if part.strip()]


def _check_characters(row: ParsedRow) -> None:
    """No cell may hold control characters (a NUL byte, an escape): names and
    addresses are printed on pages and in e-mails. The file check only looks at
    the first 8 kB, to recognise binary files; this one covers every row."""
    for column, value in list(row.raw.items()):
        if any(unicodedata.category(char) == "Cc" for char in value):
            row.error(column, _("this value holds a control character (such as a NUL byte); retype it."))
            # Shown in the preview as a visible mark where the character was.
            row.raw[column] = "".join("\ufffd" if unicodedata.category(c) == "Cc" else c for c in value)


def _check_email(row: ParsedRow) -> None:
    value = row.raw.get("email", "")
    if not value:
        row.error("email", _("this value is missing."))
        return
    try:
        validate_email(value)
    except ValidationError:
        row.error("email", _("“%(value)s” is not a valid e-mail address.") % {"value": value})
        return
    row.email = value.lower()


def _check_names(row: ParsedRow) -> None:
    for column in ("first_name", "last_name"):
        value = " ".join(row.raw.get(column, "").split())
        if not value:
            row.error(column, _("this value is missing."))
        elif len(value) > MAX_NAME_LENGTH:
            row.error(column, _("this value is longer than %(max)d characters.") % {"max": MAX_NAME_LENGTH})
        else:
            setattr(row, column, value)


def _check_roles(row: ParsedRow, role_keys: Mapping[str, str]) -> None:
    value = row.raw.get("role", "")
    parts = _split(value)
    if not parts:
        row.error("role", _("this value is missing."))
        return
    for part in parts:
        role = role_keys.get(_key(part))
        if role is None:
            row.error(
                "role",
                _(
                    "“%(value)s” is not a role Huddle knows. Use student, faculty, coordinator or wellbeing "
                    "(several separated by “;”)."
                )
                % {"value": part},
            )
        elif role not in row.roles:
            row.roles.append(role)


def _check_class_year(row: ParsedRow, today: date) -> None:
    value = row.raw.get("class_year", "")
    is_student = Role.STUDENT in row.roles
    if not value:
        if is_student:
            row.error("class_year", _("students need a class year (MS1 to MS4, or a graduation year such as 2028)."))
        return
    if not is_student:
        if row.roles:
            row.warn("class_year", _("“%(value)s” is ignored: only students have a class year.") % {"value": value})
        return
    compact = _key(value).upper()
    if match := _CLASS_YEAR.match(compact):
        row.class_year = int(match.group(1))
        return
    if match := _GRADUATION_YEAR.match(compact):
        row.graduation_year = int(match.group(1))
        class_year = 4 - (row.graduation_year - final_year(today))
        if ClassYear.MS1 <= class_year <= ClassYear.MS4:
            row.class_year = class_year
        else:
            row.warn(
                "class_year",
                _("graduation year %(year)d is outside MS1 to MS4 this academic year; the class year is left empty.")
                % {"year": row.graduation_year},
            )
        return
    row.error(
        "class_year",
        _("“%(value)s” is not a class year. Use MS1 to MS4, 1 to 4, or a graduation year such as 2028.")
        % {"value": value},
    )


def _check_languages(row: ParsedRow, languages: Mapping[str, str]) -> None:
    for part in _split(row.raw.get("languages", "")):
        code = languages.get(part.lower())
        if code is None:
            row.error(
                "languages",
                _("“%(value)s” is not a language Huddle knows. Use its name (Spanish) or code (es).") % {"value": part},
            )
        elif code not in row.languages:
            row.languages.append(code)


def _role_keys() -> dict[str, str]:
    keys = dict(_ROLE_ALIASES)
    # The roles' display names (also translated) are accepted as written on screen.
    for value, label in Role.choices:
        keys.setdefault(_key(str(label)), value)
        keys.setdefault(_key(value), value)
    return keys


def _mark_duplicates(rows: list[ParsedRow]) -> None:
    seen: dict[str, list[ParsedRow]] = defaultdict(list)
    for row in rows:
        if row.email:
            seen[row.email].append(row)
    for email, group in seen.items():
        if len(group) < 2:
            continue
        for row in group:
            others = ", ".join(str(other.row) for other in group if other is not row)
            row.error(
                "email",
                _("%(email)s is also on row %(rows)s; each person may appear only once.")
                % {"email": email, "rows": others},
            )


def parse(data: bytes, *, languages: Mapping[str, str], today: date) -> ParsedRoster:
    """Check a whole file. ``languages`` maps lower-case codes and names to codes.

    File-level problems (unreadable, missing column, too many rows) raise
    HuddleError; row problems are collected on each row.
    """
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        records = list(reader)
    except csv.Error as exc:
        raise HuddleError(
            _("Row %(row)d could not be read as CSV (%(error)s).") % {"row": reader.line_num, "error": exc},
            field="file",
        ) from exc
    header = records[0] if records else []
    mapping, warnings = _map_header(header)
    role_keys = _role_keys()
    rows: list[ParsedRow] = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        raw = {column: record[index].strip() if index < len(record) else "" for index, column in mapping.items()}
        rows.append(ParsedRow(row=number, raw=raw))
        if len(rows) > MAX_ROWS:
            raise HuddleError(
                _("The file lists more than %(max)d people. Split it into smaller files.") % {"max": MAX_ROWS},
                field="file",
            )
    if not rows:
        raise HuddleError(_("The file has a header row but no people."), field="file")
    for row in rows:
        _check_characters(row)
        _check_email(row)
        _check_names(row)
        _check_roles(row, role_keys)
        _check_class_year(row, today)
        _check_languages(row, languages)
    _mark_duplicates(rows)
    return ParsedRoster(columns=sorted(set(mapping.values())), rows=rows, warnings=warnings)
