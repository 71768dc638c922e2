"""`evcat serve` says where the site is once it listens, and serves it there."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_serve_prints_the_url_when_the_site_is_ready(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", catalog)
    port = free_port()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(catalog), "-a", f"127.0.0.1:{port}"],
                               cwd=tmp_path, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        deadline = time.monotonic() + 180
        seen = []
        for line in process.stderr:  # type: ignore[union-attr]
            seen.append(line)
            if line.startswith("evcat: serving the site at ") or time.monotonic() > deadline:
                break
        announced = re.search(r"^evcat: serving the site at (\S+) \(Ctrl-C to stop\)$", seen[-1] if seen else "")
        assert announced, "".join(seen)
        assert announced.group(1) == f"http://127.0.0.1:{port}/"
        with urllib.request.urlopen(announced.group(1), timeout=30) as response:
            assert response.status == 200
            assert "Acme Inventory" in response.read().decode("utf-8")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
