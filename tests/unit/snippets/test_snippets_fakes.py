"""The recording fakes keep the real clients' call signatures, so a snippet that runs against a fake
calls the real library the same way. Checked against every real client installed here (pika is a test
dependency: the broker test uses it)."""

from __future__ import annotations

import importlib.util
import inspect
import sys
from types import ModuleType

import pytest
from snippet_harness import FAKES


def _load_fake(package: str) -> ModuleType:
    """Import fakes/<package> under another name, leaving the real package importable."""
    if str(FAKES) not in sys.path:
        sys.path.append(str(FAKES))  # for evcat_fake_recorder; appended, so it shadows nothing
    spec = importlib.util.spec_from_file_location(f"evcat_fake_{package}", FAKES / package / "__init__.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _parameters(func: object) -> list[str]:
    return [p for p in inspect.signature(func).parameters if p != "self"]  # type: ignore[arg-type]


PIKA_METHODS = [
    "confirm_delivery",
    "exchange_declare",
    "queue_declare",
    "queue_bind",
    "basic_qos",
    "basic_publish",
    "basic_consume",
    "start_consuming",
    "stop_consuming",
    "basic_ack",
    "basic_nack",
    "basic_reject",
    "close",
]


@pytest.mark.parametrize("method", PIKA_METHODS)
def test_fake_pika_channel_methods_match_pika(method: str) -> None:
    real = pytest.importorskip("pika")
    fake = _load_fake("pika")
    from pika.adapters.blocking_connection import BlockingChannel

    assert _parameters(getattr(fake.BlockingChannel, method)) == _parameters(getattr(BlockingChannel, method))
    assert real.BlockingConnection  # the names the snippets use exist in the real package too


def test_fake_pika_classes_match_pika() -> None:
    real = pytest.importorskip("pika")
    fake = _load_fake("pika")
    assert _parameters(fake.BasicProperties.__init__) == _parameters(real.BasicProperties.__init__)
    assert _parameters(fake.URLParameters.__init__) == _parameters(real.URLParameters.__init__)
    assert _parameters(fake.BlockingConnection.__init__) == _parameters(real.BlockingConnection.__init__)
    assert _parameters(fake.BlockingConnection.channel) == _parameters(real.BlockingConnection.channel)
    assert _parameters(fake.BlockingConnection.process_data_events) == \
        _parameters(real.BlockingConnection.process_data_events)
    assert {m.name: m.value for m in fake.DeliveryMode} == {m.name: m.value for m in real.DeliveryMode}
