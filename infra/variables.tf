variable "project_id" {
  description = "The Google Cloud (and Firebase) project that hosts Copy That."
  type        = string
}

variable "region" {
  description = "Region of the functions, queues, scheduler job and uploads bucket. Must equal cloudbuild.yaml's _REGION."
  type        = string
  default     = "europe-west1"
}

variable "firestore_location" {
  description = "Firestore location (a multi-region such as eur3 / nam5, or a region). Fixed forever once created."
  type        = string
  default     = "eur3"
}

variable "allowed_origins" {
  description = "Web-app origins allowed to PUT to signed upload URLs (bucket CORS) and to call the HTTPS functions. Must equal cloudbuild.yaml's _ALLOWED_ORIGINS."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for o in var.allowed_origins : can(regex("^https://[^/*]+$", o))])
    error_message = "Each origin is https://host[:port], with no path and no wildcard."
  }
}

variable "upload_retention_days" {
  description = "Uploaded images are deleted this many days after they land (jobs keep their sha256 and palette)."
  type        = number
  default     = 30
}

variable "extract_max_dispatches_per_second" {
  description = "Extract queue rate (tasks/s). 0.5/s = 30 jobs/min, within Anthropic's tier-1 50 requests/min with room for retries (README)."
  type        = number
  default     = 0.5
}

variable "extract_max_concurrent_dispatches" {
  description = "Extract tasks in flight at once; equal to the extract function's --max-instances (concurrency 1)."
  type        = number
  default     = 5
}

variable "enrich_max_dispatches_per_second" {
  description = "Enrich queue rate (tasks/s): CPU and Firestore only, no provider limit."
  type        = number
  default     = 5
}

variable "enrich_max_concurrent_dispatches" {
  description = "Enrich tasks in flight at once; equal to the enrich function's --max-instances (concurrency 1)."
  type        = number
  default     = 10
}

variable "task_max_attempts" {
  description = "Attempts per task on both queues; must equal the functions' COPYTHAT_TASK_MAX_ATTEMPTS (cloudbuild.yaml), whose last attempt fails the job."
  type        = number
  default     = 10
}

variable "sweeper_schedule" {
  description = "Cron (UTC) of the sweeper, which re-drives jobs whose step stopped moving."
  type        = string
  default     = "*/5 * * * *"
}

variable "rollup_schedule" {
  description = "Cron (UTC) of the daily cost roll-up; it totals yesterday and today, so any time after midnight works."
  type        = string
  default     = "15 0 * * *"
}

variable "billing_account" {
  description = "Billing account id (XXXXXX-XXXXXX-XXXXXX) that pays for the project; the budget is created on it."
  type        = string
}

variable "budget_currency_code" {
  description = "ISO 4217 currency of the billing account (the budget must use it: an EUR account refuses a USD budget). monthly_budget_usd is then read in this currency."
  type        = string
  default     = "USD"
  validation {
    condition     = can(regex("^[A-Z]{3}$", var.budget_currency_code))
    error_message = "budget_currency_code is a three-letter ISO 4217 code such as USD or EUR."
  }
}

variable "monthly_budget_usd" {
  description = "Monthly budget for the whole project, in budget_currency_code (Google Cloud + nothing else: AI provider bills are separate, see README)."
  type        = number
  default     = 100
}

variable "budget_alert_emails" {
  description = "Who gets the budget alerts (email notification channels). Empty = billing admins only."
  type        = list(string)
  default     = []
}
