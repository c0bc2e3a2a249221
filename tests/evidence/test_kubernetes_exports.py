"""Kubernetes as teams export it: Helm chart sources, Kustomize files and cluster dumps.

The chart, the Kustomize files and the manifests are Online Boutique's own files
(tests/fixtures/online-boutique, see its README). The cluster dumps are derived from those
manifests at test time, in the shape ``kubectl get deploy,rs,pod,svc -o yaml`` prints: no
real dump of this system was found published, so they are built, not captured. StatefulSet
Pods are derived the same way from Bank of Anthos' manifests (tests/fixtures/bank-of-anthos),
whose two databases are StatefulSets.
"""

import copy
import hashlib
import json
from pathlib import Path

import pytest
import yaml

from app.evidence import EvidenceError, analyse
from app.evidence.errors import Unrecognised
from app.evidence.folders import read_folder
from app.evidence.limits import Limits

BOUTIQUE = Path(__file__).resolve().parents[1] / "fixtures" / "online-boutique"
MANIFESTS = BOUTIQUE / "release" / "kubernetes-manifests.yaml"
CHART_FILES = [
    "helm-chart/Chart.yaml",
    "helm-chart/values.yaml",
    "helm-chart/templates/cartservice.yaml",
    "helm-chart/templates/adservice.yaml",
    "helm-chart/templates/NOTES.txt",
]  # NOTES.txt starts with "{{", as JSON would with "{"
KUSTOMIZE_FILES = [
    "kustomize/kustomization.yaml",
    "kustomize/base/kustomization.yaml",
    "kustomize/components/cymbal-branding/kustomization.yaml",
]  # kind: Component
HELM = "helm template <release-name> <chart-folder> > manifests.yaml"
KUSTOMIZE = "kubectl kustomize <folder> > manifests.yaml"
SAFE_CHARACTERS = "bcdfghjklmnpqrstvwxz2456789"  # the alphabet of Kubernetes' generated names


def refusal(name: str, data: bytes) -> EvidenceError:
    with pytest.raises(EvidenceError) as caught:
        analyse([(name, data)])
    return caught.value


def boutique(path: str) -> bytes:
    return (BOUTIQUE / path).read_bytes()


# --- Helm chart sources and Kustomize files -------------------------------------------------


@pytest.mark.parametrize("path", CHART_FILES)
def test_each_file_of_a_helm_chart_says_how_to_render_it(path):
    error = refusal(path, boutique(path))
    assert error.file == path
    assert HELM in error.message and "upload manifests.yaml" in error.message
    assert "not valid YAML" not in error.message


def test_a_charts_files_share_one_reason():
    problems = {getattr(refusal(path, boutique(path)), "problem", None) for path in CHART_FILES}
    assert len(problems) == 1 and HELM in problems.pop()


def test_a_folder_names_each_chart_once_with_its_own_folder_in_the_command():
    inputs = {entry["file"]: entry for entry in analyse(read_folder(BOUTIQUE, Limits()))["inputs"]}
    reasons = [inputs[path]["skipped"] for path in CHART_FILES]
    whole = [reason for reason in reasons if "helm template" in reason]
    assert whole == [
        "is part of a Helm chart: the templates and settings Helm turns into Kubernetes objects, "
        "not the objects themselves, so it cannot be read as it is. Render the chart first: run "
        "`helm template <release-name> helm-chart > manifests.yaml` (adding `-f <values-file>` "
        "for the values you deploy with) and upload manifests.yaml instead"
    ]
    assert inputs["helm-chart/Chart.yaml"]["skipped"] == whole[0]
    assert {reason for reason in reasons if reason != whole[0]} == {
        "is part of the Helm chart in helm-chart: see helm-chart/Chart.yaml"
    }
    assert (
        "`kubectl kustomize kustomize/components/cymbal-branding > manifests.yaml`"
        in inputs["kustomize/components/cymbal-branding/kustomization.yaml"]["skipped"]
    )
    assert inputs["release/kubernetes-manifests.yaml"]["format"] == "kubernetes"


def test_a_readme_quoting_templates_is_not_taken_for_a_chart():
    error = refusal("README.md", boutique("README.md"))  # it quotes {{ .Values... }}
    assert "{{- if .Values" in boutique("README.md").decode() and HELM not in error.message


@pytest.mark.parametrize("path", KUSTOMIZE_FILES)
def test_a_kustomization_says_how_to_build_it(path):
    error = refusal(path, boutique(path))
    assert KUSTOMIZE in error.message and "upload manifests.yaml" in error.message


