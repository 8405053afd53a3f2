"""Presenting a comparison (documents/templatetags/comparing.py): a changed text word by word,
side by side for a wide screen and as one text for a phone."""

import re

from documents.compare import word_diff
from documents.templatetags.comparing import diff_markup, word_diff_html

OLD = "Each Government will contribute to activities. Japan will act."
NEW = "The two governments will cooperate closely to activities. Japan will act."


def rendered(parts):
    html = word_diff_html(parts, "1997 Guidelines", "2015 Guidelines")
    earlier = re.search(r'<div class="diff-body diff-earlier">(.*?)</div>', html).group(1)
    later = re.search(r'<div class="diff-body diff-later">(.*?)</div>', html).group(1)
    merged = re.search(r'<div class="diff-body diff-merged">(.*?)</div>', html).group(1)
    return earlier, later, merged


def words(html):
    return re.sub(r"<[^>]+>", "", html)


def test_each_side_reads_as_its_own_text_with_its_changes_marked():
    earlier, later, merged = rendered(word_diff(OLD, NEW))
    assert words(earlier).replace("[−", "").replace("]", "") == "1997 Guidelines: " + OLD
    assert words(later).replace("[+", "").replace("]", "") == "2015 Guidelines: " + NEW
    assert "<del>" in earlier and "<ins>" not in earlier
    assert "<ins>" in later and "<del>" not in later
    # A screen reader hears which text is which; a sighted reader sees it by the columns.
    assert earlier.startswith('<span class="visually-hidden">1997 Guidelines: </span>')


def test_the_one_text_is_the_diff_markup_of_both():
    parts = word_diff(OLD, NEW)
    assert rendered(parts)[2] == diff_markup(parts)
    spaces = [("same", "a"), ("del", " "), ("ins", "  "), ("del", "b"), ("same", "c")]
    earlier, later, merged = rendered(spaces)
    assert merged == diff_markup(spaces)
    assert words(earlier).endswith("a [−b]c") and words(later).endswith("a  c")


def test_every_piece_is_escaped():
    parts = [("same", "A <b> & "), ("del", "<script>"), ("ins", "'x'")]
    earlier, later, merged = rendered(parts)
    assert earlier.endswith(
        'A &lt;b&gt; &amp; <del><span class="diff-mark">[−</span>&lt;script&gt;'
        '<span class="diff-mark">]</span></del>'
    )
    assert "&#x27;x&#x27;" in later and "<script>" not in merged
