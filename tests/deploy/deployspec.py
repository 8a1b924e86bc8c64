"""Readers of cloudbuild.yaml and of the Terraform module (as JSON from the parsers venv), shared by the
deploy tests. Names are compared in one normal form: {project} and {region} stand for the project id
and region however each side spells them ($PROJECT_ID / ${var.project_id}, ${_REGION} / ${var.region})."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from functools import cached_property

FINALIZED = "google.cloud.storage.object.v1.finalized"


def normal(text: str) -> str:
    """One spelling for the project and region across Cloud Build and Terraform."""
    text = re.sub(r"\$\{?PROJECT_ID\}?", "{project}", text)
    text = re.sub(r"\$\{?_REGION\}?", "{region}", text)
    text = text.replace("${var.project_id}", "{project}").replace("${var.region}", "{region}")
    return text


def parse_env_vars(value: str) -> dict[str, str]:
    """gcloud's --set-env-vars value: KEY=V,KEY=V, or ^D^KEY=V<D>KEY=V with a custom delimiter D."""
    delim = ","
    m = re.match(r"^\^(.+?)\^", value)
    if m:
        delim, value = m.group(1), value[m.end() :]
    out: dict[str, str] = {}
    for item in value.split(delim):
        if not item:
            continue
        key, sep, val = item.partition("=")
        assert sep, f"env var item without '=': {item!r}"
        assert key not in out, f"env var {key} set twice"
        out[key] = val
    return out


@dataclass
class Deploy:
    step_id: str
    name: str  # the deployed function's name
    args: list[str]
    wait_for: list[str] = field(default_factory=list)

    def values(self, flag: str) -> list[str]:
        out = []
        for a in self.args:
            if a.startswith(flag + "="):
                out.append(a[len(flag) + 1 :])
        return out

    def value(self, flag: str) -> str | None:
        vals = self.values(flag)
        assert len(vals) <= 1, f"{self.name}: {flag} given {len(vals)} times"
        return vals[0] if vals else None

    def has(self, flag: str) -> bool:
        return flag in self.args or bool(self.values(flag))

    @property
    def entry_point(self) -> str:
        return self.value("--entry-point") or ""

    @property
    def source(self) -> str:
        return self.value("--source") or ""

    @property
    def env(self) -> dict[str, str]:
        raw = self.value("--set-env-vars")
        return parse_env_vars(raw) if raw else {}

    @property
    def event_filters(self) -> dict[str, str]:
        return dict(v.split("=", 1) for v in self.values("--trigger-event-filters"))

    @property
    def trigger(self) -> str:
        kinds = [
            k
            for k, present in (
                ("http", self.has("--trigger-http")),
                ("event", bool(self.values("--trigger-event-filters"))),
                ("topic", self.has("--trigger-topic")),
                ("bucket", self.has("--trigger-bucket")),
            )
            if present
        ]
        assert len(kinds) == 1, f"{self.name}: exactly one trigger expected, found {kinds}"
        return kinds[0]

    @property
    def account_id(self) -> str:
        return account_id(self.value("--service-account") or "")


def account_id(email_or_path: str) -> str:
    """copythat-x from copythat-x@P.iam.gserviceaccount.com or projects/P/serviceAccounts/<email>."""
    email = email_or_path.rsplit("/", 1)[-1]
    email = email.removeprefix("serviceAccount:")
    assert email.endswith(".iam.gserviceaccount.com"), f"not a service account email: {email_or_path!r}"
    return email.split("@", 1)[0]


class CloudBuild:
    def __init__(self, doc: dict) -> None:
        self.doc = doc
        self.steps: list[dict] = doc["steps"]

    @property
    def substitutions(self) -> dict[str, str]:
        return self.doc.get("substitutions") or {}

    def step(self, step_id: str) -> dict:
        matches = [s for s in self.steps if s.get("id") == step_id]
        assert len(matches) == 1, f"step {step_id!r}: {len(matches)} found"
        return matches[0]

    def step_text(self, step: dict) -> str:
        return " ".join([step.get("entrypoint", "")] + [str(a) for a in step.get("args", [])])

    @cached_property
    def deploys(self) -> dict[str, Deploy]:
        out: dict[str, Deploy] = {}
        for s in self.steps:
            args = [str(a) for a in s.get("args", [])]
            if s.get("entrypoint") == "bash":  # a script: look for gcloud functions deploy inside
                assert "functions deploy" not in " ".join(args), (
                    f"step {s.get('id')}: deploy with explicit gcloud args, not inside a script"
                )
                continue
            if args[:2] == ["functions", "deploy"]:
                name = args[2]
                assert name not in out, f"function {name} deployed twice"
                out[name] = Deploy(s.get("id", ""), name, args, list(s.get("waitFor", [])))
        return out

    @cached_property
    def invoker_bindings(self) -> dict[str, set[str]]:
        """Cloud Run service -> members granted roles/run.invoker by a build step."""
        out: dict[str, set[str]] = {}
        for s in self.steps:
            args = [str(a) for a in s.get("args", [])]
            if s.get("entrypoint") == "bash":
                text = " ".join(args)
                if "add-iam-policy-binding" in text or "add-invoker-policy-binding" in text:
                    args = shlex.split(text)
                else:
                    continue
            if args[:3] == ["run", "services", "add-iam-policy-binding"] or args[:2] == [
                "functions",
                "add-invoker-policy-binding",
            ]:
                service = args[3] if args[0] == "run" else args[2]
                role = next(
                    (a.split("=", 1)[1] for a in args if a.startswith("--role=")), "roles/run.invoker"
                )
                members = [a.split("=", 1)[1] for a in args if a.startswith("--member=")]
                if role == "roles/run.invoker":
                    out.setdefault(service, set()).update(members)
        return out


class Terraform:
    def __init__(self, files: dict[str, dict]) -> None:
        self.files = files

    def _blocks(self, kind: str) -> list[dict]:
        out = []
        for doc in self.files.values():
            out.extend(doc.get(kind, []))
        return out

    @cached_property
    def resources(self) -> dict[str, dict[str, dict]]:
        out: dict[str, dict[str, dict]] = {}
        for block in self._blocks("resource"):
            for rtype, named in block.items():
                for name, body in named.items():
                    assert name not in out.get(rtype, {}), f"{rtype}.{name} declared twice"
                    out.setdefault(rtype, {})[name] = body
        return out

    @cached_property
    def locals(self) -> dict:
        out: dict = {}
        for block in self._blocks("locals"):
            out.update(block)
        return out

    @cached_property
    def variables(self) -> dict[str, dict]:
        out: dict[str, dict] = {}
        for block in self._blocks("variable"):
            out.update(block)
        return out

    def default(self, variable: str):
        return self.variables[variable].get("default")

    def of_type(self, rtype: str) -> dict[str, dict]:
        return self.resources.get(rtype, {})
