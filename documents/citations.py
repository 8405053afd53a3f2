"""Citations. One CSL-JSON record per document, section or quote is the single source; the
Chicago, APA and MLA text, BibTeX, RIS, the Highwire/Dublin Core meta tags and the schema.org
JSON-LD are all generated from it. Each names the archive its copy was read in (CSL's
"archive", RIS DB, biblatex's addendum), as Chicago asks of a document consulted online in
an archive or database.

A retrieval ("accessed") date is given only for a comparison of two documents: Chicago and
APA 7 ask for one only for pages expected to change (MLA 9 makes it optional). A document's,
section's or quote's page is stable, and a versioned link pins the exact text; a
comparison's pairs change when editors correct them or the alignment improves, and it has no
version or date of its own (see docs/citing.md).
"""

import json
import re
from html import unescape

from django.conf import settings
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

from documents.models import MONTH_NAMES, AttributionBasis, DatePrecision, Document

ARCHIVE_NAME = "Alliance Archive"

CSL_TYPES = {
    Document.Kind.NEWS_ARTICLE: "article-newspaper",
    Document.Kind.SPEECH: "speech",
    Document.Kind.TREATY: "treaty",
}
# A treaty is downloaded as a report by its two parties (RIS and BibTeX have no treaty type;
# as legislation, STAT / @legislation, Citation.js dropped its parties and the styles print
# legislation without them): with no publisher, no party is made its institution (Zotero
# filed it as a report by "Government of Japan"). The page itself saves a statute (meta_tags).
RIS_TYPES = {"report": "RPRT", "article-newspaper": "NEWS", "speech": "SOUND", "treaty": "RPRT"}
# BibTeX: biblatex's @report for a government document and the treaty (Zotero's and
# Citation.js's importers read a report; @techreport labelled a joint statement "Techreport" /
# "Tech. rep.").
BIBTEX_TYPES = {"article-newspaper": "article"}
SCHEMA_TYPES = {"report": "Report", "article-newspaper": "NewsArticle", "treaty": "Legislation"}


def absolute_url(request, path):
    """The canonical absolute URL of ``path``: ALLIANCE_SITE_URL when set (citations then
    name the public host whatever the request's), else the request's own host."""
    base = settings.ALLIANCE_SITE_URL
    if base or request is None:
        return f"{base}{path}"
    return request.build_absolute_uri(path)


# --- The CSL-JSON records -----------------------------------------------------------------


def _date_parts(value, precision):
    if precision == DatePrecision.YEAR:
        return [[value.year]]
    if precision == DatePrecision.MONTH:
        return [[value.year, value.month]]
    return [[value.year, value.month, value.day]]


def _genre(document, title):
    """The kind as a report type ("Joint statement"), unless the title already says it: the
    Chicago style prints the genre after the title, and "The Guidelines …. Guidelines." reads
    as a mistake."""
    label = document.get_kind_display()
    words = re.findall(r"[a-z]+", label.lower())
    if all(re.search(rf"\b{word}", title.lower()) for word in words):
        return None
    return label


# A date the archive adds to a title to tell editions apart ("The Guidelines … (2015)",
# "Joint Statement … (19 February 2005)"): not part of the title as printed.
_DATED_TITLE = re.compile(r"^(?P<title>.+?)\s+\((?P<date>(?:\d{1,2} [A-Z][a-z]+ )?\d{4})\)$")


# Where the archive's title says where its copy was reproduced ("… (table of the Annex to the
# 1997 Guidelines …, as reproduced in Defense of Japan 2008, Fig. III-2-3-4)").
_REPRODUCED_IN = re.compile(r"(?:,? | ?\()as reproduced in (?P<where>[^()]+)\)$")


def citation_title(document):
    """The title as the document prints it: without the archive's own date suffix, when that
    is the document's date (the citation gives the date already: "…Cooperation (2015)
    (Ministry of Foreign Affairs of Japan, April 27, 2015)"), and without its note of the
    publication a reprinted copy was reproduced in, which the citation gives already
    ("…, as reproduced in Defense of Japan 2008, Fig. III-2-3-4) …, reprinted in Defense of
    Japan 2008, Fig. III-2-3-4")."""
    title = document.title
    match = _DATED_TITLE.match(title)
    if match and document.date:
        date = match["date"]
        day = f"{document.date.day} {document.date:%B} {document.date.year}"
        if date in (str(document.date.year), day):
            title = match["title"]
    reprint = _REPRODUCED_IN.search(title)
    given = {document.reprinted_in, f"{document.reprinted_in}, {document.reprint_part}"}
    if reprint and document.reprinted_in and reprint["where"] in given:
        # "… (table of the Annex …, as reproduced in …)" keeps its parenthesis; "… (as
        # reproduced in …)" loses it.
        kept = title[: reprint.start()]
        title = kept if reprint.group().lstrip(" ").startswith("(") else f"{kept})"
    return title


