"""The Atom feeds are written by the archive's own XML writer: the same bytes as Django's
feed generator writes, for any text."""

import datetime
import io

import pytest
from django.test import RequestFactory
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.xmlutils import UnserializableContentError
from hypothesis import given, settings
from hypothesis import strategies as st

from documents.feeds import AreaDocumentsFeed, JoinedAtom1Feed, LatestDocumentsFeed
from documents.models import CooperationArea
from tests.factories import DocumentFactory

# Text XML 1.0 allows (Django refuses the C0 controls but tab, newline and return).
xml_text = st.text(
    st.characters(
        exclude_categories=("Cs",),
        exclude_characters=[chr(c) for c in range(32) if chr(c) not in "\t\n\r"],
    ),
    max_size=40,
)
maybe = st.none() | xml_text
moment = st.datetimes(min_value=datetime.datetime(1950, 1, 1), timezones=st.just(datetime.UTC))


def feed_of(feed_class, feed_args, items):
    feed = feed_class(**feed_args)
    for item in items:
        feed.add_item(**item)
    latest = feed.latest_post_date()  # now, for a feed without dates: read once
    feed.latest_post_date = lambda: latest
    return feed


def written(feed, write):
    out = io.StringIO()
    write(feed, out, "utf-8")
    return out.getvalue()


def both(feed_args, items):
    """One feed written by ours and by Django's."""
    feed = feed_of(JoinedAtom1Feed, feed_args, items)
    ours = written(feed, JoinedAtom1Feed.write)
    assert ours == written(feed, Atom1Feed.write)
    return ours


@settings(max_examples=150, deadline=None)
@given(
    feed=st.fixed_dictionaries(
        {"title": xml_text, "link": xml_text, "description": xml_text},
        optional={
            "language": maybe,
            "subtitle": maybe,
            "author_name": maybe,
            "author_email": maybe,
            "author_link": maybe,
            "feed_url": maybe,
            "feed_copyright": maybe,
            "categories": st.lists(xml_text, max_size=3),
        },
    ),
    items=st.lists(
        st.fixed_dictionaries(
            {"title": xml_text, "link": xml_text, "description": maybe},
            optional={
                "pubdate": st.none() | moment,
                "updateddate": st.none() | moment,
                "unique_id": maybe,
                "author_name": maybe,
                "author_email": maybe,
                "categories": st.lists(xml_text, max_size=3),
                "item_copyright": maybe,
            },
        ),
        max_size=4,
    ),
)
def test_any_feed_is_written_as_django_writes_it(feed, items):
    both(feed, items)


def test_the_awkward_cases_are_written_as_django_writes_them():
    text = both(
        {
            "title": "",  # an empty element: <title/>
            "link": "/a?b=1&c=<2>",
            "description": "d",
            "language": "en",  # xml:lang before xmlns
            "categories": ['say "hi"', "it's", "both \" and '", "tab\there\nnewline\rreturn"],
        },
        [
            {
                "title": "Tom & Jerry <b>",
                "link": "/x/",
                "description": "",
                "enclosures": [Enclosure("/f.pdf", "12", "application/pdf")],
                "pubdate": datetime.datetime(2015, 4, 27, tzinfo=datetime.UTC),
            }
        ],
    )
    assert "<title/>" in text and 'xml:lang="en" xmlns=' in text
    assert '<summary type="html"/>' in text


def test_a_control_character_is_refused_as_django_refuses_it():
    feed = feed_of(JoinedAtom1Feed, {"title": "a\x0bb", "link": "/", "description": ""}, [])
    for write in (Atom1Feed.write, JoinedAtom1Feed.write):
        with pytest.raises(UnserializableContentError):
            written(feed, write)


@pytest.mark.django_db
@pytest.mark.parametrize("feed_class", [LatestDocumentsFeed, AreaDocumentsFeed])
def test_the_archives_feeds_are_djangos_bytes(feed_class):
    area = CooperationArea.objects.create(slug="cyber", name="Cyber & <space>")
    DocumentFactory(title='The "Guidelines" & <more>', summary="It's new.", areas=[area])
    DocumentFactory(title="Another", areas=[area])
    view = feed_class()
    request = RequestFactory().get("/feeds/")
    obj = view.get_object(request, slug="cyber") if feed_class is AreaDocumentsFeed else None
    feed = view.get_feed(obj, request)
    ours = written(feed, JoinedAtom1Feed.write)
    assert ours == written(feed, Atom1Feed.write)
    assert ours.count("<entry>") == 2 and "&amp; &lt;more&gt;" in ours
