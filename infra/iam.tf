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
# Firestore IAM is database-wide: datastore.user (read/write documents) for every function that
# writes. export and usage write only their per-user rate-limit counters (rateLimits/*); there is no
# narrower predefined role, and without the write the limiter fails closed (503 on every request).
locals {
  firestore_writers = ["upload", "ingest", "extract", "enrich", "export", "cost-rollup", "library", "sweeper", "usage"]
}

resource "google_project_iam_member" "firestore_user" {
  for_each = toset(local.firestore_writers)

  project = var.project_id
  role    = "roles/datastore.user"
  member  = "serviceAccount:${google_service_account.runtime[each.value].email}"
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
# upload signs V4 URLs with IAM signBlob as ITSELF (COPYTHAT_SIGNER_SA = its own email): token creator
# on its own account only, no key file anywhere.
resource "google_service_account_iam_member" "upload_signs_as_itself" {
  service_account_id = google_service_account.runtime["upload"].name
  role               = "roles/iam.serviceAccountTokenCreator"
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
    "roles/storage.objectViewer",       # the source archive in the gcf-v2-sources bucket
    "roles/artifactregistry.writer",    # the function image
    "roles/logging.logWriter",          # build logs
    "roles/run.builder",                # what Cloud Functions' docs ask of a custom build account
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
