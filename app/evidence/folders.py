"""Folders as teams have them: one on disk (the command line) or one chosen in a browser (uploaded
files whose names carry their path), read into :class:`~app.evidence.archives.Input` items named by
their POSIX path inside the folder, dot-folders and node_modules left out."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from app.language import _

from . import budget
from .archives import (
    LINK,
    NESTED,
    NOT_REGULAR,
    OUTSIDE,
    UNWALKED,
    Input,
    archive_kind,
    path_order,
    safe_path,
    too_big,
    too_many_files,
    walked,
)
from .errors import TooLarge
from .importers import SNIFF_BYTES, looks_binary, not_text_reason
from .limits import Limits, describe_size


def read_folder(folder: Path, limits: Limits, name: str | None = None) -> list[Input]:
    """Every file under ``folder`` (dot-folders and node_modules aside), in sorted path order.

    Links and special files are listed as skipped; files over the per-file limit and binary files
    are skipped from their size and first bytes, without being read whole.
    """
    root = (name or folder.as_posix()).replace("\\", "/").rstrip("/") or "/"
    found: list[Input] = []
    total = 0
    for here, folders, files in os.walk(folder, followlinks=False):
        folders[:] = [f for f in folders if not f.startswith(".") and f not in UNWALKED]
        for link in [f for f in folders if os.path.islink(os.path.join(here, f))]:
            folders.remove(link)
            files.append(link)
        for file in files:
            budget.check()
            path = Path(here, file)
            relative = path.relative_to(folder).as_posix()
            if len(found) >= limits.max_folder_files:
                raise too_many_files(root, limits)
            if path.is_symlink():
                found.append(Input(relative, b"", root, LINK))
                continue
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                found.append(Input(relative, b"", root, NOT_REGULAR))
            elif info.st_size > limits.max_bytes:
                found.append(Input(relative, b"", root, too_big(info.st_size, limits)))
            else:
                found.append(_folder_file(path, relative, root))
                total += len(found[-1].data)
                if total > limits.max_unpacked_bytes:
                    raise TooLarge(
                        root,
                        _(
                            "its files come to more than %(most)s, the most Splitcheck reads from folders in one "
                            "import; nothing was imported. Name the folders with the deployment files.",
                            most=describe_size(limits.max_unpacked_bytes),
                        ),
                    )
    return sorted(found, key=path_order)


def _folder_file(path: Path, relative: str, root: str) -> Input:
    try:
        with path.open("rb") as file:
            head = file.read(SNIFF_BYTES)
            if archive_kind(head):
                return Input(relative, b"", root, NESTED)
            if looks_binary(head):
                return Input(relative, b"", root, not_text_reason())
            return Input(relative, head + file.read(), root)
    except OSError as error:
        return Input(relative, b"", root, _("could not be opened (%(error)s)", error=error.strerror or error))


def uploaded(named: Iterable[tuple[str, bytes]]) -> list[Input]:
    """Uploaded files: a name carrying a path (``shop/deploy/compose.yml``, as browsers send the files
    of a chosen folder) is a file found in that folder (``shop``), named by its path inside it."""
    named = list(named)
    paths = [safe_path(name) if "/" in name.replace("\\", "/").strip("/") else "" for name, _ in named]
    first = next((path.partition("/")[0] for path in paths if path), "folder")
    inputs = []
    for (name, data), path in zip(named, paths, strict=True):
        if path == "":
            inputs.append(Input(name, data))
        elif path is None:  # listed with the (first) folder it was sent with, never read
            inputs.append(Input(name, b"", first, OUTSIDE))
        else:
            folder, _, inside = path.partition("/")
            if walked(inside):
                inputs.append(Input(inside, data, folder))
    return inputs
