"""Change coupling: the rules that keep changes that release nothing out of the pairs, each on a
repository made here with git. Real histories showed each of them (tests/fixtures/*-history)."""

from __future__ import annotations

from app.evidence import analyse
from tests.contract_ids import SIGN_IDS
from tests.evidence.git_repositories import Repository

DEPLOY = SIGN_IDS[0]


def measured(repo: Repository) -> dict:
    return analyse([("history.txt", repo.export())])


def pair(doc: dict, a: str, b: str) -> dict | None:
    return next((p for p in doc["history"]["pairs"] if p["services"] == sorted([a, b])), None)


def test_dependency_and_base_image_updates_are_upkeep_set_aside_with_a_note(tmp_path):
    repo = Repository(tmp_path / "shop")
    for _ in range(12):  # a bot's updates: both services' dependency lists, or both base images
        repo.commit("orders/package.json", "orders/package-lock.json", "billing/package.json")
    for _ in range(3):
        repo.commit("orders/Dockerfile", "billing/Dockerfile.debug")
    for _ in range(4):  # work on orders that also bumped a dependency of billing: a change of orders only
        repo.commit("orders/app.js", "billing/package.json")
    repo.commit("billing/app.js")
    doc = measured(repo)
    assert doc["history"]["upkeep_set_aside"] == 15
    assert doc["history"]["services"] == {"billing": 1, "orders": 4}
    assert doc["history"]["pairs"] == [] and doc["suggested"][DEPLOY] == "unsure"
    # the first note of the sign, the one the signs step shows beside its "unsure"
    assert doc["unseen_by_sign"][DEPLOY][0].startswith("15 changes that only updated services' dependency lists")


def test_older_dependency_lists_and_the_build_tools_version_are_upkeep_too(tmp_path):
    repo = Repository(tmp_path / "shop")
    for _ in range(12):  # Go dep's Gopkg files, a Gradle wrapper's version
        repo.commit("orders/Gopkg.toml", "orders/Gopkg.lock", "billing/gradle/wrapper/gradle-wrapper.properties")
    repo.commit("orders/main.go")
    repo.commit("billing/Main.java")
    doc = measured(repo)
    assert doc["history"]["upkeep_set_aside"] == 12
    assert doc["history"]["services"] == {"billing": 1, "orders": 1}
    assert doc["history"]["pairs"] == []


def test_code_generated_from_a_contract_is_not_a_change_of_the_services(tmp_path):
    repo = Repository(tmp_path / "shop")
    for _ in range(12):  # the contract changed, each service's generated code was made again
        repo.commit(
            "protos/shop.proto",
            "orders/genproto/shop.pb.go",
            "billing/shop_pb2.py",
            "billing/shop_pb2_grpc.py",
            "users/grpc_generated/ShopGrpc.cs",
        )
    for name in ("orders", "billing", "users"):
        repo.commit(f"{name}/main.go")
    doc = measured(repo)
    assert doc["history"]["services"] == {"billing": 1, "orders": 1, "users": 1}
    assert doc["history"]["pairs"] == [] and doc["history"]["shared_folders"] == []
    assert doc["history"]["commits_touching_no_service"] == 12


def test_documentation_and_files_the_system_leaves_behind_are_not_changes(tmp_path):
    repo = Repository(tmp_path / "shop")
    for _ in range(12):  # build instructions rewritten in every service's README
        repo.commit("orders/README.md", "billing/README.md", "billing/docs/setup.rst", "orders/.DS_Store")
    repo.commit("orders/app.py", "orders/README.md")
    repo.commit("billing/app.py")
    doc = measured(repo)
    assert doc["history"]["services"] == {"billing": 1, "orders": 1}
    assert doc["history"]["pairs"] == []
    assert doc["inputs"][0]["commits"] == 2


def test_deployment_folders_and_the_services_container_are_never_named_shared(tmp_path):
    repo = Repository(tmp_path / "shop")
    for name in ("orders", "billing", "users"):
        for _ in range(3):  # each service with its own manifest, a stray file beside the services
            repo.commit(f"src/{name}/app.py", f"kubernetes-manifests/{name}.yaml", "src/.gitignore")
    for name in ("orders", "billing", "users"):
        repo.commit(f"src/{name}/app.py", "src/lib/money.py")
    doc = measured(repo)
    assert [s["service"] for s in doc["inputs"][0]["mapping"]] == ["billing", "orders", "users"]
    assert doc["history"]["shared_folders"] == [
        {"folder": "src/lib", "changes": 3, "services": ["billing", "orders", "users"]}
    ]
    [finding] = [f for f in doc["findings"] if f.get("source") == "history"]
    assert finding["folder"] == "src/lib"
