"""Uploaded images lose every piece of metadata before they are stored, under a name we made.

A photo from a phone can carry the GPS position of a family's home, the camera's serial number,
a thumbnail of the uncropped picture, and text chunks. The original is decoded and re-encoded
from its pixels alone, so neither the stored file nor any rendition made from it carries any.

The uploader's file name ("jo-smith-12-larch-road.jpg") is never kept either: originals,
renditions and documents are stored under `server_file_name()`, random and meaningless, so
neither a stored path, a rendition's URL nor a download's header says anything about anyone.
"""

from __future__ import annotations

import secrets
from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

# Formats we store, and what Pillow calls them.
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "MPO": "JPEG"}
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
DAMAGED_PICTURE = (
    "That picture seems to be damaged or incomplete, so we can't use it. Please try another copy."
)
# Extensions a stored name may keep (lower case); anything else is stored with none.
KEPT_EXTENSIONS = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".docx", ".txt", ".csv"}
)


def server_file_name(folder: str, extension: str = "") -> str:
    """A stored path that says nothing: `folder/<32 random hex digits><extension>`.

    `extension` may be a name ("holiday.JPG") or an extension; only a known one is kept, lower
    cased, so the stored name never carries any part of what the uploader called the file.
    """
    suffix = (extension if extension.startswith(".") else PurePosixPath(extension).suffix).lower()
    if suffix not in KEPT_EXTENSIONS:
        suffix = ""
    return f"{folder}/{secrets.token_hex(16)}{suffix}"


def cleaned_image_file(data: bytes) -> ContentFile:
    """The upload's pixels re-encoded (`strip_metadata`) as a file with a neutral name, marked so
    that `SafeImage.save()` does not encode it a second time."""
    cleaned, image_format = strip_metadata(data)
    upload = ContentFile(cleaned, name=f"image{EXTENSIONS[image_format]}")
    upload.metadata_stripped = True  # type: ignore[attr-defined]  # a mark, read with getattr
    return upload


def strip_metadata(data: bytes) -> tuple[bytes, str]:
    """Re-encode an image from its pixels only. Returns (bytes, Pillow format name).

    Raises ValidationError for anything that is not a supported image, or whose pixel count
    is over WAGTAILIMAGES_MAX_IMAGE_PIXELS (a pixel flood or decompression bomb).
    """
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    try:
        with Image.open(BytesIO(data)) as probe:
            width, height = probe.size
            source_format = probe.format
    except Exception as error:
        raise ValidationError("That file isn't a picture we can use.") from error
    if source_format not in FORMATS:
        raise ValidationError("Please upload a JPEG, PNG or WebP picture.")
    if width * height > limit:
        raise ValidationError(
            "That picture is too large in pixels for us to handle safely. "
            "Please resize it and try again."
        )
    try:
        image: Image.Image = Image.open(BytesIO(data))
        image.load()
        # Turn the picture the way the camera meant, then forget the orientation tag with the rest.
        image = ImageOps.exif_transpose(image)
    except Exception as error:
        # A truncated or corrupt file: its header read, its pixels did not.
        raise ValidationError(DAMAGED_PICTURE) from error
    target = FORMATS[source_format]
    if image.mode in ("P", "PA", "LA", "I;16"):
        image = image.convert("RGBA")
    if target == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    # A new image from raw pixels has an empty `info`: no EXIF, XMP, IPTC, ICC, text or thumbnail.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    out = BytesIO()
    options = {"quality": 90, "optimize": True} if target == "JPEG" else {}
    clean.save(out, format=target, **options)
    return out.getvalue(), target
