"""One ``Settings`` object per run, read from the ``evcat`` plugin block of ``mkdocs.yml``.

CLI flags override it. Configuration problems raise ``ConfigError`` (exit code 2), never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from generator.catalog.yamlbounds import exceeds_bounds
from generator.diagnostics import Severity
from generator.diagnostics.codes import FAMILIES, RULES

COMPATIBILITY_MODES = ("BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL",
                       "FULL_TRANSITIVE", "NONE")


class ConfigError(Exception):
    """A configuration value evcat cannot use; the message says which and why."""


class _LenientLoader(yaml.SafeLoader):
    """SafeLoader that reads mkdocs.yml's ``!ENV`` and ``!!python/name:`` tags as plain values."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_LenientLoader.add_multi_constructor("!", _ignore_tag)
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know besides the catalog itself."""

    catalog: Path = Path("catalog")
    config_file: Path | None = None
    title: str | None = None
    compatibility: str = "BACKWARD"
    rules: Mapping[str, Severity] = field(default_factory=dict)
    templates: Path | None = None  # a folder of template overrides, searched before the shipped ones
    # Raw HTML written in bodies is sanitised unless the catalog's authors are trusted; catalog values
    # (names, summaries …) are escaped either way.
    trusted_html: bool = False
    # Custom MDX components (e.g. a site <Footer>) that pages render as nothing, with no EC601 finding.
    ignore_components: tuple[str, ...] = ()

    def with_catalog(self, catalog: Path | None) -> Settings:
        """These settings for ``catalog``; another catalog than the configured one keeps its own title
        (a site_name written for the configured catalog does not name another)."""
        if catalog is None:
            return self
        if catalog.resolve() != self.catalog.resolve():
            return replace(self, catalog=catalog, title=None)
        return replace(self, catalog=catalog)


def find_config(start: Path) -> Path | None:
    """``mkdocs.yml`` in ``start`` (a folder), if any."""
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        if (start / name).is_file():
            return start / name
    return None


def plugin_block(config: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The ``evcat`` entry of the ``plugins`` list (or mapping) of a loaded mkdocs.yml."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, Mapping):
        plugins = [{k: v} for k, v in plugins.items()]
    for entry in plugins if isinstance(plugins, list) else []:
        if entry == "evcat":
            return {}
        if isinstance(entry, Mapping) and "evcat" in entry:
            return entry["evcat"] or {}
    return None


def read_mkdocs_yml(config_file: Path) -> Mapping[str, Any]:
    """An mkdocs.yml as data (``!ENV`` and ``!!python/name:`` read as plain values); ConfigError if unusable."""
    try:
        text = config_file.read_text(encoding="utf-8")
        too_big = exceeds_bounds(text)  # an alias bomb is refused before PyYAML composes it
        if too_big is not None:
            raise ConfigError(f"{config_file}:{too_big.line + 1}: {too_big.message}")
        config = yaml.load(text, Loader=_LenientLoader) or {}
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read {config_file}: {error}") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{config_file} is not valid YAML: {error}") from None
    if not isinstance(config, Mapping):
        raise ConfigError(f"{config_file} must be a mapping")
    return config


def load_settings(config_file: Path | None) -> Settings:
    """Settings from ``config_file`` (an mkdocs.yml), or defaults when None."""
    if config_file is None:
        return Settings()
    config = read_mkdocs_yml(config_file)
    block = plugin_block(config)
    base = config_file.parent
    if block is None:
        return Settings(catalog=base / "catalog", config_file=config_file, title=_text(config.get("site_name")))
    return settings_from_block(block, base, config_file, _text(config.get("site_name")))


def settings_from_block(block: Mapping[str, Any], base: Path, config_file: Path | None,
                        title: str | None) -> Settings:
    """Validate the ``evcat`` plugin options; paths are relative to the config file's folder."""
    if not isinstance(block, Mapping):
        raise ConfigError("the evcat plugin options must be a mapping")
    # prefix and pages_dir are read by the MkDocs plugin itself.
    unknown = set(block) - {"catalog", "compatibility", "rules", "templates", "title", "enabled", "prefix",
                            "pages_dir", "trusted_html", "ignore_components", "docs_section"}
    if unknown:
        raise ConfigError(f"unknown evcat option(s): {', '.join(sorted(unknown))}")
    mode = str(block.get("compatibility", "BACKWARD")).upper()
    if mode not in COMPATIBILITY_MODES:
        raise ConfigError(f"compatibility '{mode}' is not one of {', '.join(COMPATIBILITY_MODES)}")
    templates = block.get("templates")
    trusted_html = block.get("trusted_html", False)
    if not isinstance(trusted_html, bool):
        raise ConfigError(f"trusted_html must be true or false, not {trusted_html!r}")
    return Settings(
        catalog=base / str(block.get("catalog", "catalog")),
        config_file=config_file,
        title=_text(block.get("title")) or title,
        compatibility=mode,
        rules=parse_overrides(block.get("rules") or {}),
        templates=base / str(templates) if templates else None,
        trusted_html=trusted_html,
        ignore_components=parse_component_names(block.get("ignore_components")),
    )


_COMPONENT_NAME = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*")


def parse_component_names(raw: Any) -> tuple[str, ...]:
    """``ignore_components: [Footer, Layout.Banner]`` → names; anything that is not a JSX name is a config
    error (a name is matched exactly, never as a pattern)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ConfigError("ignore_components must be a list of component names, e.g. [Footer]")
    names = []
    for item in raw:
        if not isinstance(item, str) or not _COMPONENT_NAME.fullmatch(item):
            raise ConfigError(f"ignore_components: {str(item)[:60]!r} is not a component name")
        names.append(item)
    return tuple(dict.fromkeys(names))


def parse_overrides(raw: Any) -> dict[str, Severity]:
    """``{EC201: warning, EC5: off}`` → severities; unknown codes or severities are config errors."""
    if not isinstance(raw, Mapping):
        raise ConfigError("rules must map a code (EC201) or family (EC2) to error, warning, info or off")
    overrides: dict[str, Severity] = {}
    for code, value in raw.items():
        code = str(code).upper()
        if code not in RULES and code not in FAMILIES:
            raise ConfigError(f"rules: '{code}' is not a rule code or family (see `evcat rules`)")
        text = "off" if value is False else str(value)
        try:
            overrides[code] = Severity.parse(text)
        except ValueError as error:
            raise ConfigError(f"rules: {code}: {error}") from None
    return overrides


def _text(value: Any) -> str | None:
    return str(value) if isinstance(value, (str, int, float)) and value != "" else None
