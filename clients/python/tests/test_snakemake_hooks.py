"""The Snakemake hooks' own logic, without Snakemake: job script properties to a job spec, and the status cache."""
import json
import os
import pathlib
import tempfile
import unittest
from unittest import mock

from pilot_client import JobState, JobStatus, JobStatuses
from pilot_client import snakemake as hooks

PROPERTIES = {
    "type": "single", "rule": "align", "wildcards": {"sample": "A"}, "threads": 4,
    "resources": {"mem_mb": 2048, "runtime": 90, "gpus": 1, "queue": "gpu", "site": "hpc1", "tmpdir": "/tmp"},
}


class HookTests(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()
        self.addCleanup(self.directory.cleanup)
        self.addCleanup(os.chdir, os.getcwd())
        os.chdir(self.directory.name)
        os.makedirs(".snakemake/tmp.abc")
        self.jobscript = ".snakemake/tmp.abc/snakejob.align.1.sh"
        pathlib.Path(self.jobscript).write_text(f"#!/bin/sh\n# properties = {json.dumps(PROPERTIES)}\necho run\n")

    def test_spec_maps_threads_memory_runtime_gpus_queue_and_site(self):
        spec = hooks.spec_for(self.jobscript, hooks.job_properties(self.jobscript))

        self.assertEqual(spec.name, "align[sample=A]")
        self.assertEqual(spec.command, ["/bin/sh", os.path.abspath(self.jobscript)])
        self.assertEqual((spec.resources.cores, spec.resources.memory_mb, spec.resources.gpus, spec.resources.walltime), (4, 2048, 1, "90m"))
        self.assertEqual((spec.queue, spec.site), ("gpu", "hpc1"))
        self.assertEqual(spec.labels, {"group": hooks.run_group(self.jobscript)})

    def test_word_is_failed_only_when_pilot_gave_up(self):
        self.assertEqual([hooks.word(s) for s in JobState], ["running", "running", "running", "success", "failed", "failed"])

    def test_status_asks_the_server_at_most_once_a_second_for_all_open_jobs(self):
        answers = {1: JobState.RUNNING, 2: JobState.QUEUED}
        asked = []

        def statuses(client, ids):
            asked.append(list(ids))
            return JobStatuses(jobs=[JobStatus(id=i, state=answers[i]) for i in ids], missing=[])

        with mock.patch("pilot_client.snakemake.Client.statuses", statuses), mock.patch("builtins.print"):
            hooks.status(["1"])
            hooks.status(["2"])
            for _ in range(10):
                hooks.status(["1"])
                hooks.status(["2"])

        self.assertEqual(asked, [[1], [1, 2]], "one request per new job; answers within the second come from the cache")

    def test_status_ended_jobs_are_never_asked_again(self):
        asked = []

        def statuses(client, ids):
            asked.append(list(ids))
            return JobStatuses(jobs=[JobStatus(id=i, state=JobState.SUCCEEDED) for i in ids], missing=[])

        with mock.patch("pilot_client.snakemake.Client.statuses", statuses), mock.patch("builtins.print") as printed:
            hooks.status(["5"])
            with mock.patch("pilot_client.snakemake.FRESH_SECONDS", 0):
                hooks.status(["5"])

        self.assertEqual(asked, [[5]])
        self.assertEqual(printed.call_args_list[-1].args, ("success",))


if __name__ == "__main__":
    unittest.main()
