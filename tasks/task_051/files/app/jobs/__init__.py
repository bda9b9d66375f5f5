"""Background jobs: app/jobs/store.py keeps them, app/jobs/runner.py runs them."""


class JobError(Exception):
    """A failure the user can act on (a bad file, a limit): its message is shown on the jobs page.
    Any other exception is logged and shown as an internal error."""