def test_a_kustomization_in_json_is_not_taken_for_manifests():
    as_json = json.dumps(yaml.safe_load(boutique("kustomize/base/kustomization.yaml"))).encode()
    assert isinstance(refusal("kustomization.json", as_json), Unrecognised)


# --- cluster dumps --------------------------------------------------------------------------


def safe_name(seed: str, length: int) -> str:
    digest = hashlib.sha256(seed.encode()).digest()
    return "".join(SAFE_CHARACTERS[b % len(SAFE_CHARACTERS)] for b in digest[:length])


def live_metadata(obj: dict, namespace: str = "default") -> dict:
    meta = obj["metadata"]
    meta.update(
        namespace=namespace,
        uid=safe_name("uid" + obj["kind"] + meta["name"], 32),
        resourceVersion="48211",
        creationTimestamp="2026-11-30T09:12:44Z",
    )
    meta["managedFields"] = [
        {
            "apiVersion": obj["apiVersion"],
            "fieldsType": "FieldsV1",
            "manager": "kubectl-client-side-apply",
            "operation": "Update",
            "time": "2026-11-30T09:12:44Z",
            "fieldsV1": {
                "f:metadata": {"f:labels": {".": {}}},
                "f:spec": {
                    "f:template": {
                        "f:spec": {
                            "f:containers": {'k:{"name":"server"}': {"f:env": {'k:{"name":"REDIS_ADDR"}': {".": {}}}}}
                        }
                    }
                },
            },
        }
    ]
    return meta


def owner(obj: dict) -> list[dict]:
    return [
        {
            "apiVersion": obj["apiVersion"],
            "kind": obj["kind"],
            "name": obj["metadata"]["name"],
            "uid": obj["metadata"]["uid"],
            "controller": True,
            "blockOwnerDeletion": True,
        }
    ]


