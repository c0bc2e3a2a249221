"""Archives, and the inputs of one import: the files inside, named by their path in the folder.

A team's files come as a repository, not one by one. This module opens an archive (zip, tar,
tar.gz, found by its content, whatever it is called) into :class:`Input` items named by their
POSIX path relative to the archive (``deploy/docker-compose.yml``), in sorted path order, and
makes the names of one import distinct; ``folders`` reads a folder on disk, or one chosen in a
browser, into the same items.

Archives are read safely: an entry whose path leads outside the archive (``..``, an absolute path,
a drive letter), a link or a device is listed as skipped and never read; the number of entries,
what the files come to once unpacked, and how many times its own size the archive unpacks to are
limited (:class:`Limits`), and checked before anything is unpacked where the archive says its
sizes (zip), while unpacking otherwise (tar.gz). An archive inside a folder or an archive is not
opened (a ``.jar`` is a zip, too). Files in dot-folders (``.git``) and ``node_modules`` are left
out, in folders, folder uploads and archives alike.
"""

from __future__ import annotations

import gzip
import io
import re
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, BinaryIO

from app.language import _

from . import budget
from .errors import EvidenceError, TooLarge
from .limits import MEGABYTE, Limits, describe_size

# The reasons an entry is skipped, in English; `said` gives them in the language of the moment.
OUTSIDE = "its path leads outside its folder or archive; not read"
LINK = "a link, not a file; links are not followed"
NOT_REGULAR = "not a regular file; not read"
NESTED = "an archive inside a folder or archive; only archives given on their own are opened"
DUPLICATE = "a second entry with the same path; only the first was read"
ENCRYPTED = "encrypted; not read"
DAMAGED = "damaged in the archive; not read"


def said(reason: str) -> str:
    """A skip reason of this module in the language of the moment (any other reason as it is)."""
    return {
        OUTSIDE: _("its path leads outside its folder or archive; not read"),
        LINK: _("a link, not a file; links are not followed"),
        NOT_REGULAR: _("not a regular file; not read"),
        NESTED: _("an archive inside a folder or archive; only archives given on their own are opened"),
        DUPLICATE: _("a second entry with the same path; only the first was read"),
        ENCRYPTED: _("encrypted; not read"),
        DAMAGED: _("damaged in the archive; not read"),
    }.get(reason, reason)


UNWALKED = ("node_modules",)
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True, slots=True)
class Input:
    """One file of an import.

    ``found_in``: the folder or archive it was found in, as the team named it (None: given on its
    own). A file found in a folder that is no evidence, or is broken, is skipped instead of
    refused. ``skipped``: the reason it is not read at all (set when it was found).
    """

    name: str
    data: bytes
    found_in: str | None = None
    skipped: str | None = None

    @property
    def from_folder(self) -> bool:
        return self.found_in is not None


def archive_kind(data: bytes) -> str | None:
    """'zip', 'gzip' or 'tar' from the first bytes; None for anything else."""
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "zip"
    if data[:2] == b"\x1f\x8b":
        return "gzip"
    if data[257:262] == b"ustar":
        return "tar"
    return None


def safe_path(raw: str) -> str | None:
    """``raw`` as a clean relative POSIX path, or None when it leads outside its folder."""
    path = raw.replace("\\", "/")
    if path.startswith("/") or _DRIVE.match(path):
        return None
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def walked(path: str) -> bool:
    """Whether a file at this relative path is looked at: not inside a dot-folder (``.git``,
    ``.github``) or ``node_modules``, as when a folder is walked."""
    folders = path.split("/")[:-1]
    return not any(part.startswith(".") or part in UNWALKED for part in folders)


def path_order(item: Input) -> list[str]:
    return item.name.split("/")


def _without_top_folder(items: list[Input]) -> list[Input]:
    """Drop the one folder every path starts with (``repo-main/`` of a downloaded archive)."""
    names = [item.name for item in items if item.skipped != OUTSIDE]
    tops = {name.split("/", 1)[0] for name in names}
    if len(tops) != 1 or not all("/" in name for name in names):
        return items
    cut = len(tops.pop()) + 1
    return [item if item.skipped == OUTSIDE else replace(item, name=item.name[cut:]) for item in items]


