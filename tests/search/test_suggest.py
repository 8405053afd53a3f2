"""'Did you mean': the closest word of the vocabulary, the most frequent of the closest, and
the candidates each process keeps until the archive changes."""

import pytest

from documents.cache import bump_generation
from search import suggest
from search.vocabulary import replace_vocabulary

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_candidates():
    suggest.candidates.forget()
    yield
    suggest.candidates.forget()


def vocabulary(**counts):
    from collections import Counter

    replace_vocabulary(Counter(counts))
    bump_generation()


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("planning", "planning", 0),
        ("planing", "planning", 1),
        ("palnning", "planning", 1),  # an adjacent swap counts once
        ("plannign", "planning", 1),
        ("plaming", "planning", 2),
        ("plan", "planning", 3),  # past the limit: limit + 1
    ],
)
def test_edit_distance_counts_a_swap_once(a, b, distance):
    assert suggest.edit_distance(a, b, 2) == min(distance, 3)


def test_a_known_word_gets_nothing_and_a_misspelt_one_its_neighbour():
    vocabulary(cyberspace=40, cooperation=90, planning=30)
    assert suggest.suggest(["cyberspace", "planing", "cooperatoin"]) == {
        "planing": "planning",
        "cooperatoin": "cooperation",
    }


def test_the_closest_wins_then_the_most_frequent():
    vocabulary(alliance=5, allience=1, alliances=500, balance=900)
    # "alliamce" is one edit from "alliance", two from the more frequent "alliances".
    assert suggest.suggest(["alliamce"]) == {"alliamce": "alliance"}
    vocabulary(consult=2, consuls=50, consume=10)
    # Three words one edit from "consulx": the most frequent of them.
    assert suggest.suggest(["consulx"]) == {"consulx": "consuls"}


def test_nothing_within_the_distance_suggests_nothing():
    vocabulary(cyberspace=40)
    assert suggest.suggest(["cyberqqqqq", "zzqxvbn"]) == {}
    assert suggest.suggest(["12345", "ab"]) == {}  # numbers and short words are not checked


def test_only_the_most_frequent_candidates_are_compared(monkeypatch):
    monkeypatch.setattr(suggest, "MAX_CANDIDATES", 2)
    vocabulary(treaty=1, trench=50, trendy=40, tread=30)
    # "treatz" is one edit from "treaty" only, which is not among the two most frequent
    # words of its initial and lengths.
    assert suggest.suggest(["treatz"]) == {}


def test_candidates_are_kept_until_the_archive_changes(django_assert_max_num_queries, settings):
    settings.ARCHIVE_GENERATION_TTL = 60  # as served: the generation is not read each time
    vocabulary(cyberspace=40)
    assert suggest.suggest(["cyberspase"]) == {"cyberspase": "cyberspace"}
    with django_assert_max_num_queries(1):  # which words are known; the candidates kept
        assert suggest.suggest(["cyberspaec"]) == {"cyberspaec": "cyberspace"}
    vocabulary(cyberspace=40, cyberspase=3)  # rebuilt: the change is seen at once
    assert suggest.suggest(["cyberspase"]) == {}
    # Candidates read again: a word only the new vocabulary holds, one edit away.
    assert suggest.suggest(["cyberspasf"]) == {"cyberspasf": "cyberspase"}


def test_ties_go_to_the_first_word_in_code_point_order_on_every_database():
    """One edit from both, as frequent: the old order (Python's), not the database's
    collation (PostgreSQL's en_US sorts "ß" as "ss", before "t")."""
    vocabulary(**{"aßbcd": 1, "atbcd": 1})
    assert suggest.suggest(["axbcd"]) == {"axbcd": "atbcd"}


def test_candidates_of_one_frequency_are_compared_in_code_point_order(monkeypatch):
    """Whatever order the database's collation gives them (here en_US's, as a stub cursor:
    this suite's databases sort by code point, where the two orders agree)."""

    class Cursor:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def execute(self, sql, params):
            pass

        def fetchall(self):
            return [("many", 9), ("aßbcd", 1), ("atbcd", 1)]

    class Connection:
        def cursor(self):
            return Cursor()

    monkeypatch.setattr(suggest, "connection", Connection())
    read = suggest.Candidates().read("a", 3, 7)
    assert [word for word, _ in read] == ["many", "atbcd", "aßbcd"]


def test_ranges_without_words_count_against_the_bound(monkeypatch):
    """Made-up initials find no words; each range kept counts as one, so a stream of them
    cannot fill the memory."""
    monkeypatch.setattr(suggest, "KEPT_WORDS", 5)
    vocabulary(alpha=1)
    for initial in "bcdefghijk":
        suggest.suggest([f"{initial}zzz"])
    kept = suggest.candidates()
    assert len(kept.kept) <= 5
    assert kept.words == len(kept.kept)


def test_the_candidates_kept_are_bounded(monkeypatch):
    monkeypatch.setattr(suggest, "KEPT_WORDS", 3)
    vocabulary(alpha=1, alphb=1, bravo=1, bravp=1, charlie=1, charlif=1)
    for word in ["alphx", "bravx", "charlix"]:
        suggest.suggest([word])
    kept = suggest.candidates()
    assert kept.words <= 3 or len(kept.kept) == 1
    assert kept.words == sum(max(1, len(words)) for words in kept.kept.values())
    assert list(kept.kept)[-1][0] == "c"  # the range used last stays


def test_letters_never_reject_a_word_within_the_distance():
    """The letters' filter only skips words whose letters differ too much for the
    distance, non-ASCII letters included (they may share a bit)."""
    pairs = [("défense", "defense"), ("señor", "senor"), ("über", "uber"), ("naïve", "naive")]
    for a, b in pairs:
        limit = suggest.allowed_distance(a)
        assert suggest.edit_distance(a, b, limit) <= limit
        assert (suggest.letters(a) ^ suggest.letters(b)).bit_count() <= 2 * limit
