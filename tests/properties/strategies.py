"""Strategies: hostile text, CONTRACT.md answers documents and their mutations, evidence files.

Form requests built from these are in form_requests.py.

Each bug these tests found has its own minimal test (the "bugs found" sections
of the test modules); the general strategies keep every input that once hit one.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from hypothesis import strategies as st

from tests.contract_ids import CANDIDATE_ANSWERS, REASONS, SIGN_ANSWERS, SIGN_IDS

from .oracle import clean_name

# ---- text ----------------------------------------------------------------------------------

CONTROL = [chr(c) for c in range(0x20)] + ["\x7f"] + [chr(c) for c in range(0x80, 0xA0)]
INVISIBLE = [
    "\u00a0",
    "\u00ad",
    "\u034f",
    "\u061c",
    "\u115f",
    "\u180e",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2060",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u3000",
    "\ufeff",
    "\u2028",
    "\u2029",
    "\ufff9",
    "\ufffd",
]
SCRIPTS = [
    "مرحبا بالعالم",
    "שלום עולם",
    "日本語のテキスト",
    "한국어",
    "Ελληνικά",
    "кириллица",
    "देवनागरी",
    "ไทย",
    "e\u0301",
    "Z\u0351\u0352\u0353\u0354",
    "ß",
    "ẞ",
    "İ",
    "ı",
    "ﬃ",
    "ŉ",
    "ǰ",
    "Σ",
    "ς",
    "\U0001d400",
]
EMOJI = ["😀", "👩‍👩‍👧‍👦", "🏳️‍🌈", "🇫🇷", "👍🏽", "🧑🏿‍🚀", "\U0001f9ff", "\u2764\ufe0f"]
NUMBERISH = [
    "0",
    "-0",
    "1",
    "-1",
    "8",
    " 8 ",
    "+8",
    "08",
    "8.0",
    "8e0",
    "1e309",
    "-1e309",
    "1_000",
    "0x10",
    "0b1",
    "٣",
    "１２",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "Infinity",
    "1e-400",
    "99999999999999999999",
    "100000",
    "100001",
    "10000",
    "10001",
    "0.5",
    ".5",
    "5.",
    "1,5",
    "9" * 5000,
]
INJECTION = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "'; DROP TABLE assessments; --",
    "{{ 7*7 }}",
    "{% raw %}",
    "${jndi:ldap://x/a}",
    "../../../../etc/passwd",
    "%00",
    "%s%s%n",
    "\\x00",
    "null",
    "None",
    "true",
    "[]",
    "{}",
    "__proto__",
    "constructor",
    "\r\n\r\n",
    "a\x00b",
]
LENGTHS = [99, 100, 101, 199, 200, 201, 253, 254, 255, 256, 257, 499, 500, 501, 1999, 2000, 2001, 10_000]
UNITS = ["a", "é", "😀", "\x00", " ", "ß", "ﬃ", "\u200b", "ab\x01", "x ", "\n", "\u202e"]

any_char = st.characters(blacklist_categories=("Cs",))
piece = st.one_of(
    st.sampled_from(CONTROL + INVISIBLE + SCRIPTS + EMOJI),
    st.text(any_char, max_size=6),
    st.sampled_from(["a", "Z", " ", "\t", "\n", "\r\n", "-", "_", ".", "0", "9"]),
)


@cache
def long_text(lengths=tuple(LENGTHS)) -> st.SearchStrategy[str]:
    """Strings of exactly n characters of one kind (around each limit), maybe with a tail."""
    return st.builds(
        lambda unit, n, tail: (unit * n)[:n] + tail,
        st.sampled_from(UNITS),
        st.sampled_from(lengths),
        st.sampled_from(["", " ", "\x00", "z"]),
    )


@cache
def hostile_text(lengths=tuple(LENGTHS)) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(any_char, max_size=30),
        st.lists(piece, max_size=10).map("".join),
        st.sampled_from(NUMBERISH + INJECTION + ["", " ", "\t\n ", "\x00"]),
        long_text(lengths),
    )


visible_char = st.characters(categories=("L", "N", "P", "S"))  # printable, and not a space


@cache
def printable_name(max_len: int = 200) -> st.SearchStrategy[str]:
    """A name that is valid once cleaned (1 to max_len characters): it has a visible character,
    often with control, invisible or space characters around and inside it."""
    core = st.one_of(
        st.builds(lambda v, rest: v + rest, visible_char, st.text(any_char, max_size=min(39, max_len - 1))),
        st.builds(lambda v, rest: v + "".join(rest), visible_char, st.lists(piece, max_size=min(7, max_len // 10))),
        st.sampled_from(
            [
                "Checkout",
                "Notifications",
                "SS",
                "ss",
                "ß",
                "İstanbul",
                "istanbul",
                "ΣΊΣΥΦΟΣ",
                "σίσυφος",
                "😀",
                "<b>x</b>",
                "a\tb",
                "ﬃ",
            ]
        ),
        st.integers(max_len - 5, max_len).map(lambda n: "n" * n),
    )
    return st.builds(
        lambda a, c, b: a + c + b,
        st.sampled_from(["", " ", "\x00", "\u200b", "\t "]),
        core,
        st.sampled_from(["", " ", "\x01", "\u202e", "\n"]),
    )


# ---- CONTRACT.md answers documents ---------------------------------------------------------


def _count(limit: int) -> st.SearchStrategy[int]:
    return st.one_of(st.integers(1, 60), st.integers(1, limit), st.sampled_from([1, limit]))


contexts = st.fixed_dictionaries(
    {"engineers": _count(100_000), "teams": _count(10_000), "services": _count(100_000)},
    optional={
        "deploys_per_week": st.one_of(
            st.none(),
            st.integers(0, 100_000),
            st.floats(0, 100_000, allow_nan=False, allow_infinity=False),
            st.sampled_from([0, 0.0, 100_000, 1e-300]),
        )
    },
)
signs = st.fixed_dictionaries({s: st.sampled_from(SIGN_ANSWERS) for s in SIGN_IDS})
candidate = st.fixed_dictionaries(
    {
        "name": printable_name(),
        **{q: st.sampled_from(allowed) for q, allowed in CANDIDATE_ANSWERS.items()},
        "reasons": st.lists(st.sampled_from(REASONS), unique=True, max_size=3),
    }
)
candidates = st.lists(candidate, max_size=5, unique_by=lambda c: clean_name(c["name"]).casefold())
teams = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {},
        optional={
            "name": st.one_of(
                st.none(),
                printable_name(),
                hostile_text(
                    (
                        199,
                        200,
                    )
                ),
            )
        },
    ),
).filter(lambda t: not t or not isinstance(t.get("name"), str) or len(clean_name(t["name"])) <= 200)

answers_documents = st.fixed_dictionaries(
    {"instrument": st.just("splitcheck/1"), "context": contexts, "signs": signs},
    optional={"team": teams, "candidates": candidates},
)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.sampled_from([0, 1, -1, 100_000, 100_001]),
    st.floats(allow_nan=True, allow_infinity=True),
    hostile_text(
        (
            200,
            201,
            10_000,
        )
    ),
    st.sampled_from(
        [
            *SIGN_ANSWERS,
            *REASONS,
            "domain",
            "layer",
            "shared",
            "splitcheck/1",
            "splitcheck/2",
            "Yes",
            "yes ",
            "none",
            "8",
            "",
        ]
    ),
)
junk_json = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(any_char, max_size=10), inner, max_size=4)
    ),
    max_leaves=10,
)
ODD_KEYS = [
    "Signs",
    "engineers ",
    "name",
    "team",
    "__proto__",
    "",
    " ",
    "signs.call_chains",
    "candidates[0]",
    "deploy_coupling",
    "reasons",
    "instrument",
    "\x00",
    "ünknown",
    "😀",
]
odd_keys = st.one_of(st.sampled_from(ODD_KEYS), st.text(any_char, max_size=12))


def _paths(node: Any, path: tuple = ()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*path, i))


def _get(node: Any, path: tuple) -> Any:
    for step in path:
        node = node[step]
    return node


@st.composite
def mutated_documents(draw) -> Any:
    """A valid document with one to three hostile changes: a value of a wrong type or shape, a
    key removed, an unknown key added (anywhere: top level, context, signs, a candidate...)."""
    doc = json.loads(json.dumps(draw(answers_documents)))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(_paths(doc))))
        kind = draw(st.sampled_from(["replace", "replace", "delete", "add_key", "empty"]))
        if not path:
            if kind == "add_key" and isinstance(doc, dict):
                doc[draw(odd_keys)] = draw(junk_json)
            elif kind in ("replace", "empty"):
                doc = draw(junk_json)
            continue
        parent, last = _get(doc, path[:-1]), path[-1]
        target = parent[last]
        if kind == "replace":
            parent[last] = draw(junk_json)
        elif kind == "delete":
            del parent[last]
        elif kind == "empty":
            parent[last] = type(target)() if isinstance(target, (dict, list, str)) else None
        elif isinstance(target, dict):
            target[draw(odd_keys)] = draw(junk_json)
        elif isinstance(target, list):
            target.append(draw(junk_json))
        else:
            parent[last] = [target, draw(junk_json)]
    return doc


# ---- raw JSON text: duplicate keys, formatting, encodings -----------------------------------


def _emit(node: Any, path: tuple, dup: tuple | None) -> str:
    if isinstance(node, dict):
        items = [json.dumps(str(k)) + ":" + _emit(v, (*path, k), dup) for k, v in node.items()]
        if dup is not None and dup[0] == path:
            _, key, value, first = dup
            extra = json.dumps(key) + ":" + json.dumps(value)
            items = [extra, *items] if first else [*items, extra]
        return "{" + ",".join(items) + "}"
    if isinstance(node, list):
        return "[" + ",".join(_emit(v, (*path, i), dup) for i, v in enumerate(node)) + "]"
    return json.dumps(node)


@st.composite
def json_texts(draw) -> bytes:
    """JSON text, often with a key given twice (the first or the last one wins: the server
    reads it as Python's json does, the last one), in one of the encodings JSON allows."""
    doc = draw(st.one_of(answers_documents, mutated_documents()))
    dup = None
    dicts = [p for p in _paths(doc) if isinstance(_get(doc, p), dict)]
    if dicts and draw(st.booleans()):
        path = draw(st.sampled_from(dicts))
        existing = list(_get(doc, path))
        key = draw(st.one_of(st.sampled_from(existing), odd_keys) if existing else odd_keys)
        dup = (path, key, draw(junk_json), draw(st.booleans()))
    text = _emit(doc, (), dup)
    text = draw(st.sampled_from([lambda t: t, lambda t: " \n\t" + t + "\n", lambda t: t.replace(",", " ,\n ")]))(text)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-16", "utf-16-le", "utf-32", "utf-8-sig"]))
    return text.encode(encoding)


raw_bodies = st.one_of(
    st.binary(max_size=300),
    st.builds(lambda chunk, n: chunk * n, st.binary(min_size=1, max_size=16), st.integers(1, 5000)),
    st.builds(
        lambda chunk, n: chunk * n, st.binary(min_size=1, max_size=8), st.sampled_from([2 * 1024 * 1024 + 1, 2_500_000])
    ),
    st.sampled_from(
        [
            b"",
            b" ",
            b"null",
            b" null\n",
            b"\xef\xbb\xbfnull",
            b"NaN",
            b"Infinity",
            b"-Infinity",
            b"[]",
            b"{}",
            b'""',
            b"0",
            b"true",
            b'{"a":1,}',
            b"{'a': 1}",
            b"\xff\xfe\x00",
            b"\xc3\x28",
            b"\xed\xa0\x80",
            b"\xf4\x90\x80\x80",
            b'{"team": {"name": "\\ud800"}}',
            b'{"' + b"k" * 100_000 + b'": 1}',
            b"1" * 5000,
            b'{"context": ' + b"9" * 4301 + b"}",
        ]
    ),
    # nesting, closed or not, up to far past the recursion limit (B1)
    st.builds(
        lambda d, closed: b"[" * d + b"1" + b"]" * (d if closed else 0),
        st.one_of(st.integers(1, 400), st.integers(400, 200_000)),
        st.booleans(),
    ),
    st.builds(
        lambda d, closed: b'{"a":' * d + b"1" + b"}" * (d if closed else 0),
        st.one_of(st.integers(1, 400), st.integers(400, 100_000)),
        st.booleans(),
    ),
    json_texts().map(lambda b: b[: len(b) // 2]),  # truncated
    json_texts().map(lambda b: b.replace(b":", b"=", 1)),
)


# ---- evidence files -------------------------------------------------------------------------

# Lighter junk than for the answers documents: evidence files nest it a lot, and drawing it dominates.
light_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1000, 10**6),
    st.text(any_char, max_size=12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["", "yes", "db", "postgres", "5432", "true", "[]"]),
)
light_junk = st.recursive(
    light_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(any_char, max_size=8), inner, max_size=3)
    ),
    max_leaves=5,
)
names = st.one_of(
    st.sampled_from(["api", "db", "orders-db", "kafka", "redis", "web", "postgres", "mysql", "rabbitmq", "mongo"]),
    st.text(any_char, min_size=1, max_size=12),
)
env_values = st.one_of(
    st.sampled_from(
        [
            "postgres://u:p@db:5432/orders",
            "mysql://orders-db/shop",
            "redis://redis:6379",
            "amqp://rabbitmq",
            "http://api:8080/x",
            "kafka:9092",
            "Server=db;Database=Orders",
            "jdbc:postgresql://db/orders",
        ]
    ),
    st.text(any_char, max_size=20),
    long_text((200, 10_000)),
    st.integers(),
    st.none(),
    st.booleans(),
)
# Also a truthy image that is not a string (B16).
images = st.one_of(
    st.sampled_from(
        [
            "postgres:16",
            "mysql:8",
            "redis",
            "bitnami/kafka",
            "nginx",
            "rabbitmq:3",
            "mongo",
            "registry:5000/org/api@sha256:00",
            "otel/collector",
            "",
        ]
    ),
    st.text(any_char, max_size=20),
    long_text((200,)),
    st.sampled_from([None, 0, False, [], {}]),
)
compose_docs = st.fixed_dictionaries(
    {
        "services": st.dictionaries(
            names,
            st.one_of(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "image": images,
                        "environment": st.one_of(
                            st.dictionaries(st.text(max_size=12), env_values, max_size=4),
                            st.lists(st.text(max_size=30), max_size=4),
                            light_junk,
                        ),
                        "depends_on": st.one_of(
                            st.lists(names, max_size=3), st.dictionaries(names, light_junk, max_size=2), light_junk
                        ),
                        "ports": st.lists(st.one_of(st.text(max_size=10), st.integers()), max_size=2),
                        "build": light_junk,
                        "command": light_junk,
                        "extends": light_junk,
                    },
                ),
                light_junk,
            ),
            max_size=4,
        )
    },
    optional={"version": st.sampled_from(["3", "3.8", 3]), "volumes": light_junk, "x-junk": light_junk},
)
kubernetes_docs = st.fixed_dictionaries(
    {
        "apiVersion": st.sampled_from(["v1", "apps/v1", "batch/v1", "junk/v9"]),
        "kind": st.sampled_from(
            ["Deployment", "Service", "StatefulSet", "ConfigMap", "Secret", "Job", "Pod", "List", "Weird"]
        ),
        "metadata": st.one_of(st.fixed_dictionaries({"name": names}), light_junk),
        "spec": st.one_of(
            light_junk,
            st.fixed_dictionaries(
                {
                    "template": st.fixed_dictionaries(
                        {
                            "spec": st.fixed_dictionaries(
                                {
                                    "containers": st.lists(
                                        st.fixed_dictionaries(
                                            {
                                                "name": names,
                                                "image": images,
                                                "env": st.lists(
                                                    st.fixed_dictionaries(
                                                        {"name": st.text(max_size=10), "value": env_values}
                                                    ),
                                                    max_size=3,
                                                ),
                                            }
                                        ),
                                        max_size=2,
                                    )
                                }
                            ),
                        }
                    )
                }
            ),
        ),
    },
    optional={"data": light_junk, "items": light_junk},
)
span = st.fixed_dictionaries(
    {},
    optional={
        "traceId": st.one_of(st.text("0123456789abcdef", min_size=1, max_size=32), light_junk),
        "id": st.one_of(st.text("0123456789abcdef", min_size=1, max_size=16), light_junk),
        "parentId": st.one_of(st.text("0123456789abcdef", max_size=16), light_junk),
        "name": light_junk,
        "timestamp": st.one_of(st.integers(), light_junk),
        "duration": st.one_of(st.integers(), light_junk),
        "localEndpoint": st.one_of(st.fixed_dictionaries({"serviceName": names}), light_junk),
        "remoteEndpoint": light_junk,
        "kind": st.sampled_from(["CLIENT", "SERVER", "PRODUCER", "CONSUMER", "x"]),
        "tags": light_junk,
        "spanID": light_junk,
        "traceID": light_junk,
        "operationName": light_junk,
        "references": light_junk,
        "processID": light_junk,
        "startTime": light_junk,
    },
)
trace_docs = st.one_of(
    st.lists(span, max_size=6),
    st.fixed_dictionaries(
        {
            "data": st.lists(
                st.fixed_dictionaries(
                    {"traceID": st.text(max_size=8), "spans": st.lists(span, max_size=4), "processes": light_junk}
                ),
                max_size=3,
            )
        }
    ),
    st.fixed_dictionaries(
        {
            "resourceSpans": st.lists(
                st.fixed_dictionaries(
                    {
                        "resource": light_junk,
                        "scopeSpans": st.lists(
                            st.fixed_dictionaries({"spans": st.lists(span, max_size=3)}), max_size=2
                        ),
                    }
                ),
                max_size=2,
            )
        }
    ),
)


