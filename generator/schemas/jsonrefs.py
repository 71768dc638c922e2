"""Resolve JSON Schema ``$ref`` locally: the same document, files of the catalog, the known meta-schemas.

Never the network. A relative reference is a file relative to the schema's folder (JSON or YAML) and must
stay inside the catalog. When the root schema has an absolute ``$id`` (``https://acme.com/schemas/a.json``),
references under the same base (``https://acme.com/schemas/b.json``) are taken to be the sibling files
they name, which is how catalogs that publish ``$id`` URLs keep their files side by side.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import referencing
import referencing.exceptions
import referencing.jsonschema
from jsonschema_specifications import REGISTRY as SPECIFICATIONS

from generator.catalog.files import CatalogReader, Refusal
from generator.schemas.jsontext import load_with_positions


class RefusedReference(Exception):
    """Why a reference was not followed; becomes the cause of referencing's ``Unretrievable``."""


def specification_of(schema: object,
                     default: referencing.Specification = referencing.jsonschema.DRAFT202012,
                     ) -> referencing.Specification:
    """The JSON Schema dialect of ``schema`` by its ``$schema`` (``default`` when absent or unknown)."""
    if isinstance(schema, dict) and isinstance(schema.get("$schema"), str):
        return referencing.jsonschema.specification_with(schema["$schema"], default=default)
    return default


def make_registry(schema: object, base_dir: Path | None = None,
                  catalog_root: Path | None = None) -> referencing.Registry:
    """A registry that knows the meta-schemas and retrieves catalog files; without ``base_dir`` it
    retrieves nothing (only references within the document resolve)."""
    spec = specification_of(schema)
    root_id = spec.id_of(_with_string_ids(schema)) if isinstance(schema, dict) else None
    retrieve = _retriever(spec, base_dir, catalog_root or base_dir, root_id)
    return SPECIFICATIONS.combine(referencing.Registry(retrieve=retrieve))


def make_resolver(schema: object, base_dir: Path | None = None,
                  catalog_root: Path | None = None) -> referencing.Resolver:
    """A resolver rooted at ``schema``, as a validator would use it."""
    resource = specification_of(schema).create_resource(_with_string_ids(schema))
    return make_registry(schema, base_dir, catalog_root).resolver_with_root(resource)


def _with_string_ids(schema: object) -> object:
    """``schema`` without a non-string ``$id``/``id`` (which would break URI handling; the meta-schema
    check reports it)."""
    if isinstance(schema, dict) and any(not isinstance(schema.get(key, ""), str) for key in ("$id", "id")):
        return {key: value for key, value in schema.items()
                if key not in ("$id", "id") or isinstance(value, str)}
    return schema


def explain(error: BaseException) -> str:
    """Why a reference did not resolve, in a few words (our refusal, if the chain of causes has one)."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, RefusedReference):
            return str(cause)
        if isinstance(cause, referencing.exceptions.PointerToNowhere):
            return f"{cause.ref!r} does not exist in the target document"
        if isinstance(cause, referencing.exceptions.NoSuchAnchor):
            return f"there is no anchor {cause.anchor!r}"
        cause = cause.__cause__
    return "no such document"


def _retriever(spec: referencing.Specification, base_dir: Path | None, catalog_root: Path | None,
               root_id: str | None):
    id_base = None
    if root_id and urlsplit(root_id).scheme in ("http", "https"):
        id_base = root_id.rpartition("/")[0] + "/"
    reader = CatalogReader(catalog_root) if catalog_root is not None else None

    def retrieve(uri: str) -> referencing.Resource:
        if base_dir is None or catalog_root is None or reader is None:
            raise RefusedReference("only references within the schema are followed here")
        relative = _catalog_relative(_local_path(uri, base_dir, id_base), catalog_root)
        if relative is None:
            raise RefusedReference("it points outside the catalog folder")
        # The catalog reader refuses links out of the catalog, FIFOs and devices, and checks the size
        # before reading: a $ref target is a catalog file like any other.
        found = reader.read(relative)
        if isinstance(found, Refusal):
            if found.kind == "missing":
                raise RefusedReference(f"there is no file {relative!r}")
            raise RefusedReference(f"{relative!r} cannot be read: {found.reason}")
        syntax = "yaml" if relative.lower().endswith((".yaml", ".yml")) else "json"
        loaded = load_with_positions(found, syntax)
        if loaded.error is not None:
            where = f" (line {loaded.error.line})" if loaded.error.line else ""
            raise RefusedReference(f"{relative!r} is not valid {syntax.upper()}: {loaded.error.message}{where}")
        if not isinstance(loaded.data, (dict, bool)):
            raise RefusedReference(f"{relative!r} is not a JSON Schema")
        return specification_of(loaded.data, default=spec).create_resource(_with_string_ids(loaded.data))

    return retrieve


def _catalog_relative(path: Path, catalog_root: Path) -> str | None:
    """``path`` relative to the catalog (POSIX), worked out on the names alone, or None when it climbs out.

    Symbolic links are not followed here: the catalog reader checks where they lead."""
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(catalog_root)).replace(os.sep, "/")
    return None if relative == ".." or relative.startswith("../") else relative


def _local_path(uri: str, base_dir: Path, id_base: str | None) -> Path:
    parts = urlsplit(uri)
    if id_base:
        base = urlsplit(id_base)
        if (parts.scheme, parts.netloc) == (base.scheme, base.netloc):
            # The same site as the root schema's $id: a file beside it, or above it (``../common.json``),
            # which the catalog check refuses when it climbs out of the catalog.
            return base_dir / posixpath.relpath(unquote(parts.path), base.path or "/")
    if parts.scheme in ("http", "https"):
        raise RefusedReference("it is remote and evcat never fetches; copy the file into the catalog")
    if parts.scheme == "file":
        from urllib.request import url2pathname  # noqa: PLC0415 - rare, and slow to import for every run

        return Path(url2pathname(parts.path))
    if parts.scheme:
        raise RefusedReference(f"the scheme {parts.scheme!r} is not supported")
    return base_dir / unquote(parts.path)
