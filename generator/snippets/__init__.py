"""Producer and consumer code snippets for a message on a channel.

The page builder fills a :class:`SnippetInput` from the catalog model; :func:`generate` renders one
:class:`Snippet` per protocol template, language, role and variant found in ``templates/snippets/``
(``<protocol>/<language>-<role>[-<variant>].j2``), a catalog's own template folders searched first.

Everything a snippet needs is computed here, as ready-to-paste source fragments (the payload and schemas
as Python or JavaScript literals, the channel address as an f-string or template literal, the parameter
variables, the payload's location inside the envelope ...). Templates only lay those fragments out, so a
catalog can override one without reimplementing any of it. No I/O happens here except the Jinja loader."""

from __future__ import annotations

from generator.snippets.addresses import protocol_of, resolve_address
from generator.snippets.compose import generate
from generator.snippets.examples import example_from_schema
from generator.snippets.literals import literal
from generator.snippets.model import ChannelInfo, EnvelopeInfo, ParameterInfo, Snippet, SnippetInput

__all__ = ["ChannelInfo", "EnvelopeInfo", "ParameterInfo", "Snippet", "SnippetInput", "example_from_schema", "generate", "literal", "protocol_of", "resolve_address"]
