"""Images attached to posts: checked, re-encoded without metadata, stored under a random name.

Re-encoding keeps only the pixels: EXIF (camera, GPS position, the owner's
name some phones write), XMP and comments are gone, and so is the original
file name, which often carries a person's name. What readers download
cannot point back at an anonymous author.
"""

import io
import secrets

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from huddle.accounts.models import User
from huddle.forum.models import Attachment
from huddle.lib.errors import HuddleError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 6000
#: Pillow format → what we store and serve.
FORMATS = {
    "PNG": ("image/png", "png"),
    "JPEG": ("image/jpeg", "jpg"),
    "GIF": ("image/gif", "gif"),
    "WEBP": ("image/webp", "webp"),
}


def _opened(upload: UploadedFile) -> Image.Image:
    if upload.size is None or upload.size > MAX_BYTES:
        raise HuddleError(_("The image is larger than 5 MB."), field="image")
    try:
        image = Image.open(upload)
        image.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise HuddleError(
            _("The file is not an image Huddle can show (PNG, JPEG, GIF or WebP)."), field="image"
        ) from exc
    if image.format not in FORMATS:
        raise HuddleError(_("The file is not an image Huddle can show (PNG, JPEG, GIF or WebP)."), field="image")
    if max(image.size) > MAX_SIDE:
        raise HuddleError(_("The image is more than 6,000 pixels wide or high."), field="image")
    return image


def _pixels_only(image: Image.Image, fmt: str) -> bytes:
    """The image re-encoded from its pixels alone: no EXIF, XMP, ICC comments or text chunks."""
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    palette = image.getpalette() if image.mode == "P" else None
    if palette is not None:
        clean.putpalette(palette)
    out = io.BytesIO()
    clean.save(out, format=fmt)
    return out.getvalue()


def attachment_store(*, user: User, upload: UploadedFile) -> Attachment:
    """Check and store one uploaded image; the name it gets says nothing about who sent it."""
    image = _opened(upload)
    fmt = image.format or ""
    content_type, extension = FORMATS[fmt]
    if fmt == "GIF":
        image.seek(0)
    data = _pixels_only(image, fmt)
    key = secrets.token_hex(16)
    attachment = Attachment(
        key=key, uploaded_by=user, content_type=content_type, size=len(data), width=image.width, height=image.height
    )
    attachment.image.save(f"{key}.{extension}", ContentFile(data), save=False)
    attachment.save()
    return attachment
