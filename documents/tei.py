"""A document as TEI P5 XML, the format scholarly editions publish in: a ``teiHeader`` with the
title, issuers, date, source and rights, and the sections as nested ``div``s carrying their
printed label (``@n``) and their anchor (``@xml:id``, the same as the page's ``#s-<anchor>``).

Returns bytes; knows no request (the canonical URL is passed in).
"""

import xml.etree.ElementTree as ET

from documents import selectors
from documents.models import DatePrecision
from documents.templatetags.archive import paragraphs

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
ET.register_namespace("", TEI_NS)

AVAILABILITY = {"copyrighted": "restricted"}


def _tag(name):
    return f"{{{TEI_NS}}}{name}"


def _sub(parent, name, text=None, **attributes):
    element = ET.SubElement(
        parent, _tag(name), {k.rstrip("_"): str(v) for k, v in attributes.items()}
    )
    if text:
        element.text = text
    return element


def _xml_id(name):
    return f"{{{XML_NS}}}{name}"


def tei_date(value, precision):
    """The ISO form TEI's @when takes, as far as the date is known: 2015-04-27, 1997-09, 1978."""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def document_tei(document, sections, *, url, site_name="Alliance Archive"):
    """``document`` (with ``sections`` in order) as a TEI P5 file, UTF-8 bytes."""
    root = ET.Element(_tag("TEI"), {_xml_id("lang"): document.language or "en"})
    header = _sub(root, "teiHeader")
    file_desc = _sub(header, "fileDesc")

    title_stmt = _sub(file_desc, "titleStmt")
    _sub(title_stmt, "title", document.title, type="main")
    if document.short_title:
        _sub(title_stmt, "title", document.short_title, type="short")
    issuers = list(document.issuers.all())
    for issuer in issuers:
        _sub(_sub(title_stmt, "author"), "orgName", issuer.name)

    publication = _sub(file_desc, "publicationStmt")
    _sub(publication, "publisher", site_name)
    _sub(publication, "idno", url, type="URI")
    _sub(publication, "idno", str(document.public_id), type="archive-id")
    availability = _sub(
        publication, "availability", status=AVAILABILITY.get(document.rights, "free")
    )
    _sub(availability, "p", document.get_rights_display())
    if not selectors.text_is_public(document):
        _sub(availability, "p", "The text is not published here; only the record is.")

    if document.series_id:
        series = _sub(file_desc, "seriesStmt")
        _sub(series, "title", document.series.title)
        if document.edition_label:
            _sub(series, "idno", document.edition_label, type="edition")

    source = _sub(file_desc, "sourceDesc")
    bibl = _sub(source, "bibl")
    _sub(bibl, "title", document.title)
    for issuer in issuers:
        _sub(bibl, "orgName", issuer.name, role="issuer")
    if document.publisher_id:
        _sub(bibl, "publisher", document.publisher.name)
    _sub(
        bibl,
        "date",
        document.display_date,
        when=tei_date(document.date, document.date_precision),
    )
    if document.source_url:
        _sub(bibl, "ref", document.source_url, target=document.source_url, type="source")
    if document.archived_url:
        _sub(bibl, "ref", document.archived_url, target=document.archived_url, type="archived")
    if document.retrieved_on:
        _sub(bibl, "note", f"Retrieved on {document.retrieved_on.isoformat()}.", type="retrieved")
    for note_type, text in (
        ("source", document.source_description),
        ("completeness", document.completeness),
        (
            "checksum",
            f"SHA-256 of the text as received: {document.checksum}" if document.checksum else "",
        ),
    ):
        if text:
            _sub(bibl, "note", text, type=note_type)

    profile = _sub(header, "profileDesc")
    _sub(_sub(profile, "langUsage"), "language", ident=document.language or "en")
    areas = list(document.public_areas)
    if areas:
        keywords = _sub(_sub(profile, "textClass"), "keywords", scheme="#cooperation-areas")
        for area in areas:
            _sub(keywords, "term", area.name, key=area.slug)

    text = _sub(root, "text")
    if document.front_matter.strip():
        front = _sub(text, "front")
        for line in document.front_matter.splitlines():
            if line.strip():
                _sub(front, "p", line.strip())
    body = _sub(text, "body")
    if not document.text_held or not selectors.text_is_public(document) or not sections:
        _sub(body, "p", "The archive does not publish the text of this document.")
    else:
        _sections(body, sections)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _sections(body, sections):
    """Nest each section's div inside its parent's, in document order."""
    divs = {}
    for section in sections:
        parent = divs.get(section.parent_id, body)
        attributes = {_xml_id("id"): f"s-{section.anchor}", "n": section.label or section.pinpoint}
        div = ET.SubElement(parent, _tag("div"), attributes)
        if section.heading:
            _sub(div, "head", section.heading)
        for paragraph in paragraphs(section.body):
            _sub(div, "p", paragraph)
        divs[section.pk] = div
    for div in divs.values():
        # TEI wants some content in a div: a numbered section with no text of its own and
        # no subsections (rare) keeps an empty paragraph.
        if len(div) == 0:
            _sub(div, "p")
