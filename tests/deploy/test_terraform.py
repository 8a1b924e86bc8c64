"""infra/ parses (python-hcl2), passes checkov with no failed check, and agrees with cloudbuild.yaml
and the code on every shared name: function names and URLs, bucket, queues, service accounts, region,
secrets; and its IAM is the least-privilege set README.md describes."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.deploy.deployspec import account_id, normal

ROOT = Path(__file__).resolve().parents[2]
INFRA = ROOT / "infra"
SA_REF = re.compile(r"google_service_account\.(runtime|caller|deploy)\[([^\]]+)\]")


def test_every_tf_file_parses_with_python_hcl2(terraform):
    files = sorted(f.name for f in INFRA.glob("*.tf"))
    assert len(files) >= 8
    assert sorted(terraform.files) == files  # the fixture parsed each one with python-hcl2 (or failed)
    for name, doc in terraform.files.items():
        assert isinstance(doc, dict) and doc, f"{name} parsed to nothing"


def test_checkov_passes_with_no_failed_check(tools, tmp_path):
    argv = [str(tools.checkov), "-d", str(INFRA), "--compact", "--quiet", "--skip-download"]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, f"checkov failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-2000:]}"
    report = subprocess.run(argv + ["-o", "json"], capture_output=True, text=True, timeout=600, cwd=ROOT)
    data = json.loads(report.stdout)
    runs = data if isinstance(data, list) else [data]
    summary = {k: sum(r["summary"][k] for r in runs) for k in ("passed", "failed", "skipped")}
    assert summary["failed"] == 0 and summary["passed"] >= 50, summary


def test_every_checkov_skip_gives_a_reason():
    skips = 0
    for f in INFRA.glob("*.tf"):
        for line in f.read_text().splitlines():
            if "checkov:skip" in line:
                skips += 1
                assert re.search(r"checkov:skip=CKV2?_[A-Z]+_\d+:\s*\S.{20,}", line), (
                    f"{f.name}: skip without a reason: {line}"
                )
    assert skips <= 4, "more skips than the README accounts for"


def test_function_names_urls_and_region_agree(terraform, cloudbuild):
    functions = terraform.locals["functions"]
    assert functions == {name: d.entry_point for name, d in cloudbuild.deploys.items()}
    urls = terraform.locals["function_urls"]
    assert "https://${var.region}-${var.project_id}.cloudfunctions.net/${name}" in urls
    assert terraform.default("region") == cloudbuild.substitutions["_REGION"]


def test_bucket_and_queues_agree(terraform, cloudbuild):
    assert normal(terraform.locals["uploads_bucket"]) == "{project}-uploads"
    assert normal(cloudbuild.deploys["ingest"].event_filters["bucket"]) == "{project}-uploads"
    bucket = terraform.of_type("google_storage_bucket")["uploads"]
    assert bucket["name"] == "${local.uploads_bucket}"
    queues = terraform.of_type("google_cloud_tasks_queue")
    assert set(queues) == {"extract", "enrich"}
    assert terraform.locals["queues"] == {"extract": "extract", "enrich": "enrich"}
    for key, q in queues.items():
        assert q["name"] == f"${{local.queues.{key}}}"
        assert q["location"] == "${var.region}"
    env = {**cloudbuild.deploys["ingest"].env, **cloudbuild.deploys["extract"].env}
    assert env["COPYTHAT_EXTRACT_QUEUE"] == terraform.locals["queues"]["extract"]
    assert env["COPYTHAT_ENRICH_QUEUE"] == terraform.locals["queues"]["enrich"]


def test_queue_limits_match_function_capacity(terraform, cloudbuild):
    """A queue never dispatches more tasks at once than its function has instances to serve them."""
    for queue in ("extract", "enrich"):
        d = cloudbuild.deploys[queue]
        capacity = int(d.value("--max-instances")) * int(d.value("--concurrency"))
        assert terraform.default(f"{queue}_max_concurrent_dispatches") == capacity, queue
        rate = terraform.default(f"{queue}_max_dispatches_per_second")
        assert 0 < rate <= 500
        retry = terraform.of_type("google_cloud_tasks_queue")[queue]["retry_config"][0]
        assert retry["max_attempts"] and retry["min_backoff"] and retry["max_backoff"]
    # extract calls the AI providers: at most 1 task/s (60 jobs/min; README "Queue limits")
    assert terraform.default("extract_max_dispatches_per_second") <= 1


def test_upload_fits_its_worst_case_in_memory(cloudbuild):
    """infra/capacity.md's measured peak per maximal inline request and idle RSS, times the deployed
    concurrency, stay within 80 % of the deployed memory (issue 17 item 6: 20 × 25 MiB on 512 Mi did not)."""
    text = (ROOT / "infra" / "capacity.md").read_text()
    peak = float(re.search(r"JSON `imageBase64`.*?\*\*([0-9.]+) MiB\*\*", text).group(1))
    idle = float(re.search(r"idle instance after its first request: ≈ ([0-9.]+) MiB", text).group(1))
    d = cloudbuild.deploys["upload"]
    memory = int(d.value("--memory").removesuffix("Mi")) if d.value("--memory").endswith("Mi") else \
        int(d.value("--memory").removesuffix("Gi")) * 1024
    assert idle + int(d.value("--concurrency")) * peak <= 0.8 * memory


def test_service_accounts_agree(terraform, cloudbuild):
    runtime = terraform.locals["runtime_accounts"]
    callers = terraform.locals["caller_accounts"]
    deploy = terraform.locals["deploy_accounts"]
    assert runtime == {name: d.account_id for name, d in cloudbuild.deploys.items()}
    tasks_sa = {
        account_id(cloudbuild.deploys[n].env["COPYTHAT_TASKS_SA"]) for n in ("ingest", "extract", "enrich")
    }
    assert tasks_sa == {callers["tasks"]}
    assert account_id(cloudbuild.deploys["cost-rollup"].env["COPYTHAT_SCHEDULER_SA"]) == callers["scheduler"]
    assert (
        account_id(cloudbuild.deploys["ingest"].value("--trigger-service-account"))
        == callers["ingest_trigger"]
    )
    for service, members in cloudbuild.invoker_bindings.items():
        assert {account_id(m) for m in members} <= set(callers.values()), service
    assert account_id(cloudbuild.doc["serviceAccount"]) == deploy["deployer"]
    assert {account_id(d.value("--build-service-account")) for d in cloudbuild.deploys.values()} == {
        deploy["builder"]
    }
    for sa in (*runtime.values(), *callers.values(), *deploy.values()):
        assert 6 <= len(sa) <= 30 and re.fullmatch(r"[a-z][a-z0-9-]*[a-z0-9]", sa), sa


@pytest.mark.parametrize("job_name, function", [("cost_rollup", "cost-rollup"), ("sweeper", "sweeper")])
def test_scheduler_calls_its_function_with_oidc(terraform, cloudbuild, job_name, function):
    job = terraform.of_type("google_cloud_scheduler_job")[job_name]
    target = job["http_target"][0]
    assert target["uri"] == f'${{local.function_urls["{function}"]}}'
    oidc = target["oidc_token"][0]
    assert oidc["audience"] == target["uri"]
    assert oidc["service_account_email"] == '${google_service_account.caller["scheduler"].email}'
    assert job["region"] == "${var.region}" and target["http_method"] == "POST"
    assert function in cloudbuild.deploys and cloudbuild.deploys[function].has("--no-allow-unauthenticated")


def test_rollup_runs_daily(terraform):
    assert re.fullmatch(r"\S+ \S+ \* \* \*", terraform.default("rollup_schedule")), "daily"


def test_task_attempts_agree_with_the_code(terraform, cloudbuild):
    """The code fails a job on the queue's last attempt: both must count the same attempts."""
    from shared.config import Settings

    attempts = terraform.default("task_max_attempts")
    for queue in ("extract", "enrich"):
        retry = terraform.of_type("google_cloud_tasks_queue")[queue]["retry_config"][0]
        assert retry["max_attempts"] == "${var.task_max_attempts}"
    assert attempts == Settings.model_fields["task_max_attempts"].default
    for name in ("extract", "enrich", "sweeper"):
        assert int(cloudbuild.deploys[name].env.get("COPYTHAT_TASK_MAX_ATTEMPTS", attempts)) == attempts, name


