"""Photos: checked with Pillow, stripped of metadata, served only to allowed viewers."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from huddle.accounts.models import Profile
from tests.accounts.test_profile_edit import form_data

EDIT = "/people/me/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def image_upload(
    fmt: str = "PNG", size: tuple[int, int] = (40, 30), name: str = "me.png", **save: bytes
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, format=fmt, **save)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def upload(client, file, **overrides):
    return client.post(EDIT, {**form_data(**overrides), "photo": file}, format="multipart")


def photo_url(user) -> str:
    return f"/people/{user.pk}/photo/"


def test_it_saves_a_photo_and_serves_it_to_the_owner(client_for, people, media_root):
    client = client_for("ms1")
    assert upload(client, image_upload()).status_code == 302
    profile = Profile.objects.get(user=people.ms1)
    assert profile.photo.name.startswith("photos/") and profile.photo.name.endswith(".png")
    assert "me.png" not in profile.photo.name  # the uploaded file name is not kept
    response = client.get(photo_url(people.ms1))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "private" in response["Cache-Control"]
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (40, 30)


def test_it_strips_exif_and_shrinks_large_photos(client_for, people):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make; GPS lives in the same block
    big = image_upload("JPEG", (1600, 1200), "big.jpg", exif=exif.tobytes())
    assert upload(client_for("ms1"), big).status_code == 302
    profile = Profile.objects.get(user=people.ms1)
    with Image.open(profile.photo.path) as saved:
        assert saved.format == "JPEG"
        assert max(saved.size) == 800
        assert not saved.getexif()


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("notes.png", b"this is not an image", content_type="image/png"),
         "Photo: the file must be a JPEG, PNG or WebP image."),
        (SimpleUploadedFile("anim.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", content_type="image/gif"),
         "Photo: the file must be a JPEG, PNG or WebP image."),
        (SimpleUploadedFile("huge.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024), content_type="image/png"),
         "Photo: the file must be 2 MB or smaller."),
    ],
)
def test_it_refuses_a_bad_photo_and_saves_nothing(client_for, people, media_root, file, message):
    response = upload(client_for("ms1"), file)
    assert response.status_code == 400
    assert message in response.content.decode()
    profile = Profile.objects.get(user=people.ms1)
    assert not profile.photo
    assert profile.display_name == ""  # the rest of the form was not saved either
    assert not list(Path(media_root).rglob("*.*"))


def test_it_removes_a_photo_and_its_file(client_for, people, media_root, django_capture_on_commit_callbacks):
    client = client_for("ms1")
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, image_upload())
    path = Path(Profile.objects.get(user=people.ms1).photo.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(EDIT, form_data(remove_photo="on"))
    assert response.status_code == 302
    assert not Profile.objects.get(user=people.ms1).photo
    assert not path.exists()
    assert client.get(photo_url(people.ms1)).status_code == 404


def test_it_replaces_a_photo_and_deletes_the_old_file(client_for, people, django_capture_on_commit_callbacks):
    client = client_for("ms1")
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, image_upload())
    old = Path(Profile.objects.get(user=people.ms1).photo.path)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, image_upload("WEBP", name="new.webp"))
    new = Profile.objects.get(user=people.ms1).photo
    assert new.name.endswith(".webp")
    assert not old.exists()


@pytest.mark.parametrize(
    ("visibility", "allowed"),
    [
        ("everyone", {"ms1", "ms3", "faculty", "coordinator", "wellbeing"}),
        ("staff", {"ms1", "faculty", "coordinator"}),
        ("only_me", {"ms1"}),
    ],
)
def test_it_serves_the_photo_only_to_viewers_the_owner_allows(client_for, people, visibility, allowed):
    upload(client_for("ms1"), image_upload(), visibility_photo=visibility)
    for role in ("ms1", "ms3", "faculty", "coordinator", "wellbeing"):
        response = client_for(role).get(photo_url(people.ms1))
        assert response.status_code == (200 if role in allowed else 404), role
        page = client_for(role).get(f"/people/{people.ms1.pk}/").content.decode()
        assert (photo_url(people.ms1) in page) == (role in allowed), role
    assert client_for("anonymous").get(photo_url(people.ms1)).status_code == 302


def test_it_never_links_a_photo_to_a_public_media_url(client_for, people):
    upload(client_for("ms1"), image_upload())
    for url in (EDIT, f"/people/{people.ms1.pk}/"):
        assert "/media/" not in client_for("ms1").get(url).content.decode()


def test_it_answers_404_when_there_is_no_photo(client_for, people):
    assert client_for("ms3").get(photo_url(people.ms1)).status_code == 404
    assert client_for("ms3").get("/people/999999/photo/").status_code == 404
