"""Cloud Tasks: enqueue HTTP tasks that call extract / enrich with an OIDC token."""
from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from google.api_core import exceptions as gexc
from google.cloud import tasks_v2


class CloudTasksQueue:
    def __init__(self, client: tasks_v2.CloudTasksClient, *, project: str, location: str,
                 service_account: str, audiences: dict[str, str]) -> None:
        self._client = client
        self._project, self._location = project, location
        self._service_account = service_account
        self._audiences = audiences  # queue name -> OIDC audience

    def enqueue(self, queue: str, url: str, payload: dict[str, Any], task_id: str,
                schedule_at: datetime | None = None) -> None:
        parent = self._client.queue_path(self._project, self._location, queue)
        http_request: dict[str, Any] = {
            "http_method": tasks_v2.HttpMethod.POST,
            "url": url,
            "headers": {"Content-Type": "application/json"},
            "body": json.dumps(payload).encode(),
        }
        if self._service_account:
            http_request["oidc_token"] = {"service_account_email": self._service_account,
                                          "audience": self._audiences.get(queue) or url}
        task: dict[str, Any] = {"name": f"{parent}/tasks/{_task_name(task_id)}", "http_request": http_request}
        if schedule_at is not None:  # fair dispatch (shared/security/fair_dispatch.py)
            task["schedule_time"] = schedule_at
        try:
            self._client.create_task(parent=parent, task=task)
        except gexc.AlreadyExists:
            pass  # the same step was enqueued by an earlier delivery: at-least-once, handled downstream


    def pending(self, queue: str, task_id: str) -> bool:
        parent = self._client.queue_path(self._project, self._location, queue)
        name = f"{parent}/tasks/{_task_name(task_id)}"
        try:
            self._client.get_task(name=name)
        except gexc.NotFound:
            return False
        except gexc.MethodNotImplemented:
            # The local stack's emulator has no GetTask; its queues are short, so list them.
            return any(t.name == name for t in self._client.list_tasks(parent=parent))
        return True


def _task_name(task_id: str) -> str:
    # Task ids: letters, digits, hyphens and underscores only, at most 500 characters.
    return re.sub(r"[^A-Za-z0-9_-]", "-", task_id)[:500]
