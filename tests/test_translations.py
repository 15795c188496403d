"""The Spanish catalogue: complete, valid, in step with the code, and used.

``locale/es/LC_MESSAGES/django.po`` is committed; its compiled ``.mo`` is
not (``make`` builds it). These tests fail when

- an entry is untranslated or fuzzy,
- ``msgfmt --check`` refuses the file, or a translation drops the HTML tags
  of its English text (the crisis page's ``tel:`` links live in them),
- the code has a string that the catalogue lacks, or the catalogue keeps one
  the code no longer has (the catalogue is stale), or
- a Spanish page still shows an English string of the catalogue.

After adding or changing a user-facing string, refresh the catalogue with
``MAKEMESSAGES`` below, translate the new entries (no fuzzy ones), and check
it with ``msgfmt --check``. GNU gettext must be installed (Debian: gettext).
"""

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.mentoring.pair_fixtures import add_goal, add_meeting, standard_pair

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"

#: The command that refreshes the catalogue, run from the repository root.
MAKEMESSAGES = [
    "manage.py",
    "makemessages",
    "--locale=es",
    "--domain=django",
    "--no-obsolete",
    "--ignore=node_modules",
    "--ignore=staticfiles",
    "--ignore=tests",
    "--ignore=bench",
    "--ignore=var",
    "--ignore=media",
]
FIX = (
    "Refresh the catalogue with `HUDDLE_TESTING=true .venv/bin/python "
    + " ".join(MAKEMESSAGES)
    + "`, translate every new entry in locale/es/LC_MESSAGES/django.po "
    "(remove any `#, fuzzy`), and check it with `msgfmt --check`."
)


