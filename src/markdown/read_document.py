"""The engine of the Markdown import: the document split at its headings into parts, each part
read as the standard lays it out (labels, free text, lists, tables, 5 Whys), and every line
that fits no field kept, verbatim, as extra text after the part it followed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from postmortem.document.outline import Body
from postmortem.document.text import (
    EMPTY_MARKER,
    is_empty_block,
    normalize_block,
    read_placeholder,
)
from postmortem.markdown.blocks import (
    Block,
    Check,
    Source,
    heading_text,
    labelled_lines,
    list_items,
    preview,
)
from postmortem.markdown.export import (
    EXTRA_SEPARATOR,
    LABEL_PARAGRAPHS,
    absorbs,
    read_label_values,
    strip_separators,
)
from postmortem.markdown.read_tables import TableReader
from postmortem.markdown.read_values import (
    FALLBACK,
    LABELS,
    label_spec,
    read_link,
    section,
    title_text,
    why_label,
)
from postmortem.markdown.report import ImportReport


@dataclass
class _Region:
    """The body of one heading: where its extra text is kept, how it is read, its lines."""

    anchor: str
    kind: Body | None  # None: an unknown heading, kept whole as extra
    start: int  # the first line of its body (of an unknown heading: the heading itself)
    heading: int  # the line of its heading
    end: int = 0
    blocks: list[Block] = field(default_factory=list)


def _is_marker(block: Block) -> bool:
    return block.kind == "paragraph" and block.inline().strip() == EMPTY_MARKER


def _is_placeholder(block: Block) -> bool:
    return block.kind == "paragraph" and not read_placeholder(block.inline().strip())


def _lines(block: Block) -> set[int]:
    return set(range(block.start, block.end))


class MarkdownReader:
    """Reads one Markdown source into the data of a Document (read()) and a report."""

    def __init__(self, text: str, check: Check | None = None) -> None:
        self.source = source = Source(text, check)
        self.data: dict[str, Any] = {}
        self.report = ImportReport()
        self.seen: set[str] = set()  # labels read, each only once
        self.present: set[str] = {"title"}
        self.extras: dict[str, list[tuple[int, str]]] = {}  # part -> (line, text)
        self.prefixed_title = False
        self.tables = TableReader(source, self.report)

    def evidence(self) -> int:
        return len(self.report.sections) + len(self.seen) + 2 * self.prefixed_title

    def read(self) -> dict[str, Any]:
        for region in self._regions():
            self._read(region)
        incident = self.data.get("incident", {})
        events, actions, kept = self.tables.finish(incident.get("date"))
        if events:
            self.data["timeline"] = events
        if actions:
            self.data["action_items"] = actions
        for anchor, line, text in kept:
            self._add_extra(anchor, line, text)
        self.data["extras"] = [
            {"after": anchor, "markdown": "\n\n".join(text for _, text in sorted(pieces))}
            for anchor, pieces in self.extras.items()
        ]
        return self.data

    # --- regions -----------------------------------------------------------------------------

    def _regions(self) -> list[_Region]:
        headings = [b for b in self.source.blocks if b.kind == "heading" and b.level <= 3]
        title = headings[0] if headings and self._is_title(headings[0]) else None
        known: dict[int, tuple[str, Body]] = {}  # heading line -> its part and kind
        for heading in headings:
            found = section(heading_text(heading)) if heading is not title else None
            if found is not None and found[0] not in self.present:
                self.present.add(found[0])
                self.report.sections.append(heading_text(heading))
                self.report.lines[found[0]] = heading.start + 1
                known[heading.start] = found
        regions = [_Region("title", Body.LABELS, 0, 0)]
        for block in self.source.blocks:
            if block is title:
                self._read_title(block)
                self.report.lines["title"] = block.start + 1
            elif block.kind == "heading" and block.level <= 3:
                regions.append(self._region(block, known.get(block.start), regions[-1].anchor))
            else:
                regions[-1].blocks.append(block)
        for region, following in zip(regions, regions[1:], strict=False):
            region.end = following.heading
        regions[-1].end = len(self.source.lines)
        return regions

    def _region(self, heading: Block, found: tuple[str, Body] | None, previous: str) -> _Region:
        if found is None:  # an unknown heading: kept whole, after the part before it
            return _Region(previous, None, heading.start, heading.start, blocks=[heading])
        anchor, kind = found
        if anchor == "root_cause" and "root_cause.what_happened" not in self.present:
            anchor, kind = "root_cause.what_happened", Body.TEXT
        return _Region(anchor, kind, heading.end, heading.start)

    def _is_title(self, heading: Block) -> bool:
        text = heading_text(heading)
        return title_text(text)[1] or (heading.level <= 2 and section(text) is None)

    def _read_title(self, heading: Block) -> None:
        if heading.tokens[0].markup.startswith("#"):
            raw = self.source.lines[heading.start].lstrip(" ")[heading.level:].strip()
        else:
            raw = heading.inline()
        title, self.prefixed_title = title_text(raw)
        self.data["title"] = read_placeholder(title)

    def _read(self, region: _Region) -> None:
        if region.kind is Body.TEXT:
            text = normalize_block(self.source.slice(region.start, region.end))
            self._set(region.anchor, read_placeholder(text))
            return
        extra: set[int] = set()
        if region.kind is None:
            extra = {line for block in region.blocks for line in _lines(block)}
        elif region.kind in (Body.LIST, Body.LINKS):
            extra = self._listed(region)
        elif region.kind is Body.TIMELINE or region.kind is Body.ACTIONS:
            extra = self._tabled(region, region.kind)
        elif region.kind is Body.WHYS:
            extra = self._whys(region)
        else:
            for block in region.blocks:
                extra |= self._labels_in(block, region.anchor)
        self._keep(region, extra)

    # --- labelled lines ------------------------------------------------------------------------

    def _labels_in(self, block: Block, anchor: str) -> set[int]:
        """Read the labels this part takes from a paragraph or list; the lines left over."""

        def lookup(name: str) -> str | None:
            found = label_spec(name)
            if found is None or found[0] in self.seen or self._home(found[1].home) != anchor:
                return None
            return found[0]

        found, extra = labelled_lines(self.source, block, lookup)
        labels = [LABELS[key].label for key, _, _ in found]
        written = [value for _, value, _ in found]
        if block.kind == "paragraph" and tuple(labels) in LABEL_PARAGRAPHS:
            values = read_label_values(labels, written)  # as the export writes these paragraphs
        else:
            values = [read_placeholder(value) for value in written]
        for (key, _, lines), value in zip(found, values, strict=True):
            self.seen.add(key)
            spec = LABELS[key]
            self.report.lines[spec.path] = lines[0] + 1
            try:
                self._set(spec.path, spec.read(value))
            except ValueError as error:
                extra |= set(lines)
                self._unreadable(lines[0], str(error))
        return extra

    def _home(self, home: str) -> str | None:
        """Where a label is read: under its own heading, or where that heading's missing part
        falls back to."""
        while home not in self.present:
            if home not in FALLBACK:
                return None
            home = FALLBACK[home]
        return home

    # --- lists, tables, 5 whys ---------------------------------------------------------------

    def _listed(self, region: _Region) -> set[int]:
        extra: set[int] = set()
        done = False
        for block in region.blocks:
            if not done and _is_marker(block):
                done = True
            elif not done and _is_placeholder(block):
                continue
            elif not done and block.kind in ("bullet_list", "ordered_list"):
                done = True
                extra |= self._items(region, block)
            else:
                extra |= _lines(block)
        if not done and extra and region.kind is Body.LIST:  # free text where a list belongs
            text = normalize_block(self.source.slice(region.start, region.end))
            self._set(region.anchor, [read_placeholder(text)])
            return set()
        return extra

    def _items(self, region: _Region, block: Block) -> set[int]:
        items = list_items(self.source, block)
        if region.kind is Body.LIST:
            kept = [item for item in items if read_placeholder(item.text)]
            self._number(region.anchor, [item.start for item in kept])
            self._set(region.anchor, [read_placeholder(item.text) for item in items])
            return set()
        links, extra, starts = [], set(), []
        for item in items:
            link = read_link(item.text)
            if link is not None:
                links.append({"label": link[0], "url": link[1]})
                starts.append(item.start)
            elif read_placeholder(item.text):
                extra |= set(range(item.start, item.end))
        self._number(region.anchor, starts)
        self._set(region.anchor, links)
        return extra

    def _number(self, path: str, starts: list[int]) -> None:
        """Keep the line of each item of the list at path (its index in the model)."""
        for index, start in enumerate(starts):
            self.report.lines[f"{path}.{index}"] = start + 1

    def _tabled(self, region: _Region, kind: Body) -> set[int]:
        extra: set[int] = set()
        done = expect_marker = False
        for block in region.blocks:
            after_table, expect_marker = expect_marker, False
            if after_table and _is_marker(block):
                continue
            if not done and block.kind == "table":
                rows = self.tables.read(block, kind, region.anchor)
                if rows is not None:
                    done, expect_marker = True, rows == 0
                    continue
            extra |= self._labels_in(block, region.anchor)
        return extra

    def _whys(self, region: _Region) -> set[int]:
        extra: set[int] = set()
        done = False
        for block in region.blocks:
            if not done and _is_marker(block):
                done = True
            elif not done and block.kind in ("ordered_list", "bullet_list"):
                done = True
                extra |= self._steps(block)
            else:
                extra |= self._labels_in(block, region.anchor)
        return extra

    def _steps(self, block: Block) -> set[int]:
        steps, extra, starts = [], set(), []
        for item in list_items(self.source, block):
            starts.append(item.start)
            sub = Source(item.text)
            step: dict[str, str] = {}
            taken: set[str] = set()
            for inner in sub.blocks:
                found, left = labelled_lines(sub, inner, why_label, taken)
                step.update((key, read_placeholder(value)) for key, value, _ in found)
                extra |= {item.source_line(line) for line in left}
            if not taken:
                step = {"why": read_placeholder(item.text)}
                extra -= set(range(item.start, item.end))
            steps.append(step)
        self._number("five_whys.steps", [start for start, step in zip(starts, steps, strict=True)
                                         if any(step.values())])
        self._set("five_whys.steps", steps)
        return extra

    # --- extras ------------------------------------------------------------------------------

    def _keep(self, region: _Region, extra: set[int]) -> None:
        """Keep the extra lines as text: each run of them (blank lines inside included) is one
        piece, verbatim."""
        runs: list[tuple[int, int]] = []
        first = last = -1
        for line in range(region.start, region.end):
            if line in extra:
                first = line if first < 0 else first
                last = line
            elif not self.source.is_blank(line) and first >= 0:
                runs.append((first, last + 1))
                first = -1
        if first >= 0:
            runs.append((first, last + 1))
        for index, (start, end) in enumerate(runs):
            text = self.source.slice(start, end)
            if index == 0:
                text = self._unseparated(self.source.slice(region.start, start), text)
            self._add_extra(region.anchor, start, text)

    def _unseparated(self, body: str, text: str) -> str:
        """Drop the separator the exporter put before extra text that would otherwise have run
        on into the list above it."""
        head = EXTRA_SEPARATOR + "\n\n"
        if not text.startswith(head):
            return text
        rest = text[len(head):]
        return rest if absorbs(body, strip_separators(rest)) else text

    def _add_extra(self, anchor: str, line: int, text: str) -> None:
        if is_empty_block(text):
            return
        self.extras.setdefault(anchor, []).append((line, text))
        self.report.extras.append((line + 1, anchor, preview(text)))

    def _unreadable(self, line: int, why: str) -> None:
        self.report.unreadable.append((line + 1, preview(self.source.lines[line]), why))

    def _set(self, path: str, value: Any) -> None:
        *parents, name = path.split(".")
        target = self.data
        for parent in parents:
            target = target.setdefault(parent, {})
        target[name] = value

