"""The shipped pre-commit hook (.pre-commit-hooks.yaml) runs `postmortem check` on a team's
folder of post-mortems: pre-commit builds the hook's environment from this repository (it
installs the package from PyPI's dependencies, so this test needs the network, as CI has)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
DEMO = ROOT / "data" / "demo.toml"
DISAGREEING = Path(__file__).parent / "md" / "stated_times_disagree.md"


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_try_repo_runs_the_hook_on_a_folder_of_post_mortems(tmp_path: Path) -> None:
    team = tmp_path / "team"
    folder = team / "postmortems"
    folder.mkdir(parents=True)
    shutil.copyfile(DEMO, folder / "2026-03-14-checkout.toml")
    shutil.copyfile(DISAGREEING, folder / "2026-05-20-load-balancer.md")
    (team / "README.md").write_text("# Our post-mortems\n", encoding="utf-8")  # not one
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"),
           "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", "init", "-q"], cwd=team, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=team, check=True, env=env)
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "postmortem-check",
         "--all-files"], cwd=team, env=env, capture_output=True, text=True, timeout=1200,
        check=False)
    out = done.stdout
    assert done.returncode == 1, out + done.stderr  # the hook failed the commit
    assert "postmortem check" in out and "Failed" in out
    assert ("postmortems/2026-05-20-load-balancer.md:34: error stated-time-mismatch: Time to "
            "Mitigation is stated as 2:15, but the timeline gives 2:10") in out
    assert not [line for line in out.splitlines()
                if "2026-03-14-checkout.toml" in line and " error " in line]
    assert "README.md" not in out  # the hook leaves the folder's other Markdown alone