TOKEN_VOLUME = {
    "name": "kube-api-access",
    "projected": {
        "defaultMode": 420,
        "sources": [
            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
            {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
        ],
    },
}
TOKEN_MOUNT = {
    "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
    "name": "kube-api-access",
    "readOnly": True,
}


def pod_spec(template_spec: dict, node: str) -> dict:
    """A pod's spec as the API server fills it in from the template."""
    spec = copy.deepcopy(template_spec)
    for container in spec["containers"]:
        container.setdefault("imagePullPolicy", "IfNotPresent")
        container.setdefault("volumeMounts", []).append(dict(TOKEN_MOUNT))
    spec.setdefault("volumes", []).append(copy.deepcopy(TOKEN_VOLUME))
    spec.update(nodeName=node, dnsPolicy="ClusterFirst", restartPolicy="Always", schedulerName="default-scheduler")
    return spec


def live_deployment(source: dict, replicas: int, revision: int) -> dict:
    deployment = copy.deepcopy(source)
    meta = live_metadata(deployment)
    meta.setdefault("annotations", {})["deployment.kubernetes.io/revision"] = str(revision)
    meta["generation"] = revision
    deployment["spec"]["replicas"] = replicas
    deployment["status"] = {
        "availableReplicas": replicas,
        "readyReplicas": replicas,
        "replicas": replicas,
        "conditions": [{"type": "Available", "status": "True"}],
    }
    return deployment


def replica_set_of(deployment: dict, replicas: int, revision: int, tag: str | None = None) -> dict:
    """The ReplicaSet a Deployment makes: `<deployment>-<pod-template-hash>`, owned by it.

    `tag`: the image tag an earlier revision ran (its ReplicaSet stays, scaled to 0).
    """
    name = deployment["metadata"]["name"]
    pod_hash = safe_name(f"hash{name}{revision}", 10)
    replica_set = {
        "apiVersion": "apps/v1",
        "kind": "ReplicaSet",
        "metadata": {"name": f"{name}-{pod_hash}"},
        "spec": copy.deepcopy(deployment["spec"]),
    }
    labels = dict(deployment["spec"]["template"]["metadata"].get("labels") or {})
    labels["pod-template-hash"] = pod_hash
    live_metadata(replica_set).update(
        labels=labels,
        ownerReferences=owner(deployment),
        annotations={
            "deployment.kubernetes.io/desired-replicas": str(replicas),
            "deployment.kubernetes.io/revision": str(revision),
        },
    )
    replica_set["spec"].update(replicas=replicas)
    replica_set["spec"]["selector"]["matchLabels"]["pod-template-hash"] = pod_hash
    replica_set["spec"]["template"]["metadata"]["labels"] = labels
    if tag:
        for container in replica_set["spec"]["template"]["spec"]["containers"]:
            container["image"] = container["image"].rsplit(":", 1)[0] + ":" + tag
    replica_set["status"] = {"replicas": replicas, "readyReplicas": replicas, "observedGeneration": revision}
    return replica_set


def pods_of(replica_set: dict, replicas: int) -> list[dict]:
    """The Pods a ReplicaSet makes: `<replicaset>-<suffix>`, owned by it, with their status."""
    name, pods = replica_set["metadata"]["name"], []
    for index in range(replicas):
        pod = {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": f"{name}-{safe_name(name + str(index), 5)}", "generateName": f"{name}-"},
        }
        live_metadata(pod).update(labels=dict(replica_set["metadata"]["labels"]), ownerReferences=owner(replica_set))
        pod["spec"] = pod_spec(replica_set["spec"]["template"]["spec"], f"gke-pool-{index}")
        pod["status"] = {
            "phase": "Running",
            "podIP": f"10.8.{index}.{len(name)}",
            "containerStatuses": [
                {"name": c["name"], "ready": True, "restartCount": 0, "image": c["image"]}
                for c in pod["spec"]["containers"]
            ],
        }
        pods.append(pod)
    return pods


def stateful_pods_of(stateful_set: dict, replicas: int) -> list[dict]:
    """The Pods a StatefulSet makes: `<statefulset>-0`, `-1`..., owned by it."""
    name, pods = stateful_set["metadata"]["name"], []
    revision = f"{name}-{safe_name('revision' + name, 10)}"
    for index in range(replicas):
        labels = dict(stateful_set["spec"]["template"]["metadata"].get("labels") or {})
        labels.update({"controller-revision-hash": revision, "statefulset.kubernetes.io/pod-name": f"{name}-{index}"})
        pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": f"{name}-{index}", "generateName": f"{name}-"}}
        live_metadata(pod).update(labels=labels, ownerReferences=owner(stateful_set))
        pod["spec"] = pod_spec(stateful_set["spec"]["template"]["spec"], f"gke-pool-{index}")
        pod["spec"].update(hostname=f"{name}-{index}", subdomain=stateful_set["spec"].get("serviceName"))
        pod["status"] = {"phase": "Running"}
        pods.append(pod)
    return pods


def cluster_dump(
    manifests: bytes,
    replicas: int = 2,
    earlier_tag: str | None = None,
    keep: tuple = ("Deployment", "ReplicaSet", "Pod", "Service"),
) -> bytes:
    """What `kubectl get deploy,rs,pod,svc -o yaml` prints once these manifests run, scaled.

    `earlier_tag`: the images were first rolled out with this tag, so each Deployment also keeps
    the ReplicaSet of that first revision, scaled to 0, listed before the current one.
    StatefulSets (`sts`) and ConfigMaps (`cm`) are in it when `keep` names them.
    """
    items = []
    for source in yaml.safe_load_all(manifests):
        if not source or source["kind"] not in ("Deployment", "StatefulSet", "Service", "ConfigMap"):
            continue
        if source["kind"] == "ConfigMap":
            config = copy.deepcopy(source)
            live_metadata(config)
            live = [config]
        elif source["kind"] == "StatefulSet":
            stateful_set = copy.deepcopy(source)
            live_metadata(stateful_set)["generation"] = 1
            stateful_set["spec"]["replicas"] = replicas
            stateful_set["status"] = {"replicas": replicas, "readyReplicas": replicas, "availableReplicas": replicas}
            live = [stateful_set, *stateful_pods_of(stateful_set, replicas)]
        elif source["kind"] == "Service":
            service = copy.deepcopy(source)
            live_metadata(service)
            service["spec"]["clusterIP"] = f"10.96.0.{len(items) + 10}"
            service["status"] = {"loadBalancer": {}}
            live = [service]
        else:
            revision = 2 if earlier_tag else 1
            deployment = live_deployment(source, replicas, revision)
            earlier = [replica_set_of(deployment, 0, 1, earlier_tag)] if earlier_tag else []
            replica_set = replica_set_of(deployment, replicas, revision)
            live = [deployment, *earlier, replica_set, *pods_of(replica_set, replicas)]
        live[0]["metadata"].setdefault("annotations", {})["kubectl.kubernetes.io/last-applied-configuration"] = (
            json.dumps(source, separators=(",", ":"))
        )
        items += live
    items.append(
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": "kubernetes", "namespace": "default"},
            "spec": {"clusterIP": "10.96.0.1", "ports": [{"name": "https", "port": 443}]},
        }
    )
    dump = {
        "apiVersion": "v1",
        "kind": "List",
        "metadata": {"resourceVersion": ""},
        "items": [item for item in items if item["kind"] in keep],
    }
    return yaml.safe_dump(json.loads(json.dumps(dump))).encode()  # no shared objects: no YAML aliases


