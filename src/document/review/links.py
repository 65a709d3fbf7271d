"""Links: each a web address a reader can open, and none given twice."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

from postmortem.document.outline import PART_BY_KEY, value_at
from postmortem.document.review.context import Context
from postmortem.document.review.finding import Level
from postmortem.document.review.rule import Hit, Rule

LINK_LISTS = tuple(part.key for part in PART_BY_KEY["supporting"].subsections)


# A link to one of these by a relative path is a link to another post-mortem beside this one
# (Related Documentation, filled from the shelf); a repository's web view follows it.
POSTMORTEM_FILES = (".toml", ".md", ".markdown")


def url_problem(url: str) -> str | None:
    """Why url is not a usable link, or None when it is: an http(s) URL, or the relative path of
    another post-mortem file."""
    if not url:
        return "the URL is empty"
    parsed = urlparse(url)
    if not parsed.scheme and not parsed.netloc and parsed.path.lower().endswith(POSTMORTEM_FILES):
        return None  # another post-mortem in the same repository, by its relative path
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        return f"not an http(s) URL: {url}"
    return None


def _bad_urls(context: Context) -> Iterator[Hit]:
    for path in LINK_LISTS:
        for index, link in enumerate(value_at(context.document, path)):
            problem = url_problem(link.url)
            if problem:
                yield Hit(f"{path}.{index}.url", f"{link.label or 'link'}: {problem}")


def _same_url(url: str) -> str:
    return url.strip().rstrip("/").lower()


def _repeated(context: Context) -> Iterator[Hit]:
    seen: dict[str, str] = {}
    for path in LINK_LISTS:
        for index, link in enumerate(value_at(context.document, path)):
            key = _same_url(link.url)
            if key and key in seen:
                yield Hit(f"{path}.{index}.url", f"{link.label or link.url} links to the same "
                                                 f"address as {seen[key]}")
            seen.setdefault(key, link.label or link.url)


RULES = (
    Rule("link-url", Level.WARNING, "supporting", None, "every link is an http(s) address",
         "paste the full address, starting https://", _bad_urls),
    Rule("link-duplicate", Level.WARNING, "supporting", None, "no address is linked twice",
         "keep one of the two links", _repeated),
)
