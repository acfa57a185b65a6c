"""Shared fixtures: the repository's test data and the CLI as the oracle.

The CLI is ``$USERTOKEN_CLI`` when set, else the repository's
``target/release/usertoken`` or ``target/debug/usertoken``, whichever is
newer (ci.sh builds it). Every answer is judged at the fixed instant
``NOW``: no test reads the clock.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
from typing import List, Sequence

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
SEEDS = ROOT / "fuzz" / "seeds"
DATA = ROOT / "tests" / "data"
SAMPLE = (ROOT / "samples" / "user-token.jwt").read_text().strip()
SECRET = (ROOT / "samples" / "user-token.secret").read_bytes().rstrip(b"\r\n")
#: 2023-11-14T22:13:20Z.
NOW = 1_700_000_000


def _cli_path() -> pathlib.Path:
    env = os.environ.get("USERTOKEN_CLI")
    if env:
        return pathlib.Path(env)
    built = [ROOT / "target" / p / "usertoken" for p in ("release", "debug")]
    built = [p for p in built if p.exists()]
    if not built:
        pytest.skip("no usertoken CLI built: run cargo build in the repository root")
    return max(built, key=lambda p: p.stat().st_mtime)


class Cli:
    """Runs the ``usertoken`` binary."""

    def __init__(self, path: pathlib.Path) -> None:
        self.path = path

    def run(self, args: Sequence[str], stdin: bytes = b"", ok_codes=(0, 1, 2)) -> bytes:
        done = subprocess.run(
            [str(self.path), *args],
            input=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env={**os.environ, "NO_COLOR": "1"},
        )
        assert done.returncode in ok_codes, done.stderr.decode(errors="replace")
        return done.stdout

    def json_lines(self, args: Sequence[str], stdin: bytes = b"") -> List[dict]:
        out = self.run(args, stdin)
        return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def cli() -> Cli:
    return Cli(_cli_path())


def seeds(target: str) -> List[pathlib.Path]:
    return sorted(p for p in (SEEDS / target).iterdir() if p.is_file())


def as_argument(data: bytes):
    """The seed as a command-line argument, or None when it cannot be one."""
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None