def test_secrets_exist_without_values_and_only_extract_reads_them(terraform):
    from shared.extraction.ai.config import AiConfig

    cfg = AiConfig()
    assert sorted(terraform.locals["ai_secrets"]) == sorted([cfg.anthropic_secret, cfg.openai_secret])
    assert terraform.of_type("google_secret_manager_secret")["ai"]["secret_id"] == "${each.value}"
    assert not terraform.of_type("google_secret_manager_secret_version"), "secret values never in Terraform"
    accessors = terraform.of_type("google_secret_manager_secret_iam_member")
    assert accessors and all(
        m["member"] == 'serviceAccount:${google_service_account.runtime["extract"].email}'
        for m in accessors.values()
    )
    for rtype in ("google_project_iam_member", "google_project_iam_binding"):
        for name, body in terraform.of_type(rtype).items():
            assert "secretmanager" not in str(body.get("role", "")), (
                f"{rtype}.{name}: project-wide secret access"
            )


def _for_each_values(terraform, expr: str) -> list[str]:
    """The keys of `for_each = toset(local.x)` or `toset(["a", "b"])`."""
    local = re.search(r"local\.(\w+)", expr)
    return list(terraform.locals[local.group(1)]) if local else re.findall(r'"([\w-]+)"', expr)


def _project_roles(terraform) -> dict[tuple[str, str], set[str]]:
    """(kind, key) of one of our service accounts -> the project-level roles granted to it."""
    out: dict[tuple[str, str], set[str]] = {}
    for name, body in terraform.of_type("google_project_iam_member").items():
        m = SA_REF.search(body["member"])
        if not m:
            assert "google_service_account." not in body["member"], name
            continue
        kind, key = m.group(1), m.group(2).strip('"')
        each = _for_each_values(terraform, body["for_each"]) if "for_each" in body else []
        keys = each if key == "each.value" else [key]
        roles = each if body["role"] == "${each.value}" else [body["role"]]
        if body.get("condition"):  # "role if <the databases it names>", so a condition's loss shows
            roles = [f"{r} if {_databases(terraform, body['condition'][0]['expression'])}" for r in roles]
        for k in keys:
            out.setdefault((kind, k), set()).update(roles)
    return out


