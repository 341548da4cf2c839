"""Documents are cleaned of metadata and active content before they are stored, or refused.

What an editor uploads to the Wagtail admin's documents can carry who wrote it and where: a Word
file's author, company, template path, comments with their authors, tracked changes (with the
words "deleted"), revision ids that link documents from the same computer, pictures with GPS
data; and it can carry active content: macros, embedded objects, ActiveX controls, fields that
fetch other files (DDE, INCLUDEPICTURE), linked pictures that call home.

What we accept, and how (`clean_document`):

- **Word (.docx)**: rebuilt with python-docx (installed already, for the campaign exports).
  Tracked changes are accepted (deleted text is gone), comments and their anchors, the
  document's properties (core, app and custom), its thumbnail, custom XML, the glossary,
  revision ids, document variables, permission ranges (they name editors), mail-merge sources
  and the attached template are removed, and every picture inside is re-encoded from its pixels
  (`images.strip_metadata`). A part we do not know is dropped when nothing points at it; when
  the text does point at it (an embedded object, a chart, a control, a linked picture, a
  sub-document), or when the file holds macros or a field that fetches or runs something, the
  document is refused: it cannot be cleaned without changing what it says.
- **Plain text (.txt) and CSV (.csv)**: must be UTF-8; a byte-order mark and control characters
  (other than tab and line ends) are removed, and a CSV cell that a spreadsheet would run as a
  formula (`= + - @`, not a plain number) gets a leading apostrophe.
- **PDF**: refused. Cleaning a PDF (its metadata, XMP, JavaScript, embedded files, forms) needs
  a PDF library, and none is installed; until one is (pikepdf or pypdf, pinned in
  constraints.txt), `WAGTAILDOCS_EXTENSIONS` leaves PDF out and this refuses it too.

Every accepted document is stored under a name we make (`images.server_file_name`), and served
only through Wagtail's document view as an attachment under a sandboxing policy
(`community.uploads.serving`).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from community.uploads.images import server_file_name, strip_metadata

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# A .docx is a zip: what it may expand to, and how many parts it may hold (a zip bomb).
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_PARTS = 2_000
ACCEPTED = (".docx", ".txt", ".csv")

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

# Parts a cleaned document keeps (relationship types), each cleaned in turn.
_KEPT_RELATIONSHIPS = frozenset(
    _RELS + name
    for name in (
        "officeDocument",
        "styles",
        "settings",
        "webSettings",
        "fontTable",
        "theme",
        "numbering",
        "header",
        "footer",
        "footnotes",
        "endnotes",
        "image",
        "hyperlink",
    )
) | {"http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"}
_IMAGE = _RELS + "image"
_LINK_SCHEMES = ("http://", "https://", "mailto:")
_HYPERLINK = _RELS + "hyperlink"

# Elements removed outright: tracked deletions and formatting changes, comment anchors,
# permission ranges (they name editors), data bindings to the custom XML we drop, and from
# settings the revision ids, document variables, attached template, mail merge and tracking.
_REMOVED = tuple(
    f"{{{_W}}}{name}"
    for name in (
        "del",
        "moveFrom",
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "tblPrExChange",
        "trPrChange",
        "tcPrChange",
        "tblGridChange",
        "numberingChange",
        "cellIns",
        "cellDel",
        "cellMerge",
        "commentRangeStart",
        "commentRangeEnd",
        "commentReference",
        "permStart",
        "permEnd",
        "dataBinding",
        "rsids",
        "docVars",
        "attachedTemplate",
        "mailMerge",
        "trackRevisions",
        "embedRegular",
        "embedBold",
        "embedItalic",
        "embedBoldItalic",
    )
)
# Elements whose children stay and whose wrapper goes: tracked insertions (accepted).
_UNWRAPPED = (f"{{{_W}}}ins", f"{{{_W}}}moveTo")
# Field codes that fetch another file, run something or embed an object.
_ACTIVE_FIELDS = re.compile(
    r"\b(DDE|DDEAUTO|INCLUDETEXT|INCLUDEPICTURE|INCLUDE|LINK|IMPORT|DATABASE|MACROBUTTON|EMBED)\b",
    re.IGNORECASE,
)
# Control characters other than tab, line feed and carriage return; and the byte-order mark.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d+)*|\.\d+)")


@dataclass(frozen=True)
class CleanDocument:
    """A document's bytes after cleaning, and the extension it is stored with."""

    data: bytes
    extension: str


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="document_refused")


def clean_document(data: bytes, filename: str) -> CleanDocument:
    """Clean an uploaded document, or raise ValidationError with a message for the editor.

    `filename` is used for its extension only; the cleaned file is stored under a name we make.
    """
    extension = PurePosixPath(filename).suffix.lower()
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _refuse("That document is over 10 MB. Please upload a smaller one.")
    if extension == ".pdf" or data[:5] == b"%PDF-":
        raise _refuse(
            "PDFs can't be uploaded: we can't yet remove the hidden details a PDF carries "
            "(who made it, scripts, attached files). Please upload it as a Word document "
            "(.docx) or plain text instead."
        )
    if extension == ".docx":
        return CleanDocument(_clean_docx(data), ".docx")
    if extension in (".txt", ".csv"):
        text = _clean_text(data)
        if extension == ".csv":
            text = _defuse_csv(text)
        return CleanDocument(text.encode("utf-8"), extension)
    raise _refuse("Please upload a Word document (.docx), plain text (.txt) or a CSV file.")