def _document_fields(document, url):
    kind = CSL_TYPES.get(document.kind, "report")
    title = citation_title(document)
    record = {
        "type": kind,
        "title": title,
        "issued": {"date-parts": _date_parts(document.date, document.date_precision)},
        "URL": url,
        "language": document.language,
        # Where the reader consulted the copy: Chicago names the archive or database of a
        # document read online ("…, 2015), Alliance Archive, https://…"), and the CSL styles
        # print CSL's "archive" there (Chicago and APA before the URL, MLA after the date).
        # Zotero keeps it as the item's Archive. No "archive_location": citeproc printed it
        # too ("d/13, Alliance Archive"), and the URL says where in the archive the copy is.
        "archive": ARCHIVE_NAME,
    }
    genre = _genre(document, title) if kind == "report" else None
    if genre:
        record["genre"] = genre
    issuers = [org.name for org in document.issuers.all()]
    if issuers:
        # "literal": an institution is one name, never split into given and family names.
        record["author"] = [{"literal": name} for name in issuers]
    notes = []
    if kind == "article-newspaper":
        if document.publisher:
            record["container-title"] = document.publisher.name
    elif document.publisher and document.reprinted_in:
        # A copy reprinted in a later publication: cited by its issuers and date, "reprinted
        # in" that publication. Its publisher as the document's ("Ministry of Defense of
        # Japan, 1996") names an office that did not exist then. CSL has no reprint without
        # the reprint's date (which the archive does not have): the note says it, and the
        # free-form object keeps its parts for the styles here.
        reprint = {"container-title": document.reprinted_in, "publisher": document.publisher.name}
        if document.reprint_part:
            reprint["part"] = document.reprint_part
        record["custom"] = {"reprint": reprint}
        notes.append(reprint_sentence(reprint))
    elif document.publisher:
        record["publisher"] = document.publisher.name
    names = [n for n in (record.get("container-title"), record.get("publisher"), *issuers) if n]
    if document.short_title and not any(name in document.short_title for name in names):
        # Chicago's short notes use it; a short title made of the newspaper's (or the
        # publisher's) name, "Defense News, October 2014", would print
        # "Defense News, “Defense News, October 2014.”"
        record["title-short"] = document.short_title
    abstract = plain_text(document.summary).strip() if document.summary else ""
    if abstract:
        record["abstract"] = abstract
    if document.completeness and not document.completeness.startswith(("complete", "full")):
        # Only a copy that is not the whole text says so ("full (text through closing mark
        # as published)" is a curator's record, not a reader's note).
        notes.append(_sentence(f"Archive copy: {document.completeness}"))
    if notes:
        record["note"] = " ".join(notes)
    if document.rights:  # CSL 1.0.2 "license": the terms of the copy held (issue 9)
        record["license"] = " ".join(
            part for part in (f"{document.get_rights_display()}.", document.attribution) if part
        )
    return record


def reprint_sentence(reprint):
    """The note's sentence: "Reprinted in Defense of Japan 2016, Reference 36 (Ministry of
    Defense of Japan)."."""
    where = ", ".join(filter(None, (reprint["container-title"], reprint.get("part"))))
    return f"Reprinted in {where} ({reprint['publisher']})."


def document_record(document, *, url):
    return {"id": f"alliance-archive-d{document.public_id}", **_document_fields(document, url)}


def part_of(section):
    """The part a numbered section is in: its nearest ancestor named only by its heading ("The
    SACO Final Report on Futenma Air Station", whose 2.a is not the report's own). None for
    most sections."""
    if not section.label:
        return None
    seen, parent = {id(section)}, section.parent  # (a version's sections are not saved)
    while parent is not None and id(parent) not in seen:
        if parent.heading and not parent.label:
            return parent
        seen.add(id(parent))
        parent = parent.parent
    return None


def section_title(document_title, section):
    """The title a section is cited under: the document's, with the pinpoint and heading
    ("…(2015), Section IV.B.2: Maritime Security"). The pinpoint is in the title because that
    is the one field that every reference manager keeps and every style prints. A heading
    that is the section's only name is given once ("…, Section “Return Land”"); a numbered
    section inside a part named only by its heading is named with the part ("The SACO Final
    Report, “The SACO Final Report on Futenma Air Station”, Section 2.a")."""
    part = part_of(section)
    if part is not None:
        document_title = f"{document_title}, “{part.heading.rstrip(':').strip()}”"
    title = f"{document_title}, {section.cited_name}"
    if section.heading and section.label:
        return f"{title}: {section.heading.rstrip(':').strip()}"
    return title


