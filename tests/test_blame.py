"""The blameless check on 5 Whys answers."""

from __future__ import annotations

import pytest

from postmortem.document.blame import HINT, blame_reason, blame_warning

RESPONDERS = ["Priya Raman", "Sam Whitaker", "Will Ng"]


@pytest.mark.parametrize(("answer", "reason"), [
    ("Priya Raman restarted the wrong pod", "it names Priya Raman, a responder"),
    ("because priya raman was paged late", "it names Priya Raman, a responder"),
    ("Sam skipped the canary", "it names Sam Whitaker, a responder"),
    ("It was human error", "it says \u201chuman error\u201d"),
    ("The on-call engineer forgot to renew it", "it says \u201cforgot\u201d"),
    ("A careless change to the config", "it says \u201ccareless\u201d"),
    ("A mistake by the release manager", "it says \u201cmistake by\u201d"),
    ("The operator didn't follow the runbook", "it says \u201cdidn't follow\u201d"),
    ("they did not follow the checklist", "it says \u201cdid not follow\u201d"),
])
def test_answers_that_point_at_a_person(answer, reason):
    assert blame_reason(answer, RESPONDERS) == reason


@pytest.mark.parametrize("answer", [
    "The rotation job checks dates but not trust by the provider",
    "The alert will fire only after ten minutes",  # "will" is not Will Ng
    "No test covered the forgotten-password flow",  # a word that merely contains "forgot"
    "Samples were dropped by the collector",  # "Samples" is not Sam
    "",
])
def test_answers_about_the_system_pass(answer):
    assert blame_reason(answer, RESPONDERS) is None


def test_warning_explains_blameless_practice():
    warning = blame_warning("human error", [])
    assert warning is not None and HINT in warning
    assert blame_warning("the job had no trust check", []) is None