def _yaml(doc: Any) -> bytes:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(doc, Dumper=dumper, allow_unicode=True, sort_keys=False).encode("utf-8")


evidence_contents = st.one_of(
    st.binary(max_size=400),
    st.text(any_char, max_size=200).map(lambda t: t.encode("utf-8")),
    st.one_of(compose_docs, kubernetes_docs, light_junk).map(_yaml),
    st.lists(kubernetes_docs, min_size=1, max_size=3).map(lambda ds: b"---\n".join(_yaml(d) for d in ds)),
    st.one_of(trace_docs, compose_docs, light_junk).map(lambda d: json.dumps(d).encode()),
    st.one_of(trace_docs, compose_docs).map(lambda d: json.dumps(d).encode("utf-16")),
    st.builds(
        lambda b, cut: b[:cut],
        st.one_of(compose_docs.map(_yaml), trace_docs.map(lambda d: json.dumps(d).encode())),
        st.integers(0, 200),
    ),
    st.sampled_from(
        [
            b"",
            b"\x00" * 10,
            b"a: &a [*a]",
            b"!!python/object:os.system ['id']",
            b"a: !!binary AAAA",
            b"key: [unclosed",
            b'{"data": []}',
            b"[]",
            b"{}",
            b"---\n---\n",
            b"\xff\xfe{\x00}\x00",
            b"services: {}",
            b"services: []",
            b"services:\n  a: null\n",
            b"apiVersion: v1\nkind: List\n",
            b"[" * 60 + b"]" * 60,
            b"a:\n" + b"  " * 70 + b"b: 1",
        ]
    ),
)
file_names = st.one_of(
    st.sampled_from(
        [
            "docker-compose.yml",
            "compose.yaml",
            "k8s.yaml",
            "traces.json",
            "x",
            ".",
            "..",
            "../../etc/passwd",
            "C:\\windows\\x.yml",
            "a b.yml",
            "😀.yml",
            "ü.json",
            "a;b=c.json",
            "a\x00b.yml",
            "a\tb",
            "%2e%2e%2f",
            "x" * 300,
        ]
    ),
    st.text(any_char, min_size=1, max_size=20),
)


@dataclass(frozen=True)
class Upload:
    content: bytes
    filename: str

    def as_file(self):
        return io.BytesIO(self.content), self.filename


uploads = st.builds(Upload, evidence_contents, file_names)
many_small_uploads = st.integers(51, 53).map(lambda n: [Upload(b"services: {}\n", f"f{i}.yml") for i in range(n)])