def section_record(section, *, url):
    """The document's record, titled with the section's pinpoint, at the section's URL."""
    document = section.document
    record = {
        "id": f"alliance-archive-d{document.public_id}-{section.anchor}",
        **_document_fields(document, url),
        # How the section names itself: "IV.B.2 Maritime Security", "Return Land" (a heading
        # that is its only name, once), "Article 5".
        "section": str(section).rstrip(":").strip() if section.heading else section.pinpoint,
    }
    record.setdefault("custom", {})
    if section.label or not section.heading:
        # CSL's free-form extension object: the number alone, for BibTeX's chapter.
        record["custom"]["pinpoint"] = section.pinpoint
    record["title"] = section_title(citation_title(document), section)
    # For the styles here: the document's title in italics, the section after it in roman.
    record["custom"]["document-title"] = citation_title(document)
    record.pop("title-short", None)
    # The document's summary is not the section's abstract: a section record that carried it
    # (RIS AB, CSL abstract, the page's citation_abstract) filed the whole Guidelines' summary
    # as what Section IV.B.2 is about. Sections have no summary of their own.
    record.pop("abstract", None)
    return record


def speaker(quote):
    """The speaker as reported, "a State Department official" or a name, said to be inferred
    where the source does not name the speaker at the quoted words."""
    name = str(quote.official)
    if quote.attribution_basis == AttributionBasis.INFERRED:
        return f"{name} (speaker inferred from context)"
    return name


def quote_record(quote, *, url):
    """A quote is cited as the document that records it, with the quoted words and who said
    them in the abstract and note (no CSL variable holds a speaker)."""
    record = {
        "id": f"alliance-archive-q{quote.public_id}",
        **_document_fields(quote.document, url),
    }
    words = f"{speaker(quote)}: “{quote.text}”"
    record["abstract"] = words
    reprint = record.get("custom", {}).get("reprint")
    record["note"] = " ".join(
        filter(None, (_sentence(f"Quoting {words}"), reprint and reprint_sentence(reprint)))
    )
    # CSL's free-form extension object: the speaker, for "quoted in" note forms.
    record.setdefault("custom", {}).update(
        {"quoted-speaker": speaker(quote), "quoted-text": quote.text}
    )
    return record


def withdrawn_note(document):
    """The note a withdrawn item's citation file carries."""
    when = f" on {document.withdrawn_at:%-d %B %Y}" if document.withdrawn_at else ""
    reason = f": {document.withdrawn_reason}" if document.withdrawn_reason else ""
    return f"Withdrawn from the {ARCHIVE_NAME}{when}{reason}"


# --- Text styles --------------------------------------------------------------------------


def _names(record):
    return [a["literal"] for a in record.get("author", [])]


def _join(names, last_sep=" and "):
    if len(names) <= 2:
        return last_sep.join(names)
    return ", ".join(names[:-1]) + "," + last_sep + names[-1]


def _date_us(record):
    """'April 27, 2015' / 'October 2014' / '2015' (Chicago); 'n.d.' for an undated work."""
    if "issued" not in record:
        return "n.d."
    parts = record["issued"]["date-parts"][0]
    if len(parts) == 3:
        return f"{MONTH_NAMES[parts[1]]} {parts[2]}, {parts[0]}"
    if len(parts) == 2:
        return f"{MONTH_NAMES[parts[1]]} {parts[0]}"
    return str(parts[0])


def _date_apa(record):
    if "issued" not in record:
        return "n.d."
    parts = record["issued"]["date-parts"][0]
    if len(parts) == 3:
        return f"{parts[0]}, {MONTH_NAMES[parts[1]]} {parts[2]}"
    if len(parts) == 2:
        return f"{parts[0]}, {MONTH_NAMES[parts[1]]}"
    return str(parts[0])


def _date_mla(record):
    if "issued" not in record:
        return ""
    parts = record["issued"]["date-parts"][0]
    month = ""
    if len(parts) >= 2:
        name = MONTH_NAMES[parts[1]]
        month = name if len(name) <= 4 else name[:3] + "."
        month = "Sept." if parts[1] == 9 else month
    if len(parts) == 3:
        return f"{parts[2]} {month} {parts[0]}"
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return str(parts[0])


def _italic(text):
    return format_html("<i>{}</i>", text)


