# The uploads bucket: images PUT by browsers through V4 signed URLs (made by `upload`), written inline
# by `upload`, or dropped by other systems; each finalized object triggers `ingest` (eventarc.tf).
resource "google_storage_bucket" "uploads" {
  # checkov:skip=CKV_GCP_78: Versioning is off on purpose. Uploads are transient inputs (the palette and tokens live in Firestore); the lifecycle rule deletes them after var.upload_retention_days, and noncurrent versions would keep users' images past that promise. Jobs pin the object generation, so an overwrite is detected rather than silently processed, and objectCreator (no delete) already refuses overwrites.
  # checkov:skip=CKV_GCP_62: Access is recorded by Cloud Audit Logs data-access logs for storage.googleapis.com (audit.tf), which replace legacy usage-log buckets and need no second bucket of their own.
  name     = local.uploads_bucket
  project  = var.project_id
  location = var.region

  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false

  versioning {
    enabled = false
  }

  # Browsers PUT straight to the bucket with the signed URL: the preflight must allow PUT with the
  # headers the URL was signed with (Content-Type, x-goog-content-length-range). Empty origins = no CORS.
  dynamic "cors" {
    for_each = length(var.allowed_origins) > 0 ? [1] : []
    content {
      origin          = var.allowed_origins
      method          = ["PUT", "OPTIONS"]
      response_header = ["Content-Type", "x-goog-content-length-range", "ETag"]
      max_age_seconds = 3600
    }
  }

  lifecycle_rule {
    condition {
      age = var.upload_retention_days
    }
    action {
      type = "Delete"
    }
  }

  # Half-finished resumable/multipart uploads are never finalized (no event) and would linger.
  lifecycle_rule {
    condition {
      age = 1
    }
    action {
      type = "AbortIncompleteMultipartUpload"
    }
  }

  labels = {
    app = "copythat"
  }

  depends_on = [google_project_service.apis]
}

# Bucket-scoped roles only (never project-wide storage roles).
resource "google_storage_bucket_iam_member" "upload_creates" {
  # Inline uploads (write_new) and the signed PUTs, which act as upload's own identity. objectCreator
  # has no delete, so an existing object cannot be overwritten through a signed URL.
  bucket = google_storage_bucket.uploads.name
  role   = "roles/storage.objectCreator"
  member = "serviceAccount:${google_service_account.runtime["upload"].email}"
}

# `gcloud builds submit` uploads the source to gs://<project>_cloudbuild and fails when it does not exist
# (gcloud creates it only for a caller who may create buckets). The deployer account, which runs the
# build, reads the source from it; people who submit builds need objectCreator on it too (infra/README.md).
resource "google_storage_bucket" "cloudbuild_staging" {
  # checkov:skip=CKV_GCP_78: Build sources are transient; the lifecycle rule deletes them, versions would keep them.
  # checkov:skip=CKV_GCP_62: Access is recorded by Cloud Audit Logs (audit.tf).
  name                        = "${var.project_id}_cloudbuild"
  project                     = var.project_id
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = true

  versioning {
    enabled = false
  }

  lifecycle_rule {
    condition {
      age = 7
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_project_service.apis]
}

resource "google_storage_bucket_iam_member" "cloudbuild_staging_reads" {
  bucket = google_storage_bucket.cloudbuild_staging.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.deploy["deployer"].email}"
}

# library deletes a project's images with the project (uploads/{p}/, drops/{key}/ of its drop keys, and
# drops/{p}/ from before drop keys): listing and deleting only, no read or create (objectUser would
# grant both).
resource "google_project_iam_custom_role" "uploads_deleter" {
  project     = var.project_id
  role_id     = "copythatUploadsDeleter"
  title       = "Copy That uploads deleter"
  description = "List and delete objects: a deleted project's images"
  permissions = ["storage.objects.list", "storage.objects.delete"]
}

resource "google_storage_bucket_iam_member" "library_deletes" {
  bucket = google_storage_bucket.uploads.name
  role   = google_project_iam_custom_role.uploads_deleter.name
  member = "serviceAccount:${google_service_account.runtime["library"].email}"
}

resource "google_storage_bucket_iam_member" "extract_reads" {
  # extract reads the image (metadata for the size cap, then the bytes of the pinned generation).
  bucket = google_storage_bucket.uploads.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.runtime["extract"].email}"
}

resource "google_storage_bucket_iam_member" "export_reads" {
  # export reads a check job's screenshot back (its pinned generation) to draw the drift report's
  # HTML and PNG overlay for the job's owner.
  bucket = google_storage_bucket.uploads.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.runtime["export"].email}"
}
