"""Writing the files the project makes: whole or not at all, and never over what must be kept.

Every export, deck and record is written through :func:`write_output`:

- it goes to a temporary file in the same folder, is flushed to disk, and is then renamed
  into place, so a full disk or a crash leaves the old file as it was, never half a file;
- the name must end in the suffix of the kind's example name (``grades.csv``,
  ``my-answers.json``, ``study.apkg``, ``record.pdf``) and its folder must exist;
- a link, a folder, a device or any other file that is not a regular file is refused;
- the files named in ``keep`` (the nbgrader gradebook, the progress store and its journal)
  are refused even with ``force``;
- a regular file already there is replaced only with ``force`` (``--force`` on the command).

Each refusal is one :class:`~alsedu.errors.Problem` line, raised before anything is written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from .errors import InputError, Problem

#: What ``write_output`` writes: the bytes or text, or a function that writes the file it
#: is given (a zip archive, say).
Content = bytes | str | Callable[[Path], None]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and a.exists() and a.samefile(b))
    except OSError:
        return False


def output_problems(
    path: Path, example: str, *, force: bool = False, keep: Mapping[Path, str] | None = None
) -> list[Problem]:
    """Why ``path`` may not be written (empty when it may); ``example`` is a good name for
    the kind of file, whose suffix the name must have."""
    where = str(path)
    suffix = Path(example).suffix
    if path.name.lower() == suffix or not path.name:
        return [Problem(where, "", f"give the file a name before {suffix}, like {example}")]
    if path.suffix.lower() != suffix:
        return [Problem(where, "", f"the file name must end in {suffix}, like {example}")]
    try:
        if path.is_symlink():
            return [Problem(where, "", "this is a link: name the file itself, or a new file")]
        if not path.parent.is_dir():
            return [Problem(where, "", f"no such folder: {path.parent}; create it first")]
        for kept, what in (keep or {}).items():
            if _same_file(path, kept):
                return [Problem(where, "", f"this is {what}; it is never written over")]
        if path.exists() and not path.is_file():
            return [Problem(where, "", "this is not a plain file (a folder or a device)")]
        if path.exists() and not force:
            return [Problem(where, "", "the file exists already: add --force to replace it")]
    except OSError as error:
        return [Problem(where, "", f"cannot use this file name: {error.strerror or error}")]
    return []


def _mode_for(path: Path) -> int:
    """The permissions the file gets: those of the file it replaces, else what a plain
    ``open`` would give (a temporary file starts private to its owner)."""
    if path.is_file():
        return path.stat().st_mode & 0o777
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_output(
    path: Path,
    content: Content,
    example: str,
    *,
    force: bool = False,
    keep: Mapping[Path, str] | None = None,
) -> None:
    """Write ``content`` to ``path`` whole, after :func:`output_problems` finds nothing."""
    path = Path(path)
    problems = output_problems(path, example, force=force, keep=keep)
    if problems:
        raise InputError(problems)
    try:
        prefix = f".{path.name[:40]}."
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".part")
    except OSError as error:
        raise InputError([Problem(str(path), "", f"cannot write here: {error.strerror}")]) from None
    partial = Path(name)
    try:
        os.chmod(partial, _mode_for(path))
        with os.fdopen(handle, "wb") as stream:
            if isinstance(content, str):
                stream.write(content.encode("utf-8"))
            elif isinstance(content, bytes):
                stream.write(content)
        if callable(content):
            content(partial)
        with partial.open("rb+") as stream:
            os.fsync(stream.fileno())
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        message = f"cannot write the file: {error.strerror or error}; nothing was changed"
        raise InputError([Problem(str(path), "", message)]) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def prepare_folder(folder: Path) -> Path:
    """Make ``folder`` (with its parents) for files the project writes and return it; one line
    when it is a file or cannot be made."""
    folder = Path(folder)
    try:
        if folder.exists() and not folder.is_dir():
            raise InputError(
                [Problem(str(folder), "", "this is a file: name a folder to write into")]
            )
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        message = f"cannot make this folder: {error.strerror or error}"
        raise InputError([Problem(str(folder), "", message)]) from None
    return folder
