"""Build a synthetic archive for the search benchmark (bench/search.py).

Words are drawn from the real fixtures' vocabulary with their real frequencies, plus a long
tail of rare made-up words (Zipf-distributed, as real corpora have). "cooperation",
"defense" and "japan" occur in most sections, as in the alliance documents. Sections are
40–120 words; about one in six has a heading. Rows go in with COPY on PostgreSQL and
executemany on SQLite, through the archive's real tables, so the search triggers index them
as they would an editor's work.

Never run this against a database you care about: it adds thousands of documents.
"""

import bisect
import datetime
import itertools
import json
import random
import time
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from documents.cache import bump_generation
from documents.models import CooperationArea, Document, DocumentKind, Organization, Section
from search.progress import Progress
from search.query import words_of
from search.vocabulary import replace_vocabulary

COMMON = {"cooperation": 0.72, "defense": 0.68, "japan": 0.75}
SYLLABLES = "ka ri to mo shi na ve lor tan qui zu bel dra fen gor hul ix jem ko".split()  # noqa: SIM905
SLUG_PREFIX = "synthetic-"


def real_vocabulary():
    counts = Counter()
    headings = []
    for path in sorted((settings.ARCHIVE_FIXTURE_DIR / "sections").glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            if item["model"] != "documents.section":  # the files hold their tags too
                continue
            fields = item["fields"]
            counts.update(w for w in words_of(fields["body"]) if w not in COMMON)
            if fields["heading"]:
                headings.append(fields["heading"])
    if not counts:
        raise CommandError("No sections under fixtures/sections/: the vocabulary comes from them.")
    return counts, headings


def rare_words(count, rng):
    words = set()
    while len(words) < count:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 5))))
    return sorted(words)


class Sampler:
    def __init__(self, counts, rare, rng):
        self.rng = rng
        self.words = list(counts)
        self.cumulative = list(itertools.accumulate(counts[w] for w in self.words))
        self.rare = rare
        # Zipf weights for the long tail: the k-th rare word is 1/k as frequent as the first.
        self.rare_cumulative = list(itertools.accumulate(1 / (k + 1) for k in range(len(rare))))

    def body(self):
        rng = self.rng
        length = rng.randint(40, 120)
        words = rng.choices(self.words, cum_weights=self.cumulative, k=length)
        for word, share in COMMON.items():
            if rng.random() < share:
                words[rng.randrange(length)] = word
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            position = bisect.bisect(self.rare_cumulative, rng.random() * self.rare_cumulative[-1])
            words[rng.randrange(length)] = self.rare[min(position, len(self.rare) - 1)]
        return words


