"""Channel protocols and addresses: which protocol a channel speaks, its address with parameters
bound, and the variables a snippet declares for the parameters left open."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from generator.escaping import comment_text, identifier
from generator.snippets.literals import _string
from generator.snippets.model import ChannelInfo, ParameterInfo

# AMQP 1.0 ("amqp1") is deliberately absent: pika and amqplib speak AMQP 0-9-1 only, so a snippet for an
# AMQP 1.0 channel would not work.
_PROTOCOL_ALIASES = {
    "kafka": "kafka",
    "kafka-secure": "kafka",
    "amqp": "amqp",
    "amqps": "amqp",
    "rabbitmq": "amqp",
    "eventbridge": "eventbridge",
    "aws-eventbridge": "eventbridge",
    "http": "http",
    "https": "http",
    "webhook": "http",
    "webhooks": "http",
}


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def protocol_of(channel: ChannelInfo) -> str | None:
    """The snippet protocol of a channel: ``kafka``, ``amqp``, ``eventbridge``, ``http`` or None.

    The first of the channel's ``protocols`` that evcat has templates for wins. A channel that lists no
    protocol at all but carries an ``x-amqp``/``x-eventbridge``/``x-http`` binding gets that protocol.
    """
    for name in channel.protocols:
        protocol = _PROTOCOL_ALIASES.get(str(name).strip().lower())
        if protocol:
            return protocol
    if not channel.protocols:
        for key in ("amqp", "eventbridge", "http"):
            if key in channel.bindings:
                return key
    return None


def resolve_address(channel: ChannelInfo, bound: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """Substitute the bound parameters into the channel address.

    Returns the address, where every parameter without a bound value stays as its ``{name}`` placeholder,
    and a map of those unbound parameter names to the environment variable a snippet reads them from.
    A channel without an address uses its id (EventCatalog channels are usually named after the topic).
    """
    address = channel.address if channel.address else channel.id
    unbound: dict[str, str] = {}

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in bound and bound[name] is not None:
            return str(bound[name])
        unbound[name] = _env_var(channel.id, name)
        return match.group(0)

    return _PLACEHOLDER.sub(substitute, address), unbound


def _env_var(channel_id: str, name: str) -> str:
    """Environment variable for an unbound parameter, e.g. ``inventory-events`` + ``env`` → INVENTORY_EVENTS_ENV."""
    var = re.sub(r"[^A-Za-z0-9]+", "_", f"{channel_id}_{name}").strip("_").upper()
    return var if var[:1].isalpha() else f"CHANNEL_{var}"


@dataclass(frozen=True)
class _Param:
    """An unbound channel parameter as a snippet variable."""

    name: str
    var: str
    env_var: str
    default: str | None
    enum: tuple[str, ...]
    description: str | None
    declared_default: bool  # False when `default` is only the first enum value, picked here

    @property
    def note(self) -> str:
        """The comment above the variable: what the parameter is and the values it takes."""
        note = f"Channel parameter {{{self.name}}}"
        if self.description:
            note += ": " + " ".join(self.description.split()).rstrip(".")
        details = ["one of: " + ", ".join(self.enum)] if self.enum else []
        if self.default is not None and self.declared_default:
            details.append(f"default: {self.default}")
        return note + (f" ({'; '.join(details)})" if details else "") + "."


# Constant names the shipped templates use; a parameter variable must not shadow them.
_RESERVED_VARS = frozenset(
    {
        "TOPIC",
        "EXCHANGE",
        "EXCHANGE_TYPE",
        "ROUTING_KEY",
        "QUEUE",
        "BINDING_KEY",
        "EVENT_BUS",
        "WEBHOOK_URL",
        "SCHEMA",
        "VALIDATOR",
        "HEADERS",
        "SOURCE",
        "DETAIL_TYPE",
        "SECRET",
        "PATH",
        "RULE_NAME",
    }
)


def _address_parts(channel: ChannelInfo, bound: Mapping[str, str]) -> tuple[list[str | _Param], list[_Param]]:
    """Split the resolved address into literal text and unbound parameters, in order."""
    address, unbound = resolve_address(channel, bound)
    params: dict[str, _Param] = {}
    for name, env_var in unbound.items():
        info = channel.parameters.get(name) or ParameterInfo()
        var = identifier(name, "PARAM").upper()
        if var in _RESERVED_VARS:
            var = f"PARAM_{var}"
        default = info.default if info.default is not None else (info.enum[0] if info.enum else None)
        params[name] = _Param(name, var, env_var, default, tuple(info.enum), info.description, info.default is not None)
    parts: list[str | _Param] = []
    position = 0
    for match in _PLACEHOLDER.finditer(address):
        if match.group(1) in params:
            parts.extend([address[position : match.start()], params[match.group(1)]])
            position = match.end()
    parts.append(address[position:])
    return [p for p in parts if p != ""], list(params.values())


# The default of the base-URL variable: a reserved example domain (RFC 2606), so a snippet run without setting
# the variable fails to connect instead of posting somewhere real.
BASE_URL_PLACEHOLDER = "https://receiver.example.com"


@dataclass(frozen=True)
class _BaseUrl(_Param):
    """The base URL an HTTP channel's address is a path on: a variable the reader must set."""

    @property
    def note(self) -> str:
        return f"SET {self.env_var} to the receiver's base URL: the address {self.description} is a path on it."


