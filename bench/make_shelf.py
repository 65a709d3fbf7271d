"""A shelf of generated post-mortems for the benchmark and the tests, written as TOML text
directly (no model, no rendering), so that 10,000 of them take a second or two.

    python bench/make_shelf.py FOLDER COUNT

writes FOLDER/YYYY/INC-YYYY-NNNNN.toml. The files are deterministic (seeded by their number),
valid for the model, and varied: systems, responders, root-cause words, action items with
owners, priorities, statuses and due dates, some of them overdue.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from pathlib import Path

SYSTEMS = ("pay-gw", "checkout-api", "orders-db", "edge-lb", "auth", "search", "cdn", "queue",
           "billing", "inventory", "notifications", "ledger", "kafka", "redis-cache", "dns",
           "vault", "k8s-ingress", "image-resizer", "fraud-scoring", "email-relay")
PEOPLE = ("Priya Raman", "Tomás Okafor", "Lena Fischer", "Sam Whitaker", "Yuki Tanaka",
          "Ana Souza", "Ravi Menon", "Chen Wei", "Olga Petrova", "Kwame Mensah", "Ines García",
          "Noah Schmidt", "Aiko Mori", "Diego Luna", "Fatima Zahra", "Jonas Berg")
CAUSES = ("certificate rotation installed an untrusted intermediate",
          "connection pool exhausted after a configuration change",
          "disk filled with unrotated debug logs", "a schema migration locked the orders table",
          "DNS records expired after a registrar transfer",
          "a retry storm amplified a partial outage", "memory leak in the image pipeline",
          "feature flag enabled for every tenant at once", "clock skew broke token validation",
          "rate limiter misconfigured after the autoscaling change",
          "replica lag served stale inventory", "expired API credentials for the provider")
WORDS = ("deploy", "rollback", "latency", "timeout", "saturation", "failover", "backpressure",
         "canary", "throttling", "quorum", "partition", "eviction", "handshake", "cache",
         "alerting", "runbook", "capacity", "dependency", "config", "threshold")
STATUSES = ("Open", "In Progress", "Completed", "Verified")
PRIORITIES = ("High", "Medium", "Low")
TODAY = dt.date.today()  # due dates around today: some overdue, some not


def q(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def incident_path(number: int) -> str:
    year = 2023 + number % 4
    return f"{year}/INC-{year}-{number:05d}.toml"


def postmortem_text(number: int) -> str:
    rng = random.Random(number)
    year = 2023 + number % 4
    day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    systems = rng.sample(SYSTEMS, 3)
    people = rng.sample(PEOPLE, 5)
    cause = rng.choice(CAUSES)
    words = rng.sample(WORDS, 4)
    title = f"{systems[0]} outage: {cause}"
    summary = (f"On {day} {systems[0]} failed for {rng.randrange(10, 300)} minutes because "
               f"{cause}. Customers saw errors in {systems[1]}; {words[0]} and {words[1]} "
               "followed.")
    lessons = f"Watch {words[2]} on {systems[2]}; rehearse the {words[3]}."
    what = f"The {cause} on {systems[0]}, so {systems[1]} saw {words[0]}."
    why = f"Nobody checked {words[1]} before the change; the {words[2]} runbook was out of date."
    lines = [
        "schema_version = 1",
        f"title = {q(title)}",
        f"executive_summary = {q(summary)}",
        f"lessons_learned = {q(lessons)}",
        "",
        "[incident]",
        f'id = "INC-{year}-{number:05d}"',
        f"date = {day.isoformat()}",
        f'severity = "P{1 + rng.randrange(4)}"',
        f"commander = {q(people[0])}",
        f"technical_lead = {q(people[1])}",
        f"communications_lead = {q(people[2])}",
        f"additional_responders = [{q(people[3])}, {q(people[4] + ' (SRE)')}]",
        "",
    ]
    start = dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC)
    for step, (event, milestone) in enumerate((
            (f"{systems[0]} error rate rises", "impact_start"),
            (f"Alert on {systems[1]} {words[0]}", "detected"),
            (f"{people[1]} starts {words[1]} of {systems[0]}", ""),
            (f"Traffic moved away from {systems[2]}", "mitigated"),
            (f"{systems[0]} back to normal", "resolved"))):
        moment = (start + dt.timedelta(minutes=17 * step)).isoformat()
        lines += ["[[timeline]]", f"time = {moment}", f"event = {q(event)}",
                  f"actions = {q(people[step % 5] + ' on the bridge')}"]
        if milestone:
            lines.append(f'milestone = "{milestone}"')
        lines.append("")
    lines += [
        "[impact]",
        f"affected_users = {q(f'About {rng.randrange(100, 90000)} customers')}",
        f"systems_affected = {q(', '.join(systems))}",
        "",
        "[root_cause]",
        f"what_happened = {q(what)}",
        f"why_it_happened = {q(why)}",
        f"contributing_factors = [{q(f'No alert on {words[3]}')}]",
        "",
        "[response]",
        f"went_well = [{q(f'{people[0]} took command fast')}]",
        f"went_poorly = [{q(f'The {words[2]} dashboard was missing')}]",
        "",
    ]
    count = 2 + rng.randrange(5)
    for item in range(1, count + 1):
        due = TODAY + dt.timedelta(days=rng.randrange(-120, 120))
        lines += ["[[action_items]]", f'id = "AI-{item}"',
                  f"description = {q(f'Fix {rng.choice(WORDS)} on {rng.choice(systems)}')}",
                  f"owner = {q(rng.choice(people))}",
                  f'priority = "{rng.choice(PRIORITIES)}"', f"due = {due.isoformat()}",
                  f'status = "{rng.choice(STATUSES)}"', ""]
    return "\n".join(lines)


def write_shelf(folder: Path, count: int) -> list[Path]:
    """Write count post-mortems under folder; returns their paths."""
    paths = []
    for number in range(1, count + 1):
        path = folder / incident_path(number)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(postmortem_text(number), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    paths = write_shelf(Path(argv[0]), int(argv[1]))
    print(f"wrote {len(paths)} post-mortems under {argv[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
