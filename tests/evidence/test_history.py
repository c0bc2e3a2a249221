"""Change coupling from version-control history: every rule, on repositories made here with git.

The command line reads a repository's history with git; the page and the API read the text of the
documented git log command. Both must give the same numbers."""

from __future__ import annotations

import json

from click.testing import CliRunner

from app import command
from app.evidence import EvidenceError, analyse
from app.evidence.folders import uploaded
from app.evidence.history_coupling import SWEEPING_FILES
from tests.contract_ids import SIGN_IDS
from tests.evidence.git_repositories import HOUR, START, Repository

DEPLOY = SIGN_IDS[0]
assert DEPLOY == "deploy_coupling"


def cli(*args: str):
    return CliRunner().invoke(command.commands, ["evidence", *args])


def document_of(*args: str) -> dict:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def pair(doc: dict, a: str, b: str) -> dict | None:
    return next((p for p in doc["history"]["pairs"] if p["services"] == sorted([a, b])), None)


def history_findings(doc: dict) -> list[dict]:
    return [f for f in doc["findings"] if f.get("source") == "history"]


def shop(tmp_path, together: int = 12, alone: int = 3) -> Repository:
    """orders and billing change together; users alone."""
    repo = Repository(tmp_path / "shop")
    for _ in range(together):
        repo.commit("orders/app.py", "billing/app.py")
    for _ in range(alone):
        repo.commit("users/app.py")
        repo.commit("orders/app.py")
    return repo


def test_services_changed_in_the_same_commit_are_a_strong_pair_with_the_numbers(tmp_path):
    repo = shop(tmp_path)
    doc = document_of(str(repo.path))
    assert doc["inputs"][0]["format"] == "git-history"
    assert doc["inputs"][0]["commits"] == 18
    assert pair(doc, "orders", "billing") == {
        "services": ["billing", "orders"],
        "together": 12,
        "changes": [12, 15],
        "together_each": [12, 12],
        "confidence": [1.0, 0.8],
        "strength": "strong",
    }
    assert pair(doc, "orders", "users") is None
    [finding] = history_findings(doc)
    assert finding["sign"] == DEPLOY and finding["strength"] == "strong"
    assert finding["summary"].startswith(
        "billing and orders changed together in 12 of the 12 changes to billing and in 12 of the 15 to orders"
    )
    assert doc["suggested"][DEPLOY] == "yes"
    assert doc["history"]["changes_touching_several"] == 12 and doc["history"]["share_touching_several"] == 0.67
    assert "18 changes over 1 day" in doc["coverage"][DEPLOY] and "3 services mapped" in doc["coverage"][DEPLOY]


def test_a_pair_with_little_support_or_share_is_weak_or_nothing(tmp_path):
    repo = Repository(tmp_path / "shop")
    for _ in range(6):
        repo.commit("orders/app.py", "billing/app.py")
    for _ in range(20):
        repo.commit("billing/app.py")
    doc = document_of(str(repo.path))
    assert pair(doc, "orders", "billing")["strength"] == "weak"
    [finding] = history_findings(doc)
    assert finding["strength"] == "weak"
    assert finding["summary"].startswith("billing changed too in 6 of the 6 changes to orders")
    assert doc["suggested"][DEPLOY] == "partly"
    few = Repository(tmp_path / "few")
    for _ in range(4):
        few.commit("orders/app.py", "billing/app.py")
    doc = document_of(str(few.path))
    assert "strength" not in pair(doc, "orders", "billing") and history_findings(doc) == []
    assert doc["suggested"][DEPLOY] == "unsure"


def test_repositories_changed_within_the_window_change_together(tmp_path):
    orders, billing = Repository(tmp_path / "orders"), Repository(tmp_path / "billing")
    for day in range(10):
        orders.commit("app.py", at=START + day * 24 * HOUR)
        billing.commit("app.py", at=START + day * 24 * HOUR + 2 * HOUR)
    billing.commit("app.py", at=START + 40 * 24 * HOUR)
    doc = document_of(str(orders.path), str(billing.path))
    assert pair(doc, "orders", "billing") == {
        "services": ["billing", "orders"],
        "together": 10,
        "changes": [11, 10],
        "together_each": [10, 10],
        "confidence": [0.91, 1.0],
        "strength": "strong",
    }
    assert doc["history"]["window_hours"] == 24
    [finding] = history_findings(doc)
    assert "changed within a day of each other in 10 of the 11 changes to billing" in finding["summary"]
    mapping = [entry["mapping"] for entry in doc["inputs"] if entry.get("format") == "git-history"]
    assert mapping == [
        [{"folder": ".", "service": "orders", "by": "repository"}],
        [{"folder": ".", "service": "billing", "by": "repository"}],
    ]
    narrow = document_of(str(orders.path), str(billing.path), "--window-hours", "1")
    assert narrow["history"]["pairs"] == [] and history_findings(narrow) == []
    named = document_of(str(orders.path), str(billing.path), "--service", "orders=ordering")
    assert pair(named, "ordering", "billing")["together"] == 10