class _Unpacking:
    """The running totals of one archive: entries and unpacked bytes, checked as they grow."""

    def __init__(self, archive: str, packed: int, limits: Limits) -> None:
        self.archive, self.packed, self.limits = archive, packed, limits
        self.entries = 0
        self.unpacked = 0

    def entry(self, count: int = 1) -> None:
        self.entries += count
        if self.entries > self.limits.max_archive_entries:
            raise EvidenceError(
                self.archive,
                _(
                    "holds more than %(most)s files and folders, the most Splitcheck opens in one archive; "
                    "nothing was imported. Archive only the folders with the deployment files.",
                    most=f"{self.limits.max_archive_entries:,}",
                ),
            )

    def grow(self, size: int) -> None:
        self.unpacked += size
        limits = self.limits
        if self.unpacked > limits.max_unpacked_bytes:
            raise TooLarge(
                self.archive,
                _(
                    "unpacks to more than %(most)s, the most Splitcheck unpacks from one archive; nothing was "
                    "imported. Archive only the folders with the deployment files.",
                    most=describe_size(limits.max_unpacked_bytes),
                ),
            )
        if self.unpacked > max(MEGABYTE, limits.max_ratio * self.packed):
            raise EvidenceError(
                self.archive,
                _(
                    "unpacks to more than %(ratio)s times its own size, as archives built to exhaust a server "
                    "(zip bombs) do, so it was refused and nothing was imported.",
                    ratio=limits.max_ratio,
                ),
            )


class _Counted(io.RawIOBase):
    """A stream whose bytes are counted against the archive's limits as they are read."""

    def __init__(self, stream: io.BufferedIOBase, totals: _Unpacking) -> None:
        self.stream, self.totals = stream, totals

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.stream.read(len(buffer))
        self.totals.grow(len(data))
        budget.check()
        buffer[: len(data)] = data
        return len(data)


def _entry(archive: str, raw: str, data: bytes = b"", skipped: str | None = None) -> Input:
    path = safe_path(raw)
    if path is None:
        return Input(raw, b"", archive, OUTSIDE)
    return Input(path, data, archive, skipped)


def too_big(size: int, limits: Limits) -> str:
    return _(
        "%(size)s, over the limit of %(limit)s per file; not read",
        size=describe_size(size),
        limit=describe_size(limits.max_bytes),
    )


def _zip_entries(archive: str, data: bytes, limits: Limits) -> Iterator[Input]:
    try:
        opened = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise EvidenceError(
            archive, _("looks like a zip archive but could not be opened (%(error)s)", error=error)
        ) from None
    totals = _Unpacking(archive, len(data), limits)
    infos = opened.infolist()
    totals.entry(len(infos))
    totals.grow(sum(info.file_size for info in infos if not info.is_dir()))  # sizes the archive states
    for info in infos:
        budget.check()
        if info.is_dir():
            continue
        kind = stat.S_IFMT(info.external_attr >> 16)  # 0 when the archive says no file type
        if kind == stat.S_IFLNK:
            yield _entry(archive, info.filename, skipped=LINK)
        elif kind and kind != stat.S_IFREG:
            yield _entry(archive, info.filename, skipped=NOT_REGULAR)
        elif safe_path(info.filename) is None:
            yield _entry(archive, info.filename)
        elif info.file_size > limits.max_bytes:
            yield _entry(archive, info.filename, skipped=too_big(info.file_size, limits))
        elif info.flag_bits & 0x1:
            yield _entry(archive, info.filename, skipped=ENCRYPTED)
        else:
            try:
                with opened.open(info) as member:  # reads no more than the stated size
                    yield _entry(archive, info.filename, member.read(limits.max_bytes + 1))
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, zlib.error):
                yield _entry(archive, info.filename, skipped=DAMAGED)


def _tar_entries(archive: str, stream: BinaryIO, totals: _Unpacking, limits: Limits) -> Iterator[Input]:
    try:
        with tarfile.open(fileobj=stream, mode="r|") as opened:
            for member in opened:
                totals.entry()
                if member.isdir():
                    continue
                if member.issym() or member.islnk():
                    yield _entry(archive, member.name, skipped=LINK)
                elif not member.isreg():
                    yield _entry(archive, member.name, skipped=NOT_REGULAR)
                elif safe_path(member.name) is None:
                    yield _entry(archive, member.name)
                elif member.size > limits.max_bytes:
                    yield _entry(archive, member.name, skipped=too_big(member.size, limits))
                else:
                    content = opened.extractfile(member)
                    yield _entry(archive, member.name, content.read() if content else b"")
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise EvidenceError(
            archive, _("looks like a tar archive but could not be read (%(error)s)", error=error)
        ) from None


