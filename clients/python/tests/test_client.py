"""The Python client against a real Pilot server and agent: PILOT_SERVER and PILOT_TOKEN name them (the NUnit
fixture in tests/Pilot.Workflows.Tests starts both and runs each test here as one of its cases)."""
import os
import pathlib
import sys
import time
import unittest
import uuid

from pilot_client import AttemptOutcome, Client, JobFailed, JobSpec, JobState, PilotError, PilotUnreachable, job_spec

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import generate_models  # noqa: E402

# A group no agent serves: jobs there stay queued until cancelled.
NOWHERE = {"site": "nowhere"}


class ClientTests(unittest.TestCase):
    def setUp(self):
        self.pilot = Client()

    def test_submit_one_job_wait_and_read_its_log(self):
        job = self.pilot.submit(command=["sh", "-c", "echo hello from pilot"], cores=1, walltime="5m", name="hello")

        ended = self.pilot.wait(job.id, timeout=120, poll=0.5, check=True)

        self.assertEqual(ended.state, JobState.SUCCEEDED)
        self.assertEqual(ended.spec.resources.walltime, "00:05:00")
        self.assertEqual(self.pilot.state(job.id), JobState.SUCCEEDED)
        self.assertIn("hello from pilot", "".join(self.pilot.logs(job.id)))
        attempt = self.pilot.attempts(job.id)[-1]
        self.assertEqual(attempt.outcome, AttemptOutcome.SUCCEEDED)
        self.assertIn("payload", [phase.name for phase in attempt.phases])

    def test_logs_follow_streams_until_the_job_ends(self):
        job = self.pilot.submit(command=["sh", "-c", "echo first; sleep 2; echo second"])

        text = "".join(self.pilot.logs(job.id, follow=True, poll=0.3))

        self.assertIn("first", text)
        self.assertIn("second", text)
        self.assertEqual(self.pilot.state(job.id), JobState.SUCCEEDED)

    def test_wait_check_raises_job_failed_with_the_reason(self):
        job = self.pilot.submit(command=["sh", "-c", "exit 3"])

        with self.assertRaises(JobFailed) as caught:
            self.pilot.wait(job.id, timeout=120, poll=0.5, check=True)

        self.assertEqual(caught.exception.job.exit_code, 3)
        self.assertIn("payload exited 3", str(caught.exception))

    def test_submit_sweep_one_job_per_combination_and_again_nothing_twice(self):
        group = f"sweep-{uuid.uuid4().hex[:8]}"
        parameters = {"LR": [0.1, 0.01], "BATCH": [32, 64]}

        first = self.pilot.submit_sweep({"command": ["true"], **NOWHERE}, parameters, group=group, name="train")
        again = self.pilot.submit_sweep({"command": ["true"], **NOWHERE}, parameters, group=group, name="train")

        self.assertEqual(sorted(j.name for j in first), sorted(
            ["train[LR=0.1,BATCH=32]", "train[LR=0.1,BATCH=64]", "train[LR=0.01,BATCH=32]", "train[LR=0.01,BATCH=64]"]))
        self.assertEqual([j.id for j in again], [j.id for j in first])
        self.assertEqual(first[1].spec.environment, {"LR": "0.1", "BATCH": "64"})
        self.assertEqual(self.pilot.group(group).total, 4)
        self.pilot.cancel_group(group)

    def test_submit_array_entries_by_index_resubmit_the_failed_and_again_nothing_twice(self):
        group = f"array-{uuid.uuid4().hex[:8]}"
        spec = {"command": ["sh", "-c", 'test "$PILOT_ARRAY_INDEX" -ne 3']}

        batch = self.pilot.submit_array(spec, range(1, 5), group=group, key=group)
        again = self.pilot.submit_array(spec, "1-4", group=group, key=group)
        ended = self._entries_when_ended(group, 4)

        self.assertEqual((batch.group, batch.count, batch.created), (group, 4, True))
        self.assertEqual((again.count, again.created), (4, False))
        self.assertEqual([(e.index, e.state) for e in ended],
                         [(1, JobState.SUCCEEDED), (2, JobState.SUCCEEDED), (3, JobState.FAILED), (4, JobState.SUCCEEDED)])
        resubmitted = self.pilot.resubmit(group)
        self.assertEqual(resubmitted.count, 1)
        third = [e for e in self.pilot.entries(group) if e.index == 3]
        self.assertEqual(len(third), 1)
        self.assertNotEqual(third[0].job_id, ended[2].job_id, "entry 3 now stands for the new job")
        self.pilot.cancel_group(group)

    def test_submit_entries_one_job_per_entry_in_its_environment(self):
        group = f"entries-{uuid.uuid4().hex[:8]}"

        self.pilot.submit_entries({"command": ["sh", "-c", 'test "$PILOT_ARRAY_ENTRY" = "b c"']}, ["x", "b c"], group=group)
        ended = self._entries_when_ended(group, 2)

        self.assertEqual([(e.index, e.state) for e in ended], [(1, JobState.FAILED), (2, JobState.SUCCEEDED)])

    def test_bad_array_range_raises_before_sending_and_the_server_names_its_limit(self):
        with self.assertRaises(ValueError):
            self.pilot.submit_array({"command": ["true"]}, "5")
        with self.assertRaises(PilotError) as caught:
            self.pilot.submit_array({"command": ["true"], **NOWHERE}, (5, 1))
        self.assertEqual(caught.exception.status, 400)

    def _entries_when_ended(self, group, count):
        for _ in range(240):
            entries = list(self.pilot.entries(group))
            if len(entries) == count and all(e.state in (JobState.SUCCEEDED, JobState.FAILED) for e in entries):
                return entries
            time.sleep(0.5)
        self.fail(f"the batch {group} did not end: {entries}")

    def test_statuses_of_many_jobs_in_the_order_asked_with_missing_ids(self):
        jobs = [self.pilot.submit(command=["true"], **NOWHERE) for _ in range(3)]

        statuses = self.pilot.statuses([jobs[2].id, 987654321, jobs[0].id])

        self.assertEqual([s.id for s in statuses.jobs], [jobs[2].id, jobs[0].id])
        self.assertEqual([s.state for s in statuses.jobs], [JobState.QUEUED, JobState.QUEUED])
        self.assertEqual(statuses.missing, [987654321])
        for job in jobs:
            self.pilot.cancel(job.id)

    def test_list_by_group_pages_newest_first(self):
        group = f"list-{uuid.uuid4().hex[:8]}"
        ids = [self.pilot.submit(command=["true"], group=group, **NOWHERE).id for _ in range(3)]

        listed = [job.id for job in self.pilot.list(group=group)]
        limited = [job.id for job in self.pilot.list(group=group, limit=2)]

        self.assertEqual(listed, sorted(ids, reverse=True))
        self.assertEqual(limited, listed[:2])
        self.assertEqual(self.pilot.cancel_group(group).states, {"cancelled": 3})

    def test_cancel_a_queued_job(self):
        job = self.pilot.submit(JobSpec(command=["true"], site="nowhere"))

        cancelled = self.pilot.cancel(job.id)

        self.assertEqual(cancelled.state, JobState.CANCELLED)
        self.assertEqual(self.pilot.wait(job.id, timeout=5).state, JobState.CANCELLED)

    def test_no_token_raises_the_servers_unauthorized_problem(self):
        with self.assertRaises(PilotError) as caught:
            Client(token="").job(1)

        self.assertEqual(caught.exception.status, 401)
        self.assertIn("needs an API token", caught.exception.detail)

    def test_unknown_job_raises_not_found_naming_it(self):
        with self.assertRaises(PilotError) as caught:
            self.pilot.job(987654321)

        self.assertEqual(caught.exception.status, 404)
        self.assertIn("job 987654321 does not exist", str(caught.exception))

    def test_malformed_spec_raises_invalid_spec_naming_the_field(self):
        with self.assertRaises(PilotError) as caught:
            self.pilot.submit(command=["true"], cores=0)

        self.assertEqual(caught.exception.status, 400)
        self.assertEqual(caught.exception.title, "Invalid job spec")
        self.assertEqual([e["field"] for e in caught.exception.errors], ["resources.cores"])

    def test_cancel_an_ended_job_raises_conflict(self):
        job = self.pilot.submit(command=["true"], **NOWHERE)
        self.pilot.cancel(job.id)

        with self.assertRaises(PilotError) as caught:
            self.pilot.cancel(job.id)

        self.assertEqual(caught.exception.status, 409)
        self.assertIn("already ended", caught.exception.detail)

    def test_unknown_field_and_shell_string_are_refused_before_sending(self):
        with self.assertRaises(TypeError) as unknown:
            job_spec({"command": ["true"], "cpus": 2})
        with self.assertRaises(TypeError) as shell:
            job_spec(command="echo hi")

        self.assertIn("cpus", str(unknown.exception))
        self.assertIn("list of words", str(shell.exception))

    def test_unreachable_server_says_where_it_looked(self):
        with self.assertRaises(PilotUnreachable) as caught:
            Client(server="http://127.0.0.1:9", token="x", timeout=5).job(1)

        self.assertIn("http://127.0.0.1:9", str(caught.exception))

    def test_token_is_not_in_the_clients_repr(self):
        self.assertNotIn(os.environ["PILOT_TOKEN"], repr(self.pilot))

    def test_models_match_the_servers_openapi_document(self):
        document = generate_models.load(self.pilot.server + "/openapi/v1.json")

        generated = classes(generate_models.generate(document))
        checked_in = classes((HERE.parent / "pilot_client" / "models.py").read_text(encoding="utf-8"))

        # What the server added since is read past; what the client has must be what the server says.
        drifted = {name: sorted(lines - generated.get(name, set())) for name, lines in checked_in.items() if not lines <= generated.get(name, set())}
        self.assertEqual(drifted, {}, "the server's API changed: run generate_models.py and commit pilot_client/models.py")


def classes(module_text):
    """Each class of a generated module with the set of its field (or enum member) lines."""
    found, current = {}, None
    for line in module_text.splitlines():
        if line.startswith("class "):
            current = found.setdefault(line.split()[1].split("(")[0], set())
        elif current is not None and line.startswith("    ") and line.strip():
            current.add(line.strip())
    return found

if __name__ == "__main__":
    unittest.main()
