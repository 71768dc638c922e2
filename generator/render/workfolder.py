"""evcat's private work folder: the generated pages and the embedded ``mkdocs.yml`` of one catalog.

It used to be ``<tmp>/evcat-<digest>``, predictable and shared: a link planted there made a build overwrite
another user's file. Now it is ``<cache>/evcat/<digest>``, mode 0700, owned by the user, and holds no link
evcat did not make; builds of one catalog take turns on a lock file in it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from generator.render.outputs import UnsafeOutput


def work_folder(catalog: Path) -> Path:
    """The private folder for ``catalog``'s generated pages and embedded mkdocs.yml, made if missing.

    ``$XDG_CACHE_HOME/evcat/<digest>`` (default ``~/.cache``), mode 0700. Refuses a link, a folder owned by
    another user or writable by others, and a work folder holding a link evcat did not make.
    """
    configured = os.environ.get("XDG_CACHE_HOME", "")
    cache = Path(configured) if os.path.isabs(configured) else Path.home() / ".cache"
    digest = hashlib.sha256(str(Path(os.path.abspath(catalog)).resolve()).encode()).hexdigest()[:16]
    try:
        cache.mkdir(mode=0o700, parents=True, exist_ok=True)
        work = _private_folder(_private_folder(cache / "evcat") / digest)
    except UnsafeOutput:
        raise
    except OSError as error:
        raise UnsafeOutput(f"cannot make the work folder under '{cache}': {error.strerror}; "
                           "set XDG_CACHE_HOME to a folder you can write") from None
    with os.scandir(work) as entries:
        planted = [entry.name for entry in entries if entry.is_symlink()]
    if planted:
        raise UnsafeOutput(f"the work folder '{work}' holds a symbolic link '{planted[0]}' evcat did not make; "
                           "remove the work folder")
    return work


def _private_folder(path: Path) -> Path:
    with contextlib.suppress(FileExistsError):
        os.mkdir(path, 0o700)
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise UnsafeOutput(f"the work folder '{path}' is a symbolic link evcat did not make; remove it")
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeOutput(f"the work folder '{path}' is not a folder; remove it")
    if info.st_uid != os.geteuid():
        raise UnsafeOutput(f"the work folder '{path}' belongs to another user (uid {info.st_uid}); remove it")
    if info.st_mode & 0o022:
        raise UnsafeOutput(f"the work folder '{path}' can be written by other users "
                           f"(mode {stat.S_IMODE(info.st_mode):o}); remove it")
    return path


@contextlib.contextmanager
def exclusive(lock_file: Path, on_wait: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_file`` for the block; ``on_wait`` is called if another holds it."""
    handle = os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock
