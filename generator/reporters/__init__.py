"""Reporters turn a finished, already-overridden ``Diagnostics`` into text; they never print or judge.

Every reporter module has the same pure function::

    render(diagnostics, *, tool_version, catalog_root, color,
           checked_files=None, rules_uri=None, information_uri=None, working_dir=None) -> str

``catalog_root`` is the folder the findings' paths are relative to; ``working_dir``, when given, is where
the reader stands: ``text`` and ``github`` then print paths that open from there, and every format says
its base (``text`` a line before the summary, ``json`` its ``base`` key, ``sarif`` ``originalUriBaseIds``,
``junit`` its ``base`` property). ``checked_files`` is how many
files were read (only the summaries use it); ``rules_uri`` is an absolute URL of the rules page (``#anchor``
is appended) and ``information_uri`` one of evcat's home page — without them links fall back to
``docs/rules.md#anchor`` where a relative path is allowed and are left out where it is not (SARIF).
Keywords a format has no use for are accepted and ignored, so callers never branch on the format.
``render`` also takes ``messages`` (the summary of ``evcat check-messages``), which only ``json`` shows.
Every rendering ends with a newline; in ``text`` and ``github`` the summary is the last line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from generator.diagnostics import Diagnostics
from generator.reporters import github, json_report, junit, sarif, text

REPORTERS: dict[str, Callable[..., str]] = {
    "text": text.render,
    "json": json_report.render,
    "junit": junit.render,
    "sarif": sarif.render,
    "github": github.render,
}
DEFAULT_FORMAT = "text"


def _check(format_name: str) -> str:
    if format_name not in REPORTERS:
        raise ValueError(f"unknown report format {format_name!r}; use one of {', '.join(REPORTERS)}")
    return format_name


def choose_format(requested: str | None, env: Mapping[str, str]) -> str:
    """The format to use: the requested one, else ``github`` inside GitHub Actions, else ``text``.

    Raises ValueError for a format name that has no reporter.
    """
    if requested is not None:
        return _check(requested)
    # Actions sets GITHUB_ACTIONS=true in every step; annotations then show on the pull request.
    if env.get("GITHUB_ACTIONS") == "true":
        return "github"
    return DEFAULT_FORMAT


def render(
    format_name: str,
    diagnostics: Diagnostics,
    *,
    tool_version: str,
    catalog_root: str,
    color: bool,
    checked_files: int | None = None,
    rules_uri: str | None = None,
    information_uri: str | None = None,
    messages: dict[str, Any] | None = None,
    working_dir: str | None = None,
) -> str:
    """Render ``diagnostics`` in ``format_name``; raises ValueError for an unknown format."""
    reporter = REPORTERS[_check(format_name)]
    extra = {"messages": messages} if messages is not None and format_name == "json" else {}
    return reporter(
        diagnostics,
        tool_version=tool_version,
        catalog_root=catalog_root,
        color=color,
        checked_files=checked_files,
        rules_uri=rules_uri,
        information_uri=information_uri,
        working_dir=working_dir,
        **extra,
    )


__all__ = ["DEFAULT_FORMAT", "REPORTERS", "choose_format", "render"]
