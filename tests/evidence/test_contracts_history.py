"""Contracts in a repository's history: versions listed with git, each compared with the one before.

Synthetic repositories are made with git in tmp_path; one replays the real history of Online
Boutique's demo.proto (tests/fixtures/contracts-online-boutique) with its commits' dates."""

import json
import subprocess
from pathlib import Path

import pytest

from app.evidence import EvidenceError, analyse
from app.evidence.contracts import breaks_over_history
from app.evidence.contracts.repository import contract_histories, contract_paths, is_repository, versions_of
from tests.contract_ids import SIGN_IDS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BOUTIQUE = FIXTURES / "contracts-online-boutique"
BREAKING = SIGN_IDS[5]
PROTO = 'syntax = "proto3";\npackage shop.v1;\nmessage Order {\n  string id = 1;\n  int64 total = 2;\n}\n'


def git(repo: Path, *args: str, date: str = "2025-03-01T12:00:00+00:00") -> str:
    env = {
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "HOME": str(repo),
        "PATH": "/usr/bin:/bin:/usr/local/bin",
    }
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True)
    return done.stdout


def commit(repo: Path, files: dict[str, str], message: str, date: str) -> str:
    for path, text in files.items():
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "shop"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    return root


def test_each_version_of_a_contract_file_is_compared_with_the_one_before(repo):
    first = commit(repo, {"proto/orders.proto": PROTO, "README.md": "# shop\n"}, "orders", "2025-01-10T09:00:00+00:00")
    commit(repo, {"README.md": "# shop, again\n"}, "docs only", "2025-01-11T09:00:00+00:00")
    added = commit(
        repo,
        {"proto/orders.proto": PROTO.replace("}\n", "  string note = 3;\n}\n")},
        "add",
        "2025-02-01T09:00:00+00:00",
    )
    broke = commit(
        repo,
        {"proto/orders.proto": PROTO.replace("int64 total = 2;", "string total = 2;")},
        "oops",
        "2025-03-01T09:00:00+00:00",
    )
    assert is_repository(repo) and not is_repository(repo / "proto")
    (repo / "proto" / ".git").mkdir()
    assert not is_repository(repo / "proto")  # a .git folder that is no repository
    assert contract_paths(repo) == ["proto/orders.proto"]
    assert [c for c, _, _ in versions_of(repo, "proto/orders.proto")] == [first, added, broke]
    [history] = contract_histories(repo)
    assert (history.file, history.changes, len(history.breaking)) == ("proto/orders.proto", 2, 1)
    assert history.breaking[0].commit == broke
    assert (history.first_date[:10], history.last_date[:10]) == ("2025-01-10", "2025-03-01")
    since = contract_histories(repo, since="2025-01-20")
    assert since[0].changes == 1


def test_merge_commits_are_not_counted_twice(repo):
    commit(repo, {"orders.proto": PROTO}, "start", "2025-01-01T09:00:00+00:00")
    git(repo, "checkout", "-q", "-b", "feature")
    change = commit(
        repo, {"orders.proto": PROTO.replace("  int64 total = 2;\n", "")}, "drop", "2025-01-02T09:00:00+00:00"
    )
    git(repo, "checkout", "-q", "main")
    commit(repo, {"other.txt": "x"}, "other", "2025-01-03T09:00:00+00:00")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge", "feature", date="2025-01-04T09:00:00+00:00")
    [history] = contract_histories(repo)
    assert [step.commit for step in history.steps] == [change]


def test_an_unreadable_version_is_noted_and_the_next_is_compared_with_the_last_read():
    history = breaks_over_history(
        "orders.proto",
        [
            ("a" * 40, "2025-01-01", PROTO),
            ("b" * 40, "2025-01-02", PROTO.replace("int64 total = 2;", "int64 total = 2")),
            ("c" * 40, "2025-01-03", PROTO.replace("  int64 total = 2;\n", "")),
        ],
    )
    assert history.unreadable[0].startswith("bbbbbbbbbb: is not a valid .proto file: line 6")
    assert [(s.commit[0], s.breaks[0].rule) for s in history.steps] == [("c", "field_removed")]


def test_a_folder_that_is_no_repository_is_refused_with_the_reason(tmp_path):
    with pytest.raises(EvidenceError, match="is not a git repository"):
        contract_paths(tmp_path)


def boutique_history() -> list[tuple[str, str, str]]:
    """The seven versions of demo.proto, with the commit and date of each (README.md)."""
    rows = [
        line.split(" | ")
        for line in (BOUTIQUE / "README.md").read_text().splitlines()
        if line.startswith("| `history/")
    ]
    return [(row[1].strip("` "), row[2].strip(), (BOUTIQUE / row[0].strip("|` ")).read_text()) for row in rows]


