"""Which catalog channel a message travelled on (its parameters bound), and which catalog messages it may be.

A channel's address is a pattern: ``inventory.{env}.events`` matches ``inventory.prod.events`` with
``env=prod``. The transport narrows the channels: a Kafka topic meets Kafka channels, an AMQP routing key
the channels of its exchange, an EventBridge event the buses of its ``source``, a webhook the HTTP
channels whose URL path it was delivered to.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlparse

from generator.catalog.model import Catalog, Channel, Key, Kind, Message
from generator.drift.model import Observed
from generator.schemas.jsontext import load_with_positions

_PARAMETER = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class ChannelMatch:
    """A channel the message travelled on, the parameter values read from its name, and those values
    that its parameter's enum does not allow (name, value, allowed)."""

    channel: Channel
    values: Mapping[str, str]
    outside_enum: tuple[tuple[str, str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    names: tuple[str, ...]


def _compile(address: str) -> _Pattern:
    names: list[str] = []
    parts: list[str] = []
    last = 0
    for found in _PARAMETER.finditer(address):
        parts.append(re.escape(address[last:found.start()]))
        parts.append(r"([^./]+)")  # a parameter value never spans a separator
        names.append(found.group(1))
        last = found.end()
    parts.append(re.escape(address[last:]))
    return _Pattern(re.compile("".join(parts)), tuple(names))


class ChannelIndex:
    """The catalog's channels (latest versions) and the messages each carries, ready to match messages."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.channels = [c for c in catalog.of_kind(Kind.CHANNEL) if isinstance(c, Channel) and catalog.latest(c)]
        self._patterns = {c.id: [_compile(p) for p in {c.address or c.id, c.id}] for c in self.channels}
        self._paths = {c.id: _compile(urlparse(c.address).path) for c in self.channels
                       if c.address and "://" in c.address}
        self._names: dict[tuple[Kind, str], frozenset[str]] = {}
        self._candidates: dict[tuple[str, tuple[tuple[str, str], ...]], list[tuple[Kind, str]]] = {}

    def match(self, observed: Observed) -> list[ChannelMatch]:
        """Every channel ``observed`` may have travelled on (empty: an undocumented channel)."""
        found = []
        for channel in self.channels:
            if not self._transport_fits(channel, observed):
                continue
            values = self._bound(channel, observed)
            if values is not None:
                found.append(ChannelMatch(channel, values, _outside_enum(channel, values)))
        return found

    def _transport_fits(self, channel: Channel, observed: Observed) -> bool:
        protocols = {p.lower() for p in channel.protocols} | set(channel.bindings)
        if observed.transport == "any":
            return True
        if observed.transport == "amqp":
            exchange = channel.bindings.get("amqp", {}).get("exchange")
            return "amqp" in protocols and (exchange is None or exchange == observed.exchange)
        wanted = {"http": {"http", "https", "webhook", "webhooks"}}.get(observed.transport, {observed.transport})
        return bool(protocols & wanted) or not protocols and observed.transport == "kafka"

    def _bound(self, channel: Channel, observed: Observed) -> dict[str, str] | None:
        name = observed.channel
        if observed.transport == "eventbridge":
            source = channel.bindings.get("eventbridge", {}).get("source")
            return {} if source is None or source == name else None
        if observed.transport == "http":
            if not name:
                return {}  # no path known: every webhook channel may be the one
            patterns = [self._paths[channel.id]] if channel.id in self._paths else []
            patterns += self._patterns[channel.id]
        elif observed.transport == "amqp" and name == channel.bindings.get("amqp", {}).get("queue"):
            return {}
        else:
            patterns = self._patterns[channel.id]
        for pattern in patterns:
            found = pattern.regex.fullmatch(name)
            if found:
                return dict(zip(pattern.names, found.groups(), strict=True))
        return None

    def candidates(self, match: ChannelMatch) -> list[tuple[Kind, str]]:
        """The messages (kind, id) documented on the matched channel, those whose bound parameters agree
        with the values read from the message's channel name if there are any."""
        key = (match.channel.id, tuple(sorted(match.values.items())))
        if key not in self._candidates:
            self._candidates[key] = self._find_candidates(match)
        return self._candidates[key]

    def _find_candidates(self, match: ChannelMatch) -> list[tuple[Kind, str]]:
        agreeing: dict[tuple[Kind, str], None] = {}
        others: dict[tuple[Kind, str], None] = {}
        for edge in self.catalog.edges:
            for key, bound in edge.channels:
                if key.id == match.channel.id:
                    fits = all(match.values.get(k, v) == v for k, v in bound.items())
                    (agreeing if fits else others)[(edge.message.kind, edge.message.id)] = None
        # A service that documents `env: prod` still sends the same message to the dev topic: bound values
        # choose between messages when they can, and exclude none when no binding fits.
        return list(agreeing) or list(others)

    def named(self, kind: Kind, id_: str, hint: str) -> bool:
        """Whether a type hint names any version of the message (names computed once per message)."""
        if (kind, id_) not in self._names:
            self._names[(kind, id_)] = frozenset().union(*(type_names(m) for m in self.versions(kind, id_)))
        return hint in self._names[(kind, id_)]

    def versions(self, kind: Kind, id_: str) -> list[Message]:
        """Every version of a message, oldest first."""
        found = [self.catalog.get(Key(kind, id_, v)) for v in self.catalog.versions_of(kind, id_)]
        return [m for m in found if isinstance(m, Message)]


def type_names(message: Message) -> frozenset[str]:
    """The type hints that name ``message``: its id, its name, its EventBridge ``detailType``, and the
    ``type``/``detail-type`` its own examples carry (a webhook's ``inventory.out_of_stock``)."""
    eventbridge = message.data.get("x-eventbridge")
    names = {message.id, message.name}
    if isinstance(eventbridge, Mapping) and isinstance(eventbridge.get("detailType"), str):
        names.add(eventbridge["detailType"])
    for example in message.examples:
        data = load_with_positions(example.text, "yaml" if example.syntax == "yaml" else "json").data
        if isinstance(data, Mapping):
            names.update(v for k in ("type", "detail-type") if isinstance(v := data.get(k), str))
    return frozenset(names)


def _outside_enum(channel: Channel, values: Mapping[str, str]) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return tuple((name, value, channel.parameters[name].enum) for name, value in values.items()
                 if name in channel.parameters and channel.parameters[name].enum
                 and value not in channel.parameters[name].enum)
