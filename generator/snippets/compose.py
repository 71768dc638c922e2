"""SnippetInput → Snippets: find the protocol's templates (a catalog's own first), render each
language, role and variant, tidy the code."""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.escaping import comment_text
from generator.snippets.addresses import protocol_of
from generator.snippets.languages import _language_context, _neutral_context
from generator.snippets.literals import _string
from generator.snippets.model import Snippet, SnippetInput


def _shipped_templates_dir() -> Path:
    """The ``templates/`` folder: the installed ``generator.templates`` package, else the source tree's."""
    try:
        root = importlib.resources.files("generator.templates")
    except ModuleNotFoundError:  # not installed with the package mapping (e.g. running from a checkout)
        root = None
    # FileSystemLoader needs a real directory; a namespace or zipped package gives another Traversable.
    if isinstance(root, Path) and (root / "snippets").is_dir():
        return root
    return Path(__file__).resolve().parents[2] / "templates"


@functools.lru_cache(maxsize=16)
def _environment(template_dirs: tuple[str, ...]) -> jinja2.Environment:
    """A Jinja environment searching the catalog's folders first, then the shipped templates."""
    loaders = [jinja2.FileSystemLoader(d) for d in template_dirs]
    loaders.append(jinja2.FileSystemLoader(str(_shipped_templates_dir())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,  # a typo in a template fails loudly instead of printing nothing
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Source code, not HTML: autoescape only makes macro output ``Markup`` (code); ``finalize`` turns
        # every other value, i.e. catalog text, into a comment-safe line.
        autoescape=True,
        finalize=_text_by_default,
    )
    env.filters["q"] = lambda text: Markup(_string(str(text)))  # a string literal, valid in Python and JS
    return env


def _text_by_default(value: Any) -> Any:
    """Jinja ``finalize`` for code: ``Markup`` is generated code; any other text is catalog text, which
    may only appear as a comment/docstring-safe line (no quote, backslash, line break or ``*/``)."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return Markup(str(value))
    return Markup(comment_text(value))


# Context values that are source code the generator wrote (literals, expressions, import lines).
_CODE_KEYS = ("address_expr", "param_lines", "payload_literal", "wire_literal", "key_expr", "headers_literal",
              "avro_headers_literal", "event_pattern_literal", "validators", "payload_validator",
              "envelope_validator", "invalid_errors", "payload_access", "envelope_access", "install_extras",
              "ajv_classes")


def _as_code(value: Any) -> Any:
    """Mark generated source code (strings, also inside lists and dicts) as ``Markup``."""
    if isinstance(value, str):
        return Markup(value)
    if isinstance(value, list | tuple):
        return type(value)(_as_code(item) for item in value)
    if isinstance(value, dict):
        return {key: _as_code(item) for key, item in value.items()}
    return value


_TEMPLATE_NAME = re.compile(
    r"^snippets/(?P<protocol>[^/]+)/(?P<language>[a-z0-9_]+)-(?P<role>producer|consumer)"
    r"(?:-(?P<variant>[a-z0-9_-]+))?\.j2$"
)


_PROTOCOL_LABELS = {"kafka": "Kafka", "amqp": "RabbitMQ (AMQP)", "eventbridge": "EventBridge", "http": "HTTP webhook"}


_LANGUAGE_LABELS = {"python": "Python", "javascript": "JavaScript (Node)"}


_LIBRARIES: dict[tuple[str | None, ...], str] = {
    ("kafka", "python", None): "confluent-kafka",
    ("kafka", "python", "avro"): "confluent-kafka, Avro with Schema Registry",
    ("kafka", "javascript", None): "kafkajs",
    ("amqp", "python", None): "pika",
    ("amqp", "javascript", None): "amqplib",
    ("eventbridge", "python", None): "boto3",
    ("eventbridge", "javascript", None): "AWS SDK v3",
    ("http", "python", None, "producer"): "urllib.request",
    ("http", "python", None, "consumer"): "http.server",
    ("http", "javascript", None, "producer"): "fetch",
    ("http", "javascript", None, "consumer"): "node:http",
}


def _variants(env: jinja2.Environment, protocol: str, language: str, role: str, inp: SnippetInput) -> list[str | None]:
    """The variants to render: the plain template, then every ``-<variant>`` template that applies."""
    found: set[str | None] = set()
    for name in env.list_templates(extensions=["j2"]):
        match = _TEMPLATE_NAME.match(name)
        if match and (match["protocol"], match["language"], match["role"]) == (protocol, language, role):
            found.add(match["variant"])
    # The Schema Registry serializer needs an Avro schema and a bare payload (no envelope around it).
    if "avro" in found and (inp.schema_format != "avro" or inp.channel.envelope is not None
                            or not isinstance(inp.schema, Mapping)):
        found.discard("avro")
    return sorted(found, key=lambda v: (v is not None, v or ""))


def _tidy(code: str, max_blank: int) -> str:
    """Strip trailing spaces, keep at most ``max_blank`` blank lines in a row, end with one newline."""
    out: list[str] = []
    blank = 0
    for line in code.strip("\n").splitlines():
        line = line.rstrip()
        blank = blank + 1 if not line else 0
        if blank <= max_blank:
            out.append(line)
    return "\n".join(out) + "\n"


def generate(
    inp: SnippetInput,
    *,
    languages: Sequence[str] = ("python", "javascript"),
    roles: Sequence[str] = ("producer", "consumer"),
    template_dirs: Sequence[Path] = (),
) -> list[Snippet]:
    """Render every snippet the templates provide for this message's channel, roles and languages.

    ``template_dirs`` are a catalog's template folders (each holding ``snippets/<protocol>/...``), searched
    before the shipped templates so a catalog can override a template or add a protocol, language or
    variant. A channel whose protocol no template covers yields no snippet.
    """
    protocol = protocol_of(inp.channel) or next(
        (re.sub(r"[^a-z0-9_-]", "", p.lower()) for p in inp.channel.protocols), None
    )
    if not protocol:
        return []
    env = _environment(tuple(str(Path(d)) for d in template_dirs))
    neutral = _neutral_context(inp, protocol)
    snippets: list[Snippet] = []
    for role in roles:
        for language in languages:
            context = {**neutral, **_language_context(neutral, language, role), "role": role}
            context |= {key: _as_code(context[key]) for key in _CODE_KEYS if key in context}
            for variant in _variants(env, protocol, language, role, inp):
                suffix = f"-{variant}" if variant else ""
                template = env.get_template(f"snippets/{protocol}/{language}-{role}{suffix}.j2")
                # PEP 8 separates top-level definitions by two blank lines; JavaScript style uses one.
                code = _tidy(template.render(**context, variant=variant), 2 if language == "python" else 1)
                snippets.append(
                    Snippet(
                        protocol,
                        language,
                        role,
                        variant,
                        _title(protocol, language, role, variant),
                        code,
                        language if language != "node" else "javascript",
                    )
                )
    return snippets


def _title(protocol: str, language: str, role: str, variant: str | None) -> str:
    library = _LIBRARIES.get((protocol, language, variant, role)) or _LIBRARIES.get((protocol, language, variant))
    title = f"{_PROTOCOL_LABELS.get(protocol, protocol)} {role} — {_LANGUAGE_LABELS.get(language, language)}"
    if library:
        return f"{title} ({library})"
    return f"{title} ({variant})" if variant else title
