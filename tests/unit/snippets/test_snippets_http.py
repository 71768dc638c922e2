"""HTTP webhook snippets: the sender signs the envelope it posts to the channel's URL; the receiver, run
for real on a local port, accepts a correctly signed valid delivery and refuses tampered, unsigned and
invalid ones; the sender and receiver then talk to each other end to end."""

from __future__ import annotations

import hashlib
import hmac
import json
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from jsonschema import Draft7Validator, Draft202012Validator
from snippet_harness import (
    BIN_EXAMPLE,
    BIN_SCHEMA,
    CASES,
    WEBHOOK_ENVELOPE,
    WEBHOOK_EXAMPLE_WHOLE,
    SnippetRunner,
    decode,
    snippet,
    unused_port,
    wait_for_port,
)

SECRET = "whsec-test-0123456789"
SECRET_ENV = "INVENTORY_WEBHOOKS_SECRET"


def _sign(body: bytes, secret: str = SECRET) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_sender_posts_the_signed_envelope_to_the_channel_url(runner) -> None:
    run = runner.run(snippet("http", "python", "producer").code, env={SECRET_ENV: SECRET})
    assert run.returncode == 0, run.stderr
    sent = run.one("urlopen")
    assert (sent["url"], sent["method"]) == (CASES["http"].channel.address, "POST")
    body = decode(sent["body"])
    assert sent["headers"]["x-inventory-signature"] == _sign(body)  # HMAC-SHA256 of the raw body, hex
    assert sent["headers"]["content-type"] == "application/json"
    envelope = json.loads(body)
    assert envelope == WEBHOOK_EXAMPLE_WHOLE  # the example was a whole envelope: sent as it is
    Draft7Validator(WEBHOOK_ENVELOPE).validate(envelope)
    Draft202012Validator(BIN_SCHEMA).validate(envelope["data"]["object"])  # payload at /data/object


def test_sender_refuses_to_run_without_the_secret(runner) -> None:
    run = runner.run(snippet("http", "python", "producer").code, env={SECRET_ENV: ""})
    assert run.returncode != 0 or run.of("urlopen") == []
    run = runner.run(snippet("http", "python", "producer").code, env={})
    assert run.returncode != 0 and SECRET_ENV in run.stderr


@pytest.fixture
def receiver(runner: SnippetRunner) -> Iterator[int]:
    """The generated receiver, running on a free local port; yields the port."""
    port = unused_port()
    path = runner.write(snippet("http", "python", "consumer").code)
    env = runner.env({"PORT": str(port), SECRET_ENV: SECRET}, fakes=False)
    proc = subprocess.Popen([sys.executable, str(path)], env=env, stderr=subprocess.PIPE, text=True)
    try:
        if not wait_for_port(port, 20, alive=lambda: proc.poll() is None):
            proc.kill()
            pytest.fail(f"receiver did not start: {proc.communicate(timeout=5)[1]}")
        yield port
    finally:
        proc.send_signal(signal.SIGINT)  # KeyboardInterrupt: the snippet's clean shutdown path
        try:
            assert proc.wait(timeout=10) == 0, proc.stderr.read() if proc.stderr else ""
        finally:
            if proc.poll() is None:
                proc.kill()


def _post(port: int, body: bytes, signature: str | None, path: str = "/inventory") -> int:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Inventory-Signature"] = signature
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_receiver_verifies_the_signature_then_the_envelope(receiver: int) -> None:
    body = json.dumps(WEBHOOK_EXAMPLE_WHOLE).encode()
    assert _post(receiver, body, _sign(body)) == 204
    assert _post(receiver, body, _sign(body, "another-secret")) == 401
    signature = _sign(body)
    one_digit_off = signature[:-1] + ("1" if signature[-1] == "0" else "0")
    assert _post(receiver, body, one_digit_off) == 401
    assert _post(receiver, body, None) == 401
    tampered = body.replace(b'"capacity": 40', b'"capacity": 41')
    assert tampered != body and _post(receiver, tampered, _sign(body)) == 401
    assert _post(receiver, body, _sign(body), path="/elsewhere") == 404
    bare = json.dumps(BIN_EXAMPLE).encode()  # signed, but no envelope around the payload
    assert _post(receiver, bare, _sign(bare)) == 400
    invalid = json.dumps({**WEBHOOK_EXAMPLE_WHOLE, "data": {"object": {"binId": "A"}}}).encode()
    assert _post(receiver, invalid, _sign(invalid)) == 400


def test_sender_and_receiver_work_together(receiver: int, tmp_path: Path) -> None:
    inp = CASES["http"]
    local = replace(inp.channel, address=f"http://127.0.0.1:{receiver}/inventory")
    code = snippet("http", "python", "producer", channel=local).code
    sender = SnippetRunner(tmp_path)
    path = sender.write(code)
    ok = subprocess.run(
        [sys.executable, str(path)],
        env=sender.env({SECRET_ENV: SECRET}, fakes=False),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    wrong = subprocess.run(
        [sys.executable, str(path)],
        env=sender.env({SECRET_ENV: "wrong"}, fakes=False),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert wrong.returncode != 0 and "401" in wrong.stderr  # a refused delivery is an error, not silence


BASE_URL_ENV = "INVENTORY_WEBHOOKS_BASE_URL"


@pytest.mark.parametrize("address", ["/inventory", "inventory"])
def test_a_path_address_is_sent_to_the_base_url_variable(receiver: int, tmp_path: Path, address: str) -> None:
    """A channel address that is only a path (``/webhooks/stripe``) needs a base URL: the snippet declares a
    marked variable for it, read from the environment, instead of failing with 'unknown url type'."""
    inp = CASES["http"]
    code = snippet("http", "python", "producer", channel=replace(inp.channel, address=address)).code
    assert f"# SET {BASE_URL_ENV} to the receiver's base URL" in code
    assert f'BASE_URL = os.environ.get("{BASE_URL_ENV}", "https://receiver.example.com")' in code
    assert 'WEBHOOK_URL = f"{BASE_URL}/inventory"' in code
    sender = SnippetRunner(tmp_path)
    path = sender.write(code)
    env = sender.env({SECRET_ENV: SECRET, BASE_URL_ENV: f"http://127.0.0.1:{receiver}"}, fakes=False)
    ok = subprocess.run([sys.executable, str(path)], env=env, capture_output=True, text=True, timeout=30,
                        check=False)
    assert ok.returncode == 0, ok.stderr


@pytest.mark.parametrize("address", ['/x"""', "/<script>/`${x}`", "/../{a}"])
def test_a_hostile_path_address_stays_inside_the_url_string(address: str) -> None:
    channel = replace(CASES["http"].channel, address=address)
    python = snippet("http", "python", "producer", channel=channel).code
    line = next(line for line in python.splitlines() if line.startswith("WEBHOOK_URL ="))
    namespace: dict[str, object] = {"BASE_URL": "https://h", "A": "a", "X": "x"}  # {a}, {x}: parameters
    exec(compile(line, "<snippet>", "exec"), namespace)  # one statement: a string, nothing else runs
    assert str(namespace["WEBHOOK_URL"]).startswith("https://h")
    javascript = snippet("http", "javascript", "producer", channel=channel).code
    line = next(line for line in javascript.splitlines() if line.startswith("const WEBHOOK_URL ="))
    assert line.startswith("const WEBHOOK_URL = `${BASE_URL}") and "${x}" not in line.replace("\\${x}", "")
