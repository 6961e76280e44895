"""Files the package writes and reads back, handled as untrusted: never through a symbolic link,
never truncating or overwriting a file we did not create, never reading a FIFO, a device or an
unbounded file.

- ``claim_folder``: an output folder is ours only when it is empty or carries our marker
  file; anything else (someone's files, a file, a dangling link) is a ``FileSafetyError``
  naming the folder.
- ``open_exclusive`` / ``atomic_write``: temporary files are created with ``O_EXCL |
  O_NOFOLLOW`` under a fresh name, written, then renamed over the target (``os.replace``: a
  link planted at the target is replaced, never followed).
- ``open_append`` / ``open_lock``: an existing file is opened without following a link and
  without truncating it, and must be a regular file.
- ``read_bounded``: a regular file (not a link, FIFO or device) of at most ``limit`` bytes.
- ``load_json``: JSON where deep nesting (``[[[[...``) is a ``ValueError``, not a ``RecursionError``.

Nothing here imports the rest of the package (any layer may use it).

Example:
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> claim_folder(d, "summarize-test") == d.resolve()
    True
    >>> _ = atomic_write(d / "a.json", b'{"x": [1, 2]}')
    >>> load_json(read_bounded(d / "a.json", 1000))
    {'x': [1, 2]}
    >>> load_json(b"[" * 200_000)
    Traceback (most recent call last):
    ...
    ValueError: JSON nested too deeply
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import stat
from pathlib import Path
from typing import IO, Any

__all__ = ["FileSafetyError", "claim_folder", "open_exclusive", "atomic_write", "open_append",
           "open_lock", "read_bounded", "load_json", "safe_subfolder", "open_read", "open_rewrite",
           "file_identity", "file_sha256",
           "describe_path"]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class FileSafetyError(RuntimeError):
    """A path the package would write or read is not safe to use (someone else's folder, a
    link, a FIFO, a device, a file over its size limit). The message is one line naming it."""


def describe_path(path: Path) -> str | None:
    """What makes ``path`` unusable as a folder, or None when it is a folder or absent.

    Example:
        >>> describe_path(Path("/dev/null"))
        'is not a folder (a character device)'
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(st.st_mode):
        try:
            st = os.stat(path)
        except OSError:
            return "is a dangling symbolic link"
    if stat.S_ISDIR(st.st_mode):
        return None
    return f"is not a folder ({_kind(st.st_mode)})"


