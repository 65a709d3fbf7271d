"""A link typed as one line: `Label https://…`, `[Label](https://…)`, or a bare URL.

The Supporting Information lists take a link as one line and show it as one line to edit;
the document keeps it as a label and a URL (model.Link). A bare URL takes its label from the
page's path.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlparse

from postmortem.document.model import Link
from postmortem.document.review.links import url_problem

MARKDOWN_LINK = re.compile(r"\[(?P<label>[^\]]*)\]\((?P<url>[^()\s]*)\)")
FORMS = "Label https://…, [Label](https://…) or a bare URL"


class LinkLineError(ValueError):
    """The line does not hold a usable link; the message says why, for a person."""


def parse_link_line(text: str) -> Link:
    """The link a typed line means; LinkLineError says what is wrong with it."""
    line = text.strip()
    label, url = _split(line)
    if not url:
        raise LinkLineError(f"a link needs a URL: type {FORMS}")
    problem = url_problem(url)
    if problem is not None:
        raise LinkLineError(problem)
    return Link(label=label or label_from_path(url), url=url)


def _split(line: str) -> tuple[str, str]:
    """(label, url) as typed; the URL is the line's last word when it has a scheme."""
    markdown = MARKDOWN_LINK.fullmatch(line)
    if markdown is not None:
        return markdown["label"].strip(), markdown["url"]
    label, _, last = line.rpartition(" ")
    if "://" in last:
        return label.strip(), last
    return line, ""


def label_from_path(url: str) -> str:
    """A label for a bare URL: the last part of its path, words apart ("checkout latency"
    from …/d/x1/checkout-latency), or its host when the path is empty."""
    parsed = urlparse(url)
    parts = [unquote(part) for part in parsed.path.split("/") if part.strip()]
    if not parts:
        return parsed.netloc
    words = re.sub(r"[-_+]+", " ", parts[-1]).strip()
    return words or parsed.netloc


def link_line(link: Link) -> str:
    """The one line a link is shown and edited as; parse_link_line reads it back."""
    if not link.label:
        return link.url
    if not link.url:
        return link.label
    return f"{link.label} {link.url}"