def test_the_real_history_of_online_boutique_s_demo_proto_shows_each_known_break():
    versions = boutique_history()
    assert len(versions) == 7
    history = breaks_over_history("pb/demo.proto", versions)
    assert history.unreadable == []
    found = {step.commit[:9]: sorted((b.rule, b.where, b.name) for b in step.breaks) for step in history.steps}
    assert found == {
        "0cf418df9": [("field_reused", "ListRecommendationsResponse", "product_ids")],
        "2316e2550": [("field_type_changed", "GetProductRequest", "id"), ("field_type_changed", "Product", "id")],
        "22f6fccaf": [
            ("message_removed", "ConversionRequest", "ConversionRequest"),
            ("message_removed", "ConversionResponse", "ConversionResponse"),
            ("rpc_changed", "CurrencyService.Convert", "CurrencyService.Convert"),
        ],
        "e20ed325f": [
            ("field_reused", "Money", "units"),
            ("field_type_changed", "GetQuoteResponse", "cost_usd"),
            ("field_type_changed", "Product", "price_usd"),
            ("message_removed", "MoneyAmount", "MoneyAmount"),
        ],
        "6f10ac979": [
            ("field_reused", "Address", "city"),
            ("field_reused", "Address", "state"),
            ("field_reused", "Address", "street_address"),
        ],
        "ed942a91f": [
            ("message_removed", "CreateOrderRequest", "CreateOrderRequest"),
            ("message_removed", "CreateOrderResponse", "CreateOrderResponse"),
            ("rpc_removed", "CheckoutService.CreateOrder", "CheckoutService.CreateOrder"),
        ],
    }


def test_the_history_with_the_release_manifests_names_the_callers(tmp_path):
    repo = tmp_path / "boutique"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    for commit_id, date, text in boutique_history():
        commit(repo, {"pb/demo.proto": text}, f"as {commit_id[:9]}", date)
    manifests = (FIXTURES / "online-boutique" / "release" / "kubernetes-manifests.yaml").read_bytes()
    document = analyse([("kubernetes-manifests.yaml", manifests)], contract_histories=contract_histories(repo))
    [finding] = [f for f in document["findings"] if f["sign"] == BREAKING]
    assert finding["strength"] == "strong"
    assert finding["changes"] == 6 and finding["breaking_changes"] == 6
    assert "frontend" in finding["consumers"] and "checkoutservice" in finding["consumers"]
    assert finding["summary"].startswith("Breaking changes shipped in 6 of 6 changes to pb/demo.proto")
    assert "between 2018-06-13 and 2018-06-29" in finding["summary"]
    assert document["suggested"][BREAKING] == "yes"
    assert "6 of 6 changes between versions broke callers" in document["coverage"][BREAKING]


COMPOSE = """services:
  orders: {image: shop/orders}
  billing:
    image: shop/billing
    environment: {ORDERS_ADDR: "orders:9000"}
"""


def test_the_command_line_reads_a_repository_s_contract_history(runner, repo):
    commit(repo, {"docker-compose.yml": COMPOSE, "orders/orders.proto": PROTO}, "start", "2025-01-01T09:00:00+00:00")
    broke = commit(
        repo, {"orders/orders.proto": PROTO.replace("  int64 total = 2;\n", "")}, "drop", "2025-02-01T09:00:00+00:00"
    )
    result = runner.invoke(args=["evidence", str(repo)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    [finding] = [f for f in document["findings"] if f["sign"] == BREAKING]
    assert (finding["strength"], finding["services"], finding["consumers"]) == ("strong", ["orders"], ["billing"])
    assert finding["commit"] == broke
    assert finding["summary"] == (
        "Breaking changes shipped in 1 of 1 changes to orders/orders.proto between 2025-01-01 and 2025-02-01, "
        f"while it is called by billing. The latest was commit {broke[:10]} on 2025-02-01: The field total "
        "(number 2) of Order was removed, so callers that read or send it lose it."
    )


def test_the_command_line_refuses_a_broken_contract_named_alone_with_exit_2(runner, tmp_path):
    path = tmp_path / "orders.proto"
    path.write_text(PROTO.replace("string id = 1;", "string id = 1"))
    result = runner.invoke(args=["evidence", str(path)])
    assert result.exit_code == 2
    assert "orders.proto: is not a valid .proto file: line 5" in result.stderr
