"""`evcat validate` and `evcat build` never open a network connection, even when schemas and bodies name
remote URLs and remote ``$ref``s: a CI runner without network (or one that must not leak what it builds)
gets the same result.

The real ``evcat`` command runs in a subprocess whose ``sitecustomize`` (first on ``PYTHONPATH``, so every
Python process evcat starts — worker processes included — loads it) replaces name resolution and
``connect`` of Internet sockets with functions that record the attempt in a file and raise. Local sockets
(``AF_UNIX``, which multiprocessing may use) stay allowed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CATALOG = REPO / "catalog"
GOOD = REPO / "tests" / "fixtures" / "catalogs" / "good"

SITECUSTOMIZE = '''
import json, os, socket

_RECORD = os.environ["EVCAT_NETWORK_RECORD"]


def _refuse(what, detail):
    with open(_RECORD, "a", encoding="utf-8") as log:
        log.write(json.dumps({"pid": os.getpid(), "call": what, "detail": repr(detail)}) + "\\n")
    raise OSError(101, f"network disabled by the test: {what} {detail!r}")


def _resolve(host, *args, **kwargs):
    _refuse("getaddrinfo", host)


def _guard(method):
    def connect(self, address, *args, **kwargs):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _refuse(method.__name__, address)
        return method(self, address, *args, **kwargs)
    return connect


socket.getaddrinfo = _resolve
socket.gethostbyname = _resolve
socket.gethostbyname_ex = _resolve
socket.create_connection = lambda address, *args, **kwargs: _refuse("create_connection", address)
socket.socket.connect = _guard(socket.socket.connect)
socket.socket.connect_ex = _guard(socket.socket.connect_ex)
socket.socket.sendto = _guard(socket.socket.sendto)
'''

# Every remote place a contributor can name: $schema and $ref of JSON Schema, an Avro-less catalog's MDX
# components that take URLs, plain Markdown links and images, frontmatter URLs.
REMOTE_REFS = ["https://schemas.example.com/customer.json", "http://127.0.0.1:9/address.json#/$defs/Address",
               "//schemas.example.com/money.json"]
REMOTE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://schemas.example.com/events/OrderPlaced.json",
    "type": "object",
    "required": ["orderId"],
    "properties": {
        "orderId": {"type": "string"},
        "customer": {"$ref": REMOTE_REFS[0]},
        "address": {"$ref": REMOTE_REFS[1]},
        "money": {"$ref": REMOTE_REFS[2]},
    },
}
REMOTE_BODY = """
## Remote things

![diagram](https://example.com/diagram.png)
[spec](https://example.com/spec.yaml)

<RemoteSchema url="https://schemas.example.com/customer.json" />
<OpenAPI url="https://example.com/openapi.yaml" />
<AsyncAPI url="https://example.com/asyncapi.yaml" />
<Miro boardId="uXjVOexample" />
<Link href="https://example.com/docs">docs</Link>
<SchemaViewer file="schema.json" />
"""


def remote_catalog(root: Path) -> Path:
    """The json-schema-local-ref fixture with remote ``$ref``s, remote components and links added."""
    catalog = root / "remote-catalog"
    shutil.copytree(GOOD / "json-schema-local-ref" / "catalog", catalog)
    event = catalog / "events" / "OrderPlaced"
    (event / "schema.json").write_text(json.dumps(REMOTE_SCHEMA, indent=2), encoding="utf-8")
    page = event / "index.mdx"
    text = page.read_text(encoding="utf-8")
    text = text.replace("---\n", "---\nrepository:\n  url: https://github.com/example/orders\n", 1)
    page.write_text(text + REMOTE_BODY, encoding="utf-8")
    return catalog


def run_offline(tmp_path: Path, *arguments: str) -> tuple[subprocess.CompletedProcess[str], list[dict[str, str]]]:
    """Run ``evcat ARGUMENTS`` from an empty folder with the network guard; (result, attempts recorded)."""
    guard = tmp_path / "guard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    record = tmp_path / "network-attempts.jsonl"
    record.unlink(missing_ok=True)
    cwd = tmp_path / "cwd"
    cwd.mkdir(exist_ok=True)  # empty: no mkdocs.yml, the embedded default configuration
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GITHUB_ACTIONS")}
    env |= {"PYTHONPATH": str(guard), "EVCAT_NETWORK_RECORD": str(record), "NO_COLOR": "1",
            # Proxies would only change which host a client tries; none may be tried at all.
            "http_proxy": "", "https_proxy": "", "HTTP_PROXY": "", "HTTPS_PROXY": ""}
    result = subprocess.run([sys.executable, "-m", "generator", *arguments], cwd=cwd, env=env, text=True,
                            capture_output=True, timeout=600, check=False)
    attempts = [json.loads(line) for line in record.read_text().splitlines()] if record.exists() else []
    return result, attempts


def test_the_guard_records_and_refuses_a_connection(tmp_path: Path) -> None:
    """The guard itself works: a connection attempt in a guarded process is refused and recorded."""
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    record = tmp_path / "attempts.jsonl"
    probe = "import urllib.request\ntry:\n    urllib.request.urlopen('http://example.com/', timeout=5)\n" \
            "except OSError as e:\n    print('refused', e)\n"
    env = {**os.environ, "PYTHONPATH": str(guard), "EVCAT_NETWORK_RECORD": str(record), "http_proxy": ""}
    done = subprocess.run([sys.executable, "-c", probe], env=env, text=True, capture_output=True, timeout=60,
                          check=False)
    assert "refused" in done.stdout, done.stderr
    assert [a["call"] for a in map(json.loads, record.read_text().splitlines())] == ["create_connection"]


@pytest.mark.parametrize("which", ["example", "remote"])
def test_validate_opens_no_connection(tmp_path: Path, which: str) -> None:
    catalog = CATALOG if which == "example" else remote_catalog(tmp_path)
    result, attempts = run_offline(tmp_path, "validate", str(catalog))
    assert attempts == []
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    if which == "example":
        assert result.returncode == 0, result.stdout + result.stderr
        return
    # Each remote $ref is an error (exit 1), not a silent pass. A $ref on the schema's own $id site is looked
    # for as a file beside the schema (there is none); any other host is named remote, never fetched.
    assert result.returncode == 1, result.stdout + result.stderr
    for target in REMOTE_REFS:
        assert f"error[EC305] $ref '{target}' cannot be resolved: " in result.stdout, result.stdout
    assert f"$ref '{REMOTE_REFS[1]}' cannot be resolved: it is remote" in result.stdout, result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("which", ["example", "remote"])
def test_build_opens_no_connection(tmp_path: Path, which: str) -> None:
    catalog = CATALOG if which == "example" else remote_catalog(tmp_path)
    site = tmp_path / "site"
    result, attempts = run_offline(tmp_path, "build", str(catalog), "--site-dir", str(site))
    assert attempts == []
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "index.html").is_file()
    if which == "remote":
        page = site / "events" / "OrderPlaced" / "index.html"
        assert "schemas.example.com/customer.json" in page.read_text(encoding="utf-8")
