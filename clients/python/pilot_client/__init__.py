"""Pilot from Python: submit, watch, read logs of and cancel jobs on a Pilot server.

    from pilot_client import Client
    pilot = Client()                        # $PILOT_SERVER and $PILOT_TOKEN, as for the pilot CLI
    job = pilot.submit(command=["python3", "train.py"], cores=4, walltime="2h")
    print(pilot.wait(job.id).state)
    batch = pilot.submit_array({"command": ["./task.sh"]}, range(1, 10001))   # $PILOT_ARRAY_INDEX, one request
    pilot.resubmit(batch.group)                                              # the entries that failed, again
"""
from .client import ENDED, Client, job_spec
from .errors import JobFailed, PilotError, PilotUnreachable
from .models import AttemptOutcome, AttemptView, BatchSubmitted, GroupEntry, GroupView, JobSpec, JobState, JobStatus, JobStatuses, JobView, ResourceRequest, RuntimeSpec

__all__ = [
    "AttemptOutcome", "AttemptView", "BatchSubmitted", "Client", "ENDED", "GroupEntry", "GroupView", "JobFailed", "JobSpec", "JobState", "JobStatus", "JobStatuses",
    "JobView", "PilotError", "PilotUnreachable", "ResourceRequest", "RuntimeSpec", "job_spec",
]
