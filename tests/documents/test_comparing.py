"""Presenting a comparison (documents/templatetags/comparing.py): a changed text word by word,
side by side for a wide screen and as one text for a phone."""

import re

from documents.compare import word_diff
from documents.templatetags.comparing import diff_markup, diff_side

OLD = "Each Government will contribute to activities. Japan will act."
NEW = "The two governments will cooperate closely to activities. Japan will act."


def words(html):
    return re.sub(r"<[^>]+>", "", html)


def test_each_side_reads_as_its_own_text_with_its_changes_marked():
    parts = word_diff(OLD, NEW)
    earlier, later = diff_side(parts, "del"), diff_side(parts, "ins")
    assert words(earlier).replace("[−", "").replace("]", "") == OLD
    assert words(later).replace("[+", "").replace("]", "") == NEW
    assert "<del>" in earlier and "<ins>" not in earlier
    assert "<ins>" in later and "<del>" not in later
    # The same words as the one-text diff, where both are marked.
    merged = diff_markup(parts)
    assert "<del>" in merged and "<ins>" in merged


def test_a_side_escapes_the_text():
    parts = [("same", "A <b> & "), ("del", "<script>"), ("ins", "'x'")]
    assert diff_side(parts, "del") == (
        'A &lt;b&gt; &amp; <del><span class="diff-mark">[−</span>&lt;script&gt;'
        '<span class="diff-mark">]</span></del>'
    )
    assert diff_side(parts, "ins").startswith("A &lt;b&gt; &amp; <ins>")
