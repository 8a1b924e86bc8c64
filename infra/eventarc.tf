# The Eventarc trigger itself is created by `gcloud functions deploy ingest --trigger-event-filters=…`
# (cloudbuild.yaml), which owns its lifecycle with the function. Terraform provides what it needs:
#  * the Cloud Storage service agent publishes the bucket's events to Pub/Sub (Eventarc's transport);
#  * the trigger's own identity (copythat-ingest-trigger) may receive events; its run.invoker on the
#    ingest service is granted by cloudbuild.yaml right after the deploy (the service exists only then).
data "google_storage_project_service_account" "gcs" {
  project = var.project_id
}

resource "google_project_iam_member" "gcs_publishes_events" {
  project = var.project_id
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:${data.google_storage_project_service_account.gcs.email_address}"
}

resource "google_project_iam_member" "ingest_trigger_receives" {
  project = var.project_id
  role    = "roles/eventarc.eventReceiver"
  member  = "serviceAccount:${google_service_account.caller["ingest_trigger"].email}"
}
