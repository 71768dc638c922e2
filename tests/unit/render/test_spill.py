"""Page HTML held on disk between MkDocs' passes (generator/render/spill.py)."""

from __future__ import annotations

import os
import stat

from generator.render.spill import SpilledPages


def test_kept_html_comes_back_once_and_leaves_no_file() -> None:
    spill = SpilledPages()
    try:
        spill.keep("events/a/index.md", "<p>a</p>")
        spill.keep("events/../../etc/passwd", "<script>x</script>")
        assert len(spill) == 2
        assert stat.S_IMODE(os.stat(spill.folder).st_mode) == 0o700
        # Files are named by a digest: a page path never becomes a path on disk.
        assert all(len(name) == 37 for name in os.listdir(spill.folder))
        assert spill.take("events/a/index.md") == "<p>a</p>"
        assert spill.take("events/a/index.md") is None
        assert spill.take("events/../../etc/passwd") == "<script>x</script>"
        assert os.listdir(spill.folder) == []
    finally:
        spill.close()
    assert not spill.folder.exists()


def test_a_helper_process_keeps_and_this_one_adopts() -> None:
    spill = SpilledPages()
    try:
        pid = os.fork()
        if pid == 0:  # the helper: its own copy of the store, the same folder
            spill.keep("p.md", "from the helper")
            os._exit(0)
        os.waitpid(pid, 0)
        assert spill.take("p.md") is None  # not known here until adopted
        assert spill.adopt("p.md") and not spill.adopt("never-kept.md")
        assert spill.take("p.md") == "from the helper"
    finally:
        spill.close()


def test_an_interrupted_build_leaves_no_spill_folder(tmp_path, monkeypatch) -> None:
    """Ctrl-C in the middle of MkDocs' passes: the plugin's folder of page HTML is removed all the same."""
    import tempfile  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    import pytest  # noqa: PLC0415

    from generator.render import mkdocs_build  # noqa: PLC0415
    from generator.settings import Settings  # noqa: PLC0415

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("generator.plugin.EvcatPlugin.on_env", interrupted)
    catalog = Path(__file__).resolve().parents[3] / "catalog"
    with pytest.raises(KeyboardInterrupt):
        mkdocs_build.build_site(Settings(catalog=catalog), tmp_path / "site", True)
    assert not list(tmp_path.glob("evcat-html-*"))