APP_DB, COUNTERS_DB = "(default)", "copythat-ratelimits"
APP_WRITE = f"roles/datastore.user if {APP_DB}"


def _databases(terraform, expression: str) -> str:
    """An IAM condition on Firestore databases → the database ids it allows, sorted, joined by ' or '.
    Anything but `resource.name == "<a database>"` terms joined by || is refused."""
    text = expression.replace("${local.firestore_default_db}", "projects/{project}/databases/(default)")
    text = text.replace("${local.firestore_rate_limit_db}",
                        "projects/{project}/databases/" + terraform.locals["rate_limit_database"])
    terms = [t.strip() for t in text.split("||")]
    out = []
    for t in terms:
        m = re.fullmatch(r'resource\.name == "projects/\{project\}/databases/([^"]+)"', t)
        assert m, f"an IAM condition this test does not understand: {expression!r}"
        out.append(m.group(1))
    return " or ".join(sorted(out))


def test_project_level_roles_are_least_privilege(terraform):
    """Issue 17 item 9: no function holds datastore.user on every database; export and usage, which
    write only their rate-limit counters, read the app's data and write the counters' database only."""
    assert terraform.locals["firestore_default_db"] == "projects/${var.project_id}/databases/(default)"
    assert terraform.locals["firestore_rate_limit_db"] == (
        "projects/${var.project_id}/databases/${local.rate_limit_database}")
    assert terraform.locals["rate_limit_database"] == COUNTERS_DB
    counted = f"roles/datastore.user if {APP_DB} or {COUNTERS_DB}"
    counters_only = f"roles/datastore.user if {COUNTERS_DB}"
    allowed = {
        ("runtime", "upload"): {counted, "roles/firebaseauth.viewer"},
        ("runtime", "ingest"): {APP_WRITE},
        ("runtime", "extract"): {APP_WRITE},
        ("runtime", "enrich"): {APP_WRITE},
        ("runtime", "export"): {"roles/datastore.viewer", counters_only, "roles/firebaseauth.viewer"},
        ("runtime", "cost-rollup"): {APP_WRITE},
        ("runtime", "library"): {counted, "roles/firebaseauth.viewer"},
        ("runtime", "usage"): {"roles/datastore.viewer", counters_only, "roles/firebaseauth.viewer"},
        ("runtime", "sweeper"): {APP_WRITE},
        ("caller", "ingest_trigger"): {"roles/eventarc.eventReceiver"},
        ("deploy", "deployer"): {
            "roles/cloudfunctions.developer",
            "roles/run.admin",
            "roles/logging.logWriter",
        },
        ("deploy", "builder"): {
            "roles/storage.objectViewer",
            "roles/artifactregistry.writer",
            "roles/logging.logWriter",
            "roles/run.builder",
        },
    }
    got = _project_roles(terraform)
    assert got == allowed
    # A broad grant fails here whatever else changes: datastore.user (or owner) without a condition.
    for (kind, who), roles in got.items():
        assert not {"roles/datastore.user", "roles/datastore.owner"} & roles, (kind, who, roles)
    for rtype in ("google_project_iam_member", "google_project_iam_binding", "google_project_iam_policy"):
        for body in terraform.of_type(rtype).values():
            assert body.get("role") not in (
                "roles/owner",
                "roles/editor",
                "roles/viewer",
                "roles/iam.serviceAccountUser",
                "roles/iam.serviceAccountTokenCreator",
            )


