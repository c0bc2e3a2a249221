"""Kubernetes as teams export it: Helm chart sources and Kustomize files.

The chart and the Kustomize files are Online Boutique's own files
(tests/fixtures/online-boutique, see its README).
"""

import json
from pathlib import Path

import pytest
import yaml

from app.evidence import EvidenceError, analyse
from app.evidence.errors import Unrecognised

BOUTIQUE = Path(__file__).resolve().parents[1] / "fixtures" / "online-boutique"
CHART_FILES = ["helm-chart/Chart.yaml", "helm-chart/values.yaml",
               "helm-chart/templates/cartservice.yaml", "helm-chart/templates/adservice.yaml"]
KUSTOMIZE_FILES = ["kustomize/kustomization.yaml", "kustomize/base/kustomization.yaml"]
HELM = "helm template <release-name> <chart-folder> > manifests.yaml"
KUSTOMIZE = "kubectl kustomize <folder> > manifests.yaml"


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


@pytest.mark.parametrize("path", KUSTOMIZE_FILES)
def test_a_kustomization_says_how_to_build_it(path):
    error = refusal(path, boutique(path))
    assert KUSTOMIZE in error.message and "upload manifests.yaml" in error.message


def test_a_kustomization_in_json_is_not_taken_for_manifests():
    as_json = json.dumps(yaml.safe_load(boutique("kustomize/base/kustomization.yaml"))).encode()
    assert isinstance(refusal("kustomization.json", as_json), Unrecognised)