def _sentence(text):
    """``text`` ending as a sentence: a full stop added unless it ends in one already, inside
    a closing quotation mark too ("…in 1997.”", not "…in 1997.”.")."""
    return text if text.rstrip("”’\"')").endswith((".", "?", "!")) else f"{text}."


def _quoted_in(record):
    """ "A State Department official, quoted in " for a quote's citation, else ""."""
    who = record.get("custom", {}).get("quoted-speaker")
    return f"{who[0].upper()}{who[1:]}, quoted in " if who else ""


def _version(record, date, *, sentence=False):
    """ "version 4 of the archive's text, recorded December 3, 2026, " for a citation of a
    version page (``sentence``: as a sentence of its own, for the bibliography forms), or
    "": its URL alone said which text was cited."""
    recorded = record.get("custom", {}).get("version-recorded")
    if not record.get("version") or not recorded:
        return ""
    when = date({"issued": {"date-parts": [recorded]}})
    text = f"version {record['version']} of the archive's text, recorded {when}"
    return f"{text[0].upper()}{text[1:]}. " if sentence else f"{text}, "


def _accessed(record, style):
    """ "accessed December 5, 2026, " (Chicago note), "Accessed December 5, 2026. " (Chicago
    bibliography), "Retrieved December 5, 2026, from " (APA), "Accessed 5 Dec. 2026." (MLA,
    after the URL), or "" for a work cited without a retrieval date."""
    if "accessed" not in record:
        return ""
    when = {"issued": record["accessed"]}
    return {
        "note": f"accessed {_date_us(when)}, ",
        "bibliography": f"Accessed {_date_us(when)}. ",
        "apa": f"Retrieved {_date_us(when)}, from ",
        "mla": f" Accessed {_date_mla(when)}.",
    }[style]


def _work_title(record):
    """The title in italics; a section's citation gives its document's title in italics and
    the section after it ("<i>The Guidelines …</i>, Section IV.A.4: Asset Protection")."""
    document_title = record.get("custom", {}).get("document-title")
    if document_title and record["title"].startswith(f"{document_title}, "):
        return format_html(
            "{}, {}", _italic(document_title), record["title"][len(document_title) + 2 :]
        )
    return _italic(record["title"])


def _reprinted(record, *, publisher_apart=False):
    """ "reprinted in <i>Defense of Japan 2016</i>, Reference 36 (Ministry of Defense of
    Japan)", or "" for a copy that is not a reprint. ``publisher_apart``: the publisher as a
    sentence of its own (bibliography forms)."""
    reprint = record.get("custom", {}).get("reprint")
    if not reprint:
        return ""
    part = f", {reprint['part']}" if reprint.get("part") else ""
    if publisher_apart:
        return format_html(
            "Reprinted in {}{}. {}. ",
            _italic(reprint["container-title"]),
            part,
            reprint["publisher"],
        )
    return format_html(
        "reprinted in {}{} ({}), ", _italic(reprint["container-title"]), part, reprint["publisher"]
    )


def chicago_note(record):
    """Chicago notes-bibliography, note form (with the pinpoint for a section)."""
    names = _names(record)
    title = record["title"]
    archive = f"{record['archive']}, " if record.get("archive") else ""
    if record["type"] == "article-newspaper":
        head = f"{_join(names)}, " if names else ""
        return format_html(
            "{}{}“{},” {}, {}, {}{}{}.",
            _quoted_in(record),
            head,
            title,
            _italic(record.get("container-title", "")),
            _date_us(record),
            archive,
            _version(record, _date_us),
            record["URL"],
        )
    publisher = f"{record['publisher']}, " if record.get("publisher") else ""
    genre = f"{record['genre']}, " if record.get("genre") else ""
    return format_html(
        "{}{}, {} ({}{}{}), {}{}{}{}{}.",
        _quoted_in(record),
        _join(names) or ARCHIVE_NAME,
        _work_title(record),
        genre,
        publisher,
        _date_us(record),
        _reprinted(record),
        archive,
        _version(record, _date_us),
        _accessed(record, "note"),
        record["URL"],
    )


def chicago_bibliography(record):
    names = _names(record)
    title = record["title"]
    archive = f"{record['archive']}. " if record.get("archive") else ""
    if record["type"] == "article-newspaper":
        head = f"{_sentence(_join(names))} " if names else ""
        return format_html(
            "{}“{}.” {}, {}. {}{}{}.",
            head,
            title,
            _italic(record.get("container-title", "")),
            _date_us(record),
            archive,
            _version(record, _date_us, sentence=True),
            record["URL"],
        )
    publisher = f"{record['publisher']}, " if record.get("publisher") else ""
    return format_html(
        "{} {}. {} {}{}{}{}{}.",
        _sentence(_join(names) or ARCHIVE_NAME),
        _work_title(record),
        _sentence(f"{publisher}{_date_us(record)}"),  # ("…, n.d.", not "n.d..")
        _reprinted(record, publisher_apart=True),
        archive,
        _version(record, _date_us, sentence=True),
        _accessed(record, "bibliography"),
        record["URL"],
    )


