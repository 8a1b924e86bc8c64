locals {
  # Names shared with cloudbuild.yaml and shared/config.py's defaults; tests/deploy checks they agree.
  uploads_bucket = "${var.project_id}-uploads"

  queues = {
    extract = "extract"
    enrich  = "enrich"
  }

  # Deployed function name => entry point. Gen2 function names become Cloud Run service names, which
  # may not hold underscores, so cost_rollup is deployed as cost-rollup.
  functions = {
    upload        = "upload"
    ingest        = "ingest"
    extract       = "extract"
    enrich        = "enrich"
    export        = "export"
    "cost-rollup" = "cost_rollup"
    library       = "library"
    usage         = "usage"
    sweeper       = "sweeper"
  }

  # Stable gen2 URLs (https://REGION-PROJECT.cloudfunctions.net/NAME): known before the first deploy, so
  # the scheduler job and the task audiences need no second apply. The code checks OIDC audiences
  # against the same strings (COPYTHAT_*_AUDIENCE in cloudbuild.yaml).
  function_urls = { for name, _ in local.functions : name => "https://${var.region}-${var.project_id}.cloudfunctions.net/${name}" }

  # Service accounts (account ids: 6–30 characters). One runtime identity per function, plus the
  # identities that call functions (tasks, scheduler, Eventarc trigger) and the ones that deploy.
  runtime_accounts = {
    upload        = "copythat-upload"
    ingest        = "copythat-ingest"
    extract       = "copythat-extract"
    enrich        = "copythat-enrich"
    export        = "copythat-export"
    "cost-rollup" = "copythat-cost-rollup"
    library       = "copythat-library"
    usage         = "copythat-usage"
    sweeper       = "copythat-sweeper"
  }
  caller_accounts = {
    tasks          = "copythat-tasks"
    scheduler      = "copythat-scheduler"
    ingest_trigger = "copythat-ingest-trigger"
  }
  deploy_accounts = {
    deployer = "copythat-deployer"
    builder  = "copythat-fn-builder"
  }

  ai_secrets = ["anthropic-api-key", "openai-api-key"]

  # The rate-limit counters' own Firestore database (COPYTHAT_RATE_LIMIT_DATABASE in cloudbuild.yaml):
  # Firestore IAM stops at the database, so this is what lets export and usage write only counters.
  rate_limit_database = "copythat-ratelimits"
}
