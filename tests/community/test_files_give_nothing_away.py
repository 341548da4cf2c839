"""Files that give nothing away (issue 17, point 7).

What an attacker or a member sees of an upload: its stored path, its renditions' URLs, the
download's headers, what is inside a document, and how `/media/` answers. None of it may carry
the uploader's file name (which can be a person's name and address), a document's author or
hidden text, or anything a browser would run. Everything here is fictional.
"""

from __future__ import annotations

import importlib
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory, override_settings
from django.urls import clear_url_caches, resolve
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from PIL import ExifTags, Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from community.uploads import serving as media
from community.uploads.documents import clean_document
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db

# The uploader's file names: a person's name and a street, as a frightened parent might save them.
IMAGE_NAME = "Jo Okafor 12 Larch Road.jpg"
DOCUMENT_NAME = "Jo Okafor letter to 12 Larch Road.docx"
WHO = "Jo Okafor"
WHERE = "12 Larch Road"
SANDBOX = "default-src 'none'; sandbox"
SERVER_MADE = re.compile(r"[0-9a-f]{32}")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


@pytest.fixture
def admin_client(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    give_totp(admin)
    client.force_login(admin)
    return client


def jpeg_with_gps(size=(64, 48)) -> bytes:
    picture = Image.new("RGB", size, (120, 160, 90))
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = WHO
    exif[ExifTags.Base.ImageDescription] = WHERE
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (53.0, 28.0, 12.5)
    out = io.BytesIO()
    picture.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def upload_image(client, data: bytes, name: str = IMAGE_NAME):
    return client.post(
        "/admin/images/add/",
        {"title": "A garden", "file": SimpleUploadedFile(name, data, content_type="image/jpeg")},
    )


def upload_document(client, data: bytes, name: str = DOCUMENT_NAME, content_type: str = ""):
    content_type = content_type or (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return client.post(
        "/admin/documents/add/",
        {"title": "A letter", "file": SimpleUploadedFile(name, data, content_type=content_type)},
    )


def word_document(*, extra=None) -> bytes:
    """A Word file that gives its author away every way Word does: properties (core and app),
    a comment with its author, a tracked deletion and insertion, revision ids, a permission
    range naming an editor, a linked template on the author's computer, a picture with GPS."""
    document = docx.Document()
    props = document.core_properties
    props.author = WHO
    props.last_modified_by = WHO
    props.comments = f"Written at {WHERE}"
    props.title = f"Letter from {WHO}"
    paragraph = document.add_paragraph("We are worried about our son.")
    paragraph._p.set(f"{{{W}}}rsidR", "00A1B2C3")
    document.add_comment(paragraph.runs, text=f"Say we live at {WHERE}?", author=WHO, initials="JO")
    tracked = parse_xml(
        f"<w:p {NSDECL}>"
        f'<w:del w:id="91" w:author="{WHO}" w:date="2026-11-02T09:00:00Z">'
        f"<w:r><w:delText>We live at {WHERE}.</w:delText></w:r></w:del>"
        f'<w:ins w:id="92" w:author="{WHO}" w:date="2026-11-02T09:01:00Z">'
        "<w:r><w:t>We live nearby.</w:t></w:r></w:ins>"
        f'<w:permStart w:id="93" w:ed="{WHO.lower().replace(" ", ".")}@example.org"/>'
        '<w:permEnd w:id="93"/>'
        "</w:p>"
    )
    document.element.body.insert(0, tracked)
    template = document.part._settings_part.relate_to(
        f"file:///C:/Users/{WHO.replace(' ', '')}/Templates/Normal.dotm",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate",
        is_external=True,
    )
    document.settings.element.append(parse_xml(f'<w:attachedTemplate {NSDECL} r:id="{template}"/>'))
    for part in document.part.package.iter_parts():
        if str(part.partname).endswith("app.xml"):
            part._blob = part.blob.replace(b"<Company/>", f"<Company>{WHERE}</Company>".encode())
    document.add_picture(io.BytesIO(jpeg_with_gps()))
    if extra:
        extra(document)
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    assert WHO.encode() in unzipped(data) and WHERE.encode() in unzipped(data)
    return data


def unzipped(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def stored_bytes(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


# --- images: server-made names for originals and renditions ------------------------------------


def test_an_uploaded_image_is_stored_and_rendered_under_names_the_server_made(admin_client):
    assert upload_image(admin_client, jpeg_with_gps()).status_code == 302
    image = get_image_model().objects.get()

    assert re.fullmatch(r"original_images/[0-9a-f]{32}\.jpg", image.file.name)
    rendition = image.get_rendition("fill-32x32")
    assert re.fullmatch(r"images/[0-9a-f]{32}\.jpg", rendition.file.name)
    for seen in (image.file.name, image.file.url, rendition.url, rendition.file.name):
        assert "Okafor" not in seen and "Larch" not in seen
    assert b"Larch" not in stored_bytes(image.file)


def test_two_uploads_with_the_same_name_share_nothing_of_it(admin_client):
    upload_image(admin_client, jpeg_with_gps())
    upload_image(admin_client, jpeg_with_gps())

    first, second = get_image_model().objects.order_by("pk")
    assert first.file.name != second.file.name
    assert SERVER_MADE.search(first.file.name) and SERVER_MADE.search(second.file.name)


def test_a_title_that_is_only_the_file_name_does_not_become_the_alt_text(admin_client):
    upload_image(admin_client, jpeg_with_gps(), name="jo-okafor_12-larch-road.jpg")
    admin_client.post(
        "/admin/images/add/",
        {
            "title": "Jo Okafor 12 Larch Road",  # what the page's script fills in
            "file": SimpleUploadedFile(IMAGE_NAME, jpeg_with_gps(), content_type="image/jpeg"),
        },
    )
    admin_client.post(
        "/admin/images/add/",
        {
            "title": "Our garden in spring",  # the editor's own words stay
            "file": SimpleUploadedFile(IMAGE_NAME, jpeg_with_gps(), content_type="image/jpeg"),
        },
    )

    titles = list(get_image_model().objects.order_by("pk").values_list("title", flat=True))
    assert titles == ["A garden", "Uploaded picture", "Our garden in spring"]


def test_the_multiple_uploader_stores_a_neutral_title_and_name(admin_client):
    answer = admin_client.post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile(DOCUMENT_NAME, word_document())},
    )

    assert answer.status_code == 200 and answer.json()["success"]
    document = get_document_model().objects.get()
    assert document.title == "Uploaded document"
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.docx", document.file.name)
    assert WHO.encode() not in unzipped(stored_bytes(document.file))
    listing = admin_client.get("/admin/documents/")
    assert listing.status_code == 200
    assert "Okafor" not in listing.content.decode()
    assert admin_client.get(f"/admin/documents/edit/{document.pk}/").status_code == 200


def test_a_truncated_jpeg_is_a_form_error_not_a_server_error(admin_client):
    whole = jpeg_with_gps(size=(400, 300))

    answer = upload_image(admin_client, whole[: len(whole) // 2])

    assert answer.status_code == 200
    assert "damaged or incomplete" in answer.content.decode()
    assert get_image_model().objects.count() == 0


# --- documents: cleaned or refused ---------------------------------------------------------------


def test_an_uploaded_word_document_is_stored_cleaned_under_a_server_made_name(admin_client):
    assert upload_document(admin_client, word_document()).status_code == 302
    document = get_document_model().objects.get()

    assert re.fullmatch(r"documents/[0-9a-f]{32}\.docx", document.file.name)
    data = stored_bytes(document.file)
    inside = unzipped(data)
    assert WHO.encode() not in inside
    assert WHERE.encode() not in inside  # comment, deleted text, properties, template path
    assert b"rsidR" not in inside and b"C:/Users" not in inside
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
    assert not {"docProps/core.xml", "docProps/app.xml", "word/comments.xml"} & names
    assert not any(name.startswith(("customXml/", "docProps/thumbnail")) for name in names)
    # What the author meant stays: the text, the accepted insertion, the picture without GPS.
    cleaned = docx.Document(io.BytesIO(data))
    text = "\n".join(paragraph.text for paragraph in cleaned.paragraphs)
    assert "We are worried about our son." in text and "We live nearby." in text
    pictures = [name for name in names if name.startswith("word/media/")]
    assert pictures
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        picture = Image.open(io.BytesIO(archive.read(pictures[0])))
    assert dict(picture.getexif()) == {}
    assert document.file_size == len(data)


def test_the_download_is_an_attachment_named_by_the_server_under_a_sandbox(admin_client, client):
    upload_document(admin_client, word_document())
    document = get_document_model().objects.get()

    assert document.url.startswith("/documents/")
    answer = client.get(document.url)

    assert answer.status_code == 200
    disposition = answer["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert (
        "Okafor" not in disposition and "Larch" not in disposition and "letter" not in disposition
    )
    assert Path(document.file.name).name in disposition
    assert answer["Content-Security-Policy"] == SANDBOX
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert WHO.encode() not in unzipped(b"".join(answer.streaming_content))


def test_a_text_document_is_never_shown_in_the_browser(admin_client, client):
    page = b"<html><script>alert(document.cookie)</script></html>"
    upload_document(admin_client, page, name="notes.txt", content_type="text/plain")
    document = get_document_model().objects.get()

    answer = client.get(document.url)

    assert answer["Content-Disposition"].startswith("attachment;")
    assert answer["Content-Security-Policy"] == SANDBOX
    assert answer["Content-Type"].startswith("text/plain")


def test_a_pdf_is_refused_with_the_reason(admin_client):
    pdf = b"%PDF-1.7\n1 0 obj << /Author (Jo Okafor) /JS (app.alert(1)) >> endobj\n%%EOF\n"

    answer = upload_document(
        admin_client, pdf, name="Jo Okafor.pdf", content_type="application/pdf"
    )

    assert answer.status_code == 200
    assert get_document_model().objects.count() == 0
    page = answer.content.decode()
    assert ("pdf" in page.lower() and "not allowed" in page) or "PDFs can" in page
    with pytest.raises(Exception, match="PDFs can"):
        clean_document(pdf, "leaflet.pdf")


def _with_dde(document) -> None:
    document.element.body.insert(
        0,
        parse_xml(
            f"<w:p {NSDECL}><w:fldSimple "
            "w:instr='DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe \"/k calc.exe\"'>"
            "<w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>"
        ),
    )


def _with_embedded_page(document) -> None:
    part = Part(
        PackURI("/word/afchunk1.htm"),
        "text/html",
        b"<html><script>alert(1)</script></html>",
        document.part.package,
    )
    r_id = document.part.relate_to(part, RT.A_F_CHUNK)
    document.element.body.insert(0, parse_xml(f'<w:altChunk {NSDECL} r:id="{r_id}"/>'))


def _with_split_include_field(document) -> None:
    document.element.body.insert(
        0,
        parse_xml(
            f"<w:p {NSDECL}>"
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            "<w:r><w:instrText> INCLUDEPIC</w:instrText></w:r>"
            '<w:r><w:instrText>TURE "https://tracker.example/p.png" \\d </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        ),
    )


def _with_link(target: str):
    def add(document) -> None:
        r_id = document.part.relate_to(target, RT.HYPERLINK, is_external=True)
        document.element.body.insert(
            0,
            parse_xml(
                f'<w:p {NSDECL}><w:hyperlink r:id="{r_id}"><w:r><w:t>our leaflet</w:t></w:r>'
                "</w:hyperlink></w:p>"
            ),
        )

    return add


def test_a_web_link_and_a_header_stay_in_a_cleaned_document():
    def extra(document) -> None:
        _with_link("https://help.example.org/leaflet")(document)
        document.sections[0].header.paragraphs[0].text = "Family group notes"

    cleaned = docx.Document(io.BytesIO(clean_document(word_document(extra=extra), "a.docx").data))

    assert cleaned.sections[0].header.paragraphs[0].text == "Family group notes"
    links = [rel.target_ref for rel in cleaned.part.rels.values() if rel.is_external]
    assert links == ["https://help.example.org/leaflet"]


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        (_with_dde, "fetches another file or runs something"),
        (_with_split_include_field, "fetches another file or runs something"),
        (_with_embedded_page, "something we can't clean"),
        (_with_link("file:///C:/Users/JoOkafor/Documents/notes.docx"), "links to a file"),
    ],
)
def test_a_word_document_with_active_content_is_refused(admin_client, extra, reason):
    answer = upload_document(admin_client, word_document(extra=extra))

    assert answer.status_code == 200
    assert reason in answer.content.decode().replace("&#x27;", "'")
    assert get_document_model().objects.count() == 0


def test_a_csv_cannot_carry_a_formula_and_text_loses_control_characters():
    csv_data = b'name,amount\r\n=HYPERLINK("https://x.example"),-5\r\n@SUM(A1),+3\r\n'
    cleaned = clean_document(csv_data, "budget.csv").data.decode()
    assert "'=HYPERLINK" in cleaned and "'@SUM(A1)" in cleaned
    assert ",-5" in cleaned and ",+3" in cleaned  # numbers stay numbers

    text = clean_document("\ufeffHello\x00 there\x1b[31m\n".encode(), "notes.txt").data
    assert text == b"Hello there[31m\n"


def test_a_document_saved_without_the_form_is_cleaned_too():
    Document = get_document_model()
    document = Document(title="A letter")
    document.file = ContentFile(word_document(), name=DOCUMENT_NAME)
    document.save()

    assert re.fullmatch(r"documents/[0-9a-f]{32}\.docx", document.file.name)
    assert WHO.encode() not in unzipped(stored_bytes(document.file))


# --- stored before the rule: moved, cleaned, or held back -------------------------------------


def test_uploads_stored_under_their_own_names_are_moved_and_cleaned_by_the_migration(client):
    Image_ = get_image_model()
    Document = get_document_model()
    image = Image_(title="Old", width=64, height=48)
    image.file.name = default_storage.save(
        f"original_images/{IMAGE_NAME}", ContentFile(jpeg_with_gps())
    )
    Image_.objects.bulk_create([image])
    image = Image_.objects.get()
    legacy_docx = default_storage.save(f"documents/{DOCUMENT_NAME}", ContentFile(word_document()))
    legacy_pdf = default_storage.save("documents/Jo Okafor.pdf", ContentFile(b"%PDF-1.4\n%%EOF"))
    Document.objects.bulk_create(
        [Document(title="Old letter", file=legacy_docx), Document(title="Old pdf", file=legacy_pdf)]
    )
    letter, pdf = Document.objects.order_by("pk")
    # Before: the view will not hand out a document that was never cleaned.
    assert client.get(letter.url).status_code == 404

    migration = importlib.import_module("community.migrations.0015_uploads_under_server_names")
    migration.forwards(django_apps, None)

    image.refresh_from_db()
    letter.refresh_from_db()
    pdf.refresh_from_db()
    assert re.fullmatch(r"original_images/[0-9a-f]{32}\.jpg", image.file.name)
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.docx", letter.file.name)
    assert re.fullmatch(r"documents/held/[0-9a-f]{32}", pdf.file.name)
    assert not default_storage.exists(f"original_images/{IMAGE_NAME}")
    assert not default_storage.exists(legacy_docx) and not default_storage.exists(legacy_pdf)
    assert WHO.encode() not in unzipped(stored_bytes(letter.file))
    assert client.get(letter.url).status_code == 200
    assert client.get(pdf.url).status_code == 404  # held until an editor replaces it


# --- /media/: sandboxed, and never documents ----------------------------------------------------


def test_media_in_development_is_sandboxed_and_never_a_document(admin_client):
    upload_image(admin_client, jpeg_with_gps())
    image = get_image_model().objects.get()
    upload_document(admin_client, word_document())
    document = get_document_model().objects.get()
    factory = RequestFactory()
    root_urls = importlib.import_module(settings.ROOT_URLCONF)
    try:
        with override_settings(DEBUG=True):
            importlib.reload(root_urls)
            clear_url_caches()
            assert resolve(image.file.url).func is media.serve_media

            answer = admin_client.get(image.file.url)
            assert answer.status_code == 200
            assert answer["Content-Security-Policy"] == SANDBOX
            assert answer["X-Content-Type-Options"] == "nosniff"

            for path in (
                document.file.name,
                f"./{document.file.name}",
                f"images/../{document.file.name}",
                document.file.name.replace("documents", "Documents"),
            ):
                with pytest.raises(Exception, match="Documents are served"):
                    media.serve_media(factory.get(f"/media/{path}"), path)
            assert admin_client.get(f"/media/{document.file.name}").status_code == 404
    finally:
        importlib.reload(root_urls)
        clear_url_caches()


def test_the_documented_proxy_sandboxes_media_and_never_serves_documents():
    deploy = (Path(settings.BASE_DIR) / "docs" / "deploy.md").read_text()
    nginx = deploy.split("```nginx", 1)[1].split("```", 1)[0]
    media_block = nginx.split("location /media/ {", 1)[1].split("}", 1)[0]

    assert f'add_header Content-Security-Policy "{SANDBOX}" always;' in media_block
    assert "add_header X-Content-Type-Options nosniff always;" in media_block
    assert "location ^~ /media/documents/ {\n        return 404;" in nginx
