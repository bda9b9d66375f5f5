"""deploy/k8s/, validated offline against Kubernetes' own OpenAPI schemas (the `kubernetes-validate` package
bundles them) in strict mode, so a misspelt or misplaced field fails here rather than in a cluster; then what
no schema knows: the pieces refer to each other correctly and the numbers add up to what docs/scaling.md says.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from coding_env_mcp.settings import MAX_EPISODES, SETTINGS, SHUTDOWN_GRACE

from .support import DEPLOY, REPO

K8S = DEPLOY / "k8s"
MANIFESTS = sorted(path for path in K8S.glob("*.yaml") if path.name != "kustomization.yaml")
# The oldest Kubernetes the manifests are for: appArmorProfile, the preStop sleep action, hostUsers.
OLDEST = "1.33.0"
# docs/scaling.md's sizing figures (to be re-measured): a live episode's worker and the server's own baseline.
PER_EPISODE_MIB = 8
BASELINE_MIB = 160
HEALTHCHECK = ["python", "-m", "coding_env_mcp.http.healthcheck", "http://127.0.0.1:8000/health"]


def documents(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def resources() -> list[dict[str, Any]]:
    return [doc for path in MANIFESTS for doc in documents(path)]


def the(kind: str, name: str | None = None) -> dict[str, Any]:
    found = [doc for doc in resources() if doc["kind"] == kind and name in (None, doc["metadata"]["name"])]
    assert len(found) == 1, f"expected one {kind} {name or ''}, found {len(found)}"
    return found[0]


def server(deployment: dict[str, Any]) -> dict[str, Any]:
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return container


def env_of(container: dict[str, Any]) -> dict[str, Any]:
    return {item["name"]: item.get("value", item.get("valueFrom")) for item in container["env"]}


def mib(quantity: str) -> int:
    units = {"Mi": 1, "Gi": 1024}
    return int(quantity[:-2]) * units[quantity[-2:]]


@pytest.mark.parametrize("version", [kubernetes_validate.latest_version(), OLDEST])
@pytest.mark.parametrize("path", MANIFESTS, ids=lambda path: path.name)
def test_manifests_are_valid_kubernetes_in_strict_mode(path: Path, version: str) -> None:
    for doc in documents(path):
        kubernetes_validate.validate(doc, version, strict=True)


def test_strict_validation_rejects_a_misspelt_field() -> None:
    deployment = copy.deepcopy(the("Deployment"))
    deployment["spec"]["template"]["spec"]["terminationGracePeriod"] = 75
    with pytest.raises(kubernetes_validate.ValidationError, match="terminationGracePeriod"):
        kubernetes_validate.validate(deployment, kubernetes_validate.latest_version(), strict=True)


def test_the_kustomization_applies_every_manifest_but_the_example_secret() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    listed = set(kustomization["resources"])
    assert listed == {path.name for path in MANIFESTS} - {"secret.example.yaml"}
    assert all((K8S / name).is_file() for name in listed)


def test_services_and_budget_select_the_deployments_pods() -> None:
    deployment = the("Deployment", "coding-env-mcp")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    port_names = {port["name"] for port in server(deployment)["ports"]}
    for service in (the("Service", "coding-env-mcp"), the("Service", "coding-env-mcp-replicas")):
        assert service["spec"]["selector"].items() <= labels.items()
        assert {port["targetPort"] for port in service["spec"]["ports"]} <= port_names
    assert the("Service", "coding-env-mcp-replicas")["spec"]["clusterIP"] == "None"  # headless: one address per pod
    assert the("PodDisruptionBudget")["spec"]["selector"]["matchLabels"].items() <= labels.items()


def test_secrets_come_from_the_secret_the_example_shows() -> None:
    env = env_of(server(the("Deployment")))
    example = the("Secret", "coding-env-mcp")
    for variable in ("CODING_ENV_MCP_DB", "CODING_ENV_MCP_TOKEN"):
        ref = env[variable]["secretKeyRef"]
        assert ref["name"] == example["metadata"]["name"]
        assert ref["key"] in example["stringData"]
    assert example["stringData"]["database-url"].startswith("postgresql://")
    assert all("replace" in value for value in example["stringData"].values()), "the example holds no real secret"


def test_probes_ask_health_as_the_images_healthcheck_does() -> None:
    container = server(the("Deployment"))
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["exec"]["command"] == HEALTHCHECK
    dockerfile = (REPO / "Dockerfile").read_text()
    assert '["' + '", "'.join(HEALTHCHECK) + '"]' in dockerfile


def test_memory_is_sized_from_the_per_episode_figure() -> None:
    container = server(the("Deployment"))
    env = env_of(container)
    episodes = int(env[MAX_EPISODES.env])
    assert int(env["CODING_ENV_MCP_MAX_WORKERS"]) >= episodes, "every live episode keeps its worker"
    request = mib(container["resources"]["requests"]["memory"])
    limit = mib(container["resources"]["limits"]["memory"])
    assert BASELINE_MIB + episodes * PER_EPISODE_MIB <= request <= 1.1 * (BASELINE_MIB + episodes * PER_EPISODE_MIB)
    budget = int(env["CODING_ENV_MCP_SANDBOX_MEMORY_MB"])
    assert episodes * PER_EPISODE_MIB <= budget <= request - BASELINE_MIB, "the sandbox's budget fits the request"
    run_memory = next(s for s in SETTINGS if s.flag == "--run-memory-mb").default
    concurrency = int(env["CODING_ENV_MCP_RUN_CONCURRENCY"])
    assert limit >= request + concurrency * run_memory
    assert concurrency == int(container["resources"]["requests"]["cpu"])


def test_termination_grace_covers_the_drain() -> None:
    deployment = the("Deployment")
    pod = deployment["spec"]["template"]["spec"]
    pre_stop = server(deployment)["lifecycle"]["preStop"]["sleep"]["seconds"]
    max_run = next(s for s in SETTINGS if s.flag == "--max-run-timeout").default
    assert pod["terminationGracePeriodSeconds"] >= pre_stop + SHUTDOWN_GRACE.default + max_run


def test_pods_mount_no_service_account_token() -> None:
    assert the("Deployment")["spec"]["template"]["spec"]["automountServiceAccountToken"] is False


# -- the bwrap overlay ---------------------------------------------------------------------------------------


def strategic_merge(base: Any, patch: Any) -> Any:
    """The part of Kubernetes' strategic merge patch that deployment-bwrap.yaml uses: maps merge, lists of
    named items (containers, env) merge by name, other lists are replaced."""
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = dict(base)
        for key, value in patch.items():
            merged[key] = strategic_merge(base[key], value) if key in base else value
        return merged
    named = isinstance(patch, list) and bool(patch) and all(isinstance(i, dict) and "name" in i for i in patch)
    if isinstance(base, list) and named:
        merged_list = list(base)
        for item in patch:
            at = next((n for n, old in enumerate(merged_list) if old.get("name") == item["name"]), None)
            if at is None:
                merged_list.append(item)
            else:
                merged_list[at] = strategic_merge(merged_list[at], item)
        return merged_list
    return patch


def bwrap_deployment() -> dict[str, Any]:
    overlay = yaml.safe_load((K8S / "bwrap" / "kustomization.yaml").read_text())
    assert overlay["resources"] == [".."]
    (patch,) = overlay["patches"]
    return strategic_merge(the("Deployment"), yaml.safe_load((K8S / "bwrap" / patch["path"]).read_text()))


@pytest.mark.parametrize("version", [kubernetes_validate.latest_version(), OLDEST])
def test_the_bwrap_overlay_is_valid_kubernetes_in_strict_mode(version: str) -> None:
    kubernetes_validate.validate(bwrap_deployment(), version, strict=True)


def test_the_bwrap_overlay_runs_the_server_unprivileged_and_requires_bwrap() -> None:
    deployment = bwrap_deployment()
    pod = deployment["spec"]["template"]["spec"]
    container = server(deployment)
    assert pod["hostUsers"] is False
    assert pod["securityContext"]["runAsUser"] == container["securityContext"]["runAsUser"] == 10001
    assert container["securityContext"]["capabilities"] == {"drop": ["ALL"], "add": []}
    assert container["securityContext"]["procMount"] == "Unmasked"
    assert env_of(container)["CODING_ENV_MCP_REQUIRE_ISOLATION"] == "bwrap"
    names = [item["name"] for item in container["env"]]
    assert len(names) == len(set(names))
