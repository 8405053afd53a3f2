"""What Zotero saves from a page: a small Python re-implementation, for tests only, of the
rules of Zotero's *Embedded Metadata* translator (zotero/translators, "Embedded Metadata.js")
and of the RDF translator it hands Dublin Core to ("RDF.js"), with Zotero's
``ZU.cleanAuthor`` and ``itemToAPIJSON``'s creator rule. Only what the archive's pages use is
re-implemented; each rule names the code it follows."""

import re
from html.parser import HTMLParser

# Embedded Metadata.js, init(): a citation_* tag that fixes the item type (hwType), which
# "swaps in" over any type found from Dublin Core; citation_title alone is only a guess.
HW_TYPES = {
    "citation_journal_title": "journalArticle",
    "citation_technical_report_institution": "report",
    "citation_conference_title": "conferencePaper",
    "citation_conference": "conferencePaper",
    "citation_book_title": "bookSection",
    "citation_inbook_title": "bookSection",
    "citation_dissertation_institution": "thesis",
}
# Embedded Metadata.js, HIGHWIRE_MAPPINGS (the ones our pages use); applied after the RDF
# import, so they win.
HIGHWIRE_FIELDS = {
    "citation_title": "title",
    "citation_publication_date": "date",
    "citation_date": "date",
    "citation_journal_title": "publicationTitle",
    "citation_technical_report_institution": "institution",
    "citation_technical_report_number": "number",
    "citation_publisher": "publisher",
    "citation_abstract": "abstractNote",
    "citation_public_url": "url",
    "citation_language": "language",
}
# RDF.js, detectType(): dc:type naming a Zotero item type sets it (ZU.itemTypeExists).
ZOTERO_TYPES = {
    "report",
    "newspaperArticle",
    "magazineArticle",
    "journalArticle",
    "webpage",
    "book",
    "bookSection",
    "statute",
}
# Zotero's schema: the fields an item type keeps (others are dropped on save).
TYPE_FIELDS = {
    "report": {
        "title", "abstractNote", "reportNumber", "reportType", "seriesTitle", "place",
        "institution", "date", "pages", "language", "shortTitle", "url", "archive",
        "archiveLocation", "rights", "extra",
    },
    "newspaperArticle": {
        "title", "abstractNote", "publicationTitle", "place", "edition", "date", "section",
        "pages", "language", "shortTitle", "ISSN", "url", "archive", "archiveLocation",
        "rights", "extra",
    },
    "webpage": {
        "title", "abstractNote", "websiteTitle", "websiteType", "date", "shortTitle", "url",
        "language", "rights", "extra",
    },
    "journalArticle": {
        "title", "abstractNote", "publicationTitle", "date", "language", "url", "rights",
        "pages", "extra",
    },
    # Its title and date are the base fields' nameOfAct and dateEnacted (renamed below).
    "statute": {
        "nameOfAct", "abstractNote", "code", "codeNumber", "publicLawNumber", "dateEnacted",
        "pages", "section", "session", "history", "language", "shortTitle", "url", "rights",
        "extra",
    },
}  # fmt: skip
# Zotero's base-field mapping: a type's own name for a base field.
BASE_FIELDS = {"statute": {"title": "nameOfAct", "date": "dateEnacted"}}


def clean_author(author, use_comma):
    """ZU.cleanAuthor (zotero/utilities): strip outer punctuation; with a comma, space the
    first period followed by a non-space ("U.S." → "U. S.") and split "Last, First"; without,
    split at the last space."""
    author = re.sub(r"^[\s\u00a0.,/\[\]:]+", "", author)
    author = re.sub(r"[\s\u00a0.,/\[\]:]+$", "", author)
    author = re.sub(r"[\s\u00a0]+", " ", author, count=1)
    if use_comma:
        author = re.sub(r"\.([^ ])", r". \1", author, count=1)
        names = re.split(r"[,،] ?", author)
        if len(names) > 1:
            return {"lastName": names[0], "firstName": names[1]}
        return {"lastName": author, "firstName": ""}
    space = author.rfind(" ")
    return {"lastName": author[space + 1 :], "firstName": author[:space] if space > 0 else ""}


