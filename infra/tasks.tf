# Cloud Tasks queues: ingest → extract → enrich. Rates are the deploy's throttle on the AI providers
# (README "Queue limits"). Tasks carry OIDC tokens of copythat-tasks; the functions check them in code
# and Cloud Run checks run.invoker (granted by cloudbuild.yaml after each deploy).

resource "google_cloud_tasks_queue" "extract" {
  name     = local.queues.extract
  location = var.region
  project  = var.project_id

  rate_limits {
    max_dispatches_per_second = var.extract_max_dispatches_per_second
    max_concurrent_dispatches = var.extract_max_concurrent_dispatches
  }

  # A failed extract is retried with growing pauses (a provider 429/5xx outage, a leased job): 10 s,
  # 20 s, 40 s, 80 s, 160 s then every 300 s, at most var.task_max_attempts attempts (the code's
  # COPYTHAT_TASK_MAX_ATTEMPTS: its last attempt fails the job instead of asking for a retry) or one
  # hour; the sweeper re-drives a job whose task was lost.
  retry_config {
    max_attempts       = var.task_max_attempts
    max_retry_duration = "3600s"
    min_backoff        = "10s"
    max_backoff        = "300s"
    max_doublings      = 5
  }

  stackdriver_logging_config {
    sampling_ratio = 1.0
  }

  depends_on = [google_project_service.apis]
}

resource "google_cloud_tasks_queue" "enrich" {
  name     = local.queues.enrich
  location = var.region
  project  = var.project_id

  rate_limits {
    max_dispatches_per_second = var.enrich_max_dispatches_per_second
    max_concurrent_dispatches = var.enrich_max_concurrent_dispatches
  }

  # Enrich fails only on Firestore contention/outages: quicker retries, the same attempt budget.
  retry_config {
    max_attempts       = var.task_max_attempts
    max_retry_duration = "3600s"
    min_backoff        = "5s"
    max_backoff        = "120s"
    max_doublings      = 4
  }

  stackdriver_logging_config {
    sampling_ratio = 1.0
  }

  depends_on = [google_project_service.apis]
}

# Enqueue rights per queue: ingest feeds extract, extract feeds enrich, the sweeper re-drives both.
resource "google_cloud_tasks_queue_iam_member" "ingest_enqueues_extract" {
  project  = var.project_id
  location = var.region
  name     = google_cloud_tasks_queue.extract.name
  role     = "roles/cloudtasks.enqueuer"
  member   = "serviceAccount:${google_service_account.runtime["ingest"].email}"
}

resource "google_cloud_tasks_queue_iam_member" "extract_enqueues_enrich" {
  project  = var.project_id
  location = var.region
  name     = google_cloud_tasks_queue.enrich.name
  role     = "roles/cloudtasks.enqueuer"
  member   = "serviceAccount:${google_service_account.runtime["extract"].email}"
}

resource "google_cloud_tasks_queue_iam_member" "sweeper_enqueues" {
  for_each = { extract = google_cloud_tasks_queue.extract.name, enrich = google_cloud_tasks_queue.enrich.name }

  project  = var.project_id
  location = var.region
  name     = each.value
  role     = "roles/cloudtasks.enqueuer"
  member   = "serviceAccount:${google_service_account.runtime["sweeper"].email}"
}

# Creating a task with an OIDC token "as" copythat-tasks needs actAs on that one account.
resource "google_service_account_iam_member" "enqueuers_act_as_tasks" {
  for_each = toset(["ingest", "extract", "sweeper"])

  service_account_id = google_service_account.caller["tasks"].name
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.runtime[each.value].email}"
}
