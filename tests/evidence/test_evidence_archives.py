"""Archives: a zip or tar.gz of a repository reads as the folder does, and hostile archives are refused.

The archives are built at test time from the real Sock Shop files (tests/fixtures/sockshop), laid
out as in their repository, with a top folder as a downloaded repository archive has.
"""

import gzip
import io
import json
import stat
import tarfile
import time
import zipfile
from pathlib import Path

import pytest
from test_evidence_folders import EVIL_COMPOSE, sockshop_repository  # beside this file

from app.evidence import EvidenceError, Limits, analyse
from app.evidence.errors import TooLarge
from app.evidence.folders import read_folder

OUTSIDE = "its path leads outside its folder or archive; not read"
LINK = "a link, not a file; links are not followed"
NESTED = "an archive inside a folder or archive; only archives given on their own are opened"


@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    return sockshop_repository(tmp_path_factory.mktemp("archives") / "microservices-demo")


def files_of(folder: Path) -> list[tuple[str, bytes]]:
    """Every file of the folder, .git and node_modules included, as an archive of a checkout holds them."""
    return [
        (path.relative_to(folder).as_posix(), path.read_bytes()) for path in sorted(folder.rglob("*")) if path.is_file()
    ]


def zipped(files: list[tuple[str, bytes]], top: str = "microservices-demo-master/") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(top + name, data)
    return out.getvalue()


def tarred(
    files: list[tuple[str, bytes]],
    top: str = "microservices-demo-master/",
    mode: str = "w:gz",
    extra: list[tarfile.TarInfo] = (),
) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode=mode) as archive:
        for name, data in files:
            info = tarfile.TarInfo(top + name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for info in extra:
            archive.addfile(info)
    return out.getvalue()


@pytest.fixture(scope="module")
def folder_doc(repository):
    return analyse(read_folder(repository, Limits()))


@pytest.mark.parametrize(
    "name, build",
    [
        ("shop.zip", zipped),
        ("shop.tar.gz", tarred),
        ("shop.tar", lambda files: tarred(files, mode="w")),
        ("download", zipped),
    ],
)  # found by content, not by its name
def test_an_archive_gives_the_same_document_as_the_folder(repository, folder_doc, name, build):
    assert analyse([(name, build(files_of(repository)))]) == folder_doc


def test_paths_that_leave_the_archive_and_links_are_listed_and_never_read(repository, folder_doc):
    hostile = [
        ("../evil.yml", EVIL_COMPOSE),
        ("/etc/evil.yml", EVIL_COMPOSE),
        ("C:\\evil.yml", EVIL_COMPOSE),
        ("deploy/../../evil.yml", EVIL_COMPOSE),
    ]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files_of(repository) + hostile:
            archive.writestr(name, data)
        link = zipfile.ZipInfo("deploy/extra.yml")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "../../../etc/evil.yml")
    doc = analyse([("shop.zip", out.getvalue())])
    skipped = {e["file"]: e["skipped"] for e in doc["inputs"] if "skipped" in e}
    assert {name: skipped.get(name) for name, _ in hostile} == {name: OUTSIDE for name, _ in hostile}
    assert skipped["deploy/extra.yml"] == LINK
    assert "intruder" not in json.dumps(doc)
    assert doc["services"] == folder_doc["services"] and doc["findings"] == folder_doc["findings"]


