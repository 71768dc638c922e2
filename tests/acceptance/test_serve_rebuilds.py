"""The rebuilds `evcat serve` runs, driven in-process as MkDocs' server drives them (dirty builds of one
configuration, the plugin kept between them): quick pass, catch-up, and a rebuild with nothing changed."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.render import workfolder
from generator.render.mkdocs_build import build_site, config_file_for, prepare_pages
from generator.render.progress import Progress
from generator.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
EVENT = "domains/Inventory/services/InventoryService/events/OutOfStock/index.mdx"


@pytest.mark.slow
def test_quick_pass_catch_up_and_an_unchanged_rebuild(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", catalog)
    settings = Settings(catalog=catalog)
    config_file = config_file_for(settings, workfolder.work_folder(catalog), True)
    prepare_pages(settings, config_file)
    site = tmp_path / "site"
    site.mkdir()

    def rebuild():
        config = load_config(config_file=str(config_file), site_dir=str(site))
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
        return config.plugins["evcat"].generated

    config = load_config(config_file=str(config_file), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)  # as `mkdocs serve --dirty` / `evcat serve` do
    try:
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
        assert config.plugins["evcat"].generated.mode == "full"
        page = site / "events/OutOfStock/index.html"
        table = site / "messages/index.html"
        path = catalog / EVENT
        path.write_text(re.sub(r"^summary:.*$", "summary: 'Edited <img src=x onerror=alert(1)>'",
                               path.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE), encoding="utf-8")
        assert rebuild().mode == "quick"
        escaped = "Edited &lt;img src=x onerror=alert(1)&gt;"
        assert escaped in page.read_text(encoding="utf-8") and "<img src=x" not in page.read_text(encoding="utf-8")
        assert escaped not in table.read_text(encoding="utf-8")
        assert escaped in (site / "search/search_index.json").read_text(encoding="utf-8")
        catch_up = rebuild()
        assert catch_up.mode == "catch-up" and catch_up.complete
        assert escaped in table.read_text(encoding="utf-8")
        written = page.stat().st_mtime_ns
        unchanged = rebuild()  # the server saw a write twice: nothing to read or write again
        assert unchanged.mode == "unchanged" and unchanged.written == 0
        assert page.stat().st_mtime_ns == written
        assert escaped in (site / "search/search_index.json").read_text(encoding="utf-8")
    finally:
        config.plugins.on_shutdown()
    # MkDocs keeps the plugin for the whole process: a build after serving shows its stages and writes a
    # whole site, as in a process of its own.
    log = io.StringIO()
    built = build_site(settings, tmp_path / "built", True, progress=Progress(log, tty=False))
    assert "evcat: reading and checking the catalog" in log.getvalue().splitlines(), log.getvalue()
    assert "evcat: writing pages" in log.getvalue()
    assert escaped in (built / "messages/index.html").read_text(encoding="utf-8")
