"""Snakemake's generic cluster hooks (--cluster, --cluster-status, --cluster-cancel) on Pilot; used by packaging/snakemake/pilot.

Status stays cheap with thousands of jobs in flight: Snakemake runs the status hook once per job, so every call reads
one cache file in .snakemake/ and only a call finding it older than a second asks the server, for every job of the
cache that has not ended, in one request per 1000 jobs.
"""
from __future__ import annotations

import concurrent.futures
import fcntl
import hashlib
import json
import os
import sys
import time
from typing import Any, Optional

from .client import ENDED, GROUP_LABEL, Client, job_spec
from .errors import PilotError, PilotUnreachable
from .models import JobSpec, JobState

CACHE = os.path.join(".snakemake", "pilot-status.json")
FRESH_SECONDS = 1.0
# How long the server may stay away (a restart) before a workflow stops waiting and fails.
TOLERATED_OUTAGE_SECONDS = 300.0
WORDS = {JobState.SUCCEEDED: "success", JobState.FAILED: "failed", JobState.CANCELLED: "failed"}


def word(state: JobState) -> str:
    """Only a job Pilot gave up on reads failed: evicted or lost jobs are queued again, so they read running."""
    return WORDS.get(state, "running")


def job_properties(jobscript: str) -> dict[str, Any]:
    with open(jobscript, encoding="utf-8") as script:
        for line in script:
            if line.startswith("# properties = "):
                return json.loads(line[len("# properties = "):])
    raise ValueError(f"{jobscript} has no '# properties = ' line; is it a Snakemake job script?")


def spec_for(jobscript: str, properties: dict[str, Any]) -> JobSpec:
    """threads, mem_mb, runtime (minutes), gpus and the rule's queue/site resources, as pilot submit's options."""
    resources = properties.get("resources", {})
    runtime = resources.get("runtime") or resources.get("walltime")
    wildcards = ",".join(f"{k}={v}" for k, v in properties.get("wildcards", {}).items())
    rule = properties.get("rule", "group" if properties.get("type") == "group" else "job")
    path = os.path.abspath(jobscript)
    return job_spec(
        name=f"{rule}[{wildcards}]" if wildcards else rule,
        command=["/bin/sh", path],
        cores=int(properties.get("threads") or 1),
        memory_mb=_number(resources.get("mem_mb")),
        gpus=_number(resources.get("gpus")),
        walltime=f"{int(runtime)}m" if runtime else None,
        queue=resources.get("queue"),
        site=resources.get("site"),
        group=run_group(path),
    )


def run_group(jobscript: str) -> str:
    """One group per Snakemake run (its .snakemake/tmp.* directory), so 'pilot group' shows the run and cancels it as one."""
    run = os.path.dirname(os.path.abspath(jobscript))
    return "snakemake-" + hashlib.sha256(run.encode()).hexdigest()[:12]


def cancelled_marker(group: str) -> str:
    """Left by the cancel hook: a submission that lands after the run was cancelled cancels its own job."""
    return os.path.join(".snakemake", f"pilot-cancelled-{group}")


def submit(argv: list[str]) -> int:
    jobscript = argv[-1]
    spec = spec_for(jobscript, job_properties(jobscript))
    client = Client()
    job = client.submit(spec)
    # Ctrl-C may reach Snakemake while this submission is on its way: Snakemake then never learns the job's id, and the
    # cancel hook's cancel of the whole group may have run before the job existed.
    if os.path.exists(cancelled_marker(run_group(jobscript))):
        client.cancel(job.id)
    print(job.id)
    return 0


def status(argv: list[str]) -> int:
    job_id = argv[-1]
    os.makedirs(os.path.dirname(CACHE), exist_ok=True)
    with open(CACHE + ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        cache = _read_cache()
        known = cache["jobs"].get(job_id)
        if known is None or (known[0] not in _ENDED_TEXT and time.time() - cache["fetched"] >= FRESH_SECONDS):
            try:
                cache = _refresh(cache, job_id)
            except (PilotUnreachable, PilotError) as e:
                if isinstance(e, PilotUnreachable) or e.status >= 500:
                    if known is not None and time.time() - cache["fetched"] < TOLERATED_OUTAGE_SECONDS:
                        print(f"pilot: {e}; still waiting for job {job_id}", file=sys.stderr)
                        print("running")
                        return 0
                raise
    state, reason = cache["jobs"].get(job_id, (None, None))
    if state is None:
        print(f"pilot: there is no job {job_id} that this token can see", file=sys.stderr)
        return 1
    answer = word(JobState(state))
    if answer == "failed":
        print(f"pilot: job {job_id} {state}: {reason or 'no reason given'}; 'pilot logs {job_id}' shows its output", file=sys.stderr)
    print(answer)
    return 0


_ENDED_TEXT = {state.value for state in ENDED}


def _read_cache() -> dict[str, Any]:
    try:
        with open(CACHE, encoding="utf-8") as file:
            return json.load(file)
    except (OSError, ValueError):
        return {"fetched": 0.0, "jobs": {}}


def _refresh(cache: dict[str, Any], job_id: str) -> dict[str, Any]:
    """Asks once for every job not known to have ended, and keeps the reasons only of jobs that did not succeed."""
    open_ids = {int(i) for i, (state, _) in cache["jobs"].items() if state not in _ENDED_TEXT} | {int(job_id)}
    fetched = time.time()
    answer = Client().statuses(sorted(open_ids))
    jobs = dict(cache["jobs"])
    for job in answer.jobs:
        jobs[str(job.id)] = [job.state.value, None if job.state == JobState.SUCCEEDED else job.reason]
    for missing in answer.missing:
        jobs.pop(str(missing), None)
    fresh = {"fetched": fetched, "jobs": jobs}
    temporary = f"{CACHE}.{os.getpid()}"
    with open(temporary, "w", encoding="utf-8") as file:
        json.dump(fresh, file)
    os.replace(temporary, CACHE)
    return fresh


def cancel(argv: list[str]) -> int:
    """Cancels the jobs Snakemake lists (on Ctrl-C), many at once, then the rest of their run's group: jobs whose
    submission was on its way when Snakemake stopped are in the group but not in the list."""
    client = Client()
    # One Snakemake run is one group: the first job names it.
    group = (client.job(int(argv[0])).spec.labels or {}).get(GROUP_LABEL) if argv else None
    if group is not None:
        os.makedirs(".snakemake", exist_ok=True)
        open(cancelled_marker(group), "a").close()

    def one(job_id: str) -> Optional[str]:
        try:
            client.cancel(int(job_id))
        except PilotError as e:
            # Already ended (409) or gone (404): nothing left to stop.
            if e.status not in (404, 409):
                return f"job {job_id}: {e}"
        return None

    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        failures = [f for f in pool.map(one, argv) if f]
    if group is not None:
        client.cancel_group(group)
    for failure in failures:
        print(f"pilot: {failure}", file=sys.stderr)
    return 1 if failures else 0


def _number(value: Any) -> Optional[int]:
    return None if value in (None, "") else int(value)


def main(hook: str) -> None:
    hooks = {"submit": submit, "status": status, "cancel": cancel}
    try:
        sys.exit(hooks[hook](sys.argv[1:]))
    except (PilotError, ValueError, TypeError, OSError) as e:
        print(f"pilot: {e}", file=sys.stderr)
        sys.exit(1)
