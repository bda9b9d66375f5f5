"""taskq: scheduled jobs for tenants (specs, API, scheduler and workers)."""