@dataclass
class Entry:
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    places: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def __str__(self) -> str:
        context = f" (context {self.msgctxt!r})" if self.msgctxt else ""
        return f"{self.msgid!r}{context}"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    body = text.strip()
    assert body.startswith('"') and body.endswith('"'), body
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), body[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """The live entries of a .po file, header first; obsolete (``#~``) ones are left out."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None  # which field a continuation line extends
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is None or entry.msgstr:  # a comment opens the next entry
                entry, target = Entry(line=number), None
                entries.append(entry)
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#:"):
                entry.places += line[2:].split()
            continue
        keyword, _space, rest = line.partition(" ")
        if line.startswith('"'):
            assert entry is not None and target is not None, f"{path}:{number}: stray string"
            name, index = target
            if name == "msgstr":
                entry.msgstr[index] += _unquote(line)
            else:
                setattr(entry, name, (getattr(entry, name) or "") + _unquote(line))
            continue
        if keyword in ("msgctxt", "msgid") and (entry is None or entry.msgstr):
            entry = Entry(line=number)
            entries.append(entry)
        assert entry is not None, f"{path}:{number}: {line}"
        if keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            entry.msgstr[index] = _unquote(rest)
            target = ("msgstr", index)
        else:
            assert keyword in ("msgctxt", "msgid", "msgid_plural"), f"{path}:{number}: {line}"
            setattr(entry, keyword, _unquote(rest))
            target = (keyword, 0)
    return entries


def _messages(path: Path) -> list[Entry]:
    return [e for e in parse_po(path) if e.msgid or e.msgctxt]


def _listing(entries: list[Entry], *, with_places: bool = False) -> str:
    lines = []
    for e in entries:
        where = f" ({', '.join(e.places[:3])})" if with_places and e.places else f" (django.po line {e.line})"
        lines.append(f"  {e}{where}")
    return "\n".join(sorted(lines))


def _header(path: Path) -> Entry:
    first = parse_po(path)[0]
    assert first.msgid == "" and first.msgctxt is None, "the catalogue must start with its header"
    return first


def _need(program: str) -> str:
    found = shutil.which(program)
    assert found, f"GNU gettext's {program} is needed to check the translations (Debian: apt-get install gettext)"
    return found


# Complete --------------------------------------------------------------------


def test_every_message_is_translated_and_none_is_fuzzy():
    header = _header(CATALOGUE)
    assert "fuzzy" not in header.flags, "The catalogue's header is fuzzy, so msgfmt would drop its plural forms."
    assert "Language: es\n" in header.msgstr[0]
    assert "nplurals=3" in header.msgstr[0], "Spanish plural forms as in Django's own catalogue"
    fuzzy = [e for e in _messages(CATALOGUE) if "fuzzy" in e.flags]
    untranslated = [
        e
        for e in _messages(CATALOGUE)
        if not e.msgstr or not all(e.msgstr.values()) or (e.msgid_plural is not None and sorted(e.msgstr) != [0, 1, 2])
    ]
    assert not fuzzy, f"Fuzzy entries ({len(fuzzy)}):\n{_listing(fuzzy)}\n{FIX}"
    assert not untranslated, f"Untranslated entries ({len(untranslated)}):\n{_listing(untranslated)}\n{FIX}"


# Valid -----------------------------------------------------------------------


def test_msgfmt_accepts_the_catalogue(tmp_path):
    result = subprocess.run(
        [_need("msgfmt"), "--check", "-o", str(tmp_path / "django.mo"), str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"msgfmt --check refused the catalogue:\n{result.stderr}"


_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def test_translations_keep_the_html_of_their_english_text():
    def tags(text: str) -> list[str]:
        return sorted(_TAG.findall(text))

    broken = []
    for entry in _messages(CATALOGUE):
        english = [tags(entry.msgid)] + ([tags(entry.msgid_plural)] if entry.msgid_plural else [])
        broken += [f"  {entry}: {text!r}" for text in entry.msgstr.values() if tags(text) not in english]
    assert not broken, "These translations change the HTML of their English text:\n" + "\n".join(broken)


# In step with the code -------------------------------------------------------


def _fresh_catalogue(workdir: Path) -> Path:
    """Run makemessages on a copy of the code, so the working tree is never touched."""
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "locale")
    shutil.copytree(ROOT / "huddle", workdir / "huddle", ignore=skip)
    shutil.copytree(ROOT / "templates", workdir / "templates", ignore=skip)
    shutil.copy2(ROOT / "manage.py", workdir / "manage.py")
    (workdir / "locale").mkdir()
    env = {
        **os.environ,
        "HUDDLE_TESTING": "true",
        "DJANGO_SETTINGS_MODULE": "huddle.settings",
        "PYTHONPATH": str(workdir),
    }
    result = subprocess.run(
        [sys.executable, *MAKEMESSAGES],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    return workdir / "locale" / "es" / "LC_MESSAGES" / "django.po"


def test_the_catalogue_has_every_string_of_the_code_and_no_other(tmp_path):
    _need("xgettext")
    fresh = {e.key: e for e in _messages(_fresh_catalogue(tmp_path))}
    committed = {e.key: e for e in _messages(CATALOGUE)}
    missing = [fresh[k] for k in fresh.keys() - committed.keys()]
    extra = [committed[k] for k in committed.keys() - fresh.keys()]
    assert not missing, (
        f"Strings of the code missing from the catalogue ({len(missing)}):\n"
        f"{_listing(missing, with_places=True)}\n{FIX}"
    )
    assert not extra, f"Catalogue entries no longer in the code ({len(extra)}):\n{_listing(extra)}\n{FIX}"


# Used ------------------------------------------------------------------------


def _visible_text(html: str) -> str:
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>|<!--.*?-->", " ", html)
    attributes = " ".join(re.findall(r'\s(?:aria-label|alt|title|placeholder|data-text-[\w-]+)="([^"]*)"', html))
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html) + " " + attributes).split())


def _english_phrases() -> list[str]:
    """Literal runs of three or more words from the catalogue's English, where the Spanish differs."""
    phrases = set()
    for entry in _messages(CATALOGUE):
        for english in filter(None, (entry.msgid, entry.msgid_plural)):
            if english in entry.msgstr.values():
                continue
            text = unescape(_TAG.sub(" ", english))
            for run in re.split(r"%\(\w+\)[sd]|\{\w+\}|[“”\"]", text):
                run = " ".join(run.split()).strip(" .,:;·—()")
                if len(run.split()) >= 3:
                    phrases.add(run)
    return sorted(phrases, key=len, reverse=True)


@pytest.fixture
def spanish(tmp_path):
    """The committed catalogue compiled into a scratch locale folder, which Django then reads."""
    target = tmp_path / "locale" / "es" / "LC_MESSAGES"
    target.mkdir(parents=True)
    subprocess.run([_need("msgfmt"), "-o", str(target / "django.mo"), str(CATALOGUE)], check=True)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        yield


def test_pages_in_spanish_show_no_english_from_the_catalogue(spanish, people, client_for):
    pair = standard_pair(people)
    add_meeting(pair, by=people.ms1)
    add_goal(pair, milestones=2, done=1)
    pages = [
        ("anonymous", reverse("wellbeing:crisis"), "Línea 988 de Prevención del Suicidio y Crisis"),
        ("anonymous", reverse("account_login"), "Inicia sesión en Huddle"),
        ("ms1", reverse("home"), "Apoyo en tu escuela"),
        ("ms1", reverse("mentoring:home"), "Tus duplas de mentoría"),
        ("ms1", reverse("mentoring:pair_detail", args=[pair.pk]), "Registro de reuniones"),
        ("coordinator", reverse("mentoring:cycle_detail", args=[pair.cycle.pk]), "Reglas obligatorias:"),
        ("coordinator", reverse("mentoring:pair_detail", args=[pair.pk]), "Vista de coordinación"),
        ("ms1", reverse("accounts:profile_edit"), "Sobre ti"),
        ("ms1", reverse("notifications:list"), "¿Cómo quieres que Huddle te escriba por correo?"),
        ("ms1", reverse("calendar"), "Tu dirección secreta de calendario"),
    ]
    phrases = _english_phrases()
    leftovers = []
    for role, path, spanish_text in pages:
        response = client_for(role).get(path, HTTP_ACCEPT_LANGUAGE="es")
        assert response.status_code == 200, path
        html = response.content.decode()
        assert '<html lang="es">' in html, path
        text = _visible_text(html)
        assert spanish_text in text, f"{path}: {spanish_text!r} not shown"
        leftovers += [f"{path}: {phrase!r}" for phrase in phrases if phrase in text]
    assert not leftovers, "English left on Spanish pages:\n" + "\n".join(leftovers)
