# Daily cost roll-up: POST {} totals yesterday and today (UTC); re-runs replace the day's roll-up.
resource "google_cloud_scheduler_job" "cost_rollup" {
  name             = "cost-rollup-daily"
  project          = var.project_id
  region           = var.region
  description      = "Daily cost roll-up (copythat cost_rollup function)"
  schedule         = var.rollup_schedule
  time_zone        = "Etc/UTC"
  attempt_deadline = "320s"

  retry_config {
    retry_count          = 3
    min_backoff_duration = "30s"
    max_backoff_duration = "600s"
    max_doublings        = 3
  }

  http_target {
    http_method = "POST"
    uri         = local.function_urls["cost-rollup"]
    body        = base64encode("{}")
    headers = {
      "Content-Type" = "application/json"
    }

    oidc_token {
      service_account_email = google_service_account.caller["scheduler"].email
      audience              = local.function_urls["cost-rollup"]
    }
  }

  depends_on = [google_project_service.apis]
}

# Every few minutes: re-drive jobs whose step stopped moving, fail those that cannot recover.
resource "google_cloud_scheduler_job" "sweeper" {
  name             = "sweeper"
  project          = var.project_id
  region           = var.region
  description      = "Re-drive stuck jobs (copythat sweeper function)"
  schedule         = var.sweeper_schedule
  time_zone        = "Etc/UTC"
  attempt_deadline = "180s"

  retry_config {
    retry_count = 0 # the next run comes in minutes
  }

  http_target {
    http_method = "POST"
    uri         = local.function_urls["sweeper"]
    body        = base64encode("{}")
    headers = {
      "Content-Type" = "application/json"
    }

    oidc_token {
      service_account_email = google_service_account.caller["scheduler"].email
      audience              = local.function_urls["sweeper"]
    }
  }

  depends_on = [google_project_service.apis]
}