@pytest.fixture(scope="module")
def from_manifests():
    return analyse([("boutique.yaml", MANIFESTS.read_bytes())])


def names(items):
    return sorted(item["name"] for item in items)


def test_a_cluster_dump_gives_one_service_per_deployment(from_manifests):
    dump = cluster_dump(MANIFESTS.read_bytes())
    doc = analyse([("boutique.yaml", dump)])
    assert doc["inputs"][0]["objects"] == {"Deployment": 12, "Pod": 24, "ReplicaSet": 12, "Service": 13}
    assert len(doc["services"]) == 11 and "redis-cart" not in names(doc["services"])
    assert names(doc["services"]) == names(from_manifests["services"])
    assert doc["datastores"] == from_manifests["datastores"]
    assert [d["used_by"] for d in doc["datastores"]] == [["cartservice"]]
    assert doc["edges"] == from_manifests["edges"]
    assert doc["findings"] == from_manifests["findings"]
    assert doc["suggested"] == from_manifests["suggested"]


def test_pods_whose_replica_set_is_not_in_the_dump_count_once(from_manifests):
    pods_only = cluster_dump(MANIFESTS.read_bytes(), replicas=3, keep=("Pod", "Service"))
    doc = analyse([("boutique.yaml", pods_only)])
    assert doc["inputs"][0]["objects"] == {"Pod": 36, "Service": 13}
    assert names(doc["services"]) == names(from_manifests["services"])
    assert names(doc["datastores"]) == ["redis-cart"]
    assert doc["edges"] == from_manifests["edges"]
    assert doc["findings"] == from_manifests["findings"]


def test_replica_sets_whose_deployment_is_not_in_the_dump_count_once(from_manifests):
    doc = analyse([("boutique.yaml", cluster_dump(MANIFESTS.read_bytes(), keep=("ReplicaSet", "Pod", "Service")))])
    assert names(doc["services"]) == names(from_manifests["services"])
    assert doc["edges"] == from_manifests["edges"]


@pytest.mark.parametrize("keep", [("Deployment", "ReplicaSet", "Pod", "Service"), ("ReplicaSet", "Pod", "Service")])
def test_the_replica_set_of_an_earlier_rollout_is_not_a_service(from_manifests, keep):
    doc = analyse([("boutique.yaml", cluster_dump(MANIFESTS.read_bytes(), earlier_tag="v0.10.5", keep=keep))])
    assert doc["inputs"][0]["objects"]["ReplicaSet"] == 24
    assert names(doc["services"]) == names(from_manifests["services"])
    assert {s["image"].rsplit(":", 1)[1] for s in doc["services"]} == {"v0.10.6"}
    assert doc["findings"] == from_manifests["findings"]


@pytest.mark.parametrize(
    "meta",
    [
        {"ownerReferences": 5},
        {"ownerReferences": [{"kind": "ReplicaSet", "name": "cart-7d9f", "controller": True}], "labels": ["x"]},
    ],
)
def test_metadata_of_an_odd_shape_does_not_stop_the_import(meta):
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "cart-7d9f-x2b4k", **meta},
        "spec": {"containers": [{"name": "cart", "image": "shop/cart:1"}]},
    }
    doc = analyse([("pods.json", json.dumps({"apiVersion": "v1", "kind": "List", "items": [pod]}).encode())])
    assert len(doc["services"]) == 1


BANK = BOUTIQUE.parent / "bank-of-anthos"  # Bank of Anthos' manifests: see that folder's README
BANK_KINDS = ("Deployment", "ReplicaSet", "StatefulSet", "Pod", "Service", "ConfigMap")


def without_file_names(doc: dict) -> dict:
    """Services, parts, edges and findings, less the file names they cite (which differ)."""

    def strip(item: dict) -> dict:
        return {k: v for k, v in item.items() if k not in ("file", "files", "summary")}

    return {
        key: [strip(item) for item in doc[key]] for key in ("services", "datastores", "brokers", "edges", "findings")
    } | {"suggested": doc["suggested"]}


@pytest.mark.parametrize("keep", [BANK_KINDS, ("Pod", "Service", "ConfigMap")])
def test_statefulset_pods_fold_into_their_statefulset(keep):
    files = sorted(BANK.glob("*.yaml"))
    manifests = analyse([(path.name, path.read_bytes()) for path in files])
    dump = cluster_dump(b"\n---\n".join(path.read_bytes() for path in files), keep=keep)
    doc = analyse([("bank-of-anthos.yaml", dump)])
    assert doc["inputs"][0]["objects"]["Pod"] == 18
    assert names(doc["datastores"]) == ["accounts-db", "ledger-db"]
    assert without_file_names(doc) == without_file_names(manifests)
