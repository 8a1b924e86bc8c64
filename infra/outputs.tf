output "uploads_bucket" {
  value = google_storage_bucket.uploads.name
}

output "queues" {
  value = { for k, q in { extract = google_cloud_tasks_queue.extract, enrich = google_cloud_tasks_queue.enrich } : k => q.name }
}

output "function_urls" {
  value = local.function_urls
}

output "service_accounts" {
  value = merge(
    { for k, sa in google_service_account.runtime : k => sa.email },
    { for k, sa in google_service_account.caller : k => sa.email },
    { for k, sa in google_service_account.deploy : k => sa.email },
  )
}

output "cloud_build_substitutions" {
  description = "Pass to `gcloud builds submit --substitutions=…` (^;^ lets the origins list keep its commas)."
  value       = "^;^_REGION=${var.region};_ALLOWED_ORIGINS=${join(",", var.allowed_origins)}"
}
