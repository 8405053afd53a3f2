from django import template

register = template.Library()


@register.filter
def paragraphs(text):
    """Split plain text into paragraphs at blank lines."""
    if not text:
        return []
    return [
        block.strip("\n") for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()
    ]