class Command(BaseCommand):
    help = "Generate a synthetic archive of N sections for the search benchmark."

    def add_arguments(self, parser):
        parser.add_argument("--sections", type=int, required=True)
        parser.add_argument("--per-document", type=int, default=250)
        parser.add_argument("--rare-words", type=int, default=200_000)
        parser.add_argument("--seed", type=int, default=1960)
        parser.add_argument("--batch", type=int, default=20_000)

    def handle(self, *args, sections, per_document, rare_words, seed, batch, **options):
        if Document.objects.filter(slug__startswith=SLUG_PREFIX).exists():
            raise CommandError("This database already holds a synthetic corpus; use a fresh one.")
        started = time.monotonic()
        rng = random.Random(seed)
        counts, headings = real_vocabulary()
        sampler = Sampler(counts, rare_words_list := rare_words_of(rare_words, rng), rng)
        del rare_words_list
        areas = ensure_areas()
        issuers = ensure_issuers()
        documents = self.create_documents(sections, per_document, rng, areas, issuers)
        vocabulary = Counter()
        bar = Progress(self.stdout, "sections", sections)
        phases = {}

        def phase(name, since):
            phases[name] = time.monotonic() - since
            return time.monotonic()

        with transaction.atomic():
            self.prepare(connection)
            rows = section_rows(documents, sampler, headings, rng, vocabulary)
            since = time.monotonic()
            self.insert(rows, batch=batch, progress=bar.update)
            bar.done()
            since = phase("sections", since)
            self.stdout.write("Tagging sections with areas …")
            tag_sections(areas, documents[0][0])
            since = phase("tags", since)
            self.finish(connection)
            since = phase("indexes", since)
        self.stdout.write("Writing the vocabulary …")
        replace_vocabulary(
            Counter({w: n for w, n in vocabulary.items() if 3 <= len(w) <= 40 and w.isalpha()})
        )
        bump_generation()  # running servers' "did you mean" reads the new vocabulary
        phase("vocabulary", since)
        self.stdout.write(
            "Time spent: "
            + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in phases.items())
        )
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{sections:,} sections in {len(documents):,} documents, {elapsed:.0f} s."
            )
        )

    def create_documents(self, sections, per_document, rng, areas, issuers):
        count = max(1, -(-sections // per_document))
        kinds = DocumentKind.values
        start = datetime.date(1960, 1, 1)
        created = []
        for number in range(count):
            size = min(per_document, sections - number * per_document)
            date = start + datetime.timedelta(days=rng.randrange(365 * 65))
            status = "draft" if number % 20 == 19 else "published"
            created.append(
                Document(
                    slug=f"{SLUG_PREFIX}{number + 1}",
                    kind=rng.choice(kinds),
                    title=f"Synthetic {rng.choice(['report', 'statement', 'review'])} "
                    f"{number + 1} on alliance {rng.choice(['defense', 'security', 'basing'])}",
                    date=date,
                    status=status,
                    public_id=1_000_000 + number,
                )
            )
            created[-1]._size = size
        Document.objects.bulk_create(created, batch_size=2_000)
        documents = list(Document.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk"))
        through_areas = Document.areas.through
        # Reviewed, as the curated archive's tags are: public search counts reviewed tags only.
        now = timezone.now()
        through_issuers = Document.issuers.through
        through_areas.objects.bulk_create(
            [
                through_areas(
                    document_id=d.pk,
                    area_id=rng.choice(areas).pk,
                    status=through_areas.Status.REVIEWED,
                    reviewed_at=now,
                )
                for d in documents
            ],
            batch_size=5_000,
        )
        through_issuers.objects.bulk_create(
            [
                through_issuers(document_id=d.pk, organization_id=rng.choice(issuers).pk)
                for d in documents
            ],
            batch_size=5_000,
        )
        sizes = {f"{SLUG_PREFIX}{i + 1}": d._size for i, d in enumerate(created)}
        return [(d.pk, sizes[d.slug]) for d in documents]

    # --- bulk insert, per database ---------------------------------------------------------

    def prepare(self, connection):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
                # The GIN indexes are built once at the end: far faster than row by row.
                cursor.execute("DROP INDEX IF EXISTS search_entry_vector")
                cursor.execute("DROP INDEX IF EXISTS search_entry_title_vector")
                cursor.execute("DROP INDEX IF EXISTS search_entry_phrase_vector")
                cursor.execute("DROP INDEX IF EXISTS search_entry_areas")

    def finish(self, connection):
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
                cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
                cursor.execute(
                    "INSERT INTO search_fts_words (search_fts_words) VALUES ('optimize')"
                )
        if connection.vendor == "postgresql":
            self.stdout.write("Building the GIN indexes …")
            with connection.cursor() as cursor:
                cursor.execute(
                    "CREATE INDEX search_entry_vector ON search_entry USING gin (vector)"
                )
                cursor.execute(
                    "CREATE INDEX search_entry_title_vector ON search_entry "
                    "USING gin (title_vector)"
                )
                cursor.execute(
                    "CREATE INDEX search_entry_phrase_vector ON search_entry "
                    "USING gin (phrase_vector)"
                )
                cursor.execute("CREATE INDEX search_entry_areas ON search_entry USING gin (areas)")
                cursor.execute("ANALYZE")

    def insert(self, rows, *, batch, progress):
        """Write the sections a batch at a time, through the real tables: COPY on
        PostgreSQL, executemany on SQLite. The search triggers index each batch as it goes
        in (on PostgreSQL they are AFTER ROW triggers, which run as each COPY ends, so the
        progress is what the server has indexed).

        Streaming one COPY while a thread made the next rows was tried: PostgreSQL runs
        those triggers only when the statement ends, so nothing overlapped, and a thread
        making one batch while the server indexed the last was slower on this 2-core
        machine shared with other work (60 s against 52-54 s for 40,000 sections)."""
        now = timezone.now().isoformat()
        table = Section._meta.db_table
        columns = (
            'document_id, parent_id, "order", level, label, pinpoint, heading, body, anchor, '
            "created_at, updated_at"
        )
        done = 0
        with connection.cursor() as cursor:
            while part := list(itertools.islice(rows, batch)):
                if connection.vendor == "postgresql":
                    text = "".join(
                        f"{d}\t\\N\t{o}\t0\t{o}.\t{o}\t{h}\t{b}\ts{o}\t{now}\t{now}\n"
                        for d, o, h, b in part
                    )
                    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                        copy.write(text)
                else:
                    cursor.executemany(
                        f"INSERT INTO {table} ({columns}) "
                        "VALUES (%s, NULL, %s, 0, %s, %s, %s, %s, %s, %s, %s)",
                        [(d, o, f"{o}.", str(o), h, b, f"s{o}", now, now) for d, o, h, b in part],
                    )
                done += len(part)
                progress(done)


def section_rows(documents, sampler, headings, rng, vocabulary):
    """(document id, order, heading, body) for every section, counting their words."""
    for document_id, count in documents:
        for order in range(1, count + 1):
            words = sampler.body()
            vocabulary.update(words)
            heading = ""
            if rng.random() < 0.16:
                heading = rng.choice(headings)
                vocabulary.update(words_of(heading))
            yield document_id, order, heading, " ".join(words).capitalize() + "."


def rare_words_of(count, rng):
    return rare_words(count, rng)


def ensure_areas():
    areas = list(CooperationArea.objects.all())
    if areas:
        return areas
    for number in range(6):
        parent = CooperationArea.objects.create(slug=f"area-{number}", name=f"Area {number}")
        for child in range(2):
            CooperationArea.objects.create(
                slug=f"area-{number}-{child}", name=f"Area {number}.{child}", parent=parent
            )
    return list(CooperationArea.objects.all())


def ensure_issuers():
    issuers = list(Organization.objects.all())
    if issuers:
        return issuers
    return [
        Organization.objects.create(slug=f"issuer-{n}", name=f"Issuer {n}") for n in range(1, 6)
    ]


def tag_sections(areas, first_document_id):
    """One synthetic section in seven gets a reviewed area tag, by its id: a cheap,
    deterministic spread (the real sections keep their own tags)."""
    table = Section.areas.through._meta.db_table
    section_table = Section._meta.db_table
    now = timezone.now()
    with connection.cursor() as cursor:
        for index, area in enumerate(areas):
            cursor.execute(
                f"INSERT INTO {table} "
                "(section_id, cooperationarea_id, status, reviewed_at, trigger) "
                f"SELECT id, %s, 'reviewed', %s, '' "
                f"FROM {section_table} WHERE document_id >= %s AND id %% {7 * len(areas)} = %s",
                [area.pk, now, first_document_id, index * 7],
            )
