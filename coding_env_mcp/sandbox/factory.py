"""Making and unmaking workers: a uid lease and a host workspace on the way in, all of it released on the way out."""

from __future__ import annotations

import shutil

from .hostdirs import remove_owned_entries
from .launch import Plan
from .levels import IsolationError
from .uids import UidAllocator
from .worker import Worker


class WorkerFactory:
    """Starts workers of one `Plan` and tears them down completely."""

    def __init__(self, plan: Plan, uids: UidAllocator | None):
        if plan.drop_uid and uids is None:
            raise IsolationError("a plan that drops to a uid per worker needs a uid allocator")
        self.plan = plan
        self.uids = uids
        self.issued_uids: set[int] = set()  # every uid a worker of this factory ever ran as (for audits)

    def start(self) -> Worker:
        lease = self.uids.acquire() if self.plan.drop_uid and self.uids is not None else None
        if lease is not None:
            self.issued_uids.add(lease.uid)
        host_workspace = None
        try:
            if self.plan.host_workspace:
                host_workspace = self.plan.dirs.new_workspace(lease.uid if lease is not None else None)
            return Worker.start(self.plan, lease, host_workspace)
        except BaseException:
            if host_workspace is not None:
                shutil.rmtree(host_workspace, ignore_errors=True)
            if lease is not None:
                UidAllocator.release(lease)
            raise

    def retire(self, worker: Worker) -> None:
        """Kill `worker` and everything it started, delete its files, give its uid back."""
        worker.kill()
        worker.close_pipes()
        if worker.host_workspace is not None:
            shutil.rmtree(worker.host_workspace, ignore_errors=True)
        if worker.lease is not None:
            if self.plan.host_workspace:  # without a private /tmp, the uid may have left files in the host's
                remove_owned_entries(worker.lease.uid)
            UidAllocator.release(worker.lease)
