# AI provider keys: the secrets exist here WITHOUT any version. An operator adds the value with
# `gcloud secrets versions add` (README), so no key ever enters Terraform state, env vars or files.
# extract reads them at run time through the Secret Manager API (shared/adapters/secret_manager.py).
resource "google_secret_manager_secret" "ai" {
  for_each = toset(local.ai_secrets)

  project   = var.project_id
  secret_id = each.value

  replication {
    auto {}
  }

  labels = {
    app  = "copythat"
    used = "extract"
  }

  depends_on = [google_project_service.apis]
}

# Per secret, for the extract identity only (no project-wide secretAccessor for anyone).
resource "google_secret_manager_secret_iam_member" "extract_reads_ai_keys" {
  for_each = google_secret_manager_secret.ai

  project   = var.project_id
  secret_id = each.value.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.runtime["extract"].email}"
}