def test_resource_scoped_grants(terraform):
    bucket = {
        (b["role"], SA_REF.search(b["member"]).group(2).strip('"'))
        for b in terraform.of_type("google_storage_bucket_iam_member").values()
    }
    assert bucket == {("roles/storage.objectCreator", "upload"), ("roles/storage.objectViewer", "extract"),
                      ("roles/storage.objectViewer", "export"),  # a check's screenshot, for its drift report
                      ("${google_project_iam_custom_role.uploads_deleter.name}", "library"),
                      ("roles/storage.objectViewer", "deployer")}  # the build's staged source
    deleter = terraform.of_type("google_project_iam_custom_role")["uploads_deleter"]
    assert sorted(deleter["permissions"]) == ["storage.objects.delete", "storage.objects.list"]
    queues = set()
    for q in terraform.of_type("google_cloud_tasks_queue_iam_member").values():
        who = SA_REF.search(q["member"]).group(2).strip('"')
        names = re.findall(r"google_cloud_tasks_queue\.(\w+)\.name", json.dumps([q.get("for_each"), q["name"]]))
        queues |= {(n, who, q["role"]) for n in names}
    assert queues == {("extract", "ingest", "roles/cloudtasks.enqueuer"),
                      ("enrich", "extract", "roles/cloudtasks.enqueuer"),
                      ("extract", "sweeper", "roles/cloudtasks.enqueuer"),
                      ("enrich", "sweeper", "roles/cloudtasks.enqueuer")}
    sa_grants = terraform.of_type("google_service_account_iam_member")
    signer = sa_grants["upload_signs_as_itself"]
    # signBlob only (issue 17 item 9): token creator would also mint access and ID tokens as upload.
    assert signer["role"] == "${google_project_iam_custom_role.url_signer.name}"
    url_signer = terraform.of_type("google_project_iam_custom_role")["url_signer"]
    assert url_signer["permissions"] == ["iam.serviceAccounts.signBlob"]
    assert not [n for n, g in sa_grants.items() if g["role"] == "roles/iam.serviceAccountTokenCreator"]
    assert signer["service_account_id"] == '${google_service_account.runtime["upload"].name}'
    assert signer["member"] == 'serviceAccount:${google_service_account.runtime["upload"].email}'
    act_as = sa_grants["enqueuers_act_as_tasks"]
    assert act_as["role"] == "roles/iam.serviceAccountUser"
    assert act_as["service_account_id"] == '${google_service_account.caller["tasks"].name}'
    assert sorted(re.findall(r'"(\w+)"', act_as["for_each"])) == ["extract", "ingest", "sweeper"]