def _gzip_entries(archive: str, data: bytes, limits: Limits) -> Iterator[Input]:
    totals = _Unpacking(archive, len(data), limits)
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
            head = unzipped.read(512)
    except (OSError, EOFError, zlib.error) as error:
        raise EvidenceError(
            archive, _("looks like a gzip file but could not be unpacked (%(error)s)", error=error)
        ) from None
    if archive_kind(head) == "tar":
        stream = _Counted(gzip.GzipFile(fileobj=io.BytesIO(data)), totals)
        yield from _tar_entries(archive, io.BufferedReader(stream), totals, limits)
        return
    # one gzipped file (traces.json.gz): that file, under its own name
    name = re.sub(r"\.(gz|gzip)$", "", archive, flags=re.IGNORECASE) or archive
    try:
        counted = _Counted(gzip.GzipFile(fileobj=io.BytesIO(data)), totals)
        content = io.BufferedReader(counted).read(limits.max_bytes + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise EvidenceError(
            archive, _("looks like a gzip file but could not be unpacked (%(error)s)", error=error)
        ) from None
    yield Input(name, content)


def open_archive(archive: str, data: bytes, limits: Limits) -> list[Input]:
    """The files of the archive called ``archive``, found in it, in path order.

    Raises :class:`EvidenceError` (:class:`TooLarge` for the unpacked size) naming the archive and
    the limit when the archive is over one of :class:`Limits`; an unsafe or unreadable entry is
    listed as skipped. A gzip file that holds no tar archive comes back as its one file.
    """
    kind = archive_kind(data)
    if kind == "zip":
        found = list(_zip_entries(archive, data, limits))
    elif kind == "tar":
        totals = _Unpacking(archive, len(data), limits)
        found = list(_tar_entries(archive, io.BufferedReader(_Counted(io.BytesIO(data), totals)), totals, limits))
    elif kind == "gzip":
        found = list(_gzip_entries(archive, data, limits))
        if len(found) == 1 and found[0].found_in is None:
            return found
    else:
        raise EvidenceError(archive, _("is not a zip, tar or tar.gz archive"))
    seen: set[str] = set()
    unique = []
    for item in _without_top_folder(found):
        if item.skipped != OUTSIDE and not walked(item.name):
            continue
        if item.name in seen and item.skipped is None:
            item = replace(item, data=b"", skipped=DUPLICATE)
        seen.add(item.name)
        unique.append(item)
    return sorted(unique, key=path_order)


def too_many_files(root: str, limits: Limits) -> EvidenceError:
    return EvidenceError(
        root,
        _(
            "holds more than %(most)s files, the most Splitcheck looks at in one import; nothing was imported. "
            "Name the folders with the deployment files.",
            most=f"{limits.max_folder_files:,}",
        ),
    )


def expand(inputs: list[Input], limits: Limits) -> list[Input]:
    """Archives given on their own opened into their files; archives found in folders skipped.

    When a folder or archive holds a path already taken by an earlier input, all its paths are
    prefixed with its name, so that every name in one import is distinct within its folder.
    """
    expanded: list[Input] = []
    for item in inputs:
        if item.found_in is None and isinstance(item.data, bytes) and archive_kind(item.data):
            expanded.extend(_found(entry, limits) for entry in open_archive(item.name, item.data, limits))
        else:
            expanded.append(_found(item, limits))
        budget.check()
    looked_at = sum(1 for item in expanded if item.found_in is not None)
    if looked_at > limits.max_folder_files:
        raise too_many_files(next(i.found_in for i in reversed(expanded) if i.found_in) or "", limits)
    return _distinct(expanded)


def _found(item: Input, limits: Limits) -> Input:
    """A file found in a folder or archive, skipped if it is an archive itself or over the size limit."""
    if item.found_in is None or item.skipped:
        return item
    if archive_kind(item.data):
        return replace(item, data=b"", skipped=NESTED)
    if len(item.data) > limits.max_bytes:
        return replace(item, data=b"", skipped=too_big(len(item.data), limits))
    return item


def _distinct(inputs: list[Input]) -> list[Input]:
    """Each folder's files together in path order; a folder's paths prefixed with its name when one
    of them is already taken."""
    groups: list[tuple[str | None, list[Input]]] = []
    where: dict[str, int] = {}
    for item in inputs:
        if item.found_in is None:
            groups.append((None, [item]))
        elif item.found_in in where:
            groups[where[item.found_in]][1].append(item)
        else:
            where[item.found_in] = len(groups)
            groups.append((item.found_in, [item]))
    taken: set[str] = set()
    out: list[Input] = []
    for folder, group in groups:
        if folder is not None:
            group.sort(key=path_order)
            if any(item.name in taken for item in group):
                group = [replace(item, name=f"{folder.rstrip('/')}/{item.name}") for item in group]
        taken.update(item.name for item in group)
        out.extend(group)
    return out
