"""docs/api.md's examples, run as written (the archive's address replaced by a live server's):
a documentation example that stops working fails here."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import CooperationAreaFactory, DocumentFactory, QuoteFactory, SectionFactory

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
PUBLIC_ADDRESS = "https://archive.example.org"
BLOCK = re.compile(r"```(sh|python)\n(.*?)```", re.S)


def examples():
    return [(kind, code) for kind, code in BLOCK.findall(DOC.read_text())]


@pytest.fixture
def served(transactional_db, live_server, settings):
    settings.API_THROTTLE_RATE = "100000/minute"
    area = CooperationAreaFactory(slug="cyberspace", name="Cyberspace")
    for number in range(3):
        document = DocumentFactory(slug=f"statement-{number}", areas=[area])
        SectionFactory.create_batch(2, document=document, areas=[area])
        QuoteFactory(document=document)
    return live_server.url


def test_the_page_has_curl_and_python_examples():
    kinds = [kind for kind, _ in examples()]
    assert kinds.count("sh") >= 3 and kinds.count("python") >= 3


@pytest.mark.parametrize("index", range(len(examples())))
def test_example_runs(index, served):
    kind, code = examples()[index]
    assert PUBLIC_ADDRESS in code
    code = code.replace(PUBLIC_ADDRESS, served)
    command = ["sh", "-e", "-c", code] if kind == "sh" else [sys.executable, "-c", code]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), f"example {index} printed nothing"
    assert "Traceback" not in result.stderr
    if "If-None-Match" in code:
        assert result.stdout.strip() == "304"
    if "year_from=soon" in code:
        assert result.stdout.startswith("400 {'year_from'")
    if "/changes/" in code:
        assert '"results"' in result.stdout