def apa(record):
    """APA 7th edition reference."""
    names = _names(record)
    title = record["title"]
    # The archive the copy was read in, as citeproc's APA prints CSL's "archive" (APA 7 names
    # the archive of an archival copy): "… Ministry of Foreign Affairs of Japan. Alliance
    # Archive. https://…".
    archive = f"{record['archive']}. " if record.get("archive") else ""
    if record["type"] == "article-newspaper":
        if names:
            return format_html(
                "{} ({}). {}. {}. {}{}{}",
                _sentence(_join(names, ", & ")),
                _date_apa(record),
                title,
                _italic(record.get("container-title", "")),
                archive,
                _version(record, _date_us, sentence=True),
                record["URL"],
            )
        return format_html(
            "{}. ({}). {}. {}{}{}",
            title,
            _date_apa(record),
            _italic(record.get("container-title", "")),
            archive,
            _version(record, _date_us, sentence=True),
            record["URL"],
        )
    genre = f" [{record['genre']}]" if record.get("genre") else ""
    publisher = record.get("publisher")
    publisher_part = f" {_sentence(publisher)}" if publisher and publisher not in names else ""
    return format_html(
        "{} ({}). {}{}.{} {}{}{}{}{}",
        _sentence(_join(names, ", & ") or ARCHIVE_NAME),
        _date_apa(record),
        _work_title(record),
        genre,
        publisher_part,
        _reprinted(record, publisher_apart=True),
        archive,
        _version(record, _date_us, sentence=True),
        _accessed(record, "apa"),
        record["URL"],
    )


def mla(record):
    """MLA 9th edition works-cited entry."""
    names = _names(record)
    title = record["title"]
    url = re.sub(r"^https?://", "", record["URL"])
    if record["type"] == "article-newspaper":
        head = f"{_sentence(_join(names))} " if names else ""
        return format_html(
            "{}“{}.” {}, {}. {}{}, {}.",
            head,
            title,
            _italic(record.get("container-title", "")),
            _date_mla(record),
            _version(record, _date_mla, sentence=True),
            _italic(ARCHIVE_NAME),
            url,
        )
    if names == [ARCHIVE_NAME] and record.get("publisher") == ARCHIVE_NAME:
        # The archive's own work (a comparison): MLA leaves out an author who is also the
        # publisher, and a publisher that is also the website ("Alliance Archive. Comparison
        # … Alliance Archive, 30 Nov. 2026. Alliance Archive, …"). Undated, it ends with the
        # day it was accessed.
        date = f"{_date_mla(record)}, " if "issued" in record else ""
        return format_html(
            "{}. {}, {}{}.{}",
            _work_title(record),
            _italic(ARCHIVE_NAME),
            date,
            url,
            _accessed(record, "mla"),
        )
    publisher = f"{record['publisher']}, " if record.get("publisher") else ""
    return format_html(
        "{} {}. {}{}. {}{}{}, {}.",
        _sentence(_join(names) or ARCHIVE_NAME),
        _work_title(record),
        publisher,
        _date_mla(record),
        _reprinted(record, publisher_apart=True),
        _version(record, _date_mla, sentence=True),
        _italic(ARCHIVE_NAME),
        url,
    )


STYLES = [
    ("chicago-note", "Chicago (note)", chicago_note),
    ("chicago-bibliography", "Chicago (bibliography)", chicago_bibliography),
    ("apa", "APA", apa),
    ("mla", "MLA", mla),
]


def formatted(record):
    """[{key, label, html}] for the page's "Cite this" box."""
    return [{"key": key, "label": label, "html": render(record)} for key, label, render in STYLES]


# --- Downloads ----------------------------------------------------------------------------

_BIBTEX_SPECIAL = re.compile(r"([{}\\%&$#_^~])")
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _bib(value):
    return _BIBTEX_SPECIAL.sub(r"\\\1", str(value))


