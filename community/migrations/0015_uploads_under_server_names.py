"""Uploads stored before issue 17 move to names the server made, and documents are cleaned.

- Images' originals kept the uploader's file name ("jo-smith-12-larch-road.jpg"): each is copied
  to `original_images/<random>.<ext>` and the old file deleted.
- Renditions were named after their original: all are deleted (rows and files); Wagtail makes
  them again, under names of their own, the next time a page asks.
- Documents were stored byte for byte under the uploader's name: each is cleaned
  (`community.uploads.documents.clean_document`) and stored as `documents/<random>.<ext>`. One that
  cannot be cleaned (a PDF, a Word file with macros or embedded objects) is moved, unchanged, to
  `documents/held/<random>.<ext>`: it keeps its row for editors to replace, and
  `community.uploads.serving.serve_document` never serves it.

Files are copied before rows change and old files deleted after, so a failure part way leaves
every row pointing at a file that exists. Going backwards changes nothing.
"""

import contextlib
import hashlib
import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import migrations

_SERVER_MADE = re.compile(r"(original_images|images|documents)/[0-9a-f]{32}(\.[a-z]+)?")


def _read(storage, name: str) -> bytes | None:
    try:
        with storage.open(name, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None


def _delete(storage, name: str) -> None:
    with contextlib.suppress(FileNotFoundError, OSError):
        storage.delete(name)


def forwards(apps, schema_editor):
    from community.uploads.documents import clean_document
    from community.uploads.images import server_file_name

    SafeImage = apps.get_model("community", "SafeImage")
    SafeRendition = apps.get_model("community", "SafeRendition")
    Document = apps.get_model("wagtaildocs", "Document")

    for rendition in SafeRendition.objects.all().iterator():
        if rendition.file:
            _delete(rendition.file.storage, rendition.file.name)
    SafeRendition.objects.all().delete()

    for image in SafeImage.objects.all().iterator():
        old = image.file.name
        if not old or _SERVER_MADE.fullmatch(old):
            continue
        storage = image.file.storage
        data = _read(storage, old)
        if data is None:
            continue
        new = storage.save(server_file_name("original_images", old), ContentFile(data))
        SafeImage.objects.filter(pk=image.pk).update(file=new)
        _delete(storage, old)

    for document in Document.objects.all().iterator():
        old = document.file.name
        if not old or _SERVER_MADE.fullmatch(old):
            continue
        storage = document.file.storage
        data = _read(storage, old)
        if data is None:
            continue
        try:
            cleaned = clean_document(data, old)
        except ValidationError:
            new = storage.save(server_file_name("documents/held", old), ContentFile(data))
        else:
            data = cleaned.data
            new = storage.save(server_file_name("documents", cleaned.extension), ContentFile(data))
        Document.objects.filter(pk=document.pk).update(
            file=new,
            file_size=len(data),
            file_hash=hashlib.sha1(data).hexdigest(),  # noqa: S324 - Wagtail's own content hash
        )
        _delete(storage, old)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0014_display_name_keys_tr39"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