def test_merge_commits_are_not_counted_their_commits_are(tmp_path):
    repo = Repository(tmp_path / "shop")
    repo.commit("orders/app.py", "billing/app.py")
    repo.git("checkout", "-q", "-b", "feature")
    for _ in range(3):
        repo.commit("orders/app.py", "billing/app.py")
    repo.git("checkout", "-q", "main")
    repo.commit("users/app.py")
    repo.git("merge", "-q", "--no-ff", "-m", "merge", "feature", at=START + 100 * HOUR)
    doc = document_of(str(repo.path))
    entry = doc["inputs"][0]
    assert entry["commits"] == 5 and entry["merges_not_counted"] == 1
    assert pair(doc, "orders", "billing")["together"] == 4
    assert doc["history"]["services"] == {"billing": 4, "orders": 4, "users": 1}


def test_vendored_generated_lock_and_binary_files_are_left_out(tmp_path):
    repo = Repository(tmp_path / "shop")
    for _ in range(12):
        repo.commit(
            "orders/app.py",
            "billing/vendor/lib.go",
            "billing/node_modules/x/index.js",
            "billing/package-lock.json",
            "billing/generated/api.py",
            "billing/logo.png",
            "billing/.github/ci.yml",
        )
    repo.commit("billing/app.py")
    doc = document_of(str(repo.path))
    assert doc["history"]["services"] == {"billing": 1, "orders": 12}
    assert doc["history"]["pairs"] == []


def test_sweeping_commits_are_set_aside(tmp_path):
    repo = Repository(tmp_path / "shop")
    names = [f"svc{i}" for i in range(8)]
    for _ in range(12):  # every service at once: a reformatting, a rename
        repo.commit(*(f"{name}/app.py" for name in names))
    many = [f"orders/file{i}.py" for i in range(SWEEPING_FILES)] + ["billing/app.py"]
    repo.commit(*many)
    for name in names:
        repo.commit(f"{name}/app.py")
    doc = document_of(str(repo.path))
    assert doc["history"]["sweeping_set_aside"] == 13
    assert doc["history"]["pairs"] == [] and doc["suggested"][DEPLOY] == "unsure"
    assert doc["history"]["services"] == dict.fromkeys(names, 1)


def test_folders_are_mapped_by_compose_build_contexts(tmp_path):
    repo = Repository(tmp_path / "shop")
    compose = "services:\n  ordering:\n    build: ../code/ord\n  invoicing:\n    build: ../code/inv\n"
    repo.commit(files={"deploy/docker-compose.yml": compose})
    for _ in range(10):
        repo.commit("code/ord/main.go", "code/inv/main.go", "code/ord/README.md")
    doc = document_of(str(repo.path))
    assert doc["inputs"][0]["mapping"] == [
        {"folder": "code/inv", "service": "invoicing", "by": "compose build context"},
        {"folder": "code/ord", "service": "ordering", "by": "compose build context"},
    ]
    assert pair(doc, "ordering", "invoicing")["strength"] == "strong"
    assert {s["name"] for s in doc["services"]} == {"ordering", "invoicing"}  # the working tree is read too
    given = document_of(str(repo.path), "--service", "code/ord=orders")
    assert {"folder": "code/ord", "service": "orders", "by": "given"} in given["inputs"][0]["mapping"]
    assert pair(given, "orders", "invoicing")["together"] == 10


def test_folders_are_mapped_by_image_name_and_by_top_level_folder(tmp_path):
    repo = Repository(tmp_path / "shop")
    manifest = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\nspec:\n  template:\n    spec:\n"
        "      containers:\n      - name: cart\n        image: gcr.io/shop/cartservice:1.2\n"
    )
    repo.commit(files={"k8s/cart.yaml": manifest})
    for _ in range(10):
        repo.commit("src/cartservice/main.go", "src/checkout/main.go")
    doc = document_of(str(repo.path))
    assert doc["inputs"][0]["mapping"] == [{"folder": "src/cartservice", "service": "cart", "by": "image name"}]
    assert doc["history"]["services"] == {"cart": 10}  # with deployment files, other folders are no service

    plain = Repository(tmp_path / "plain")
    for _ in range(10):
        plain.commit("src/cart/main.go", "src/checkout/main.go", "docs/conf.py", "Makefile")
    doc = document_of(str(plain.path))
    assert doc["inputs"][0]["mapping"] == [
        {"folder": "src/cart", "service": "cart", "by": "top-level folder"},
        {"folder": "src/checkout", "service": "checkout", "by": "top-level folder"},
    ]
    assert doc["history"]["files_not_mapped"] == 20


