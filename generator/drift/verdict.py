"""One observed message against the catalog: its channel, its candidate messages, every version of each.

The payload is checked with the validators the example rules use (one per schema file, built once per
run), inside the channel's envelope where one is declared. A message that matches the latest version
conforms; one that matches only older versions conforms but its producer lags (EC704); one that matches
none is reported against the closest version (EC703, EC705 for values outside an enum).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from generator.catalog.model import Catalog, Channel, Kind, Message, SchemaFile
from generator.diagnostics import Diagnostic
from generator.diagnostics.codes import rule
from generator.drift.channels import ChannelIndex, ChannelMatch
from generator.drift.model import Observed
from generator.rules.examples import Checkers, value_at
from generator.rules.schemas import parse
from generator.schemas.model import ExampleProblem, quote

MAX_PROBLEMS = 10  # per message: the first few say what is wrong; a thousand lines say nothing more


@dataclass
class Verdict:
    """What one message turned out to be: which catalog message (if any), the versions it matched."""

    message: tuple[Kind, str] | None = None
    versions: tuple[str, ...] = ()
    conforming: bool = False
    findings: list[Diagnostic] = field(default_factory=list)


class Judge:
    """Checks observed messages against one catalog; built once per run (its validators are cached)."""

    def __init__(self, catalog: Catalog) -> None:
        self.index = ChannelIndex(catalog)
        self.checkers = Checkers(Path(catalog.root))

    def judge(self, observed: Observed) -> Verdict:
        matches = self.index.match(observed)
        if not matches:
            return Verdict(findings=[_finding("EC701", observed, f"{_channel_text(observed)} is not a channel "
                                              "of the catalog", hint="document the channel, or stop the producer")])
        clean = [m for m in matches if not m.outside_enum]
        # A name that fits a channel's parameters beats one that only fits its pattern (inventory.dev.events
        # is the Kafka topic, not routing key inventory.{entity}.{action} with entity=dev).
        matches = clean or matches
        findings = [_finding("EC705", observed, f"channel parameter '{name}' is {quote(value)}, not one of "
                             f"{list(allowed)}", hint=f"add {quote(value)} to the parameter's enum of channel "
                             f"'{match.channel.id}'") for match in matches[:1] for name, value, allowed in match.outside_enum]
        verdict = self._best(observed, matches)
        verdict.findings[:0] = findings
        verdict.conforming = verdict.conforming and not findings
        return verdict

    def _best(self, observed: Observed, matches: list[ChannelMatch]) -> Verdict:
        tried: list[tuple[int, int, Message, list[_Problem]]] = []
        for match in matches:
            envelope, payload, prefix = self._envelope(observed, match.channel)
            candidates = self.index.candidates(match)
            named = [c for c in candidates if observed.type_hint and self.index.named(*c, observed.type_hint)]
            for kind, id_ in named or candidates:
                versions = self.index.versions(kind, id_)
                results = [(m, self._problems(m.schema, payload, prefix, f"{kind.value} '{id_}' {m.version}"))
                           for m in versions if m.schema is not None]
                results = [(m, envelope + found) for m, found in results if found is not None]
                matched = tuple(m.version for m, found in results if not found)
                if matched:
                    return self._matched(observed, (kind, id_), versions, matched)
                for order, (message, found) in enumerate(results):
                    tried.append((len(found), -order, message, found))
                if not results and versions:  # no version has a usable schema: nothing to hold it against
                    return Verdict((kind, id_), conforming=True)
        hint = observed.type_hint
        if not tried or hint and not any(self.index.named(m.kind, m.id, hint) for *_, m, _ in tried):
            what = f"type {quote(observed.type_hint)}" if observed.type_hint else "this payload"
            channel = matches[0].channel.id
            return Verdict(findings=[_finding("EC702", observed, f"{what} is not a message documented on channel "
                                              f"'{channel}'", hint=f"add the message to a service that sends it "
                                              f"on '{channel}', or stop the producer")])
        _, _, closest, found = min(tried, key=lambda t: (t[0], t[1]))
        verdict = Verdict((closest.kind, closest.id))
        # Findings are built for the closest version only: most messages of a capture never need them.
        verdict.findings = [_problem_finding(observed, *problem) for problem in found[:MAX_PROBLEMS]]
        return verdict

    def _matched(self, observed: Observed, message: tuple[Kind, str], versions: list[Message],
                 matched: tuple[str, ...]) -> Verdict:
        latest = versions[-1].version
        verdict = Verdict(message, matched, conforming=True)
        if latest not in matched:
            verdict.findings.append(_finding(
                "EC704", observed, f"{message[0].value} '{message[1]}' matches only older version(s) "
                f"{', '.join(matched)}, not the latest {latest}", hint="the producer lags: move it to the latest "
                "version, or mark the old one as still in use"))
        return verdict

    def _envelope(self, observed: Observed, channel: Channel) -> tuple[list[_Problem], Any, str]:
        """The envelope's problems (once per channel, not per version), the payload and its pointer."""
        document, envelope = observed.document, channel.envelope
        inner = value_at(document, envelope.payload_pointer) if envelope is not None else None
        if envelope is not None and inner is not None:
            against = f"envelope '{envelope.name or envelope.schema.declared}'"
            return self._problems(envelope.schema, document, "", against) or [], inner, envelope.payload_pointer
        if observed.payload_pointer and value_at(document, observed.payload_pointer) is not None:
            return [], value_at(document, observed.payload_pointer), observed.payload_pointer
        return [], document, ""

    def _problems(self, schema: SchemaFile | None, datum: Any, prefix: str, against: str) -> list[_Problem] | None:
        """How ``datum`` disagrees with one schema; None when the schema cannot be used."""
        parsed = parse(schema) if schema is not None else None
        if schema is None or parsed is None or not parsed.usable:
            return None  # `evcat validate` says why the schema cannot be used
        return [_Problem(p, prefix, against) for p in self.checkers.for_schema(schema, parsed)(datum)
                if p.kind != "unchecked"]


class _Problem(NamedTuple):
    problem: ExampleProblem
    prefix: str
    against: str


def _problem_finding(observed: Observed, problem: ExampleProblem, prefix: str, against: str) -> Diagnostic:
    pointer = prefix + problem.pointer or "/"
    # Both validators word an enum failure "<value> is not one of [...]"; that is what tells it apart.
    code = "EC705" if " is not one of " in problem.message else "EC703"
    hint = ("add the value to the enum, or fix the producer" if code == "EC705"
            else f"fix the producer at {pointer}, or document the new shape as a new version")
    return _finding(code, observed, f"payload does not match {against} at {pointer}: {problem.message}", pointer=pointer,
                    hint=hint)


def _channel_text(observed: Observed) -> str:
    if observed.transport == "amqp":
        return f"routing key {quote(observed.channel)} on exchange {quote(observed.exchange or '')}"
    label = {"kafka": "topic", "eventbridge": "event source", "http": "webhook path"}.get(observed.transport,
                                                                                       "channel")
    return f"{label} {quote(observed.channel)}"


def _finding(code: str, observed: Observed, message: str, *, pointer: str | None = None,
             hint: str | None = None) -> Diagnostic:
    origin = observed.origin
    return rule(code)(origin.label + message, file=origin.file, line=origin.line, pointer=pointer, hint=hint)
