"""A small shelf written by hand for the shelf's tests: TOML post-mortems in the tool's form and
not, a Markdown one, a broken one, and files that are not post-mortems at all."""

from __future__ import annotations

import subprocess
from pathlib import Path

from postmortem.document.model import Document
from postmortem.markdown.export import export_markdown

DISK_FULL = '''# written by hand, not by the app
schema_version = 1
title = "Disk full on orders-db"

[incident]
id = "INC-2026-0101"
date = 2026-01-05
severity = "P2"
commander = "Priya Raman"
technical_lead = "Sam Whitaker"

[impact]
systems_affected = "orders-db, checkout-api"

[root_cause]
what_happened = "Unrotated debug logs filled the disk of orders-db during the sale."
why_it_happened = "Log rotation was disabled by a configuration change."

[[action_items]]
id = "AI-1"
description = "Rotate debug logs daily"
owner = "Sam Whitaker"
priority = "High"
due = 2020-01-20
status = "Open"

[[action_items]]
id = "AI-2"
description = "Alert on disk usage above 80%"
owner = "Yuki Tanaka"
priority = "Medium"
due = 2099-02-01
status = "In Progress"

[[action_items]]
id = "AI-3"
description = "Review configuration changes"
owner = "Priya Raman"
priority = "Low"
due = 2020-02-01
status = "Completed"
'''

CERTIFICATE = '''schema_version = 1
title = "Checkout down after certificate rotation"
executive_summary = "Card payments failed for two hours after a certificate rotation."

[incident]
id = "INC-2026-0202"
date = 2026-02-10
severity = "P1"
commander = "Lena Fischer"
additional_responders = ["Sam Whitaker (payments)"]

[impact]
systems_affected = "pay-gw, checkout-api"

[root_cause]
what_happened = "The certificate rotation installed an intermediate the provider did not trust."

[[action_items]]
id = "AI-1"
description = "Test the handshake before rotating certificates"
owner = "Lena Fischer"
priority = "High"
due = 2099-03-01
status = "Open"

[[action_items]]
id = "AI-2"
description = "Keep old certificates for 14 days"
owner = "Sam Whitaker"
priority = "Medium"
status = "Verified"
'''

BROKEN = '''schema_version = 1
title = "Half written"

[incident]
id = "INC-2026-0303"
severity = 5
'''

PYPROJECT = '''[project]
name = "not-a-postmortem"
version = "1.0"
'''

MARKDOWN_DATA = {
    "title": "Search slow after cache eviction storm",
    "incident": {"id": "INC-2025-0909", "date": "2025-09-09", "severity": "P3",
                 "commander": "Ana Souza"},
    "impact": {"systems_affected": "search, redis-cache"},
    "root_cause": {"what_happened": "A cache eviction storm overloaded search."},
    "action_items": [
        {"id": "AI-1", "description": "Cap evictions per second", "owner": "Ana Souza",
         "priority": "High", "due": "2020-10-01", "status": "In Progress"},
        {"id": "AI-2", "description": "Warm the cache after deploys", "owner": "Chen Wei",
         "priority": "Low", "status": "Completed"},
    ],
}

# The open items (not Completed or Verified) across the shelf: (incident, item), in follow-up
# order: the overdue first by due date, then the others open by due date, no date last.
OPEN_ITEMS = [("INC-2026-0101", "AI-1"), ("INC-2025-0909", "AI-1"),
              ("INC-2026-0101", "AI-2"), ("INC-2026-0202", "AI-1")]
OVERDUE_ITEMS = [("INC-2026-0101", "AI-1"), ("INC-2025-0909", "AI-1")]
GOOD_FILES = {"2026/disk-full.toml", "2026/certificate.toml", "2025/search.md"}


def write_shelf(folder: Path, broken: bool = True) -> Path:
    """The hand-made shelf under folder; returns folder."""
    (folder / "2026").mkdir(parents=True, exist_ok=True)
    (folder / "2025").mkdir(parents=True, exist_ok=True)
    (folder / "2026" / "disk-full.toml").write_text(DISK_FULL, "utf-8")
    (folder / "2026" / "certificate.toml").write_text(CERTIFICATE, "utf-8")
    (folder / "2025" / "search.md").write_text(
        export_markdown(Document.model_validate(MARKDOWN_DATA)), "utf-8")
    (folder / "pyproject.toml").write_text(PYPROJECT, "utf-8")
    (folder / "README.md").write_text("# Our post-mortems\n\nOne file per incident.\n", "utf-8")
    if broken:
        (folder / "2026" / "broken.toml").write_text(BROKEN, "utf-8")
    return folder


def git(folder: Path, *args: str, author: str = "Ana Souza") -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), "-c", f"user.name={author}", "-c", "user.email=a@example.com",
         "-c", "commit.gpgsign=false", *args],
        capture_output=True, text=True, check=True)
    return done.stdout


def file_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under folder and its bytes: to show what a command wrote (nothing)."""
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file() and ".git" not in path.parts}
