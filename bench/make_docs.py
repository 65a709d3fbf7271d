"""Post-mortems of a chosen size for the benchmark: the shipped demo with N timeline rows.

    python bench/make_docs.py FOLDER [ROWS ...]

writes FOLDER/timeline-ROWS.toml (canonical TOML) and FOLDER/timeline-ROWS.md (its export).
The rows are deterministic, span several days, carry the four milestones, and mix plain text
with the Markdown and table characters (``*``, ``|``, back-ticks, ``<br>``, newlines) that
real timelines contain.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

SIZES = (200, 10_000, 50_000)

_SYSTEMS = ("pay-gw", "checkout-api", "orders-db", "edge-lb", "auth", "search", "cdn", "queue")
_VERBS = ("alerts on", "restarts", "scales out", "rolls back", "pages on-call for", "drains",
          "fails over", "reports errors from", "recovers", "throttles")
_ACTIONS = ("None", "Tomás checks the dashboards", "Priya opens a bridge call",
            "Sam rolls back deploy `v2.14.3`", "Lena updates the status page",
            "Yuki raises the *rate limit* to 500 req/s", "Runbook step 4 | step 5 skipped",
            "Ticket OPS-1234 filed<br>for follow-up")


def incident_id(rows: int) -> str:
    """The incident ID of the generated document: what the first frame shows."""
    return f"BENCH-{rows}"


def demo_data() -> dict[str, Any]:
    """The shipped demo, as plain TOML data."""
    shipped = resources.files("postmortem.data") / "demo.toml"
    return tomllib.loads(shipped.read_text(encoding="utf-8"))


def document_data(rows: int) -> dict[str, Any]:
    """The demo's content with `rows` generated timeline events."""
    data = demo_data()
    data["title"] = f"Benchmark post-mortem with {rows:,} timeline rows"
    data["incident"]["id"] = incident_id(rows)
    rng = random.Random(rows)
    start = dt.datetime(2026, 3, 14, 0, 0, tzinfo=dt.UTC)
    milestones = {
        rows // 10: "impact_start",
        rows // 5: "detected",
        (rows * 7) // 10: "mitigated",
        (rows * 9) // 10: "resolved",
    }
    timeline = []
    for index in range(rows):
        system = rng.choice(_SYSTEMS)
        event = f"{system} {rng.choice(_VERBS)} {rng.choice(_SYSTEMS)} (step {index})"
        if index % 7 == 0:
            event += " — error rate **12%**"
        if index % 31 == 0:
            event += "\nsecond line of detail"
        row: dict[str, Any] = {
            "time": start + dt.timedelta(minutes=index),
            "event": event,
            "actions": rng.choice(_ACTIONS),
        }
        if index in milestones:
            row["milestone"] = milestones[index]
        timeline.append(row)
    data["timeline"] = timeline
    for stated in data.get("stated_times", {}).values():
        stated["value"] = ""
        stated["note"] = ""
    return data


def make_document(folder: Path, rows: int) -> tuple[Path, Path]:
    """Write the TOML and Markdown files of a `rows`-row document; return their paths."""
    from postmortem.document.model import Document
    from postmortem.markdown.export import export_markdown
    from postmortem.storage.toml_file import save, write_atomic

    document = Document.model_validate(document_data(rows))
    toml_path = folder / f"timeline-{rows}.toml"
    md_path = folder / f"timeline-{rows}.md"
    save(document, toml_path)
    write_atomic(md_path, export_markdown(document))
    return toml_path, md_path


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(argv[0])
    folder.mkdir(parents=True, exist_ok=True)
    for rows in [int(arg) for arg in argv[1:]] or SIZES:
        for path in make_document(folder, rows):
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
