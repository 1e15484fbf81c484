"""Descriptions as directories publish them: HTML to plain text, inline images out, a stated length limit.

Placecube's directories (and many others) publish service descriptions as
HTML; a navigator reads them as text on a phone or in a plan, so they are
converted with inscriptis (a maintained HTML-to-text converter that keeps the
layout: paragraphs and ``<br>`` as line breaks, lists as bullets, links as
``[text](url)``), and the HTML as given is kept beside the text
(``lw:descriptionHtml``). An image pasted into a description arrives as a
``data:`` URI that can run to megabytes; it carries nothing a navigator can
read and is dropped, with a warning naming the record. Text left longer than
:data:`~linkwork.loaders.values.MAX_TEXT` characters is refused by
:func:`~linkwork.loaders.values.parse_text`, never cut.

>>> t = rich_text('<p>Drop in <b>Mondays</b>.<br>Call <a href="https://example.org/x">our line</a>.</p>')
>>> t.text
'Drop in Mondays.\\nCall [our line](https://example.org/x).'
>>> t.html is not None, t.images
(True, 0)
>>> rich_text("Plain words, 3 < 4 & so on.").html is None
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["RichText", "rich_text", "looks_like_html", "read_text_as_published"]

#: A tag HTML descriptions use, or a character reference: text without one is read as plain text
#: (so "3 < 4 & so on" is not HTML).
_HTML = re.compile(
    r"</?(?:p|br|div|span|a|b|i|u|em|strong|ul|ol|li|h[1-6]|img|table|tr|td|th|tbody|thead|hr|font|"
    r"blockquote|pre|section|article|small|sup|sub|address|dl|dt|dd|figure|picture)\b[^>]*>"
    r"|&(?:[a-zA-Z]{2,8}|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});",
    re.IGNORECASE,
)
#: An image given inline as a ``data:`` URI: an ``<img>`` tag, a Markdown image, or the bare URI.
_INLINE_IMAGE = re.compile(
    r"<img\b[^>]*?\bsrc\s*=\s*[\"']?\s*data:[^>]*>"
    r"|!\[[^\]]*\]\(\s*data:[^)]*\)"
    r"|data:image/[a-zA-Z0-9.+-]+(?:;[a-zA-Z0-9=.+-]+)*;base64,[A-Za-z0-9+/=\s]+",
    re.IGNORECASE,
)
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


@dataclass(frozen=True)
class RichText:
    """A description as plain text, the HTML it came from (None if it was plain), and how many
    inline images were dropped from it."""

    text: str
    html: str | None = None
    images: int = 0


def looks_like_html(value: str) -> bool:
    """Whether text carries HTML tags or character references.

    >>> looks_like_html("<p>Hi</p>"), looks_like_html("Fish &amp; chips"), looks_like_html("a <b")
    (True, True, False)
    """
    return _HTML.search(value) is not None


def rich_text(value: str) -> RichText:
    """``value`` as plain text: inline images dropped, HTML converted (the original kept in ``html``).

    >>> rich_text('Map: <img src="data:image/png;base64,iVBORw0KGgo="> here').images
    1
    >>> rich_text("<ul><li>one</li><li>two</li></ul>").text
    '* one\\n  * two'
    """
    images = 0

    def drop(_m: re.Match) -> str:
        nonlocal images
        images += 1
        return ""

    text = _INLINE_IMAGE.sub(drop, value)
    if not looks_like_html(text):
        return RichText(text.strip(), None, images)
    from inscriptis import get_text
    from inscriptis.css_profiles import CSS_PROFILES
    from inscriptis.model.config import ParserConfig

    plain = get_text(text, ParserConfig(css=CSS_PROFILES["strict"], display_links=True))
    plain = "\n".join(line.rstrip() for line in plain.splitlines())
    plain = _BLANK_LINES.sub("\n\n", plain).strip()
    return RichText(plain, text, images)


def read_text_as_published(rec, value: object, where: str | None, fld: str) -> tuple[object, str | None]:
    """``value`` as plain text for a loader's ``Records`` (``rec``), and the HTML it came in (or None):
    dropped images are a warning naming the record; converted HTML is counted in ``rec.notes`` where
    the loader keeps one warning per source for it (Open Referral), else a warning naming the record.
    Anything but text is returned as it is, for the loader's own reader to refuse."""
    if not isinstance(value, str):
        return value, None
    t = rich_text(value)
    if t.images:
        rec.warn(where, fld, f"{t.images} inline image{'s' if t.images != 1 else ''} (data: URI) dropped from the "
                 "text: a navigator cannot read an image in a plan")
    if t.html is not None:
        notes = getattr(rec, "notes", None)
        if notes is not None:
            notes.note("html", where or "/")
        else:
            rec.warn(where, fld, "HTML read as plain text (line breaks and links kept)")
    return t.text, t.html