_KINDS = ((stat.S_ISREG, "a file"), (stat.S_ISFIFO, "a FIFO"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link"),
          (stat.S_ISDIR, "a folder"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def claim_folder(path: str | Path, marker: str, what: str = "output folder",
                 ignore: tuple[str, ...] = ()) -> Path:
    """Make ``path`` (created if missing) our folder and return its resolved path: it must be
    empty (``ignore`` names aside) or carry the marker file ``marker`` (a small regular file
    we wrote, JSON ``{"marker": marker}``); the marker is written when the folder is new.

    A file, a dangling link, or a folder holding other files is a ``FileSafetyError`` naming
    the folder; permission and disk errors are left as ``OSError`` for the caller to word.
    """
    path = Path(path).expanduser()
    problem = describe_path(path)
    if problem:
        raise FileSafetyError(f"{path} {problem}; pass a new or empty folder")
    path.mkdir(parents=True, exist_ok=True)
    real = path.resolve()
    mark = real / marker
    try:
        body = read_bounded(mark, 4096)
    except FileNotFoundError:
        body = None
    except FileSafetyError:
        raise FileSafetyError(f"{real} has a {marker} that is not a regular file we wrote; "
                              "it is not our folder: pass a new or empty folder") from None
    if body is not None:
        try:
            ok = load_json(body).get("marker") == marker
        except (ValueError, AttributeError):
            ok = False
        if not ok:
            raise FileSafetyError(f"{real} has a damaged {marker}; it is not our folder: pass "
                                  "a new or empty folder")
        return real
    others = sorted(n for n in os.listdir(real) if n not in ignore)
    if others:
        shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
        raise FileSafetyError(
            f"{real} is not empty and was not made by summarize (it holds {shown} and no "
            f"{marker}); refusing to write there: pass a new or empty {what}")
    atomic_write(mark, json.dumps({"marker": marker}).encode("ascii"))
    return real


def safe_subfolder(parent: Path, name: str) -> Path:
    """``parent/name`` as a real folder (created if missing); a link or a file there is a
    ``FileSafetyError``."""
    path = parent / name
    try:
        os.mkdir(path)
    except FileExistsError:
        st = os.lstat(path)
        if not stat.S_ISDIR(st.st_mode):
            raise FileSafetyError(f"{path} is {_kind(st.st_mode)}, not a folder; summarize does "
                                  "not follow links inside its folders") from None
    return path


def _refuse_link(path: Path, exc: OSError) -> None:
    if exc.errno in (errno.ELOOP, errno.EMLINK):
        raise FileSafetyError(f"{path} is a symbolic link; summarize does not follow links "
                              "inside its folders (remove it)") from None


def open_exclusive(path: str | Path, mode: int = 0o644) -> IO[bytes]:
    """A new file at ``path``, created exclusively and never through a link (binary, write).

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "x"
        >>> with open_exclusive(p) as f: _ = f.write(b"1")
        >>> open_exclusive(p)
        Traceback (most recent call last):
        ...
        FileExistsError: [Errno 17] File exists: ...
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, mode)
    except FileExistsError:
        raise FileExistsError(errno.EEXIST, "File exists", str(path)) from None
    return os.fdopen(fd, "wb")


def atomic_write(path: str | Path, data: bytes | None = None, writer: Any = None) -> Path:
    """Write ``path`` atomically: a fresh temporary file beside it (exclusive, no link), then
    ``os.replace``. Give ``data`` (bytes) or ``writer`` (called with the open binary file).
    On any error the temporary file is removed and the old ``path`` is untouched."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    f = open_exclusive(tmp)
    try:
        with f:
            if writer is not None:
                writer(f)
            else:
                f.write(data or b"")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def _open_regular(path: Path, flags: int) -> int:
    try:
        fd = os.open(path, flags | _NOFOLLOW | _CLOEXEC | _NONBLOCK, 0o644)
    except OSError as exc:
        _refuse_link(path, exc)
        raise
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise FileSafetyError(f"{path} is {_kind(st.st_mode)}, not a regular file; refusing to "
                              "use it (remove it)")
    if _NONBLOCK:
        os.set_blocking(fd, True)
    return fd


def open_append(path: str | Path, text: bool = True) -> IO[Any]:
    """``path`` opened for appending (created if missing), never through a link and only if
    it is a regular file."""
    fd = _open_regular(Path(path), os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    return os.fdopen(fd, "a", encoding="utf-8") if text else os.fdopen(fd, "ab")


def open_lock(path: str | Path) -> IO[Any]:
    """The lock file ``path``: created exclusively when missing; an existing one is opened
    without truncating it and without following a link, and must be a regular file."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o644)
    except FileExistsError:
        fd = _open_regular(path, os.O_RDWR)
    except OSError as exc:
        _refuse_link(path, exc)
        raise
    return os.fdopen(fd, "r+b")


def open_read(path: str | Path) -> IO[bytes]:
    """A regular file opened for reading (binary), never through a link; a FIFO or device is
    a ``FileSafetyError`` (no hang)."""
    return os.fdopen(_open_regular(Path(path), os.O_RDONLY), "rb")


def open_rewrite(path: str | Path) -> IO[bytes]:
    """An existing regular file opened read-write (binary, not truncated), never via a link."""
    return os.fdopen(_open_regular(Path(path), os.O_RDWR), "r+b")


def read_bounded(path: str | Path, limit: int) -> bytes:
    """The bytes of the regular file ``path`` (no link, FIFO or device), at most ``limit``;
    a larger file is a ``FileSafetyError``. ``FileNotFoundError`` when absent."""
    path = Path(path)
    with open_read(path) as f:
        size = os.fstat(f.fileno()).st_size
        if size > limit:
            raise FileSafetyError(f"{path} is {size:,} bytes, over its {limit:,}-byte limit")
        data = f.read(limit + 1)
    if len(data) > limit:
        raise FileSafetyError(f"{path} is over its {limit:,}-byte limit")
    return data


def load_json(data: bytes | str) -> Any:
    """JSON from ``data``; malformed, not UTF-8 or nested too deeply is a ``ValueError`` (never
    a ``RecursionError``)."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        return json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def file_identity(path: str | Path) -> list[int]:
    """``[size, mtime_ns, ctime_ns, inode]`` of a regular file (not followed through a link):
    any rewrite or replacement changes it (``ctime`` cannot be set back by a user)."""
    st = os.lstat(path)
    if not stat.S_ISREG(st.st_mode):
        raise FileSafetyError(f"{path} is {_kind(st.st_mode)}, not a regular file")
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a regular file (no link, FIFO or device), read in 1 MiB blocks.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "x"
        >>> _ = p.write_bytes(b"abc")
        >>> file_sha256(p)[:12]
        'ba7816bf8f01'
    """
    import hashlib

    h = hashlib.sha256()
    with open_read(path) as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
