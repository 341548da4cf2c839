"""Serving uploads: documents through Wagtail's document view only, media under a sandbox.

- **Documents** are answered by Wagtail's own view (`wagtail.documents.views.serve.serve`:
  collection privacy, the `before_serve_document` hooks, the served signal), wrapped so every
  answer is a download (`Content-Disposition: attachment` with the stored name, which we made,
  never the uploader's) under `default-src 'none'; sandbox`: a browser that opened one anyway
  would run nothing in it and give it no origin. `WAGTAILDOCS_SERVE_METHOD = "serve_view"`, so
  the view never redirects to the storage's own address. The files sit in the media storage
  under `documents/`, which is never served from `/media/` (here, or by the proxy in
  docs/deploy.md).
- **Media** (images' originals and renditions) in development come from `serve_media`, which
  is Django's static view with the same sandboxing policy, `nosniff` and same-origin resource
  policy, and which refuses `documents/`. In production the reverse proxy serves `/media/`
  with the same headers (docs/deploy.md).
"""

from __future__ import annotations

import posixpath
import re
from typing import TypeVar

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.urls import path, re_path
from django.views import static
from wagtail.documents import get_document_model
from wagtail.documents.views import serve as wagtail_serve

from community.input import converters  # also registers <id:...>

R = TypeVar("R", bound=HttpResponseBase)

# The policy every uploaded file is served under, whoever serves it.
MEDIA_CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox"
# The folder documents are stored in (Wagtail's `AbstractDocument.file` upload_to).
DOCUMENTS_FOLDER = "documents"
# How a cleaned document is stored (`documents.cleaned_document_file`).
CLEANED_DOCUMENT = re.compile(rf"{DOCUMENTS_FOLDER}/[0-9a-f]{{32}}\.(?:docx|txt|csv)")


def sandboxed(response: R) -> R:
    """An uploaded file's answer: no script, no plugin, no origin, no sniffing, our site only."""
    response["Content-Security-Policy"] = MEDIA_CONTENT_SECURITY_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def serve_media(request: HttpRequest, path: str) -> HttpResponseBase:
    """`/media/<path>` in development (DEBUG): the file, sandboxed; never a document."""
    normalised = posixpath.normpath(path).lstrip("/")
    if normalised.split("/", 1)[0].lower() == DOCUMENTS_FOLDER:
        raise Http404("Documents are served through their own page.")
    return sandboxed(static.serve(request, normalised, document_root=str(settings.MEDIA_ROOT)))


def serve_document(request: HttpRequest, document_id: str, document_filename: str) -> HttpResponse:
    """Wagtail's document view, made a sandboxed download under the stored (server-made) name.

    Only a cleaned document is served: one stored under a name we made when it was cleaned
    (`CLEANED_DOCUMENT`). A document kept from before cleaning began that could not be cleaned
    (migration 0015 moved it to `documents/held/`) answers 404 until an editor replaces it.
    """
    if not converters.is_valid_id(document_id):
        raise Http404("No such document.")
    stored = get_document_model().objects.filter(pk=int(document_id)).values_list("file", flat=True)
    if not any(CLEANED_DOCUMENT.fullmatch(name or "") for name in stored):
        raise Http404("No such document.")
    response = wagtail_serve.serve(request, document_id, document_filename)
    if response.status_code in (200, 206, 304):
        # Wagtail checked that `document_filename` is the stored file's name; the stored name is
        # one we made, so it is the only name a download can carry.
        safe_name = re.sub(r"[^A-Za-z0-9._-]", "_", document_filename)
        response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
        sandboxed(response)
    return response


document_urlpatterns = [
    # At most 19 digits (`converters.IdConverter`): a longer run is a 404, not an int() of
    # thousands of digits.
    re_path(r"^(\d{1,19})/(.*)$", serve_document, name="wagtaildocs_serve"),
    path(
        "authenticate_with_password/<id:restriction_id>/",
        wagtail_serve.authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
]


def media_urlpatterns() -> list:
    """The development `/media/` route (added by the root urls only under DEBUG)."""
    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    return [re_path(rf"^{prefix}(?P<path>.*)$", serve_media)]
