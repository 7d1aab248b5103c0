"""A Pilot client over the standard library only: runs on any node's Python and in notebooks without installs."""
from __future__ import annotations

import codecs
import dataclasses
import itertools
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence, Union

from .errors import JobFailed, PilotError, PilotUnreachable
from .models import AttemptView, GroupView, JobPage, JobSpec, JobState, JobStatuses, JobStatusQuery, JobView, ResourceRequest

DEFAULT_SERVER = "http://127.0.0.1:8080"
ENDED = frozenset({JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED})
MAX_STATUS_IDS = 1000
GROUP_LABEL = "group"


class Client:
    """Talks to one Pilot server; ``server`` and ``token`` default to $PILOT_SERVER and $PILOT_TOKEN, as for the pilot CLI."""

    def __init__(self, server: Optional[str] = None, token: Optional[str] = None, timeout: float = 60.0):
        self.server = (server or os.environ.get("PILOT_SERVER") or DEFAULT_SERVER).rstrip("/")
        self._token = token if token is not None else os.environ.get("PILOT_TOKEN")
        self.timeout = timeout

    def __repr__(self) -> str:
        # The token is a secret: never part of what a notebook shows.
        return f"Client(server={self.server!r})"

    def submit(self, spec: Union[JobSpec, Mapping[str, Any], None] = None, **fields: Any) -> JobView:
        """One job, from a JobSpec, a dict in the API's shape, or keywords: command, cores, memory_mb, gpus, walltime, queue, site, ..."""
        return JobView.from_json(self._call("POST", "/api/v1/jobs", body=job_spec(spec, **fields).to_json()))

    def submit_sweep(self, spec: Union[JobSpec, Mapping[str, Any], None], parameters: Mapping[str, Sequence[Any]],
                     group: Optional[str] = None, **fields: Any) -> list[JobView]:
        """One job per combination of the parameters' values, each in its environment, all in one group (as pilot submit --sweep).

        Each job carries the key GROUP/N, so calling again with the same group fills in what a broken connection missed.
        """
        template = job_spec(spec, **fields)
        group = group or (template.labels or {}).get(GROUP_LABEL) or f"sweep-{uuid.uuid4().hex[:8]}"
        base = template.name or os.path.basename((template.command or ["sweep"])[0])
        jobs = []
        for index, values in enumerate(itertools.product(*parameters.values())):
            point = {name: str(value) for name, value in zip(parameters, values)}
            jobs.append(self.submit(_replace(
                template,
                name=f"{base}[{','.join(f'{k}={v}' for k, v in point.items())}]",
                environment={**(template.environment or {}), **point},
                labels={**(template.labels or {}), GROUP_LABEL: group},
                idempotency_key=f"{group}/{index}")))
        return jobs

    def job(self, job_id: int) -> JobView:
        return JobView.from_json(self._call("GET", f"/api/v1/jobs/{int(job_id)}"))

    def attempts(self, job_id: int) -> list[AttemptView]:
        """The job's attempts, oldest first: where each ran, how it ended, and its phases as the agent timed them."""
        return [AttemptView.from_json(a) for a in self._call("GET", f"/api/v1/jobs/{int(job_id)}/attempts")]

    def state(self, job_id: int) -> JobState:
        return self.job(job_id).state

    def statuses(self, job_ids: Iterable[int]) -> JobStatuses:
        """The statuses of many jobs in as few requests as the server allows; ids you cannot see are in ``missing``."""
        ids = [int(i) for i in job_ids]
        jobs, missing = [], []
        for start in range(0, len(ids), MAX_STATUS_IDS):
            answer = JobStatuses.from_json(self._call("POST", "/api/v1/jobs/states", body=JobStatusQuery(ids=ids[start:start + MAX_STATUS_IDS]).to_json()))
            jobs += answer.jobs
            missing += answer.missing
        return JobStatuses(jobs=jobs, missing=missing)

    def list(self, state: Union[JobState, str, None] = None, group: Optional[str] = None, limit: Optional[int] = None) -> Iterator[JobView]:
        """Jobs newest first, fetched page by page as the iterator is read; ``limit`` caps how many in all."""
        before, left = None, limit
        while left is None or left > 0:
            size = min(left or 500, 500)
            page = JobPage.from_json(self._call("GET", "/api/v1/jobs", query={
                "state": getattr(state, "value", state), "group": group, "before": before, "limit": size}))
            for job in page.jobs[:left]:
                yield job
            left = None if left is None else left - len(page.jobs)
            if page.next_before is None:
                return
            before = page.next_before

    def group(self, group: str) -> GroupView:
        return GroupView.from_json(self._call("GET", f"/api/v1/groups/{urllib.parse.quote(group, safe='')}"))

    def wait(self, job_id: int, timeout: Optional[float] = None, poll: float = 1.0, check: bool = False) -> JobView:
        """Waits until the job ends and returns it; TimeoutError after ``timeout`` seconds; JobFailed with ``check`` unless it succeeded."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            job = self.job(job_id)
            if job.state in ENDED:
                if check and job.state != JobState.SUCCEEDED:
                    raise JobFailed(job)
                return job
            if deadline is not None and time.monotonic() >= deadline:
                raise TimeoutError(f"job {job_id} is still {job.state.value} after {timeout} s")
            time.sleep(poll)

    def logs(self, job_id: int, follow: bool = False, poll: float = 1.0) -> Iterator[str]:
        """The log of the job's latest attempt in chunks of text; with ``follow``, keeps reading until the job ends."""
        offset, decoder = 0, codecs.getincrementaldecoder("utf-8")("replace")
        while True:
            ended = follow and self.job(job_id).state in ENDED
            chunk = self._call("GET", f"/api/v1/jobs/{int(job_id)}/log", query={"offset": offset}, raw=True)
            offset += len(chunk)
            if text := decoder.decode(chunk):
                yield text
            # Read once more after the job ended: the last chunk may have landed after the previous read.
            if not follow or (ended and not chunk):
                return
            if not chunk:
                time.sleep(poll)

    def cancel(self, job_id: int, grace_seconds: Optional[int] = None) -> JobView:
        return JobView.from_json(self._call("POST", f"/api/v1/jobs/{int(job_id)}/cancel", query={"grace_seconds": grace_seconds}))

    def cancel_group(self, group: str) -> GroupView:
        return GroupView.from_json(self._call("POST", f"/api/v1/groups/{urllib.parse.quote(group, safe='')}/cancel"))

    def _call(self, method: str, path: str, query: Optional[Mapping[str, Any]] = None, body: Any = None, raw: bool = False) -> Any:
        query = {k: v for k, v in (query or {}).items() if v is not None}
        url = self.server + path + ("?" + urllib.parse.urlencode(query) if query else "")
        request = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode())
        request.add_header("Accept", "application/json")
        if body is not None:
            request.add_header("Content-Type", "application/json")
        if self._token:
            request.add_header("Authorization", f"Bearer {self._token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                content = response.read()
        except urllib.error.HTTPError as e:
            raise PilotError.from_response(e.code, e.read(), method, path) from None
        except (urllib.error.URLError, OSError) as e:
            raise PilotUnreachable(self.server, getattr(e, "reason", e)) from None
        return content if raw else json.loads(content or b"null")


RESOURCE_FIELDS = ("cores", "memory_mb", "gpus", "nodes", "tasks", "walltime")


def job_spec(spec: Union[JobSpec, Mapping[str, Any], None] = None, group: Optional[str] = None, **fields: Any) -> JobSpec:
    """A JobSpec from a JobSpec or API-shaped dict, with keyword fields on top; resource keywords (cores, walltime...) go to resources."""
    base = spec if isinstance(spec, JobSpec) else JobSpec.from_json(dict(spec or {}), strict=True)
    resources = {k: v for k in RESOURCE_FIELDS if (v := fields.pop(k, None)) is not None}
    if resources:
        fields["resources"] = _replace(base.resources or ResourceRequest(), **resources)
    if group is not None:
        fields["labels"] = {**(fields.get("labels") or base.labels or {}), GROUP_LABEL: group}
    if isinstance(fields.get("command"), str):
        raise TypeError("command is a list of words, e.g. ['python3', 'train.py']; for a shell line use ['sh', '-c', line]")
    return _replace(base, **fields)


def _replace(model: Any, **fields: Any) -> Any:
    unknown = set(fields) - {f.name for f in dataclasses.fields(model)}
    if unknown:
        raise TypeError(f"{type(model).__name__} has no field {', '.join(sorted(unknown))}")
    return dataclasses.replace(model, **{k: v for k, v in fields.items() if v is not None})