def test_tar_links_devices_and_escaping_paths_are_ignored(repository, folder_doc):
    symlink = tarfile.TarInfo("deploy/extra.yml")
    symlink.type, symlink.linkname = tarfile.SYMTYPE, "/etc/passwd"
    hardlink = tarfile.TarInfo("deploy/hard.yml")
    hardlink.type, hardlink.linkname = tarfile.LNKTYPE, "../../evil.yml"
    device = tarfile.TarInfo("dev/zero")
    device.type = tarfile.CHRTYPE
    escaping = tarfile.TarInfo("../evil.yml")
    escaping.size = 0
    doc = analyse([("shop.tgz", tarred(files_of(repository), top="", extra=[symlink, hardlink, device, escaping]))])
    skipped = {e["file"]: e["skipped"] for e in doc["inputs"] if "skipped" in e}
    assert skipped["deploy/extra.yml"] == LINK and skipped["deploy/hard.yml"] == LINK
    assert skipped["dev/zero"] == "not a regular file; not read" and skipped["../evil.yml"] == OUTSIDE
    assert doc["findings"] == folder_doc["findings"]


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    spaces = b" " * (16 * 1024 * 1024)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(4):
            archive.writestr(f"compose-{number}.yml", spaces)
    bomb = out.getvalue()
    assert len(bomb) < 256 * 1024  # 64 MB of files in a quarter of one
    started = time.perf_counter()
    with pytest.raises(EvidenceError) as caught:
        analyse([("bomb.zip", bomb)])
    assert time.perf_counter() - started < 1
    assert caught.value.message.startswith("bomb.zip: unpacks to more than 200 times its own size")


def test_a_tar_gz_bomb_is_stopped_while_unpacking():
    spaces = b" " * (64 * 1024 * 1024)
    bomb = tarred([("compose.yml", spaces)], top="")
    started = time.perf_counter()
    with pytest.raises(EvidenceError) as caught:
        analyse([("bomb.tar.gz", bomb)])
    assert time.perf_counter() - started < 1
    assert "unpacks to more than 200 times its own size" in caught.value.message


def test_an_archive_over_the_unpacked_size_is_refused_as_too_large(repository):
    archive = zipped(files_of(repository))
    with pytest.raises(TooLarge) as caught:
        analyse([("shop.zip", archive)], limits=Limits(max_unpacked_bytes=10_000))
    assert caught.value.message == (
        "shop.zip: unpacks to more than 9.8 KB, the most Splitcheck unpacks from one "
        "archive; nothing was imported. Archive only the folders with the "
        "deployment files."
    )


def test_too_many_entries_are_refused_before_any_is_read(repository):
    files = files_of(repository) + [(f"docs/page-{n}.md", b"# page\n") for n in range(120)]
    for archive in (zipped(files), tarred(files)):
        with pytest.raises(EvidenceError) as caught:
            analyse([("shop.zip", archive)], limits=Limits(max_archive_entries=100))
        assert caught.value.message.startswith(
            "shop.zip: holds more than 100 files and folders, the most Splitcheck opens in one archive"
        )


def test_an_archive_inside_an_archive_is_skipped_not_opened(repository, folder_doc):
    inner = zipped([("docker-compose.yml", EVIL_COMPOSE)], top="")
    doc = analyse([("shop.zip", zipped(files_of(repository) + [("vendor/inner.zip", inner)]))])
    assert {"file": "vendor/inner.zip", "skipped": NESTED} in doc["inputs"]
    assert "intruder" not in json.dumps(doc) and doc["findings"] == folder_doc["findings"]


def test_a_gzipped_trace_export_is_read_as_the_file_it_holds():
    traces = (Path(__file__).resolve().parents[1] / "fixtures" / "trace-formats" / "jaeger.json").read_bytes()
    doc = analyse([("jaeger.json.gz", gzip.compress(traces))])
    assert doc["inputs"] == analyse([("jaeger.json", traces)])["inputs"]


def test_a_damaged_archive_is_refused_naming_it(repository):
    archive = zipped(files_of(repository))
    with pytest.raises(EvidenceError) as caught:
        analyse([("shop.zip", archive[: len(archive) // 2])])
    assert caught.value.message.startswith("shop.zip: looks like a zip archive but could not be opened")
    with pytest.raises(EvidenceError) as caught:
        analyse([("shop.tgz", tarred(files_of(repository))[:300])])
    assert caught.value.file == "shop.tgz"


def test_an_archive_of_no_evidence_is_refused_saying_how_many_files_it_held(repository):
    readme = (repository / "README.md").read_bytes()
    with pytest.raises(EvidenceError) as caught:
        analyse([("docs.zip", zipped([("README.md", readme), ("docs/logo.png", b"\x89PNG\r\n\x1a\n\0")]))])
    assert caught.value.message.startswith("docs.zip: none of the 2 files looked at is a docker-compose file")
