# Identities. Every function runs as its own service account with only what its code touches
# (README "Service accounts"); bucket, queue and secret roles are granted on those resources in
# storage.tf, tasks.tf and secrets.tf, never project-wide.

resource "google_service_account" "runtime" {
  for_each = local.runtime_accounts

  project      = var.project_id
  account_id   = each.value
  display_name = "Copy That ${each.key} function"

  depends_on = [google_project_service.apis] # iam.googleapis.com must be on first
}

resource "google_service_account" "caller" {
  for_each = local.caller_accounts

  project      = var.project_id
  account_id   = each.value
  display_name = "Copy That ${each.key} caller (OIDC)"

  depends_on = [google_project_service.apis] # iam.googleapis.com must be on first
}

resource "google_service_account" "deploy" {
  for_each = local.deploy_accounts

  project      = var.project_id
  account_id   = each.value
  display_name = "Copy That ${each.key}"

  depends_on = [google_project_service.apis] # iam.googleapis.com must be on first
}

# --- Firestore ----------------------------------------------------------------------------------
# Firestore IAM stops at the database (an IAM condition on resource.name), never a collection or a
# document, so each grant names the databases its function writes (infra/README.md "Least privilege"):
# - the pipeline (ingest, extract, enrich, sweeper) and cost-rollup write the app's documents in
#   (default) and never a rate-limit counter: datastore.user on (default) only;
# - upload and library write documents in (default) and count requests in the rate-limit database;
# - export and usage only read the app's documents and write their counters: datastore.viewer plus
#   datastore.user on the rate-limit database only (without that write the limiter fails closed).
locals {
  firestore_default_db      = "projects/${var.project_id}/databases/(default)"
  firestore_rate_limit_db   = "projects/${var.project_id}/databases/${local.rate_limit_database}"
  firestore_app_writers     = ["ingest", "extract", "enrich", "cost-rollup", "sweeper"]
  firestore_counted_writers = ["upload", "library"]
  firestore_readers         = ["export", "usage"]
}

resource "google_project_iam_member" "firestore_app_writer" {
  for_each = toset(local.firestore_app_writers)

  project = var.project_id
  role    = "roles/datastore.user"
  member  = "serviceAccount:${google_service_account.runtime[each.value].email}"

  condition {
    title      = "app-database-only"
    expression = "resource.name == \"${local.firestore_default_db}\""
  }
}

resource "google_project_iam_member" "firestore_counted_writer" {
  for_each = toset(local.firestore_counted_writers)

  project = var.project_id
  role    = "roles/datastore.user"
  member  = "serviceAccount:${google_service_account.runtime[each.value].email}"

  condition {
    title      = "app-and-rate-limit-databases"
    expression = "resource.name == \"${local.firestore_default_db}\" || resource.name == \"${local.firestore_rate_limit_db}\""
  }
}

resource "google_project_iam_member" "firestore_reader" {
  for_each = toset(local.firestore_readers)

  project = var.project_id
  role    = "roles/datastore.viewer"
  member  = "serviceAccount:${google_service_account.runtime[each.value].email}"
}

resource "google_project_iam_member" "firestore_rate_limit_counter" {
  for_each = toset(local.firestore_readers)

  project = var.project_id
  role    = "roles/datastore.user"
  member  = "serviceAccount:${google_service_account.runtime[each.value].email}"

  condition {
    title      = "rate-limit-database-only"
    expression = "resource.name == \"${local.firestore_rate_limit_db}\""
  }
}

# --- Firebase Auth --------------------------------------------------------------------------------
# The web app's functions verify ID tokens with check_revoked=True (COPYTHAT_CHECK_REVOKED), which
# reads the user record: firebaseauth.users.get.
resource "google_project_iam_member" "auth_viewer" {
  for_each = toset(["upload", "export", "library", "usage"])

  project = var.project_id
  role    = "roles/firebaseauth.viewer"
  member  = "serviceAccount:${google_service_account.runtime[each.value].email}"
}

# --- Signed URLs ------------------------------------------------------------------------------------
# upload signs V4 URLs with IAM signBlob as ITSELF (COPYTHAT_SIGNER_SA = its own email), on its own
# account only, no key file anywhere. A custom role with signBlob alone: serviceAccountTokenCreator
# would also let upload mint access and ID tokens and sign JWTs as itself (getAccessToken,
# getOpenIdToken, signJwt, implicitDelegation), none of which signing a URL needs.
resource "google_project_iam_custom_role" "url_signer" {
  project     = var.project_id
  role_id     = "copythatUrlSigner"
  title       = "Copy That URL signer"
  description = "Sign bytes as a service account (V4 signed URLs): iam.serviceAccounts.signBlob only"
  permissions = ["iam.serviceAccounts.signBlob"]
}

resource "google_service_account_iam_member" "upload_signs_as_itself" {
  service_account_id = google_service_account.runtime["upload"].name
  role               = google_project_iam_custom_role.url_signer.name
  member             = "serviceAccount:${google_service_account.runtime["upload"].email}"
}

# --- Deploy -----------------------------------------------------------------------------------------
# copythat-deployer runs cloudbuild.yaml: it deploys the functions, sets their invoker policies
# (public for upload/export, the caller accounts for the others) and attaches the runtime identities.
# copythat-fn-builder is the identity of the Cloud Functions source builds (--build-service-account).
locals {
  deployer_roles = [
    "roles/cloudfunctions.developer", # create/update functions (and ingest's Eventarc trigger)
    "roles/run.admin",                # invoker IAM policy on the functions' Cloud Run services
    "roles/logging.logWriter",        # build logs (CLOUD_LOGGING_ONLY)
  ]
  # A custom functions build account needs to read the uploaded source, push the image and write
  # logs; not roles/cloudbuild.builds.builder, which would also let it act as other accounts.
  builder_roles = [
    "roles/storage.objectViewer",    # the source archive in the gcf-v2-sources bucket
    "roles/artifactregistry.writer", # the function image
    "roles/logging.logWriter",       # build logs
    "roles/run.builder",             # what Cloud Functions' docs ask of a custom build account
  ]
}

resource "google_project_iam_member" "deployer" {
  for_each = toset(local.deployer_roles)

  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.deploy["deployer"].email}"
}

resource "google_project_iam_member" "builder" {
  for_each = toset(local.builder_roles)

  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.deploy["builder"].email}"
}

# actAs on exactly the accounts a deploy attaches: each function's runtime account, ingest's trigger
# account and the build account. Resource-level, never project-wide serviceAccountUser.
locals {
  deployer_acts_as = merge(
    { for k, sa in google_service_account.runtime : "runtime-${k}" => sa.name },
    {
      "caller-ingest_trigger" = google_service_account.caller["ingest_trigger"].name
      "deploy-builder"        = google_service_account.deploy["builder"].name
    },
  )
}

resource "google_service_account_iam_member" "deployer_acts_as" {
  for_each = local.deployer_acts_as

  service_account_id = each.value
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.deploy["deployer"].email}"
}
