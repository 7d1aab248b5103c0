"""What goes wrong talking to a Pilot server, as exceptions that carry the server's own words."""
from __future__ import annotations

import json
from typing import Any, Optional


class PilotError(Exception):
    """The server refused a request. ``problem`` is its RFC 7807 problem document (title, detail, errors...)."""

    def __init__(self, status: int, problem: dict[str, Any], method: str, path: str):
        self.status = status
        self.problem = problem
        self.title: Optional[str] = problem.get("title")
        self.detail: Optional[str] = problem.get("detail")
        self.errors = problem.get("errors")
        super().__init__(f"{method} {path}: {status} {self.title or 'error'}: {self.detail or 'no detail given'}")

    @classmethod
    def from_response(cls, status: int, body: bytes, method: str, path: str) -> "PilotError":
        try:
            problem = json.loads(body or b"{}")
        except ValueError:
            # Not a problem document (a proxy's error page): keep its first line as the detail.
            problem = {"detail": body.decode("utf-8", "replace").strip().splitlines()[0] if body.strip() else None}
        return cls(status, problem if isinstance(problem, dict) else {}, method, path)


class PilotUnreachable(PilotError):
    """No answer from the server at all (not running, wrong address, network down)."""

    def __init__(self, server: str, reason: object):
        super().__init__(0, {"title": "Unreachable", "detail": f"cannot reach the Pilot server at {server} ({reason}); start one with 'pilot server' or set PILOT_SERVER"}, "", server)


class JobFailed(Exception):
    """wait(..., check=True) saw the job end other than succeeded."""

    def __init__(self, job: Any):
        self.job = job
        super().__init__(f"job {job.id} ({job.name}) ended {job.state.value}: {job.reason or 'no reason given'}")
