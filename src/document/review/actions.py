"""Action items: each with an owner, a due date and a priority, said as something to do (a verb
first), concrete (not "improve monitoring" with nothing to measure it by), not overdue, and not
written twice."""

from __future__ import annotations

import re
from collections.abc import Iterator

from postmortem.document.outline import ACTION_TABLE
from postmortem.document.review.context import Context
from postmortem.document.review.finding import Level
from postmortem.document.review.rule import Hit, Rule
from postmortem.document.review.words import is_blank, placeholders, word_set, words

# Verbs action items start with. A first word that is none of these is accepted unless it is
# plainly not a verb (NOT_VERBS, or a noun's or adjective's ending): a rarer verb passes.
VERBS = word_set("""
    add adopt alert align allow analyse analyze announce apply archive assess assign audit
    automate backfill block build bump cap change check clean clarify close communicate
    configure confirm consolidate create cut decommission define delete deploy deprecate design
    detect disable document drop enable enforce ensure escalate establish evaluate expand expose
    extend fix gate generate harden hold identify implement improve include increase inform
    install instrument integrate introduce investigate isolate keep label limit link lock log
    lower make measure merge migrate monitor move notify onboard page patch pin plan point
    prevent prioritise prioritize publish purge raise rebuild record reduce refactor rehearse
    reject release remove rename reorganise reorganize repair replace report require reserve
    reset resize restore restrict retire retry review revise revoke rewrite roll rotate run
    scale schedule scope secure send separate set share ship shorten simplify split standardise
    standardize start stop store streamline switch sync tag teach test throttle track train
    trigger tune turn update upgrade use validate verify version warn watch write
""")
NOT_VERBS = word_set("""
    the a an this that these those our my their its his her we they it i you there some any all
    more better new maybe perhaps possibly should must need needs could would might may will can
    someone somebody team teams
""")
_NOUN_ENDINGS = re.compile(r"(?:ing|tion|sion|ment|ness|ity|ance|ence|ism|ship|ic|ous|ive|ful|"
                           r"less|able|ible|ly|ed)$")
_VAGUE = re.compile(
    r"(?<![\w-])(?:improve\w*|look(?:ing)? into|monitor(?:ing)? better|better (?:monitoring|"
    r"alerting|testing|communication)|investigat\w+|consider\w*|explore|revisit|be more careful|"
    r"pay more attention|more (?:testing|tests|monitoring|alerting|care)|enhance\w*|optimi[sz]e|"
    r"as needed|where possible|if possible|try to|think about|follow up|work on|raise awareness|"
    r"make sure)(?![\w-])", re.IGNORECASE)
_MEASURABLE = re.compile(
    r"\d|%|(?<![\w-])(?:within|under|below|above|at least|at most|every|per|before|no more than|"
    r"fewer than|less than|threshold|slo|sla|p\d\d)(?![\w-])", re.IGNORECASE)


def _column(name: str) -> str:
    return ACTION_TABLE.column(name).name


def starts_with_a_verb(description: str) -> bool:
    found = words(description)
    if not found:
        return True
    first = found[0].lower()
    if first in VERBS:
        return True
    return first not in NOT_VERBS and not (len(first) > 4 and _NOUN_ENDINGS.search(first))


def vague_words(description: str) -> str | None:
    """The vague words of a description with nothing measurable in it, or None."""
    match = _VAGUE.search(description)
    if match is None or _MEASURABLE.search(description):
        return None
    return match.group(0)


def _without(name: str, context: Context) -> Iterator[Hit]:
    for index, item in enumerate(context.document.action_items):
        value = getattr(item, name)
        text = value if isinstance(value, str) else ("" if value is None else str(value))
        if is_blank(text) and not placeholders(text):
            yield Hit(f"action_items.{index}.{name}", f"{item.id} has no {_column(name)}")


def _no_owner(context: Context) -> Iterator[Hit]:
    return _without("owner", context)


def _no_due_date(context: Context) -> Iterator[Hit]:
    return _without("due", context)


def _no_priority(context: Context) -> Iterator[Hit]:
    for index, item in enumerate(context.document.action_items):
        if item.id in context.facts.unset_priority:
            yield Hit(f"action_items.{index}.priority",
                      f"{item.id} was written without a {_column('priority')} "
                      f"(read as {item.priority})")


def _not_a_verb(context: Context) -> Iterator[Hit]:
    for index, item in enumerate(context.document.action_items):
        if item.description and not starts_with_a_verb(item.description):
            yield Hit(f"action_items.{index}.description",
                      f"{item.id} does not start with a verb: \u201c{item.description[:50]}\u201d")


def _vague(context: Context) -> Iterator[Hit]:
    for index, item in enumerate(context.document.action_items):
        vague = vague_words(item.description)
        if vague:
            yield Hit(f"action_items.{index}.description",
                      f"{item.id} is vague: \u201c{vague}\u201d with nothing to measure it by")


def _overdue(context: Context) -> Iterator[Hit]:
    for index, item in enumerate(context.document.action_items):
        if item.is_overdue(context.today):
            yield Hit(f"action_items.{index}.due",
                      f"{item.id} is overdue: due {item.due}, still {item.status}")


def _duplicates(context: Context) -> Iterator[Hit]:
    seen: dict[str, str] = {}
    for index, item in enumerate(context.document.action_items):
        key = " ".join(word.lower() for word in words(item.description))
        if key and key in seen:
            yield Hit(f"action_items.{index}.description", f"{item.id} repeats {seen[key]}")
        seen.setdefault(key, item.id)


RULES = (
    Rule("action-owner", Level.WARNING, "action_items", "action_items.owner",
         "every action item has an owner", "name the one person who will see it through",
         _no_owner, missing=True),
    Rule("action-due", Level.WARNING, "action_items", "action_items.due",
         "every action item has a due date", "agree a date with its owner", _no_due_date,
         missing=True),
    Rule("action-priority", Level.WARNING, "action_items", "action_items.priority",
         "every action item is given a priority", "set High, Medium or Low", _no_priority),
    Rule("action-verb", Level.WARNING, "action_items", "action_items.description",
         "an action item says what to do, starting with a verb",
         "start with what to do: \u201cAdd…\u201d, \u201cAlert on…\u201d, \u201cRemove…\u201d",
         _not_a_verb),
    Rule("action-vague", Level.WARNING, "action_items", "action_items.description",
         "an action item is concrete: \u201cimprove\u201d, \u201clook into\u201d or "
         "\u201cmonitor better\u201d name something measurable",
         "say what will be true when it is done: a threshold, a check, a date (\u201cAlert when "
         "declines exceed 5% for 3 minutes\u201d)", _vague),
    Rule("action-overdue", Level.WARNING, "action_items", "action_items.due",
         "no open action item is past its due date",
         "finish it, or agree a new date with its owner", _overdue),
    Rule("action-duplicate", Level.WARNING, "action_items", "action_items.description",
         "no action item is written twice", "merge the two items", _duplicates),
)