def api_creator(creator):
    """itemToAPIJSON: a creator without a first name is saved in single-field mode."""
    if not creator["firstName"]:
        return {"name": creator["lastName"], "creatorType": "author"}
    return {**creator, "creatorType": "author"}


class _Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta = []
        self.canonical = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("name") or attrs.get("property")) and attrs.get("content"):
            self.meta.append((attrs.get("name") or attrs["property"], attrs["content"]))
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs.get("href")


def _first(meta, *names):
    for name in names:
        for key, value in meta:
            if key.lower() == name.lower():
                return value
    return None


def save(html, url):
    """The item Zotero saves from ``html`` (at ``url``), as API JSON."""
    parser = _Meta()
    parser.feed(html)
    meta = parser.meta
    names = [name for name, _ in meta]
    hw_type = next((HW_TYPES[n] for n in reversed(names) if n in HW_TYPES), None)
    hw_guess = "journalArticle" if "citation_title" in names else None
    dc_type = _first(meta, "DC.type")
    has_rdf = any(n.split(".")[0].lower() in ("dc", "dcterms", "og") for n in names)
    # init(): the hwType wins; else RDF.detectType (dc:type naming a Zotero type), else the
    # highwire guess, else webpage when there is any RDF data.
    item_type = hw_type or (dc_type if dc_type in ZOTERO_TYPES else None)
    item_type = item_type or hw_guess or ("webpage" if has_rdf else None)
    item = {"itemType": item_type}
    # RDF.js importItem()
    item["title"] = _first(meta, "DC.title", "DCTERMS.title", "og:title")
    item["publicationTitle"] = _first(meta, "DC.source", "DCTERMS.source")
    item["rights"] = _first(meta, "DC.rights", "DCTERMS.rights")
    publisher = _first(meta, "DC.publisher", "DCTERMS.publisher")
    item["publisher"] = item["institution"] = publisher
    item["date"] = _first(meta, "DC.date", "DCTERMS.date")
    item["archiveLocation"] = _first(meta, "DC.coverage", "DCTERMS.coverage")
    item["abstractNote"] = _first(meta, "og:description", "DCTERMS.abstract")
    item["reportType"] = dc_type
    item["section"] = _first(meta, "article:section")
    rdf_creators = [
        clean_author(v, "," in v) for k, v in meta if k.lower() in ("dc.creator", "dcterms.creator")
    ]
    # addHighwireMetadata(): highwire fields and creators win over RDF's.
    for key, field in HIGHWIRE_FIELDS.items():
        value = _first(meta, key)
        if value and value.strip():
            item[field] = " ".join(value.split())
    author_nodes = [v for k, v in meta if k.endswith("citation_author")]
    creators = []
    for node in author_nodes:
        parts = re.split(r"\s*;\s*", node)
        if len(parts) == 1 and len(author_nodes) == 1:
            by_comma = re.split(r"\s*,\s*", parts[0])
            if len(by_comma) > 1 and " " in by_comma[0] and " " in by_comma[1]:
                parts = by_comma
        for part in parts:
            part = part.strip()
            if part and re.search(r"[^\s,\-.;]", part):
                creators.append(clean_author(part, "," in part))
    creators = creators or rdf_creators
    item["creators"] = [api_creator(c) for c in creators]
    if not item.get("url"):
        item["url"] = _first(meta, "citation_abstract_html_url") or parser.canonical or url
    if item_type == "report":
        item["reportNumber"] = item.pop("number", None)
    for base, own in BASE_FIELDS.get(item_type, {}).items():
        item[own] = item.pop(base, None)
    keep = TYPE_FIELDS.get(item_type, set())
    return {k: v for k, v in item.items() if k in ("itemType", "creators") or (k in keep and v)}
