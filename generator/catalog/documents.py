"""Turn one parsed document into its model object (``Message``, ``Service``, ``Channel`` …).

Only reading of already-parsed frontmatter happens here; shape problems are the shape rules' job, so
anything of the wrong type is skipped quietly (the shape rules report it with its position).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from typing import Any

from generator.catalog.discovery import SourceFile
from generator.catalog.frontmatter import Document
from generator.catalog.model import (
    Badge,
    Changelog,
    Channel,
    ChannelPointer,
    Domain,
    Envelope,
    Example,
    Flow,
    FlowStep,
    Kind,
    Message,
    MessagePointer,
    Notice,
    Parameter,
    Pointer,
    Resource,
    SchemaFile,
    Service,
    Team,
    User,
)

SCHEMA_FORMATS = {".avsc": "avro", ".avro": "avro", ".json": "json-schema", ".yaml": "json-schema",
                  ".yml": "json-schema", ".proto": "protobuf"}
_DECLARED_FORMATS = {"avro": "avro", "json-schema": "json-schema", "jsonschema": "json-schema",
                     "json": "json-schema", "protobuf": "protobuf", "proto": "protobuf"}
_EXAMPLE_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?P<lang>json5?|jsonc|ya?ml)\b(?P<info>.*)$",
                            re.IGNORECASE)
_TITLE = re.compile(r"""title\s*=\s*(?P<q>["'])(?P<title>.*?)(?P=q)""")


def text_of(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def string_or_none(value: Any) -> str | None:
    return str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None


def version_text(value: Any) -> str:
    """Versions are stored verbatim as text; YAML may have read ``1`` or ``1.0`` as a number."""
    return "" if value is None or isinstance(value, (bool, dict, list)) else str(value).strip()


def catalog_path(folder: str, declared: str) -> str | None:
    """Join a folder-relative path; None when it is absolute or escapes the catalog."""
    if not declared or declared.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", declared):
        return None
    joined = posixpath.normpath(posixpath.join(folder or ".", declared.replace("\\", "/")))
    if joined == ".." or joined.startswith("../"):
        return None
    return joined


def pointers(doc: Document, field: str, cls: type[Pointer] = Pointer) -> tuple[Pointer, ...]:
    """Read a list of ``{id, version}`` pointers (or bare id strings) from ``field``."""
    entries = doc.data.get(field)
    if not isinstance(entries, list):
        return ()
    found = []
    for index, entry in enumerate(entries):
        pointer = _pointer(doc, (field, index), entry, cls)
        if pointer is not None:
            found.append(pointer)
    return tuple(found)


def _pointer(doc: Document, path: tuple, entry: Any, cls: type[Pointer]) -> Pointer | None:
    if isinstance(entry, str):
        return cls(id=entry, location=doc.where_later(*path, value=True), field=".".join(map(str, path)))
    if not isinstance(entry, Mapping) or string_or_none(entry.get("id")) is None:
        return None
    version = version_text(entry.get("version")) or "latest"
    extra: dict[str, Any] = {}
    if cls is ChannelPointer:
        params = entry.get("parameters")
        extra["parameters"] = ({str(k): str(v) for k, v in params.items()} if isinstance(params, Mapping)
                               else {})
        extra["delivery_mode"] = string_or_none(entry.get("delivery_mode"))
    return cls(id=str(entry["id"]), version=version, location=doc.where_later(*path, "id", value=True),
               field=".".join(map(str, path)), **extra)


def message_pointers(doc: Document, field: str, channel_field: str) -> tuple[MessagePointer, ...]:
    entries = doc.data.get(field)
    if not isinstance(entries, list):
        return ()
    found = []
    for index, entry in enumerate(entries):
        base = _pointer(doc, (field, index), entry, Pointer)
        if base is None:
            continue
        channels: tuple[ChannelPointer, ...] = ()
        fields: tuple[str, ...] = ()
        if isinstance(entry, Mapping):
            channels = tuple(p for i, c in enumerate(entry.get(channel_field) or [])
                             if isinstance(entry.get(channel_field), list)
                             and (p := _pointer(doc, (field, index, channel_field, i), c, ChannelPointer)))
            fields = tuple(str(f) for f in entry.get("fields") or [] if isinstance(f, (str, int)))
        found.append(MessagePointer(id=base.id, version=base.version, location=base.location,
                                    field=base.field, channels=channels, fields=fields))
    return tuple(found)


def badges(doc: Document) -> tuple[Badge, ...]:
    entries = doc.data.get("badges")
    if not isinstance(entries, list):
        return ()
    return tuple(
        Badge(content=str(b["content"]), background_color=string_or_none(b.get("backgroundColor")),
              text_color=string_or_none(b.get("textColor")), icon=string_or_none(b.get("icon")),
              url=string_or_none(b.get("url")))
        for b in entries if isinstance(b, Mapping) and string_or_none(b.get("content"))
    )


def notice(value: Any) -> Notice | None:
    if value is True:
        return Notice()
    if isinstance(value, Mapping):
        return Notice(message=string_or_none(value.get("message")), title=string_or_none(value.get("title")),
                      date=string_or_none(value.get("date")))
    return None


def owners(doc: Document) -> tuple[Pointer, ...]:
    entries = doc.data.get("owners")
    if not isinstance(entries, list):
        return ()
    found = []
    for index, entry in enumerate(entries):
        pointer = _pointer(doc, ("owners", index), entry, Pointer)
        if pointer is not None:
            found.append(Pointer(pointer.id, "latest", pointer.location, pointer.field))
    return tuple(found)


def base_fields(source: SourceFile, doc: Document, changelog: Changelog | None) -> dict[str, Any]:
    data = doc.data
    ident = (string_or_none(data.get("id")) or "").strip()  # an empty `id:` is None: not the id "None"
    return dict(
        kind=source.kind, id=ident, name=text_of(data.get("name")) or ident,
        version=version_text(data.get("version")), document=doc, folder=source.folder,
        summary=text_of(data.get("summary")), owners=owners(doc), badges=badges(doc),
        draft=notice(data.get("draft")), deprecated=notice(data.get("deprecated")), changelog=changelog,
        hidden=data.get("hidden") is True,
    )


def schema_files(source: SourceFile, doc: Document, read: Callable[[str], str | None]) -> tuple[SchemaFile, ...]:
    """``schemaPath`` (the default when present) and every ``schemas[]`` entry, with their text."""
    found: list[SchemaFile] = []
    declared_path = doc.data.get("schemaPath")
    if isinstance(declared_path, str):
        found.append(_schema(source, doc, declared_path, None, True, ("schemaPath",), None, read))
    entries = doc.data.get("schemas")
    if isinstance(entries, list):
        # schemaPath, when given, is the default; else the first `default: true` entry; else the first.
        wants_default = not found
        explicit = any(isinstance(e, Mapping) and e.get("default") is True for e in entries)
        for index, entry in enumerate(entries):
            if not isinstance(entry, Mapping):
                continue
            declared = entry.get("file") or entry.get("path") or entry.get("ref")
            if not isinstance(declared, str):
                continue
            default = wants_default and (entry.get("default") is True or not explicit)
            wants_default = wants_default and not default
            found.append(_schema(source, doc, declared.removeprefix("file://"),
                                 string_or_none(entry.get("format")), default, ("schemas", index),
                                 string_or_none(entry.get("name")), read))
    return tuple(found)


def _schema(source, doc, declared, fmt, default, path, name, read) -> SchemaFile:
    resolved = catalog_path(source.folder, declared)
    extension = posixpath.splitext(declared)[1].lower()
    schema_format = _DECLARED_FORMATS.get((fmt or "").lower(), SCHEMA_FORMATS.get(extension, "unknown"))
    return SchemaFile(declared=declared, path=resolved, format=schema_format, default=default,
                      location=doc.where_later(*path, value=True), text=read(resolved) if resolved else None,
                      name=name)


def body_examples(doc: Document) -> tuple[Example, ...]:
    """Fenced JSON/YAML blocks in the body whose title names an example or a payload."""
    lines = doc.body.splitlines()
    found: list[Example] = []
    index = 0
    while index < len(lines):
        match = _EXAMPLE_FENCE.match(lines[index])
        title = _TITLE.search(match.group("info")) if match else None
        if not match:
            index += 1
            continue
        closing = next((j for j in range(index + 1, len(lines))
                        if lines[j].strip().startswith(match.group("fence"))
                        and not lines[j].strip().strip(match.group("fence")[0])), len(lines))
        if title and re.search(r"example|payload", title.group("title"), re.IGNORECASE):
            indent = len(match.group("indent"))
            text = "\n".join(line[indent:] if line[:indent].isspace() else line
                             for line in lines[index + 1:closing])
            syntax = "yaml" if match.group("lang").lower().startswith("y") else "json"
            found.append(Example(path=doc.path, name=title.group("title"), text=text, syntax=syntax,
                                 line_offset=doc.body_line - 1 + index + 1))
        index = closing + 1
    return tuple(found)


def message(source, doc, changelog, read, list_dir, example_config) -> Message:
    files = tuple(schema_files(source, doc, read))
    examples: list[Example] = []
    config_data, config_path = example_config
    if source.examples_dir:
        for name in list_dir(source.examples_dir):
            if name.startswith("examples.config.") or not name.lower().endswith((".json", ".yaml", ".yml")):
                continue
            path = f"{source.examples_dir}/{name}"
            text = read(path)
            if text is None:
                continue
            meta = config_data.get(name) if isinstance(config_data.get(name), Mapping) else {}
            examples.append(Example(path=path, name=string_or_none(meta.get("name")) or name, text=text,
                                    syntax="json" if name.lower().endswith(".json") else "yaml",
                                    summary=string_or_none(meta.get("summary")),
                                    usage=string_or_none(meta.get("usage"))))
    examples.extend(body_examples(doc))
    legacy = pointers(doc, "channels", ChannelPointer)
    return Message(**base_fields(source, doc, changelog), schemas=files, examples=tuple(examples),
                   example_config=config_data, example_config_path=config_path,
                   legacy_channels=legacy)  # type: ignore[arg-type]


def service(source, doc, changelog) -> Service:
    return Service(**base_fields(source, doc, changelog),
                   sends=message_pointers(doc, "sends", "to"),
                   receives=message_pointers(doc, "receives", "from"))


def domain(source, doc, changelog) -> Domain:
    return Domain(**base_fields(source, doc, changelog), services=pointers(doc, "services"),
                  subdomains=pointers(doc, "domains"), sends=message_pointers(doc, "sends", "to"),
                  receives=message_pointers(doc, "receives", "from"))


def channel(source, doc, changelog, read) -> Channel:
    data = doc.data
    params = data.get("parameters") if isinstance(data.get("parameters"), Mapping) else {}
    parameters = {
        str(name): Parameter(
            name=str(name),
            enum=tuple(str(v) for v in spec.get("enum") or [] if isinstance(spec.get("enum"), list)),
            default=string_or_none(spec.get("default")), description=string_or_none(spec.get("description")),
            examples=tuple(str(v) for v in spec.get("examples") or [] if isinstance(spec.get("examples"), list)),
        ) if isinstance(spec, Mapping) else Parameter(name=str(name))
        for name, spec in params.items()
    }
    protocols = data.get("protocols")
    bindings = {key[2:]: value for key, value in data.items()
                if key in ("x-amqp", "x-eventbridge", "x-http", "x-kafka") and isinstance(value, Mapping)}
    return Channel(**base_fields(source, doc, changelog), address=string_or_none(data.get("address")),
                   protocols=tuple(str(p) for p in protocols) if isinstance(protocols, list) else (),
                   parameters=parameters, delivery_guarantee=string_or_none(data.get("deliveryGuarantee")),
                   routes=pointers(doc, "routes", ChannelPointer), envelope=envelope(source, doc, read),
                   bindings=bindings)  # type: ignore[arg-type]


def envelope(source: SourceFile, doc: Document, read) -> Envelope | None:
    spec = doc.data.get("x-envelope")
    if not isinstance(spec, Mapping) or not isinstance(spec.get("schemaPath"), str):
        return None
    pointer = spec.get("payload")
    if not isinstance(pointer, str) or not pointer.startswith("/"):
        return None
    schema = _schema(source, doc, spec["schemaPath"], string_or_none(spec.get("format")), True,
                     ("x-envelope", "schemaPath"), string_or_none(spec.get("name")), read)
    return Envelope(schema=schema, payload_pointer=pointer, name=string_or_none(spec.get("name")))


def flow(source, doc, changelog) -> Flow:
    steps = []
    entries = doc.data.get("steps") if isinstance(doc.data.get("steps"), list) else []
    for index, step in enumerate(entries):
        if not isinstance(step, Mapping) or step.get("id") is None:
            continue
        target, target_kind = None, None
        for kind in ("message", "service", "flow", "agent", "container", "dataProduct"):
            if step.get(kind) is not None:
                target = _pointer(doc, ("steps", index, kind), step[kind], Pointer)
                target_kind = kind
                break
        actor = step.get("actor") or step.get("externalSystem")
        next_raw = step.get("next_steps") if step.get("next_steps") is not None else (
            [step["next_step"]] if step.get("next_step") is not None else [])
        next_steps = tuple(
            (str(n.get("id")), string_or_none(n.get("label"))) if isinstance(n, Mapping) else (str(n), None)
            for n in (next_raw if isinstance(next_raw, list) else [next_raw]))
        steps.append(FlowStep(id=str(step["id"]), title=text_of(step.get("title")) or str(step["id"]),
                              summary=string_or_none(step.get("summary")), target=target,
                              target_kind=target_kind,
                              actor=string_or_none(actor.get("name")) if isinstance(actor, Mapping) else None,
                              next_steps=next_steps))
    return Flow(**base_fields(source, doc, changelog), steps=tuple(steps))


def team(source, doc) -> Team:
    fields = base_fields(source, doc, None) | {"version": ""}
    return Team(**fields, members=pointers(doc, "members"), email=string_or_none(doc.data.get("email")))


def user(source, doc) -> User:
    data = doc.data
    fields = base_fields(source, doc, None) | {"version": ""}
    return User(**fields, role=string_or_none(data.get("role")), email=string_or_none(data.get("email")),
                avatar_url=string_or_none(data.get("avatarUrl")))


def generic(source, doc, changelog) -> Resource:
    return Resource(**base_fields(source, doc, changelog))


def build(source: SourceFile, doc: Document, changelog: Changelog | None, read, list_dir,
          example_config) -> Resource:
    """The model object for one document, by its kind."""
    kind = source.kind
    if kind.is_message:
        return message(source, doc, changelog, read, list_dir, example_config)
    # Agents declare sends/receives exactly like services.
    builders = {Kind.SERVICE: service, Kind.AGENT: service, Kind.DOMAIN: domain, Kind.FLOW: flow}
    if kind in builders:
        return builders[kind](source, doc, changelog)
    if kind is Kind.CHANNEL:
        return channel(source, doc, changelog, read)
    if kind is Kind.TEAM:
        return team(source, doc)
    if kind is Kind.USER:
        return user(source, doc)
    return generic(source, doc, changelog)
