"""Uploaded images lose every piece of metadata before they are stored.

A photo from a phone can carry the GPS position of a family's home, the camera's serial number,
a thumbnail of the uncropped picture, and text chunks. The original is decoded and re-encoded
from its pixels alone, so neither the stored file nor any rendition made from it carries any.
"""

from __future__ import annotations

from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageOps

# Formats we store, and what Pillow calls them.
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "MPO": "JPEG"}


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
    image = Image.open(BytesIO(data))
    image.load()
    # Turn the picture the way the camera meant, then forget the orientation tag with the rest.
    image = ImageOps.exif_transpose(image)
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
