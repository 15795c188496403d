"""Uploaded images lose their metadata and names; post text is rendered safe."""

import io
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from huddle.forum.attachments.services import attachment_store
from huddle.forum.markdown import render_post
from huddle.lib.errors import HuddleError

pytestmark = pytest.mark.django_db

SECRET = "Zebulon Quartermaine"


def _jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = SECRET  # Artist
    exif[0x010E] = SECRET  # ImageDescription
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(out, "JPEG", exif=exif.tobytes(), comment=SECRET.encode())
    return out.getvalue()


def test_an_uploaded_image_keeps_its_pixels_but_not_its_metadata_or_name(people):
    upload = SimpleUploadedFile(f"{SECRET}.jpg", _jpeg_with_exif(), "image/jpeg")
    assert SECRET.encode() in upload.read()
    upload.seek(0)
    attachment = attachment_store(user=people.ms1, upload=upload)
    stored = attachment.image.read()
    assert SECRET.encode() not in stored
    assert "Zebulon" not in attachment.image.name and len(attachment.key) == 32
    assert Image.open(io.BytesIO(stored)).size == (8, 8)


@pytest.mark.parametrize(
    ("name", "data"),
    [("notes.txt", b"just text"), ("fake.png", b"\x89PNG\r\n\x1a\nnot really"), ("empty.png", b"")],
)
def test_anything_but_an_image_is_refused_naming_the_field(people, name, data):
    with pytest.raises(HuddleError) as refused:
        attachment_store(user=people.ms1, upload=SimpleUploadedFile(name, data, "image/png"))
    assert refused.value.field == "image"


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("<script>alert(1)</script>", "<script"),
        ("[x](javascript:alert(1))", "javascript:alert(1)"),
        ('<img src=x onerror="alert(1)">', "onerror"),
        ("![pixel](https://tracker.example/p.gif)", "tracker.example"),
        ('<a href="/x" style="color:red">x</a>', "style="),
    ],
)
def test_post_text_is_rendered_without_scripts_handlers_or_outside_images(text, absent):
    """Raw HTML is shown as text (escaped), never as a tag with its attributes."""
    tags = _Tags()
    tags.feed(render_post(text))
    assert absent.strip("<=") not in {*tags.names, *tags.attributes, *tags.values}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.attributes: set[str] = set()
        self.values: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.add(tag)
        for name, value in attrs:
            self.attributes.add(name)
            self.values.update(part for part in (value or "").replace("/", " ").split() if part)


def test_markdown_keeps_code_tables_links_and_own_images():
    html = render_post(
        "`code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[ok](https://nih.gov) ![i](/forum/attachments/ab/)"
    )
    for kept in ("<code>code</code>", "<table>", 'href="https://nih.gov"', 'src="/forum/attachments/ab/"'):
        assert kept in html
