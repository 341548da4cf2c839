"""The Wagtail admin's image and document forms, cleaning what is uploaded before it is saved.

`WAGTAILIMAGES_IMAGE_FORM_BASE` and `WAGTAILDOCS_DOCUMENT_FORM_BASE` name these classes, so every
admin way in (the add and edit pages, the multiple uploader, the choosers' upload tabs) cleans
the file in the form: a damaged picture or a document that cannot be cleaned is a form error
with a message, never a server error. `SafeImage.save()` and the document model's pre-save
guard (`guard_document_saves`, connected in `CommunityConfig.ready()`) make sure of it for any
other way in, such as a script.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from community.uploads.documents import cleaned_document_file
from community.uploads.images import DAMAGED_PICTURE, cleaned_image_file


class _DecodingErrorsAreFormErrors(WagtailImageField):
    """Wagtail's image field, whose checks open the picture: a file whose header reads but whose
    pixels do not (a truncated JPEG) is a form error, not a server error."""

    def to_python(self, data):
        try:
            return super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:
            raise ValidationError(DAMAGED_PICTURE, code="invalid_image") from error


def _words(text: str) -> str:
    return " ".join(re.split(r"[\s_.\-]+", text)).strip().casefold()


class _NoFileNameTitles:
    """The admin fills an upload's title from its file name (the page's script, or the multiple
    uploader on the server), and a picture's title becomes its alt text on public pages. A title
    that is only the file name is replaced by a neutral one for the editor to change."""

    neutral_title = "Uploaded file"
    _uploaded_name = ""

    def _remember_name(self, upload: UploadedFile) -> None:
        self._uploaded_name = upload.name or ""

    def clean(self):
        cleaned = super().clean()
        title = cleaned.get("title")
        if self._uploaded_name and title:
            name = PurePath(self._uploaded_name)
            if _words(title) in (_words(name.name), _words(name.stem)):
                cleaned["title"] = self.neutral_title
        return cleaned


class SafeImageForm(_NoFileNameTitles, BaseImageForm):
    """Wagtail's image form; a new picture is re-encoded without metadata here, under a neutral
    name (stored under one we make: `SafeImage.get_upload_to`)."""

    neutral_title = "Uploaded picture"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if type(field) is WagtailImageField:
            # The same field with everything Wagtail configured on it (sizes, messages, widget).
            field.__class__ = _DecodingErrorsAreFormErrors

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            self._remember_name(upload)
            upload.seek(0)
            return cleaned_image_file(upload.read())
        return upload


class SafeDocumentForm(_NoFileNameTitles, BaseDocumentForm):
    """Wagtail's document form; a new document is cleaned of metadata and active content here
    (`community.uploads.documents`), or refused with the reason, and gets a name we made."""

    neutral_title = "Uploaded document"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            self._remember_name(upload)
            upload.seek(0)
            return cleaned_document_file(upload.read(), upload.name or "")
        return upload


def guard_document_saves() -> None:
    """Clean any new document file that did not come through `SafeDocumentForm`."""
    from django.db.models.signals import pre_save
    from wagtail.documents import get_document_model

    pre_save.connect(
        _clean_before_save,
        sender=get_document_model(),
        weak=False,
        dispatch_uid="community-clean-documents",
    )


def _clean_before_save(sender, instance, **kwargs) -> None:
    upload = instance.file
    if not upload or getattr(upload, "_committed", True):
        return
    if getattr(upload.file, "document_cleaned", False):
        return
    upload.seek(0)
    instance.file = cleaned_document_file(upload.read(), upload.name or "")
    instance._set_document_file_metadata()
