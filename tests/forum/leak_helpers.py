"""Finding an anonymous author's identity in whatever a reader receives.

The leak suite (``test_leaks.py``) fetches every page, fragment, API
payload, download, notification and e-mail a reader can get and hands the
result to :func:`leaks_in`, which says what in it points at the author:

- their first, last and display name, e-mail address (or its local part),
  or the name of a file they uploaded, anywhere in the text (case-insensitive);
- a link to their profile or photo (``/people/<id>/``), in text or attribute;
- their user id in an HTML attribute or a JSON key that names a person
  (``data-user-id``, ``author_id``, ``user``…) — only there, since a bare
  number collides with every other id on the page;
- metadata left in an image they uploaded (EXIF, comments, XMP).

Each finding is a short sentence naming the channel, so a failing test says
what leaked and where.
"""

import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from html.parser import HTMLParser
from typing import Any

from PIL import Image

# Artist, ImageDescription, Copyright, XPAuthor (UTF-16), and the camera owner's name.
EXIF_ARTIST, EXIF_DESCRIPTION, EXIF_COPYRIGHT, EXIF_XP_AUTHOR = 0x013B, 0x010E, 0x8298, 0x9C9D
EXIF_IFD, EXIF_OWNER_NAME = 0x8769, 0xA430


#: Words that make a key written in text ("user: 7") about a person. Not "uid": a calendar's UID names an event.
PERSON_WORDS = (
    r"(?:user|author|owner|person|poster|uploader|uploaded_by|created_by|edited_by|flagged_by|requested_by|"
    r"revealed_by|endorsed_by|member)"
)


@dataclass(frozen=True)
class Identity:
    """What must never reach a reader about one anonymous author."""

    user_id: int
    words: tuple[str, ...]
    profile_paths: tuple[str, ...]

    def text_leaks(self, text: str) -> list[str]:
        folded = text.casefold()
        found = [f"the author's {word!r}" for word in self.words if word.casefold() in folded]
        found += [f"a link to the author's profile {path!r}" for path in self.profile_paths if path in text]
        # "user: 7", "author_id=7", '"uploaded_by": "7"': a person's id written out as a key and value.
        keyed = re.compile(
            rf"\b{PERSON_WORDS}(?:[_ -]?id|_pk)?\W{{0,3}}[:=]\W{{0,3}}{self.user_id}(?![\w.])", re.IGNORECASE
        )
        found += [f"the author's id in {m.group(0)!r}" for m in keyed.finditer(text)]
        return found


@dataclass
class Received:
    """One thing a reader got through one channel: a response body, a row, an e-mail."""

    label: str
    text: str = ""
    html: str = ""
    data: Any = None
    raw: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


def leaks_in(items: Iterable[Received], identity: Identity) -> list[str]:
    """Every trace of ``identity`` in ``items``, as sentences naming the item."""
    found: list[str] = []
    for item in items:
        texts = [item.text, item.html, *(f"{k}: {v}" for k, v in item.headers.items())]
        if item.data is not None:
            texts.append(json.dumps(item.data, ensure_ascii=False))
        for text in texts:
            found += [f"{item.label}: {leak}" for leak in identity.text_leaks(text)]
        if item.html:
            found += [f"{item.label}: {leak}" for leak in attribute_leaks(item.html, identity)]
        if item.data is not None:
            found += [f"{item.label}: {leak}" for leak in json_leaks(item.data, identity)]
        if item.raw:
            found += [f"{item.label}: {leak}" for leak in bytes_leaks(item.raw, identity)]
    return sorted(set(found))


# HTML attributes -------------------------------------------------------------

#: An attribute whose name says it is about a person: its value must not hold the author's id.
PERSON_ATTRIBUTE = re.compile(r"user|author|owner|person|poster|uploader|member|profile|uid", re.IGNORECASE)


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.pairs.extend((tag, name, value or "") for name, value in attrs)

    handle_startendtag = handle_starttag


def html_attributes(html: str) -> list[tuple[str, str, str]]:
    """(tag, attribute, value) of every attribute in ``html``."""
    parser = _Attributes()
    parser.feed(html)
    parser.close()
    return parser.pairs


