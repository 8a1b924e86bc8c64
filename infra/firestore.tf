# Firestore (native mode), its security rules and its composite indexes.
resource "google_firestore_database" "default" {
  project                           = var.project_id
  name                              = "(default)"
  location_id                       = var.firestore_location
  type                              = "FIRESTORE_NATIVE"
  concurrency_mode                  = "PESSIMISTIC" # the code's transactions (job claims, library merges) expect it
  app_engine_integration_mode       = "DISABLED"
  point_in_time_recovery_enablement = "POINT_IN_TIME_RECOVERY_ENABLED"
  delete_protection_state           = "DELETE_PROTECTION_ENABLED"
  deletion_policy                   = "ABANDON" # `terraform destroy` never deletes the data

  depends_on = [google_project_service.apis]
}

# Rules: owner-only reads for the web app, no client writes anywhere (firestore.rules). The functions
# use the Admin/server SDK with IAM, which rules do not apply to.
resource "google_firebaserules_ruleset" "firestore" {
  project = var.project_id

  source {
    files {
      name    = "firestore.rules"
      content = file("${path.module}/firestore.rules")
    }
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [google_firestore_database.default]
}

resource "google_firebaserules_release" "firestore" {
  project      = var.project_id
  name         = "cloud.firestore" # the release the (default) database serves
  ruleset_name = "projects/${var.project_id}/rulesets/${google_firebaserules_ruleset.firestore.name}"

  lifecycle {
    replace_triggered_by = [google_firebaserules_ruleset.firestore]
  }
}

# Composite indexes: firestore.indexes.json is the single list (the firebase CLI reads the same file,
# and tests/deploy checks it covers the code's composite queries); Terraform creates one index each.
locals {
  firestore_indexes = {
    for idx in jsondecode(file("${path.module}/firestore.indexes.json")).indexes :
    "${idx.collectionGroup}:${join(",", [for f in idx.fields : "${f.fieldPath}:${lookup(f, "order", lookup(f, "arrayConfig", ""))}"])}" => idx
  }
}

resource "google_firestore_index" "composite" {
  for_each = local.firestore_indexes

  project     = var.project_id
  database    = google_firestore_database.default.name
  collection  = each.value.collectionGroup
  query_scope = lookup(each.value, "queryScope", "COLLECTION")

  dynamic "fields" {
    for_each = each.value.fields
    content {
      field_path   = fields.value.fieldPath
      order        = lookup(fields.value, "order", null)
      array_config = lookup(fields.value, "arrayConfig", null)
    }
  }
}

# The rate-limit counters (rateLimits/*) live in a database of their own: Firestore IAM grants per
# database, never per collection, so this is how export and usage (which write nothing but their
# counters) lose write access to everything else (iam.tf, infra/README.md "Least privilege").
resource "google_firestore_database" "rate_limits" {
  project                           = var.project_id
  name                              = local.rate_limit_database
  location_id                       = var.firestore_location
  type                              = "FIRESTORE_NATIVE"
  concurrency_mode                  = "PESSIMISTIC"
  app_engine_integration_mode       = "DISABLED"
  point_in_time_recovery_enablement = "POINT_IN_TIME_RECOVERY_ENABLED"
  delete_protection_state           = "DELETE_PROTECTION_ENABLED"
  deletion_policy                   = "ABANDON"

  depends_on = [google_project_service.apis]
}

# The same rules on the counters' database: they deny every client, so a browser reads no counter
# (a database with no release is not served rules the tests have seen).
resource "google_firebaserules_release" "firestore_rate_limits" {
  project      = var.project_id
  name         = "cloud.firestore/${local.rate_limit_database}"
  ruleset_name = "projects/${var.project_id}/rulesets/${google_firebaserules_ruleset.firestore.name}"

  lifecycle {
    replace_triggered_by = [google_firebaserules_ruleset.firestore]
  }

  depends_on = [google_firestore_database.rate_limits]
}

# Rate-limit window counters carry `expireAt` (window end + 1 h): Firestore's TTL deletes them, so the
# collection does not grow with traffic. The field is also exempt from indexing (never queried).
resource "google_firestore_field" "rate_limit_expiry" {
  project    = var.project_id
  database   = google_firestore_database.rate_limits.name
  collection = "rateLimits"
  field      = "expireAt"

  ttl_config {}
  index_config {}
}

# A user's jobs in flight (shared/adapters/firestore_in_flight.py) are a map job id → creation time on
# `inFlight/{user}`; drops are counted there but never refused, so the map can grow with a user's drop
# backlog. It is only ever read whole, in the admission transaction: exempt from indexing, so it adds
# no index entries (Firestore caps a document at 40,000 of them) and no write cost per job.
resource "google_firestore_field" "in_flight_jobs" {
  project    = var.project_id
  database   = google_firestore_database.default.name
  collection = "inFlight"
  field      = "jobs"

  index_config {}
}
