"""Small helpers shared by the roster import tests."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from huddle.accounts.models import RosterImport, User
from huddle.accounts.roster import roster_preview_create

FILES = Path(__file__).parent / "roster_files"
HEADER = "email,first_name,last_name,role,class_year,languages\n"


def upload(content: str | bytes, name: str = "roster.csv") -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


def fixture_file(name: str) -> SimpleUploadedFile:
    return upload((FILES / name).read_bytes(), name)


def preview(content: str | bytes, by: User | None) -> RosterImport:
    return roster_preview_create(file=upload(content), by=by)


def messages_of(roster: RosterImport, row: int) -> list[str]:
    found = next(r for r in roster.rows if r["row"] == row)
    return [*found["errors"], *found["warnings"]]


def big_roster(count: int, *, start: int = 0) -> str:
    """``count`` valid students, all with a class year and a language."""
    lines = [
        f"student{i}@school.test,First{i},Last{i},student,MS{1 + i % 4},{'es' if i % 2 else 'French'}"
        for i in range(start, start + count)
    ]
    return HEADER + "\n".join(lines) + "\n"
