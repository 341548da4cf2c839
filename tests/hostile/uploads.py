"""Files for the image form: broken, bombs, polyglots, disguised and carrying a place."""

from __future__ import annotations

from io import BytesIO

from PIL import Image


def _png(size=(40, 30)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, (90, 140, 200)).save(out, format="PNG")
    return out.getvalue()


def _jpeg(size=(40, 30), **options) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, (120, 160, 90)).save(out, format="JPEG", **options)
    return out.getvalue()


def _jpeg_gps() -> bytes:
    from PIL import ExifTags

    exif = Image.Exif()
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 1.5)
    exif[ExifTags.Base.ImageDescription] = "Fennel Close"
    return _jpeg(exif=exif.tobytes())


def _png_bomb() -> bytes:
    """A valid PNG header claiming 100,000 x 100,000 pixels, with a tiny body."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + chunk(b"IEND", b"")
    )


def _jpeg_huge_header() -> bytes:
    """A JPEG whose frame header claims 65,000 x 65,000 pixels."""
    data = bytearray(_jpeg())
    at = data.find(b"\xff\xc0")
    data[at + 5 : at + 9] = (65000).to_bytes(2, "big") + (65000).to_bytes(2, "big")
    return bytes(data)


UPLOAD_RECIPES = {
    "truncated_jpeg": lambda: (_jpeg((200, 150))[:400], "image/jpeg"),
    "truncated_png": lambda: (_png((200, 150))[:90], "image/png"),
    "empty": lambda: (b"", "image/jpeg"),
    "png_bomb": lambda: (_png_bomb(), "image/png"),
    "jpeg_huge_header": lambda: (_jpeg_huge_header(), "image/jpeg"),
    "svg": lambda: (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "image/svg+xml",
    ),
    "html": lambda: (b"<html><script>alert(1)</script></html>", "image/jpeg"),
    "text": lambda: (b"Just some words, not a picture.", "image/jpeg"),
    "png": lambda: (_png(), "image/png"),
    "jpeg_zip": lambda: (
        _jpeg() + b"PK\x03\x04HIDDEN-PAYLOAD-Fennel-Close" + b"\x00" * 30,
        "image/jpeg",
    ),
    "gif_js": lambda: (b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=alert(1)//;", "image/gif"),
    "jpeg_gps": lambda: (_jpeg_gps(), "image/jpeg"),
}
