"""Which changed paths count as work on a service, by their names alone.

* **Left out** (``ignored``): paths that are not the team's own code: vendored and generated
  folders (``vendor/``, ``node_modules/``, ``generated/``, ``genproto/``, ``grpc_generated/`` ...),
  dot-folders (``.github/``), lock files (``package-lock.json``, ``go.sum``, ``Gopkg.lock`` ...),
  code generated from contracts (``*.pb.go``, ``*_pb2.py``, ``*_pb2_grpc.py`` ...), files the
  operating system leaves behind (``.DS_Store``), documentation (``README.md``: a change to it
  alone releases nothing) and binary files by their extension.
* **Upkeep** (``upkeep``): a service's dependency lists, build-tool version and Dockerfiles. A
  change to these alone is not work on the service (see ``UPKEEP_FILES``).
"""

from __future__ import annotations

IGNORED_FOLDERS = frozenset(
    {
        "vendor",
        "vendors",
        "node_modules",
        "third_party",
        "third-party",
        "thirdparty",
        "external",
        "bower_components",
        "generated",
        "gen",
        "genproto",
        "__generated__",
        "dist",
        "target",
        "__pycache__",
    }
)
LOCK_FILES = frozenset(
    {
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "poetry.lock",
        "pipfile.lock",
        "uv.lock",
        "cargo.lock",
        "go.sum",
        "composer.lock",
        "gemfile.lock",
        "packages.lock.json",
        "gradle.lockfile",
        "mix.lock",
        "pubspec.lock",
        "gopkg.lock",
        "glide.lock",
    }
)
# Files the operating system leaves behind, not anyone's code.
JUNK_FILES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
# Documentation, by its extension: a change to it alone releases nothing.
DOCUMENT_EXTENSIONS = frozenset({"md", "markdown", "rst", "adoc"})
# Code generated from contracts (protobuf, gRPC), by the end of its name.
GENERATED_ENDINGS = (".pb.go", "_pb2.py", "_pb2_grpc.py", "_pb2.pyi", ".pb.cc", ".pb.h", "_pb.js", "_grpc_pb.js")
BINARY_EXTENSIONS = frozenset(
    "png jpg jpeg gif ico bmp webp svgz pdf zip gz tgz bz2 xz 7z jar war ear class so dll dylib exe "
    "bin woff woff2 ttf otf eot mp3 mp4 mov avi webm wasm pyc o a lib dat db sqlite".split()
)


# Files whose change alone is upkeep, not work on the service: its dependency list, the version of
# its build tool and its image's base (the lock files beside them are ignored outright). Tools such
# as Renovate and Dependabot change these in many services in one commit; that says nothing of
# whether the services must be released together, so a commit counts as a change of a service only
# through its other files.
UPKEEP_FILES = frozenset(
    {
        "package.json",
        "go.mod",
        "requirements.txt",
        "requirements.in",
        "pipfile",
        "pyproject.toml",
        "setup.cfg",
        "pom.xml",
        "build.gradle",
        "build.gradle.kts",
        "gradle.properties",
        "gradle-wrapper.properties",
        "gemfile",
        "cargo.toml",
        "composer.json",
        "mix.exs",
        "gopkg.toml",
        "glide.yaml",
        "pubspec.yaml",
        "packages.config",
        "directory.packages.props",
        "global.json",
        ".nvmrc",
        ".python-version",
        ".tool-versions",
    }
)


def upkeep(path: str) -> bool:
    """Whether a changed path is a dependency list or a Dockerfile (see ``UPKEEP_FILES``)."""
    name = path.rpartition("/")[2].lower()
    return (
        name in UPKEEP_FILES
        or (name.startswith("requirements") and name.endswith((".txt", ".in")))
        or name.endswith(".csproj")
        or name == "dockerfile"
        or name.startswith("dockerfile.")
        or name.endswith(".dockerfile")
    )


def _ignored_folder(name: str) -> bool:
    """A dot-folder, a vendored or generated folder (``grpc_generated`` and the like too)."""
    return name.startswith(".") or name in IGNORED_FOLDERS or name.endswith(("_generated", "-generated"))


def ignored(path: str) -> bool:
    """Whether a changed path is left out: vendored, generated, a dot-folder, a lock file,
    documentation or binary."""
    parts = path.split("/")
    if any(_ignored_folder(part.lower()) for part in parts[:-1]):
        return True
    name = parts[-1].lower()
    if name in LOCK_FILES or name in JUNK_FILES or name.endswith((".min.js", ".min.css", ".designer.cs")):
        return True
    if name.endswith(GENERATED_ENDINGS):
        return True
    extension = name.rpartition(".")[2] if "." in name else ""
    return extension in BINARY_EXTENSIONS or extension in DOCUMENT_EXTENSIONS
