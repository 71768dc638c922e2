"""The AMQP Python pair against a real RabbitMQ (Debian's rabbitmq-server) with the real pika.

The broker is started for this module in a temporary base directory on a free loopback port (with its own
epmd) and stopped after, so it never meets another broker or test run.
Locally the test skips when the server or pika is missing; on CI (CI=true) it fails instead, because CI
is where it must run.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from snippet_harness import BIN_EXAMPLE, SnippetRunner, skip_or_fail, snippet, unused_port, wait_for_port

pytestmark = pytest.mark.broker

SERVER = Path("/usr/sbin/rabbitmq-server")
# Debian's /usr/sbin script is a wrapper that su's to the rabbitmq user, which drops our environment (and
# with it the temporary directories and port); the script it wraps takes the environment as given.
SERVER_SCRIPT = Path("/usr/lib/rabbitmq/bin/rabbitmq-server")
START_TIMEOUT = 90


@pytest.fixture(scope="module")
def amqp_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start a private RabbitMQ node; yields its AMQP URL."""
    if not SERVER.exists():
        skip_or_fail(f"{SERVER} is not installed (Debian package rabbitmq-server)")
    try:
        import pika  # noqa: F401 - the real client, which the snippets use against the real broker
    except ImportError:
        skip_or_fail("pika is not installed in this environment")
    base = tmp_path_factory.mktemp("rabbitmq")
    # Not 5672: another broker there (a developer's, a parallel test run's) would answer in ours' stead,
    # and its queues of the same names would take our messages.
    port = unused_port()
    epmd_port = unused_port()
    (base / "enabled_plugins").write_text("[].\n")
    env = {
        **os.environ,
        "HOME": str(base),  # the Erlang cookie goes here, not into the real home
        "RABBITMQ_MNESIA_BASE": str(base / "mnesia"),
        "RABBITMQ_LOG_BASE": str(base / "log"),
        "RABBITMQ_NODENAME": f"evcat-test-{os.getpid()}@localhost",
        "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
        "RABBITMQ_NODE_PORT": str(port),
        "RABBITMQ_DIST_PORT": str(unused_port()),
        "RABBITMQ_ENABLED_PLUGINS_FILE": str(base / "enabled_plugins"),
        "RABBITMQ_CONFIG_FILE": str(base / "rabbitmq"),  # no such file: defaults
        "ERL_EPMD_PORT": str(epmd_port),  # a private epmd, so stopping it touches no other node
    }
    script = SERVER_SCRIPT if SERVER_SCRIPT.exists() else SERVER
    log = (base / "server.log").open("w")
    proc = subprocess.Popen(
        [str(script)], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=base, start_new_session=True
    )
    try:
        if not wait_for_port(port, START_TIMEOUT, alive=lambda: proc.poll() is None) or proc.poll() is not None:
            pytest.fail(f"RabbitMQ did not start on port {port}:\n{(base / 'server.log').read_text()[-3000:]}")
        yield f"amqp://guest:guest@127.0.0.1:{port}/%2F"
    finally:
        _stop(proc, epmd_port)
        log.close()


def _stop(proc: subprocess.Popen, epmd_port: int) -> None:
    """Stop the node we started (its own process group), then its private epmd."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    epmd = shutil.which("epmd")
    if epmd:
        subprocess.run([epmd, "-port", str(epmd_port), "-kill"], capture_output=True, timeout=10, check=False)


def _until(predicate: Callable[[], bool], timeout: float, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}" + (f"; its output:\n{log.read_text()}" if log else ""))
        time.sleep(0.2)


def _queue_state(url: str, queue: str) -> tuple[int, int] | None:
    """(ready messages, consumers) of a queue, or None if it does not exist."""
    import pika

    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        ok = connection.channel().queue_declare(queue=queue, passive=True)
        return ok.method.message_count, ok.method.consumer_count
    except pika.exceptions.ChannelClosedByBroker:
        return None
    finally:
        connection.close()


def _publish_raw(url: str, exchange: str, routing_key: str, body: bytes) -> None:
    import pika

    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        connection.channel().basic_publish(exchange=exchange, routing_key=routing_key, body=body)
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("case", "queue", "exchange", "routing_key"),
    [
        ("amqp-topic", "orders-service.inventory-topic", "ecomm", "inventory.bin.created"),
        ("amqp-queue", "inventory.bulktransactions", "", "inventory.bulktransactions"),
    ],
)
def test_amqp_pair_against_rabbitmq(
    amqp_url: str, tmp_path: Path, case: str, queue: str, exchange: str, routing_key: str
) -> None:
    run = SnippetRunner(tmp_path)
    env = run.env({"AMQP_URL": amqp_url}, fakes=False)  # the real pika this time
    consumer_path = run.write(snippet(case, "python", "consumer").code)
    producer_path = run.write(snippet(case, "python", "producer").code)
    consumer_log = (tmp_path / "consumer.log").open("w+")
    consumer = subprocess.Popen(
        [sys.executable, str(consumer_path)], env=env, stdout=consumer_log, stderr=subprocess.STDOUT
    )
    try:
        # The consumer declares and binds its queue; only then is the producer's message routable.
        _until(
            lambda: (_queue_state(amqp_url, queue) or (0, 0))[1] == 1 or consumer.poll() is not None,
            30,
            "the consumer to attach to its queue",
        )
        assert consumer.poll() is None, Path(consumer_log.name).read_text()
        produced = subprocess.run(
            [sys.executable, str(producer_path)], env=env, capture_output=True, text=True, timeout=60, check=False
        )
        assert produced.returncode == 0, produced.stderr
        _until(
            lambda: "received bin-created" in Path(consumer_log.name).read_text(),
            30,
            "the consumer",
            Path(consumer_log.name),
        )
        assert f"'binId': '{BIN_EXAMPLE['binId']}'" in Path(consumer_log.name).read_text()

        _publish_raw(amqp_url, exchange, routing_key, json.dumps({"binId": 7}).encode())
        _until(
            lambda: "rejected message" in Path(consumer_log.name).read_text(),
            30,
            "the rejection",
            Path(consumer_log.name),
        )
    finally:
        consumer.send_signal(signal.SIGINT)  # the snippet's clean shutdown path
        try:
            code = consumer.wait(timeout=30)
        finally:
            if consumer.poll() is None:
                consumer.kill()
        consumer_log.close()
    assert code == 0, Path(consumer_log.name).read_text()
    # Acked and nacked-without-requeue messages are gone; an unacked one would be back in the queue.
    assert _queue_state(amqp_url, queue) == (0, 0)