def cleaned_document_file(data: bytes, filename: str) -> ContentFile:
    """`clean_document` as a file with a name we made, marked so it is not cleaned twice."""
    cleaned = clean_document(data, filename)
    name = PurePosixPath(server_file_name("documents", cleaned.extension)).name
    upload = ContentFile(cleaned.data, name=name)
    upload.document_cleaned = True  # type: ignore[attr-defined]  # a mark, read with getattr
    return upload


# --- plain text and CSV ---------------------------------------------------------------------


def _clean_text(data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _refuse(
            "That file isn't plain text in UTF-8. Please save it as UTF-8 and try again."
        ) from error
    return _CONTROLS.sub("", text)


def _defuse_csv(text: str) -> str:
    """Every cell a spreadsheet would treat as a formula gets a leading apostrophe."""
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise _refuse("That CSV file couldn't be read. Please check it and try again.") from error
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            [
                f"'{cell}"
                if cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell)
                else cell
                for cell in row
            ]
        )
    return out.getvalue()


# --- Word --------------------------------------------------------------------------------------


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise _refuse("That Word document couldn't be read. Please check it and try again.") from (
            error
        )
    if len(entries) > MAX_PARTS or sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise _refuse("That Word document is too large inside for us to check safely.")


def _clean_docx(data: bytes) -> bytes:
    import docx

    _check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        raise _refuse(
            "That Word document couldn't be read. Please check it is a .docx file (not .doc or "
            ".docm) and try again."
        ) from error
    package = document.part.package
    if document.part.content_type != _DOCX_MAIN:
        raise _refuse(
            "That file is a Word template or holds macros. Please save it as an ordinary Word "
            "document (.docx) and try again."
        )
    visited: set[int] = set()
    _clean_relationships(package, visited, is_package=True)
    out = io.BytesIO()
    try:
        document.save(out)
    except Exception as error:
        raise _refuse("That Word document couldn't be cleaned. Please try another copy.") from error
    return out.getvalue()


def _clean_relationships(source, visited: set[int], *, is_package: bool = False) -> None:
    """Keep the parts a document needs, drop the rest, and clean each kept part in turn."""
    element = None if is_package else getattr(source, "_element", None)
    if element is not None:
        _clean_xml(element)
    referenced = _referenced_ids(element) if element is not None else set()
    for r_id, rel in list(source.rels.items()):
        kept = rel.reltype in _KEPT_RELATIONSHIPS and (
            not rel.is_external or rel.reltype == _HYPERLINK
        )
        if is_package:
            kept = rel.reltype == _RELS + "officeDocument"
        if not kept:
            if r_id in referenced:
                raise _refuse(
                    "That Word document holds something we can't clean (an embedded object or "
                    "file, a chart, a form control, a linked picture or a sub-document). Please "
                    "remove it, or paste it in as a picture, and upload the document again."
                )
            source.rels.pop(r_id)
            continue
        if rel.is_external:
            if not rel.target_ref.lower().startswith(_LINK_SCHEMES):
                # "file:///C:/Users/<name>/..." names the computer's user; other schemes
                # launch programs.
                raise _refuse(
                    "That Word document links to a file on a computer, or to something that "
                    "isn't a web page or e-mail address. Please remove the link and try again."
                )
            continue
        part = rel.target_part
        if id(part) in visited:
            continue
        visited.add(id(part))
        if rel.reltype == _IMAGE:
            _clean_image_part(part)
        else:
            _clean_relationships(part, visited)


def _referenced_ids(element) -> set[str]:
    """Relationship ids the part's XML points at (any attribute in the r: namespace)."""
    ids: set[str] = set()
    for node in element.iter():
        for name, value in node.attrib.items():
            if name.startswith(f"{{{_R}}}"):
                ids.add(value)
    return ids


def _clean_xml(element) -> None:
    instructions = [
        node.text or "" for node in element.iter(f"{{{_W}}}instrText", f"{{{_W}}}delInstrText")
    ] + [node.get(f"{{{_W}}}instr", "") for node in element.iter(f"{{{_W}}}fldSimple")]
    if _ACTIVE_FIELDS.search(" ".join(instructions)) or _ACTIVE_FIELDS.search(
        "".join(instructions)
    ):
        raise _refuse(
            "That Word document has a field that fetches another file or runs something "
            "(such as DDE, INCLUDEPICTURE or a macro button). Please remove it and try again."
        )
    for node in list(element.iter(*_REMOVED)):
        parent = node.getparent()
        if parent is not None:
            parent.remove(node)
    for node in list(element.iter(*_UNWRAPPED)):
        parent = node.getparent()
        if parent is None:
            continue
        index = parent.index(node)
        for offset, child in enumerate(list(node)):
            parent.insert(index + offset, child)
        parent.remove(node)
    for node in element.iter():
        for name in [name for name in node.attrib if _is_revision_attribute(name)]:
            del node.attrib[name]


def _is_revision_attribute(name: str) -> bool:
    """w:rsid* (revision-session ids that tie documents from one computer together) and w:ed /
    w:author / w:initials where they are left (they name people)."""
    if not name.startswith(f"{{{_W}}}"):
        return False
    local = name[len(_W) + 2 :]
    return local.startswith("rsid") or local in ("author", "initials", "ed", "edGrp")


def _clean_image_part(part) -> None:
    try:
        cleaned, _format = strip_metadata(part.blob)
    except ValidationError as error:
        raise _refuse(
            "A picture in that Word document is not a JPEG, PNG or WebP picture we can clean. "
            "Please replace it with one and try again."
        ) from error
    part._blob = cleaned