def http_address_parts(channel: ChannelInfo, bound: Mapping[str, str]) -> tuple[list[str | _Param], list[_Param]]:
    """``_address_parts`` for an HTTP channel: an address that is only a path (``/webhooks/stripe``) becomes
    a full URL from a base-URL variable, since a request needs one (urllib: "unknown url type")."""
    parts, params = _address_parts(channel, bound)
    address, _ = resolve_address(channel, bound)
    if urlsplit(address).scheme and urlsplit(address).netloc:
        return parts, params
    taken = {p.var for p in params}
    var = "BASE_URL" if "BASE_URL" not in taken else "RECEIVER_BASE_URL"
    base = _BaseUrl(name="base URL", var=var, env_var=_env_var(channel.id, "base_url"),
                    default=BASE_URL_PLACEHOLDER, enum=(), description=address, declared_default=True)
    if not address.startswith("/"):
        parts = ["/", *parts]
    return [base, *parts], [base, *params]


def _address_expr(parts: Sequence[str | _Param], language: str) -> str:
    """The address as a string literal, or an f-string / template literal over the parameter variables."""
    if not any(isinstance(p, _Param) for p in parts):
        return _string("".join(p for p in parts if isinstance(p, str)))
    out: list[str] = []
    for part in parts:
        if isinstance(part, _Param):
            out.append(f"{{{part.var}}}" if language == "python" else f"${{{part.var}}}")
        elif language == "python":
            out.append(_string(part)[1:-1].replace("{", "{{").replace("}", "}}"))
        else:
            out.append(part.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${"))
    return f'f"{"".join(out)}"' if language == "python" else f"`{''.join(out)}`"


def _param_lines(params: Sequence[_Param], language: str) -> list[str]:
    """Declarations of the unbound parameter variables, each under a comment naming its values."""
    lines: list[str] = []
    comment = "#" if language == "python" else "//"
    for p in params:
        lines.append(f"{comment} {comment_text(p.note)}")
        env = _string(p.env_var)
        if language == "python":
            getter = f"os.environ.get({env}, {_string(p.default)})" if p.default is not None else f"os.environ[{env}]"
            lines.append(f"{p.var} = {getter}")
        elif p.default is not None:
            lines.append(f"const {p.var} = process.env.{p.env_var} ?? {_string(p.default)};")
        else:
            lines.append(f"const {p.var} = process.env.{p.env_var};")
            lines.append(f'if (!{p.var}) throw new Error("set {p.env_var}");')
    return lines
