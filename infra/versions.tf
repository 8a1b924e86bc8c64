# One root module for the whole Copy That environment, one file per concern. An environment is a
# project: apply it once per project with its own tfvars and its own state prefix (see README.md).

terraform {
  required_version = ">= 1.6.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 6.20.0, < 8.0.0"
    }
  }

  # State lives in a bucket the operator creates once (README: "Bootstrap"); the bucket name is
  # passed at init time: terraform init -backend-config="bucket=<project>-tfstate".
  backend "gcs" {
    prefix = "copythat"
  }
}

provider "google" {
  project = var.project_id
  region  = var.region
  # The Billing Budgets and Firebase Rules APIs bill quota to a project, not to the caller's ADC.
  user_project_override = true
  billing_project       = var.project_id
}