def test_uploads_bucket_is_private_and_temporary(terraform):
    b = terraform.of_type("google_storage_bucket")["uploads"]
    assert b["uniform_bucket_level_access"] is True
    assert b["public_access_prevention"] == "enforced"
    assert any(r["action"][0]["type"] == "Delete" for r in b["lifecycle_rule"])
    cors = b["dynamic"][0]["cors"]["content"][0]
    assert "PUT" in cors["method"] and cors["origin"] == "${var.allowed_origins}"
    assert {"Content-Type", "x-goog-content-length-range"} <= set(cors["response_header"])
    gcs_agent = terraform.of_type("google_project_iam_member")["gcs_publishes_events"]
    assert gcs_agent["role"] == "roles/pubsub.publisher"


def test_firestore_is_native_with_rules_and_indexes_from_the_files(terraform):
    db = terraform.of_type("google_firestore_database")["default"]
    assert db["type"] == "FIRESTORE_NATIVE" and db["name"] == "(default)"
    ruleset = terraform.of_type("google_firebaserules_ruleset")["firestore"]
    assert "firestore.rules" in json.dumps(ruleset)
    assert terraform.of_type("google_firebaserules_release")["firestore"]["name"] == "cloud.firestore"
    assert "firestore.indexes.json" in json.dumps(terraform.locals)
    assert (
        terraform.of_type("google_firestore_index")["composite"]["for_each"] == "${local.firestore_indexes}"
    )


def test_required_apis_and_budget(terraform):
    services = set(terraform.locals["services"])
    for api in (
        "cloudfunctions",
        "run",
        "cloudbuild",
        "eventarc",
        "cloudtasks",
        "cloudscheduler",
        "secretmanager",
        "firestore",
        "firebaserules",
        "iamcredentials",
        "pubsub",
        "storage",
        "billingbudgets",
    ):
        assert f"{api}.googleapis.com" in services, api
    budget = terraform.of_type("google_billing_budget")["project"]
    assert len(budget["threshold_rules"]) >= 3


def test_the_first_deploy_finds_what_it_needs(terraform, cloudbuild):
    """Issue 17 item 11: what made the first real deploy fail, each checked in the Terraform."""
    # `gcloud builds submit` stages the source in gs://<project>_cloudbuild, which does not exist yet.
    buckets = terraform.of_type("google_storage_bucket")
    staging = [b for b in buckets.values() if b["name"] == "${var.project_id}_cloudbuild"]
    assert len(staging) == 1 and staging[0]["uniform_bucket_level_access"] is True
    grants = {(g["role"], SA_REF.search(g["member"]).group(2).strip('"'))
              for g in terraform.of_type("google_storage_bucket_iam_member").values()
              if "cloudbuild_staging" in g["bucket"]}
    assert grants == {("roles/storage.objectViewer", "deployer")}
    # An EUR billing account refuses a USD budget.
    amount = terraform.of_type("google_billing_budget")
    spec = next(iter(amount.values()))["amount"][0]["specified_amount"][0]
    assert spec["currency_code"] == "${var.budget_currency_code}" and terraform.default("budget_currency_code") == "USD"
    # Service accounts are created once the IAM API is on.
    for name in ("runtime", "caller", "deploy"):
        deps = terraform.of_type("google_service_account")[name].get("depends_on") or []
        assert "${google_project_service.apis}" in deps, name
    # The functions build account, as Cloud Functions' current docs ask.
    assert "roles/run.builder" in terraform.locals["builder_roles"]


def test_the_build_pins_the_emulators_its_java_runs():
    """A newer emulator JAR needs Java 21; the build's Debian bookworm image has 17."""
    text = (ROOT / "cloudbuild.yaml").read_text()
    for pkg in ("google-cloud-cli-firestore-emulator", "google-cloud-cli-pubsub-emulator"):
        assert re.search(rf"{pkg}=\d+\.\d+\.\d+-\d+", text), pkg


def test_the_infra_readme_counts_the_functions_deployed(cloudbuild):
    words = {6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}
    text = (ROOT / "infra" / "README.md").read_text()
    n = len(cloudbuild.deploys)
    wrong = [w for k, w in words.items() if k != n and re.search(rf"\b{w} (functions|runtime accounts)", text)]
    assert not wrong, f"{n} functions are deployed; infra/README.md says {wrong}"