def attribute_leaks(html: str, identity: Identity) -> list[str]:
    own_id = re.compile(rf"(?<![\d.]){identity.user_id}(?![\d.])")
    tagged_id = re.compile(
        rf"(user|author|owner|person|poster|uploader|member|profile)[-_:/]?{identity.user_id}(?![0-9A-Za-z])",
        re.IGNORECASE,
    )
    found = []
    for tag, name, value in html_attributes(html):
        if PERSON_ATTRIBUTE.search(name) and own_id.search(value):
            found.append(f"<{tag} {name}={value!r}> holds the author's id")
        elif tagged_id.search(value):
            found.append(f"<{tag} {name}={value!r}> names the author's id")
        found += [f"<{tag} {name}=…>: {leak}" for leak in identity.text_leaks(value)]
    return found


# JSON ---------------------------------------------------------------------------

#: A key that holds a person: ``user``, ``user_id``, ``author``, ``authorId``, ``created_by``…
PERSON_KEY = re.compile(
    r"(^|_)(user|author|owner|person|poster|uploader|uploaded_by|created_by|edited_by|flagged_by|"
    r"requested_by|revealed_by|endorsed_by|member|uid)(_?id|_pk)?$",
    re.IGNORECASE,
)


def _walk(data: Any, path: str = "$") -> Iterator[tuple[str, str, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield path, str(key), value
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _walk(value, f"{path}[{i}]")


def _holds_id(value: Any, user_id: int) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value == user_id
    if isinstance(value, str):
        return value.strip() == str(user_id)
    if isinstance(value, dict):
        return any(_holds_id(value.get(k), user_id) for k in ("id", "pk", "user_id"))
    return False


def json_leaks(data: Any, identity: Identity) -> list[str]:
    snake = re.compile(r"(?<=[a-z])(?=[A-Z])")
    return [
        f"{path}.{key} = {value!r} is the author's id"
        for path, key, value in _walk(data)
        if PERSON_KEY.search(snake.sub("_", key)) and _holds_id(value, identity.user_id)
    ]


# Files and images ---------------------------------------------------------------


def image_metadata(raw: bytes) -> dict[str, Any]:
    """What an image file says besides its pixels: EXIF tags, comments, XMP, text chunks."""
    with Image.open(io.BytesIO(raw)) as image:
        meta: dict[str, Any] = {f"exif:{tag:#06x}": value for tag, value in image.getexif().items()}
        for key in ("exif", "comment", "xmp", "XML:com.adobe.xmp", "icc_profile", "photoshop", "Author", "Comment"):
            if image.info.get(key):
                meta[f"info:{key}"] = image.info[key]
        if hasattr(image, "text"):
            meta.update({f"text:{k}": v for k, v in image.text.items()})  # type: ignore[attr-defined]
    return meta


def bytes_leaks(raw: bytes, identity: Identity) -> list[str]:
    found = []
    for word in identity.words:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            needle = word.encode(encoding)
            if needle.lower() in raw.lower() or needle in raw:
                found.append(f"the file's bytes hold the author's {word!r} ({encoding})")
                break
    try:
        meta = image_metadata(raw)
    except OSError:
        return found
    if meta:
        found.append(f"the image still carries metadata: {sorted(meta)}")
    return found


def jpeg_with_metadata(name: str, *, size: tuple[int, int] = (48, 32)) -> bytes:
    """A small JPEG whose EXIF, owner name and comment all say ``name`` (what a phone might write)."""
    image = Image.new("RGB", size, (180, 40, 60))
    exif = Image.Exif()
    exif[EXIF_ARTIST] = name
    exif[EXIF_DESCRIPTION] = f"Photo by {name}"
    exif[EXIF_COPYRIGHT] = f"(c) {name}"
    exif[EXIF_XP_AUTHOR] = name.encode("utf-16-le") + b"\0\0"
    exif.get_ifd(EXIF_IFD)[EXIF_OWNER_NAME] = name
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=f"Taken by {name}".encode())
    return out.getvalue()


# E-mail ---------------------------------------------------------------------------


def email_text(message: EmailMessage) -> str:
    """Every header and decoded text part of a parsed e-mail (no quoted-printable line breaks to hide in)."""
    parts = [f"{name}: {value}" for name, value in message.items()]
    for part in message.walk():
        if part.is_multipart():
            continue
        content = part.get_content()
        parts.append(content if isinstance(content, str) else content.decode("utf-8", "replace"))
    return "\n".join(parts)
