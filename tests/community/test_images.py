"""Uploaded pictures are stored and served with no metadata at all."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image
from PIL.PngImagePlugin import PngInfo
from wagtail.images import get_image_model

from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db

SECRET_PLACE = "12 Larch Road"


def jpeg_with_gps() -> bytes:
    picture = Image.new("RGB", (64, 48), (120, 160, 90))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.ImageDescription] = SECRET_PLACE
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (53.0, 28.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 14.0, 30.0)
    out = BytesIO()
    picture.save(
        out,
        format="JPEG",
        exif=exif.tobytes(),
        comment=SECRET_PLACE.encode(),
        xmp=f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>{SECRET_PLACE}'
        "</rdf:Description></x:xmpmeta>".encode(),
    )
    data = _with_segments(out.getvalue(), _iptc_segment(), _thumbnail_segment())
    opened = Image.open(BytesIO(data))
    assert opened.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert "xmp" in opened.info and "photoshop" in opened.info  # XMP and IPTC really there
    return data


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + (len(payload) + 2).to_bytes(2, "big") + payload


def _iptc_segment() -> bytes:
    """An APP13 (Photoshop) segment holding an IPTC caption with the secret place."""
    caption = SECRET_PLACE.encode()
    iptc = b"\x1c\x02\x78" + len(caption).to_bytes(2, "big") + caption  # 2:120 caption
    resource = b"8BIM" + (0x0404).to_bytes(2, "big") + b"\x00\x00"
    resource += len(iptc).to_bytes(4, "big") + iptc + (b"\x00" if len(iptc) % 2 else b"")
    return _segment(0xED, b"Photoshop 3.0\x00" + resource)


def _thumbnail_segment() -> bytes:
    """An APP2 segment carrying a small JPEG of its own, as cameras embed previews (FlashPix
    style); the preview's comment names the secret place."""
    preview = BytesIO()
    Image.new("RGB", (8, 6), (200, 10, 10)).save(
        preview, format="JPEG", comment=("preview " + SECRET_PLACE).encode()
    )
    return _segment(0xE2, b"FPXR\x00" + preview.getvalue())


def _with_segments(jpeg: bytes, *segments: bytes) -> bytes:
    """`jpeg` with `segments` inserted right after its start-of-image marker."""
    assert jpeg[:2] == b"\xff\xd8"
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def png_with_text() -> bytes:
    picture = Image.new("RGBA", (40, 40), (10, 20, 30, 200))
    info = PngInfo()
    info.add_text("Location", SECRET_PLACE)
    info.add_itxt("Comment", "taken outside " + SECRET_PLACE)
    out = BytesIO()
    picture.save(out, format="PNG", pnginfo=info)
    data = out.getvalue()
    assert SECRET_PLACE.encode() in data
    return data


@pytest.fixture
def admin_client(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    give_totp(admin)
    client.force_login(admin)
    return client


def upload(client, name: str, data: bytes, content_type: str):
    return client.post(
        "/admin/images/add/",
        {"title": "A picture", "file": SimpleUploadedFile(name, data, content_type=content_type)},
    )


def stored_bytes(image) -> bytes:
    with image.file.open("rb") as handle:
        return handle.read()


def assert_no_metadata(data: bytes) -> None:
    assert SECRET_PLACE.encode() not in data
    assert b"PhoneMaker" not in data
    picture = Image.open(BytesIO(data))
    assert dict(picture.getexif()) == {}
    for key in ("exif", "xmp", "icc_profile", "comment", "Location", "Comment", "photoshop"):
        assert key not in picture.info, key


def test_an_uploaded_jpeg_with_gps_is_stored_with_no_metadata(admin_client):
    response = upload(admin_client, "holiday.jpg", jpeg_with_gps(), "image/jpeg")

    assert response.status_code == 302
    image = get_image_model().objects.get()
    data = stored_bytes(image)
    assert_no_metadata(data)
    assert (image.width, image.height) == (64, 48)
    assert image.file_size == len(data)


def test_an_uploaded_png_with_text_chunks_is_stored_without_them(admin_client):
    upload(admin_client, "drawing.png", png_with_text(), "image/png")

    image = get_image_model().objects.get()
    assert_no_metadata(stored_bytes(image))


def test_renditions_carry_no_metadata_either(admin_client):
    upload(admin_client, "holiday.jpg", jpeg_with_gps(), "image/jpeg")
    image = get_image_model().objects.get()

    rendition = image.get_rendition("fill-32x32")

    with rendition.file.open("rb") as handle:
        assert_no_metadata(handle.read())


def test_svg_is_not_accepted(admin_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    response = upload(admin_client, "icon.svg", svg, "image/svg+xml")

    assert response.status_code == 200
    assert get_image_model().objects.count() == 0


def test_a_pixel_flood_is_refused_with_a_clear_message(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 10_000
    out = BytesIO()
    Image.new("L", (1000, 1000)).save(out, format="PNG")

    response = upload(admin_client, "flood.png", out.getvalue(), "image/png")

    assert response.status_code == 200
    assert get_image_model().objects.count() == 0
    page = response.content.decode()
    assert "too many pixels" in page or "too large" in page