def test_rate_limit_counters_live_in_their_own_database(terraform, cloudbuild):
    """The functions that count requests name the database Terraform creates for the counters, and
    its TTL policy is on that database (issue 17 item 9)."""
    from shared.config import ENV_VARS

    var = ENV_VARS["rate_limit_database"]
    counted = {name for name, d in cloudbuild.deploys.items() if var in d.env}
    assert counted == {"upload", "export", "library", "usage"}  # every function behind signed_in_user
    assert {cloudbuild.deploys[n].env[var] for n in counted} == {terraform.locals["rate_limit_database"]}
    db = terraform.of_type("google_firestore_database")["rate_limits"]
    assert db["name"] == "${local.rate_limit_database}" and db["type"] == "FIRESTORE_NATIVE"
    ttl = terraform.of_type("google_firestore_field")["rate_limit_expiry"]
    assert ttl["database"] == "${google_firestore_database.rate_limits.name}" and ttl["collection"] == "rateLimits"
    # Served the same rules (every client denied), not left without a release.
    release = terraform.of_type("google_firebaserules_release")["firestore_rate_limits"]
    assert release["name"] == "cloud.firestore/${local.rate_limit_database}"
    assert release["ruleset_name"] == terraform.of_type("google_firebaserules_release")["firestore"]["ruleset_name"]
    # The local stack runs the functions the same way (shared/localstack/layout.py).
    from shared.localstack.layout import RATE_LIMIT_DATABASE

    assert RATE_LIMIT_DATABASE == terraform.locals["rate_limit_database"]


def test_every_function_behind_signed_in_user_is_rate_limited_in_the_counters_database():
    """The list above is the code's: each entry point that counts a signed-in request."""
    funcs = {p.parent.name for p in (ROOT / "functions").glob("*/main.py")
             if re.search(r"\bsigned_in_(user|caller)\(", p.read_text())}  # signed_in_user wraps signed_in_caller
    assert funcs == {"upload", "export", "library", "usage"}


def test_the_smoke_command_targets_what_is_deployed(terraform, cloudbuild):
    """`copythat smoke` (issue 17 item 12) signs its task for the audience extract checks, as the
    identity Terraform creates, runs the scheduler job Terraform names, and PUTs to the bucket."""
    from shared.smoke import target

    t = target.cloud("my-proj", "europe-west1", "https://app.example", api_key="k", email="e", password="p",
                     id_token=None)
    extract, ingest = cloudbuild.deploys["extract"].env, cloudbuild.deploys["ingest"].env  # checks / enqueues
    sub = {"$PROJECT_ID": "my-proj", "${_REGION}": "europe-west1"}

    def resolve(v: str) -> str:
        for k, x in sub.items():
            v = v.replace(k, x)
        return v

    assert t.urls["extract"] == resolve(extract["COPYTHAT_EXTRACT_AUDIENCE"]) == resolve(ingest["COPYTHAT_EXTRACT_URL"])
    assert t.tasks_service_account == resolve(extract["COPYTHAT_TASKS_SA"]) == resolve(ingest["COPYTHAT_TASKS_SA"])
    assert t.task_queue == ingest["COPYTHAT_EXTRACT_QUEUE"]
    assert t.urls["sweeper"] == resolve(cloudbuild.deploys["sweeper"].env["COPYTHAT_SWEEPER_AUDIENCE"])
    assert terraform.of_type("google_cloud_scheduler_job")["sweeper"]["name"] == "sweeper"  # the job smoke runs
    assert t.bucket == "my-proj-uploads" and t.region == terraform.variables["region"]["default"]


def test_a_user_s_jobs_in_flight_map_is_not_indexed(terraform):
    """The map grows with a user's drop backlog (drops are counted, never refused) and is only read
    whole: an indexed map adds an index entry per job towards the document's cap (issue 17 item 1)."""
    from shared.adapters.firestore_in_flight import COLLECTION

    field = terraform.of_type("google_firestore_field")["in_flight_jobs"]
    assert field["collection"] == COLLECTION and field["field"] == "jobs"
    assert field["database"] == "${google_firestore_database.default.name}"
    assert field["index_config"] in ({}, [{}])  # an empty index_config: no single-field indexes
