"""`evcat check-messages --amqp` against the real RabbitMQ the snippet tests start (same fixture).

The generated AMQP producer snippet publishes, a tampered copy and a message on an undocumented routing key
follow; check-messages samples the exchange through its own queue and reports what is wrong, while the
application's queue keeps every message.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from snippet_harness import REPO
from test_snippets_broker import _publish_raw, _queue_state, amqp_url  # noqa: F401 - the broker fixture

pytestmark = pytest.mark.broker

EVCAT = Path(sys.executable).with_name("evcat")
EXAMPLE = REPO / "catalog/domains/Inventory/services/InventoryService/events/InventoryBinCreated/examples/new-bin.json"
APP_QUEUE = "inventory-app.bins"  # stands for an application's queue: check-messages must leave it alone


def _declare_application_side(url: str) -> None:
    import pika

    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        channel = connection.channel()
        channel.exchange_declare(exchange="ecomm", exchange_type="topic", durable=True)
        channel.queue_declare(queue=APP_QUEUE)
        channel.queue_bind(queue=APP_QUEUE, exchange="ecomm", routing_key="inventory.#")
    finally:
        connection.close()


def _wait_for(path: Path, text: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while text not in path.read_text():
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"check-messages did not start sampling:\n{path.read_text()}")
        time.sleep(0.2)


def test_generated_producer_checked_live_and_a_tampered_message_reported(amqp_url: str,  # noqa: F811
                                                                          tmp_path: Path) -> None:
    _declare_application_side(amqp_url)
    producer = subprocess.run([str(EVCAT), "snippet", "InventoryBinCreated", "--protocol", "amqp", "--lang", "python",
                               "--role", "producer", "--catalog", "catalog"], cwd=REPO, capture_output=True,
                              text=True, check=True).stdout
    (tmp_path / "producer.py").write_text(producer)
    errors = tmp_path / "check.err"
    with errors.open("w") as err:
        checker = subprocess.Popen(
            [str(EVCAT), "check-messages", "catalog", "--amqp", amqp_url, "--exchange", "ecomm",
             "--binding", "inventory.#", "--count", "3", "--timeout", "60", "--format", "json"],
            cwd=REPO, stdout=subprocess.PIPE, stderr=err, text=True)
        try:
            _wait_for(errors, "sampling exchange 'ecomm' through queue amq.gen-", checker)
            subprocess.run([sys.executable, str(tmp_path / "producer.py")], env={**os.environ, "AMQP_URL": amqp_url},
                           check=True, timeout=60)
            body = json.loads(EXAMPLE.read_text())
            _publish_raw(amqp_url, "ecomm", "inventory.pallet.created", json.dumps(body).encode())
            body["bin"]["zone"] = "<script>alert(1)</script>"
            _publish_raw(amqp_url, "ecomm", "inventory.bin.created", json.dumps(body).encode())
            out, _ = checker.communicate(timeout=90)
        finally:
            if checker.poll() is None:
                checker.kill()
    report = json.loads(out)
    assert checker.returncode == 1, errors.read_text()
    found = {(d["file"], d["line"], d["code"], d["pointer"]) for d in report["diagnostics"]}
    assert found == {
        ("amqp:ecomm", 2, "EC705", None),  # routing key inventory.pallet.created: 'pallet' is no entity
        ("amqp:ecomm", 3, "EC705", "/bin/zone"),  # the tampered copy, at its delivery tag
    }
    assert all(d["message"].startswith("[routing key inventory.") for d in report["diagnostics"])
    rows = {row["id"]: row for row in report["messages"]["catalog"]}
    assert (rows["InventoryBinCreated"]["seen"], rows["InventoryBinCreated"]["failing"]) == (3, 2)
    assert rows["InventoryBinCreated"]["versions_matched"] == {"1.0.0": 2}  # the producer's, and the pallet one
    # Sampling took copies through evcat's own queue: the application's queue still holds all three.
    assert _queue_state(amqp_url, APP_QUEUE) == (3, 0)
