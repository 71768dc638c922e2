"""Shared plumbing of the recording fakes.

Each fake call appends one JSON line ``{"call": name, ...}`` to the file named by ``EVCAT_FAKE_RECORD``;
deliveries for fake consumers come from the JSON list in the file named by ``EVCAT_FAKE_FEED``. Bytes are
recorded base64-encoded (``b64``) so the test sees exactly what the snippet passed.
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any


def record(call: str, **data: Any) -> None:
    """Append one call to the record file (no-op when the variable is unset)."""
    path = os.environ.get("EVCAT_FAKE_RECORD")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps({"call": call, **data}, default=repr) + "\n")


def feed() -> list[dict[str, Any]]:
    """The deliveries the test queued for a fake consumer."""
    path = os.environ.get("EVCAT_FAKE_FEED")
    if not path:
        return []
    with open(path, encoding="utf-8") as source:
        return json.load(source)


def b64(data: bytes | str | None) -> str | None:
    if data is None:
        return None
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"expected bytes or str, got {type(data).__name__}")
    return base64.b64encode(bytes(data)).decode("ascii")


def unb64(text: str | None) -> bytes | None:
    return None if text is None else base64.b64decode(text)