def bibtex(record):
    kind = BIBTEX_TYPES.get(record["type"], "report")
    # Double braces keep the title's capitals ("U.S.-Japan", "SACO") in styles that lower-case
    # titles.
    fields = [("title", "{" + _bib(record["title"]) + "}")]
    names = _names(record)
    if names:
        # Braces keep an institution's name whole rather than split into first and last.
        fields.append(("author", " and ".join("{" + _bib(n) + "}" for n in names)))
    else:
        # What author-year styles label and sort an unsigned item by.
        fields.append(("key", _bib(record.get("container-title") or ARCHIVE_NAME)))
    if kind == "article":
        # biblatex's way of saying "a newspaper article" (@article alone means a journal's).
        fields.append(("entrysubtype", "newspaper"))
        fields.append(("journal", _bib(record.get("container-title", ""))))
    elif kind == "report":
        # The publisher only: an issuer put here ("Government of Japan" for a statement of
        # both governments, the SACO after its own name) was printed as the report's
        # publisher.
        if record.get("publisher"):
            fields.append(("institution", _bib(record["publisher"])))
        if record.get("genre"):
            fields.append(("type", _bib(record["genre"])))
    # biblatex's date keeps the day (year and month are for BibTeX's styles); a section's
    # pinpoint is in the title only (a `chapter` printed it again: "Section II.A (II.A)").
    if "issued" in record:
        parts = record["issued"]["date-parts"][0]
        fields.append(("date", _iso_date(record)))
        fields.append(("year", str(parts[0])))
        if len(parts) >= 2:
            fields.append(("month", _MONTHS[parts[1] - 1]))
    if "accessed" in record:
        # biblatex prints it "(visited on …)"; Zotero's and Citation.js's importers read it as
        # the access date.
        fields.append(("urldate", _iso_date(record, "accessed")))
    if record.get("version"):
        fields.append(("version", _bib(record["version"])))
    fields.append(("url", record["URL"]))
    if record.get("note"):
        fields.append(("note", _bib(record["note"])))
    if record.get("archive"):
        # BibTeX and biblatex have no field for the archive a copy was read in. biblatex
        # prints `addendum` at the end of any entry ("… url: https://…. Alliance Archive.");
        # `howpublished` is not printed for a @report (and Zotero files it as "Published:"),
        # `organization` Citation.js read as the publisher, over the institution.
        fields.append(("addendum", _bib(record["archive"])))
    lines = [f"@{kind}{{{record['id']},"]
    for name, value in fields:
        if name == "month":
            lines.append(f"  {name} = {value},")
        else:
            lines.append(f"  {name} = {{{value}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _ris_date(date_parts):
    parts = date_parts["date-parts"][0]
    date = "/".join([str(parts[0]), *(f"{p:02d}" for p in parts[1:])])
    if len(parts) < 3:
        # RIS's date is YYYY/MM/DD/other: a date known to the month is "2014/10//" (read as
        # the year alone when written "2014/10").
        date += "/" * (4 - len(parts))
    return date


def ris(record):
    lines = [("TY", RIS_TYPES.get(record["type"], "GEN")), ("TI", record["title"])]
    lines += [("AU", name) for name in _names(record)]
    if "issued" in record:
        year = record["issued"]["date-parts"][0][0]
        lines += [("PY", str(year)), ("DA", _ris_date(record["issued"]))]
    if "accessed" in record:
        # The access date: Zotero's RIS import reads Y2 as accessDate, Citation.js as accessed.
        lines.append(("Y2", _ris_date(record["accessed"])))
    if record.get("container-title"):
        lines.append(("T2", record["container-title"]))
    if record.get("publisher"):
        lines.append(("PB", record["publisher"]))
    if record.get("section") and lines[0][1] != "RPRT":
        # Zotero's RIS import has no section for a report and would keep the line as a note;
        # the title carries the section.
        lines.append(("SE", record["section"]))
    if record.get("genre"):
        lines.append(("M3", record["genre"]))
    if record.get("version"):
        lines.append(("ET", record["version"]))
    if record.get("archive"):
        # RIS's "name of database": Zotero's RIS import files DB as the item's Archive (DP,
        # the database provider, as its Library Catalog, which no Chicago or APA style prints).
        lines.append(("DB", record["archive"]))
    lines.append(("UR", record["URL"]))
    lines.append(("LA", record["language"]))
    if record.get("abstract"):
        lines.append(("AB", record["abstract"]))
    if record.get("note"):
        lines.append(("N1", record["note"]))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}".rstrip() + "\n" for tag, value in lines)


