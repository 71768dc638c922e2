"""Run a generated snippet under the fakes.

``python -m evcat_snippet_runner main FILE`` runs FILE as ``__main__``; ``python -m evcat_snippet_runner
call FILE FUNC ARGS_JSON`` loads FILE as a module and calls ``FUNC(*args)``, recording the outcome as a
``runner.call`` entry. In both modes ``urllib.request.urlopen`` is replaced by a recorder that answers 204,
so an HTTP sender can run without a receiver.
"""

from __future__ import annotations

import json
import runpy
import sys
import urllib.request
from typing import Any

from evcat_fake_recorder import b64, record


class _Response:
    status = 204

    def read(self) -> bytes:
        return b""

    def __enter__(self) -> _Response:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _urlopen(request: Any, data: bytes | None = None, timeout: float | None = None, **_: Any) -> _Response:
    if isinstance(request, str):
        request = urllib.request.Request(request, data=data)
    record(
        "urlopen",
        url=request.full_url,
        method=request.get_method(),
        headers={k.lower(): v for k, v in request.header_items()},
        body=b64(request.data),
        timeout=timeout,
    )
    return _Response()


def main(argv: list[str]) -> int:
    urllib.request.urlopen = _urlopen  # type: ignore[assignment]
    mode, path = argv[0], argv[1]
    if mode == "main":
        runpy.run_path(path, run_name="__main__")
        return 0
    func, args_file = argv[2], argv[3]
    with open(args_file, encoding="utf-8") as source:
        args = json.load(source)
    namespace = runpy.run_path(path, run_name="snippet")
    try:
        result = namespace[func](*args)
    except Exception as exc:  # the test asserts on the recorded type; any exception counts
        record("runner.call", func=func, ok=False, error_type=type(exc).__name__, error=str(exc))
    else:
        record("runner.call", func=func, ok=True, result=result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
