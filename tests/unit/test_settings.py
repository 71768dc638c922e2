"""Settings from the `evcat` plugin block of mkdocs.yml; configuration problems are ConfigError."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.diagnostics import Severity
from generator.settings import (
    COMPATIBILITY_MODES,
    ConfigError,
    Settings,
    find_config,
    load_settings,
    parse_overrides,
    plugin_block,
    settings_from_block,
)

MKDOCS = """\
site_name: Acme events
theme:
  name: material
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
extra:
  analytics: !ENV [ANALYTICS_KEY, 'none']
  token: !ENV TOKEN
plugins:
  - search
  - evcat:
      catalog: ../catalogs/main
      compatibility: full_transitive
      templates: overrides
      rules:
        EC201: warning
        EC2: off
        ec104: info
"""


def write_config(folder: Path, text: str, name: str = "mkdocs.yml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_plugin_block_read_from_mkdocs_yml_with_python_and_env_tags(tmp_path):
    config = write_config(tmp_path / "site", MKDOCS)
    settings = load_settings(config)
    assert settings.config_file == config
    assert settings.title == "Acme events"
    assert settings.compatibility == "FULL_TRANSITIVE"
    assert settings.rules == {"EC201": Severity.WARNING, "EC2": Severity.OFF, "EC104": Severity.INFO}


def test_catalog_and_templates_are_relative_to_the_config_file(tmp_path, monkeypatch):
    config = write_config(tmp_path / "site", MKDOCS)
    monkeypatch.chdir(tmp_path)  # the working directory must not matter
    settings = load_settings(config)
    assert settings.catalog.resolve() == (tmp_path / "catalogs" / "main").resolve()
    assert settings.templates == tmp_path / "site" / "overrides"


def test_plugin_without_options_uses_defaults_next_to_the_config(tmp_path):
    config = write_config(tmp_path, "plugins:\n  - search\n  - evcat\n")
    settings = load_settings(config)
    assert settings.catalog == tmp_path / "catalog"
    assert settings.compatibility == "BACKWARD"
    assert settings.rules == {}
    assert settings.title is None


def test_plugins_as_a_mapping(tmp_path):
    config = write_config(tmp_path, """
        plugins:
          search: {}
          evcat:
            catalog: cat
            title: Own title
        site_name: Ignored when the block has a title
        """)
    settings = load_settings(config)
    assert settings.catalog == tmp_path / "cat"
    assert settings.title == "Own title"


def test_config_without_evcat_block_keeps_defaults_and_site_name(tmp_path):
    config = write_config(tmp_path, "site_name: X\nplugins:\n  - search\n")
    settings = load_settings(config)
    assert settings.title == "X"
    assert settings.rules == {}
    assert settings.compatibility == "BACKWARD"
    assert settings.config_file == config


def test_default_catalog_is_relative_to_the_config_even_without_a_block(tmp_path, monkeypatch):
    config = write_config(tmp_path / "site", "site_name: X\n")
    monkeypatch.chdir(tmp_path)
    assert load_settings(config).catalog.resolve() == (tmp_path / "site" / "catalog").resolve()


def test_no_config_file_gives_default_settings():
    assert load_settings(None) == Settings()
    assert Settings().catalog == Path("catalog")
    assert Settings().compatibility == "BACKWARD"


def test_find_config(tmp_path):
    assert find_config(tmp_path) is None
    write_config(tmp_path, "site_name: x\n", name="mkdocs.yaml")
    assert find_config(tmp_path) == tmp_path / "mkdocs.yaml"
    write_config(tmp_path, "site_name: x\n")
    assert find_config(tmp_path) == tmp_path / "mkdocs.yml"


def test_with_catalog_overrides_only_when_given():
    settings = Settings(catalog=Path("a"))
    assert settings.with_catalog(None).catalog == Path("a")
    assert settings.with_catalog(Path("b")).catalog == Path("b")


def test_plugin_block_lookup():
    assert plugin_block({"plugins": ["search"]}) is None
    assert plugin_block({}) is None
    assert plugin_block({"plugins": ["evcat"]}) == {}
    assert plugin_block({"plugins": [{"evcat": None}]}) == {}
    assert plugin_block({"plugins": [{"evcat": {"catalog": "x"}}]}) == {"catalog": "x"}


# --- rule overrides -----------------------------------------------------------------------------------


def test_rule_overrides_by_code_and_family():
    assert parse_overrides({"EC201": "warning", "EC2": "off", "EC5": "ERROR", "ec104": "info"}) == {
        "EC201": Severity.WARNING, "EC2": Severity.OFF, "EC5": Severity.ERROR, "EC104": Severity.INFO}


def test_yaml_off_boolean_means_off(tmp_path):
    # YAML 1.1 reads an unquoted `off` as false.
    config = write_config(tmp_path, "plugins:\n  - evcat:\n      rules:\n        EC210: off\n")
    assert load_settings(config).rules == {"EC210": Severity.OFF}


@pytest.mark.parametrize(("rules", "fragment"), [
    ({"EC999": "warning"}, "'EC999' is not a rule code or family"),
    ({"EC9": "warning"}, "'EC9' is not a rule code or family"),
    ({"W201": "warning"}, "'W201' is not a rule code or family"),
    ({"EC201": "loud"}, "EC201: unknown severity 'loud'"),
    ({"EC201": True}, "EC201: unknown severity 'True'"),
    (["EC201"], "rules must map a code"),
])
def test_invalid_rule_overrides_are_config_errors(rules, fragment):
    with pytest.raises(ConfigError, match="rules") as error:
        settings_from_block({"rules": rules}, Path("."), None, None)
    assert fragment in str(error.value)


# --- other options ------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", COMPATIBILITY_MODES)
def test_every_compatibility_mode_is_accepted_in_any_case(mode):
    assert settings_from_block({"compatibility": mode.lower()}, Path("."), None, None).compatibility == mode


def test_invalid_compatibility_mode_is_a_config_error():
    with pytest.raises(ConfigError, match="compatibility 'SOMETIMES' is not one of BACKWARD"):
        settings_from_block({"compatibility": "sometimes"}, Path("."), None, None)


def test_unknown_option_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown evcat option"):
        settings_from_block({"catalogue": "x"}, Path("."), None, None)


def test_block_that_is_not_a_mapping_is_a_config_error(tmp_path):
    config = write_config(tmp_path, "plugins:\n  - evcat: [a, b]\n")
    with pytest.raises(ConfigError, match="must be a mapping"):
        load_settings(config)


def test_invalid_yaml_config_is_a_config_error(tmp_path):
    config = write_config(tmp_path, "plugins: [\n")
    with pytest.raises(ConfigError, match="is not valid YAML"):
        load_settings(config)


def test_config_that_is_not_a_mapping_is_a_config_error(tmp_path):
    config = write_config(tmp_path, "- a\n- b\n")
    with pytest.raises(ConfigError, match="must be a mapping"):
        load_settings(config)


def test_unreadable_config_is_a_config_error(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_bytes(b"site_name: \xff\n")
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(config)


def test_invalid_rule_in_mkdocs_yml_is_a_config_error(tmp_path):
    config = write_config(tmp_path, "plugins:\n  - evcat:\n      rules:\n        EC201: sometimes\n")
    with pytest.raises(ConfigError, match="unknown severity"):
        load_settings(config)