def _case_protected(record):
    """The record with a pinpoint that has small letters ("IV.2.3.e.ii") marked as not to be
    title-cased: Chicago and MLA title-case a title, and citeproc-js made it "IV.2.3.e.Ii".
    CSL-JSON's own markup for this (citeproc-js, Zotero and pandoc honour it); the other
    formats carry no such markup (BibTeX's braces already protect the whole title)."""
    pinpoint = record.get("custom", {}).get("pinpoint", "")
    cited = f"Section {pinpoint}"
    if not any(c.islower() for c in pinpoint) or cited not in record["title"]:
        return record
    protected = f'Section <span class="nocase">{pinpoint}</span>'
    return {**record, "title": record["title"].replace(cited, protected, 1)}


def csl_json(record):
    return json.dumps([_case_protected(record)], ensure_ascii=False, indent=2) + "\n"


DOWNLOADS = {
    "bib": ("BibTeX", "application/x-bibtex; charset=utf-8", bibtex),
    "ris": ("RIS", "application/x-research-info-systems; charset=utf-8", ris),
    "json": ("CSL-JSON", "application/vnd.citationstyles.csl+json; charset=utf-8", csl_json),
}


# --- Embedded metadata --------------------------------------------------------------------


def _iso_date(record, variable="issued"):
    parts = record[variable]["date-parts"][0]
    return "-".join([str(parts[0]), *(f"{p:02d}" for p in parts[1:])])


def zotero_creator(name):
    """An institution's name as Zotero keeps it whole.

    Zotero's Embedded Metadata translator passes every ``citation_author`` / ``DC.creator``
    to ``ZU.cleanAuthor(name, "author", name.includes(","))``: without a comma the name is
    split at its last space ("Japan, Government of"); with one, it is split at the comma
    into last and first name, after trailing punctuation is stripped, and a creator with no
    first name is saved in single-field mode (``{name: …}``), which is how Zotero stores an
    institution. A trailing comma therefore keeps the name whole. (The same code puts a space
    after the first period followed by a letter, so "U.S." comes out "U. S.": Zotero's rule,
    which no tag can avoid; see docs/citing.md.)"""
    return f"{name},"


def meta_tags(record, *, kind, rights=None):
    """(name, content) pairs for <meta name=… content=…>, chosen by the rules of Zotero's
    Embedded Metadata translator (and the RDF translator it hands Dublin Core to):

    - ``citation_technical_report_institution`` makes a *report* (its ``institution``);
      ``DC.type`` then fills the report type;
    - a treaty carries ``DC.type = statute`` instead, which makes it a *statute*;
    - a news article (and a quote from one) carries no ``citation_*`` tags but ``DC.type =
      newspaperArticle`` and ``DC.source`` (the newspaper, Zotero's ``publicationTitle``),
      and no ``DC.publisher``: the archive did not publish it;
    - ``DCTERMS.abstract`` / ``citation_abstract`` fill the abstract (for a quote: the quoted
      words and who said them), ``DC.rights`` the rights.
    """
    names = _names(record)
    dated = "issued" in record  # (a comparison is not: Zotero then dates it by the save)
    tags = [
        ("DC.title", record["title"]),
        *(("DC.creator", name) for name in names),
        *([("DC.date", _iso_date(record))] if dated else []),
        ("DC.language", record["language"]),
        ("DC.identifier", record["URL"]),
    ]
    if rights:
        tags.append(("DC.rights", rights))
    if record.get("abstract"):
        tags.append(("DCTERMS.abstract", record["abstract"]))
    if record["type"] == "article-newspaper":
        return [
            *tags,
            ("DC.type", "newspaperArticle"),
            ("DC.source", record.get("container-title", "")),
        ]
    if record["type"] == "treaty":
        # Zotero's "Statute", its parties the authors: no publisher, and no report
        # institution tag, which made it a report by the first party ("Government of Japan");
        # a report's type needs that tag here, while the downloads can leave it out.
        tags.append(("DC.type", "statute"))
        report = []
    else:
        institution = record.get("publisher") or (names[0] if names else ARCHIVE_NAME)
        tags.append(("DC.publisher", institution))
        if record.get("genre"):
            tags.append(("DC.type", record["genre"]))
        report = [("citation_technical_report_institution", institution)]
    date = _iso_date(record).replace("-", "/") if dated else None
    highwire = [
        ("citation_title", record["title"]),
        *(("citation_author", zotero_creator(name)) for name in names),
        *([("citation_date", date), ("citation_publication_date", date)] if dated else []),
        *report,
        ("citation_language", record["language"]),
        ("citation_public_url", record["URL"]),
        ("citation_abstract_html_url", record["URL"]),
    ]
    if record.get("abstract"):
        highwire.append(("citation_abstract", record["abstract"]))
    return [*tags, *highwire]


