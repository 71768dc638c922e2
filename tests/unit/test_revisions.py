"""Reading a catalog at a git revision: only plain files and folders come out of the archive."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

import pytest

from generator.catalog.revisions import RevisionError, _extract, checked_out, resolve_revision


def tar_of(members: list[tuple[tarfile.TarInfo, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for info, data in members:
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if data else None)
    return buffer.getvalue()


def entry(name: str, kind: bytes = tarfile.REGTYPE, target: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info


def test_links_absolute_and_parent_names_are_refused(tmp_path: Path) -> None:
    target = tmp_path / "out" / "inside"
    target.mkdir(parents=True)
    archive = tar_of([(entry("catalog/ok.mdx"), b"ok"), (entry("../escaped.mdx"), b"x"),
                      (entry("/tmp/absolute.mdx"), b"x"), (entry("catalog/../../up.mdx"), b"x"),
                      (entry("catalog/link.mdx", tarfile.SYMTYPE, "/etc/passwd"), b""),
                      (entry("catalog/hard.mdx", tarfile.LNKTYPE, "catalog/ok.mdx"), b""),
                      (entry("catalog/fifo", tarfile.FIFOTYPE), b"")])
    _extract(archive, target)
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == ["catalog", "catalog/ok.mdx"]
    assert not (tmp_path / "out" / "escaped.mdx").exists() and not (tmp_path / "up.mdx").exists()


def test_a_committed_link_out_of_the_catalog_is_not_followed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "catalog").mkdir(parents=True)
    (repo / "catalog/a.mdx").write_text("a", encoding="utf-8")
    (repo / "catalog/secret.mdx").symlink_to("/etc/hostname")
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True)
    with checked_out(repo, "HEAD", "catalog") as folder:
        assert sorted(p.name for p in folder.iterdir()) == ["a.mdx"]
        kept = folder
    assert not kept.exists()  # the temporary folder is gone


def test_options_are_not_revisions(tmp_path: Path) -> None:
    with pytest.raises(RevisionError, match="is not a revision"):
        resolve_revision(tmp_path, "--output=/tmp/x")
