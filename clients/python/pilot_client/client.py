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
from .models import (ArrayRange, AttemptView, BatchSubmitted, GroupEntry, GroupEntryPage, GroupView, JobBatch, JobPage, JobSpec,
                     JobState, JobStatuses, JobStatusQuery, JobView, ResourceRequest, Resubmission)

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
        """One job per combination of the parameters' values, each in its environment, all in one group and one request
        (as pilot submit --sweep). The group is the batch's key: calling again with the same group creates nothing twice.
        """
        template = job_spec(spec, **fields)
        group = group or (template.labels or {}).get(GROUP_LABEL) or f"sweep-{uuid.uuid4().hex[:8]}"
        base = template.name or os.path.basename((template.command or ["sweep"])[0])
        jobs = []
        for values in itertools.product(*parameters.values()):
            point = {name: str(value) for name, value in zip(parameters, values)}
            jobs.append(_replace(
                template,
                name=f"{base}[{','.join(f'{k}={v}' for k, v in point.items())}]",
                environment={**(template.environment or {}), **point}))
        self.submit_batch(jobs, group=group, key=f"sweep/{group}")
        return sorted(self.list(group=group), key=lambda job: job.id)

    def submit_array(self, spec: Union[JobSpec, Mapping[str, Any], None], indices: Union[range, tuple[int, int], str],
                     group: Optional[str] = None, key: Optional[str] = None, **fields: Any) -> BatchSubmitted:
        """One job per index (in $PILOT_ARRAY_INDEX), in one request and one group, as pilot submit --array 1-10000.

        ``indices`` is a range of step 1 (``range(1, 10001)``), a pair of first and last (both included) or ``"1-10000"``.
        With ``key``, a retried call (a broken connection) creates nothing twice.
        """
        first, last = _index_range(indices)
        return self._batch(JobBatch(template=job_spec(spec, **fields), array=ArrayRange(first=first, last=last), group=group, idempotency_key=key))

    def submit_entries(self, spec: Union[JobSpec, Mapping[str, Any], None], entries: Iterable[str],
                       group: Optional[str] = None, key: Optional[str] = None, **fields: Any) -> BatchSubmitted:
        """One job per entry (in $PILOT_ARRAY_ENTRY, its index in $PILOT_ARRAY_INDEX), as pilot submit --each-line FILE."""
        return self._batch(JobBatch(template=job_spec(spec, **fields), entries=[str(e) for e in entries], group=group, idempotency_key=key))

    def submit_batch(self, jobs: Iterable[Union[JobSpec, Mapping[str, Any]]], group: Optional[str] = None,
                     key: Optional[str] = None) -> BatchSubmitted:
        """Whole jobs in one request and one transaction, all in one group, as pilot submit --from-json FILE."""
        return self._batch(JobBatch(jobs=[job_spec(j) for j in jobs], group=group, idempotency_key=key))

    def entries(self, group: str, state: Union[JobState, str, None] = None) -> Iterator[GroupEntry]:
        """A batch's entries by index, each with the job that stands for it now (after a resubmit, the new one)."""
        after = None
        while True:
            page = GroupEntryPage.from_json(self._call("GET", f"/api/v1/groups/{_quoted(group)}/entries", query={
                "state": getattr(state, "value", state), "after": after, "limit": 1000}))
            yield from page.entries
            if page.next_after is None:
                return
            after = page.next_after

    def resubmit(self, group: str, states: Iterable[Union[JobState, str]] = (JobState.FAILED,)) -> BatchSubmitted:
        """Submits again the entries of a batch whose job ended in one of ``states`` (as pilot resubmit GROUP --failed)."""
        body = Resubmission(states=[JobState(s) for s in states]).to_json()
        return BatchSubmitted.from_json(self._call("POST", f"/api/v1/groups/{_quoted(group)}/resubmit", body=body))

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
        return GroupView.from_json(self._call("GET", f"/api/v1/groups/{_quoted(group)}"))

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
        return GroupView.from_json(self._call("POST", f"/api/v1/groups/{_quoted(group)}/cancel"))

    def _batch(self, batch: JobBatch) -> BatchSubmitted:
        return BatchSubmitted.from_json(self._call("POST", "/api/v1/jobs/batch", body=batch.to_json()))

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


def _quoted(group: str) -> str:
    return urllib.parse.quote(group, safe="")


def _index_range(indices: Union[range, tuple[int, int], str]) -> tuple[int, int]:
    if isinstance(indices, range):
        if indices.step != 1 or len(indices) == 0:
            raise ValueError(f"an array is a non-empty range of step 1, such as range(1, 101); got {indices}")
        return indices.start, indices[-1]
    if isinstance(indices, str):
        first, dash, last = indices.partition("-")
        if not dash or not first.strip().isdigit() or not last.strip().isdigit():
            raise ValueError(f"an array range reads FIRST-LAST, such as 1-10000; got {indices!r}")
        return int(first), int(last)
    first, last = indices
    return int(first), int(last)


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
