"""cloudbuild.yaml deploys exactly the functions in functions/, each loadable with functions-framework
under the signature type its trigger needs, with its own identity, the right invoker policy and only
non-secret configuration."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.deploy.deployspec import FINALIZED, account_id, normal

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = sorted(p.parent.name for p in (ROOT / "functions").glob("*/main.py"))

# Who may invoke what: public HTTPS (Firebase ID token checked in code) or one caller account.
PUBLIC = {"upload", "export", "library", "usage"}
CALLERS = {
    "ingest": "copythat-ingest-trigger",
    "extract": "copythat-tasks",
    "enrich": "copythat-tasks",
    "cost-rollup": "copythat-scheduler",
    "sweeper": "copythat-scheduler",
}
SECRET_NAMES = ("anthropic-api-key", "openai-api-key")
SECRET_PATTERN = re.compile(r"KEY|TOKEN|SECRET|PASSW|CREDENTIAL|PRIVATE", re.I)
REQUIRED_FLAGS = (
    "--gen2",
    "--runtime",
    "--region",
    "--source",
    "--entry-point",
    "--service-account",
    "--ingress-settings",
    "--memory",
    "--timeout",
    "--concurrency",
    "--min-instances",
    "--max-instances",
    "--set-env-vars",
)


def config_env_vars() -> set[str]:
    """Every environment variable shared/config.py reads."""
    text = (ROOT / "shared" / "config.py").read_text()
    names = set(re.findall(r"""os\.environ\.get\(\s*["']([A-Z0-9_]+)["']""", text))
    from shared.config import ENV_VARS

    names |= set(ENV_VARS.values())
    assert "COPYTHAT_ENV" in names and len(names) > 10, "could not read shared/config.py's variables"
    return names


def test_every_function_is_deployed_once_from_its_staged_folder(cloudbuild):
    entries = sorted(d.entry_point for d in cloudbuild.deploys.values())
    assert entries == FUNCTIONS, "deployed entry points differ from functions/*/main.py"
    for name, d in cloudbuild.deploys.items():
        assert d.source == f"build/functions/{d.entry_point}", name
        assert re.fullmatch(r"[a-z][a-z0-9-]{0,61}[a-z0-9]", name), (
            f"{name}: not a valid gen2 (Cloud Run) name"
        )
        assert "stage" in d.wait_for, f"{name} must wait for the stage step"


def test_deploy_flags(cloudbuild):
    for name, d in cloudbuild.deploys.items():
        missing = [f for f in REQUIRED_FLAGS if not d.has(f)]
        assert not missing, f"{name}: missing {missing}"
        assert d.value("--runtime") == "python311", name
        assert normal(d.value("--region")) == "{region}", name
        assert int(d.value("--max-instances")) >= max(1, int(d.value("--min-instances"))), name
        if int(d.value("--concurrency")) > 1:  # Cloud Run needs a whole CPU to serve requests concurrently
            assert float(d.value("--cpu") or 0) >= 1, f"{name}: concurrency > 1 needs --cpu >= 1"
        assert re.fullmatch(r"\d+s", d.value("--timeout")), name
        assert re.fullmatch(r"\d+(Mi|Gi)", d.value("--memory")), name


@pytest.mark.parametrize("entry", FUNCTIONS)
def test_entry_point_loads_with_the_signature_its_trigger_needs(cloudbuild, entry):
    from functions_framework import _function_registry as registry
    from functions_framework import create_app

    deploy = next(d for d in cloudbuild.deploys.values() if d.entry_point == entry)
    expected = {"http": registry.HTTP_SIGNATURE_TYPE, "event": registry.CLOUDEVENT_SIGNATURE_TYPE}[
        deploy.trigger
    ]
    registry.REGISTRY_MAP.pop(entry, None)
    app = create_app(entry, str(ROOT / "functions" / entry / "main.py"))
    assert app is not None
    assert registry.REGISTRY_MAP.get(entry) == expected, (
        f"{entry}: trigger {deploy.trigger} needs a {expected} function, "
        f"main.py declares {registry.REGISTRY_MAP.get(entry)}"
    )


def test_ingest_is_the_storage_finalized_event_of_the_uploads_bucket(cloudbuild):
    events = {n: d for n, d in cloudbuild.deploys.items() if d.trigger == "event"}
    assert set(events) == {"ingest"}
    d = events["ingest"]
    assert d.event_filters == {"type": FINALIZED, "bucket": d.event_filters.get("bucket")}
    assert normal(d.event_filters["bucket"]) == "{project}-uploads"
    assert normal(d.value("--trigger-location")) == "{region}"
    assert account_id(d.value("--trigger-service-account")) == CALLERS["ingest"]
    assert d.has("--retry"), "ingest raises to be redelivered: the trigger must retry"


def test_invoker_policy(cloudbuild):
    for name, d in cloudbuild.deploys.items():
        if name in PUBLIC:
            assert d.has("--allow-unauthenticated") and not d.has("--no-allow-unauthenticated"), name
            assert name not in cloudbuild.invoker_bindings, f"{name} is public: no per-account binding"
            continue
        assert d.has("--no-allow-unauthenticated") and not d.has("--allow-unauthenticated"), name
        members = cloudbuild.invoker_bindings.get(name, set())
        assert {account_id(m) for m in members} == {CALLERS[name]}, f"{name}: run.invoker for {members}"
        assert all(m.startswith("serviceAccount:") for m in members)
    assert not any(
        "allUsers" in m or "allAuthenticatedUsers" in m
        for ms in cloudbuild.invoker_bindings.values()
        for m in ms
    )
    for step in cloudbuild.steps:
        for a in step.get("args", []):
            assert "allUsers" not in str(a) and "allAuthenticatedUsers" not in str(a), step.get("id")


def test_one_service_account_per_function(cloudbuild):
    ids = {name: d.account_id for name, d in cloudbuild.deploys.items()}
    assert ids == {name: f"copythat-{name}" for name in cloudbuild.deploys}
    assert len(set(ids.values())) == len(ids)


def test_env_is_production_config_the_code_reads(cloudbuild):
    known = config_env_vars() | {"GOOGLE_CLOUD_PROJECT"}
    for name, d in cloudbuild.deploys.items():
        env = d.env
        assert env.get("COPYTHAT_ENV") == "production", name
        assert normal(env.get("GOOGLE_CLOUD_PROJECT", "")) == "{project}", (
            f"{name}: settings() needs the project"
        )
        unknown = set(env) - known
        assert not unknown, f"{name}: {unknown} are not read by shared/config.py (typo?)"
        for banned in (
            "FIREBASE_AUTH_EMULATOR_HOST",
            "STORAGE_EMULATOR_HOST",
            "FIRESTORE_EMULATOR_HOST",
            "COPYTHAT_SECRET_MANAGER_ENDPOINT",
            "COPYTHAT_TASKS_ENDPOINT",
            "K_SERVICE",
        ):
            assert banned not in env, f"{name}: {banned} is local-stack only"
        if "COPYTHAT_UPLOADS_BUCKET" in env:
            assert normal(env["COPYTHAT_UPLOADS_BUCKET"]) == "{project}-uploads"
        if "COPYTHAT_REGION" in env:
            assert normal(env["COPYTHAT_REGION"]) == "{region}"


def test_no_secret_reaches_a_function_through_its_environment(cloudbuild):
    for name, d in cloudbuild.deploys.items():
        for flag in (
            "--set-secrets",
            "--update-secrets",
            "--env-vars-file",
            "--update-env-vars",
            "--set-build-env-vars",
            "--build-env-vars-file",
        ):
            assert not d.has(flag), f"{name}: {flag} (secrets are read from Secret Manager at run time)"
        for key, value in d.env.items():
            assert not SECRET_PATTERN.search(key), f"{name}: {key} looks like a secret"
            for secret in SECRET_NAMES:
                assert secret not in value, f"{name}: {key} mentions {secret}"
            assert not re.search(r"\bsk-[A-Za-z0-9_-]{10,}|AIza[0-9A-Za-z_-]{20,}|-----BEGIN", value), (
                f"{name}: {key} holds what looks like a key"
            )


def test_task_and_scheduler_wiring(cloudbuild):
    url = "https://{region}-{project}.cloudfunctions.net/"
    d = cloudbuild.deploys
    # enqueuers: where the tasks go, as whom, with which audience
    for enqueuer, queue, target in (("ingest", "extract", "extract"), ("extract", "enrich", "enrich")):
        env = d[enqueuer].env
        assert env[f"COPYTHAT_{queue.upper()}_QUEUE"] == queue
        assert normal(env[f"COPYTHAT_{queue.upper()}_URL"]) == url + target
        assert normal(env[f"COPYTHAT_{queue.upper()}_AUDIENCE"]) == url + target
        assert account_id(env["COPYTHAT_TASKS_SA"]) == CALLERS[target]
    # handlers: the audience and caller they accept
    for handler in ("extract", "enrich"):
        env = d[handler].env
        assert normal(env[f"COPYTHAT_{handler.upper()}_AUDIENCE"]) == url + handler
        assert account_id(env["COPYTHAT_TASKS_SA"]) == CALLERS[handler]
    env = d["cost-rollup"].env
    assert normal(env["COPYTHAT_ROLLUP_AUDIENCE"]) == url + "cost-rollup"
    assert account_id(env["COPYTHAT_SCHEDULER_SA"]) == CALLERS["cost-rollup"]
    # the sweeper: called by the scheduler, re-drives both queues as the tasks account
    env = d["sweeper"].env
    assert normal(env["COPYTHAT_SWEEPER_AUDIENCE"]) == url + "sweeper"
    assert account_id(env["COPYTHAT_SCHEDULER_SA"]) == CALLERS["sweeper"]
    for queue in ("extract", "enrich"):
        assert env[f"COPYTHAT_{queue.upper()}_QUEUE"] == queue
        assert normal(env[f"COPYTHAT_{queue.upper()}_URL"]) == url + queue
        assert normal(env[f"COPYTHAT_{queue.upper()}_AUDIENCE"]) == url + queue
    assert account_id(env["COPYTHAT_TASKS_SA"]) == "copythat-tasks"
    # upload signs URLs as itself
    assert account_id(d["upload"].env["COPYTHAT_SIGNER_SA"]) == d["upload"].account_id
    for name in PUBLIC:
        assert "COPYTHAT_ALLOWED_ORIGINS" in d[name].env, f"{name} answers browsers: CORS origins"


def test_tests_run_and_staging_happen_before_any_deploy(cloudbuild):
    ids = [s.get("id") for s in cloudbuild.steps]
    test, stage = cloudbuild.step("test"), cloudbuild.step("stage")
    assert (
        ids.index("test")
        < ids.index("stage")
        < min(ids.index(d.step_id) for d in cloudbuild.deploys.values())
    )
    assert "make test" in cloudbuild.step_text(test)
    assert "--require-hashes" in cloudbuild.step_text(test)
    assert stage.get("waitFor") == ["test"]
    assert "infra/stage_functions.py --out build/functions" in cloudbuild.step_text(stage)


def test_substitutions_have_defaults(cloudbuild):
    subs = cloudbuild.substitutions
    used = set()
    for step in cloudbuild.steps:
        for a in step.get("args", []):
            used |= set(re.findall(r"\$\{?(_[A-Z0-9_]+)", str(a)))
    assert used <= set(subs), f"substitutions without a default: {used - set(subs)}"
    assert subs["_REGION"]


def test_gcloud_accepts_every_command_of_the_build(cloudbuild, tmp_path):
    """The Cloud SDK parses each deploy / IAM command as written (flags, choices, values). It runs with
    an empty configuration: no account, so it stops right after parsing, before any API call."""
    import shutil
    import subprocess

    gcloud = shutil.which("gcloud")
    if gcloud is None:
        pytest.skip("the Cloud SDK (gcloud) is not installed here: flag syntax not checked")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "CLOUDSDK_CONFIG": str(tmp_path / "gcloud"),
        "CLOUDSDK_CORE_DISABLE_PROMPTS": "1",
        "CLOUDSDK_CORE_CHECK_GCE_METADATA": "false",
        "CLOUDSDK_CORE_DISABLE_USAGE_REPORTING": "true",
        "CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK": "true",
    }
    subs = {
        "$PROJECT_ID": "copythat-deploy-test",
        "${_REGION}": cloudbuild.substitutions["_REGION"],
        "${_ALLOWED_ORIGINS}": "https://a.example,https://b.example",
    }
    checked = 0
    for step in cloudbuild.steps:
        if step.get("entrypoint") != "gcloud":
            continue
        args = []
        for a in step["args"]:
            a = str(a)
            for key, value in subs.items():
                a = a.replace(key, value)
            args.append(a)
        proc = subprocess.run(
            [gcloud, *args, "--project=copythat-deploy-test"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            cwd=tmp_path,
        )
        out = proc.stdout + proc.stderr
        assert (
            proc.returncode != 2
            and "unrecognized arguments" not in out
            and "Invalid choice" not in out
            and "argument --" not in out
        ), f"{step.get('id')}: gcloud rejects the command:\n{out[-2000:]}"
        assert "active account" in out or "credentials" in out.lower(), (
            f"{step.get('id')}: expected to stop at authentication, got:\n{out[-2000:]}"
        )
        checked += 1
    assert checked == len(cloudbuild.deploys) + len(cloudbuild.invoker_bindings)
