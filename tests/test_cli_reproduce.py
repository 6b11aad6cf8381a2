"""Progress of ``povecon reproduce``: a bar on a terminal only, plain lines in a log, --quiet, --verbose."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import povecon as pe
from povecon.reproduce import runner

SRC = str(Path(pe.__file__).resolve().parents[1])


class Terminal(io.StringIO):
    """A standard error that says it is a terminal, as tqdm asks."""

    def isatty(self):
        return True


def _reproduce_to_log(tmp_path, *flags):
    log = tmp_path / "log"
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    with open(log, "w", encoding="utf-8") as fh:
        # as `povecon reproduce > log 2>&1`: neither stream is a terminal
        code = subprocess.run([sys.executable, "-m", "povecon", "reproduce", "--only", "RTP-09", "--out",
                               str(tmp_path / "out"), *flags], stdout=fh, stderr=subprocess.STDOUT, env=env,
                              timeout=600).returncode
    return code, log.read_text(encoding="utf-8")


def test_redirected_log_has_plain_lines_and_no_redraws(tmp_path):
    code, text = _reproduce_to_log(tmp_path)
    assert code == 0, text
    assert "\r" not in text and "\x1b[" not in text
    assert "[1/1] rtp_09_income_sources (RTP-09): ok\n" in text
    assert "wrote " in text and "audit.csv" in text


def test_quiet_and_verbose(tmp_path):
    code, text = _reproduce_to_log(tmp_path, "--quiet")
    assert code == 0 and "[1/1]" not in text and "audit.csv" in text
    code, text = _reproduce_to_log(tmp_path, "--verbose")
    assert code == 0 and "\r" not in text
    assert "[1/1] rtp_09_income_sources (RTP-09): ok in " in text
    res = subprocess.run([sys.executable, "-m", "povecon", "reproduce", "--quiet", "--verbose"],
                         env={**os.environ, "PYTHONPATH": SRC}, capture_output=True, text=True, timeout=120)
    assert res.returncode == 2 and "not allowed with" in res.stderr


@pytest.mark.parametrize("verbose", [False, True])
def test_bar_on_a_terminal(tmp_path, monkeypatch, verbose):
    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    result = runner.reproduce(out=tmp_path, only=["RTP-09"], progress=True, verbose=verbose)
    assert not result.failures
    text = term.getvalue()
    assert "\r" in text and "reproduce" in text  # tqdm drew its bar
    # the one-line report of the script comes only with --verbose on a terminal
    assert ("rtp_09_income_sources (RTP-09): ok in " in text) is verbose


def test_no_progress(tmp_path, monkeypatch):
    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    runner.reproduce(out=tmp_path, only=["RTP-09"], progress=False)
    assert term.getvalue() == ""