def json_ld(record, *, kind, quote=None, document_url=None, document_title=None):
    """schema.org JSON-LD, safe to put inside <script type="application/ld+json">. A section
    or a quote is part of its document, at the document's URL."""
    names = _names(record)
    work = {
        "@type": SCHEMA_TYPES.get(record["type"], "CreativeWork"),
        "name": record["title"],
        "url": record["URL"],
        "inLanguage": record["language"],
    }
    if "issued" in record:
        work["datePublished"] = _iso_date(record)
    if names:
        work["author"] = [{"@type": "Organization", "name": name} for name in names]
    if record.get("container-title"):
        work["publisher"] = {"@type": "Organization", "name": record["container-title"]}
    elif record.get("publisher"):
        work["publisher"] = {"@type": "Organization", "name": record["publisher"]}
    if record.get("version"):
        work["version"] = record["version"]
    if kind == "quote" and quote is not None:
        data = {
            "@context": "https://schema.org",
            "@type": "Quotation",
            "text": quote.text,
            "creator": {"@type": "Person", "name": speaker(quote)},
            "isPartOf": {**work, "url": document_url or work["url"]},
            "url": record["URL"],
        }
    elif kind == "section":
        data = {
            "@context": "https://schema.org",
            "@type": "CreativeWork",
            "name": record["title"],
            "url": record["URL"],
            "isPartOf": {
                **work,
                "name": document_title or record["title"],
                "url": document_url or work["url"],
            },
        }
    else:
        data = {"@context": "https://schema.org", **work}
    text = json.dumps(data, ensure_ascii=False)
    # Nothing in the data may close the script element.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped


def plain_text(html):
    """The citation as plain text, for the copy button."""
    return unescape(strip_tags(str(html)))


def page_context(record, *, kind, download_url, document, document_url, quote=None):
    """What a page needs for its "Cite this" box, meta tags and JSON-LD. ``document`` is the
    document cited (or holding the section or quote), ``document_url`` its address."""
    ld = json_ld(
        record,
        kind=kind,
        quote=quote,
        document_url=document_url,
        document_title=citation_title(document),
    )
    return {
        "styles": [{**style, "text": plain_text(style["html"])} for style in formatted(record)],
        "meta_tags": meta_tags(record, kind=kind, rights=record.get("license")),
        "json_ld": ld,
        "downloads": [
            {"label": label, "url": download_url(fmt), "format": fmt}
            for fmt, (label, _type, _render) in DOWNLOADS.items()
        ],
        "record": record,
    }


def comparison_record(earlier, later, *, url, accessed, area=None, versions=()):
    """A comparison of two documents, cited as a report the archive made ("Comparison of the
    1997 and 2015 editions of the Guidelines …"), by the archive, at ``url`` (with its
    ``?area=`` when it is filtered to ``area``, which the title names too).

    It has no date of its own: its pairs are computed when it is read, and change when an
    editor corrects them or the alignment improves, with no version to pin them (it was
    dated when its texts were last recorded, 30 November 2026, and showed pairs editors
    made on 3 December). So it is cited as an undated page with the day it was
    ``accessed``, as Chicago, APA and MLA ask of a page that changes; the note says which
    recorded version of each text it compared (``versions``: the current version of
    ``earlier`` and ``later``, or None for a text not recorded), whose pages are permanent."""
    if earlier.series_id and earlier.series_id == later.series_id and earlier.edition_label:
        title = (
            f"Comparison of the {earlier.edition_label} and {later.edition_label} editions"
            f" of the {earlier.series.title}"
        )
    else:
        title = (
            f"Comparison of {earlier} ({earlier.display_date}) and {later} ({later.display_date})"
        )
    key = f"alliance-archive-compare-d{earlier.public_id}-d{later.public_id}"
    if area is not None:
        # The page's own words for the filter ("Summary: sections about Cyberspace").
        title = f"{title}: sections about {area.name}"
        key = f"{key}-{area.slug}"
    record = {
        "id": key,
        "type": "report",
        "title": title,
        # The archive made it: its author and publisher, in every format alike.
        "author": [{"literal": ARCHIVE_NAME}],
        "publisher": ARCHIVE_NAME,
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
        "URL": url,
        "language": "en",
        "genre": "Comparison of documents",
    }
    if len(versions) == 2 and None not in versions:
        # (Not when a text is not recorded: a comparison with a record whose text the
        # archive does not hold compares nothing.)
        compared = " and ".join(
            f"{document} as recorded in version {version.number}"
            f" ({version.recorded_on:%B} {version.recorded_on.day}, {version.recorded_on.year})"
            for document, version in zip((earlier, later), versions, strict=True)
        )
        record["note"] = _sentence(f"Compares {compared}")
    return record