def test_a_shared_folder_changed_with_many_services_is_named(tmp_path):
    repo = Repository(tmp_path / "shop")
    for name in ("orders", "billing", "users"):
        for _ in range(2):
            repo.commit(f"{name}/app.py", "protos/shop.proto")
    doc = document_of(str(repo.path))
    assert doc["history"]["shared_folders"] == [
        {"folder": "protos", "changes": 6, "services": ["billing", "orders", "users"]}
    ]
    [finding] = history_findings(doc)
    assert finding["strength"] == "weak" and finding["folder"] == "protos"
    assert finding["summary"].startswith("The folder protos, which is not a service, changed together with 3 services")


def test_the_window_defaults_to_the_year_before_the_latest_commit_and_can_be_narrowed(tmp_path):
    repo = Repository(tmp_path / "shop")
    for _ in range(5):  # two years before the rest
        repo.commit("orders/app.py", "billing/app.py", at=START - 2 * 365 * 24 * HOUR)
    for _ in range(12):
        repo.commit("orders/app.py", "billing/app.py")
    assert document_of(str(repo.path))["inputs"][0]["commits"] == 12
    assert document_of(str(repo.path), "--since", "2000-01-01")["inputs"][0]["commits"] == 17
    assert document_of(str(repo.path), "--max-commits", "4")["inputs"][0]["commits"] == 4


def test_the_text_export_gives_what_the_repository_gives(tmp_path):
    repo = shop(tmp_path)
    from_repository = document_of(str(repo.path))
    from_text = analyse([("history.txt", repo.export())])
    assert from_text["inputs"][0]["format"] == "git-history"
    assert from_text["history"] == from_repository["history"] | {"pairs": from_text["history"]["pairs"]}
    assert from_text["history"]["pairs"] == from_repository["history"]["pairs"]
    in_folder = analyse(uploaded([("repo/deploy/history.txt", repo.export()), ("repo/README.md", b"# shop\n")]))
    assert in_folder["history"]["pairs"] == from_text["history"]["pairs"]


def test_two_exports_are_two_repositories_named_after_their_files(tmp_path):
    orders, billing = Repository(tmp_path / "orders"), Repository(tmp_path / "billing")
    for day in range(10):
        orders.commit("app.py", at=START + day * 24 * HOUR)
        billing.commit("app.py", at=START + day * 24 * HOUR + HOUR)
    doc = analyse([("orders.log", orders.export()), ("billing.log", billing.export())])
    assert pair(doc, "orders", "billing")["together"] == 10


def test_plain_git_log_output_is_refused_with_the_command_to_run(tmp_path):
    repo = shop(tmp_path, together=2, alone=0)
    plain = repo.git("log", "--name-only").encode()
    try:
        analyse([("log.txt", plain)])
    except EvidenceError as error:
        assert error.message.startswith("log.txt: looks like the output of git log, but not in the format")
        assert 'git -c core.quotePath=false log --no-renames --name-only --format="commit %H %ct %P"' in error.message
    else:
        raise AssertionError("plain git log output was read")


def test_a_path_that_is_not_a_repository_and_holds_no_evidence_exits_2(tmp_path):
    folder = tmp_path / "notes"
    (folder / ".git").mkdir(parents=True)  # a stray .git that git does not take for a repository
    (folder / "README.md").write_text("# notes\n")
    result = cli(str(folder))
    assert result.exit_code == 2 and result.stdout == ""
    assert "none of the 1 file looked at" in result.stderr
    result = cli(str(folder), "--since", "2025-01-01")
    assert result.exit_code == 2
    assert "none of the paths is a git repository" in result.stderr
    assert cli(str(tmp_path / "missing")).exit_code == 2
    assert cli(str(folder), "--service", "nonsense").exit_code == 2


def test_a_bare_repository_gives_its_history(tmp_path):
    repo = shop(tmp_path)
    bare = tmp_path / "shop.git"
    repo.git("clone", "-q", "--bare", str(repo.path), str(bare))
    doc = document_of(str(bare))
    assert [i["format"] for i in doc["inputs"]] == ["git-history"]
    assert pair(doc, "orders", "billing")["together"] == 12


def test_an_empty_repository_gives_no_history_and_says_so(tmp_path):
    empty = Repository(tmp_path / "empty")
    doc = document_of(str(empty.path), "--service", "x=y")
    assert doc["inputs"][0]["commits"] == 0 and doc["history"]["pairs"] == []
    assert any("holds no change to any service's files" in note for note in doc["unseen_by_sign"][DEPLOY])


def test_a_repository_git_cannot_read_exits_2_with_what_git_said(tmp_path):
    broken = Repository(tmp_path / "broken")
    broken.commit("orders/app.py")
    objects = broken.path / ".git" / "objects"
    for folder in objects.iterdir():
        if folder.name not in ("info", "pack"):
            for file in folder.iterdir():
                file.unlink()
    result = cli(str(broken.path))
    assert result.exit_code == 2 and result.stdout == ""
    assert "is a git repository, but git could not read its history" in result.stderr
