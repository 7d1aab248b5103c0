#!/usr/bin/env bash
# What Snakemake on Pilot costs per job against Snakemake running the same workflow locally (--cores 2): a workflow of
# N independent one-line jobs, run both ways on this machine with a real server and a 2-core agent on loopback; then
# the cost of one status hook call answered from the cache and of one that asks the server.
# Usage: bench/snakemake/overhead.sh [N]   (default 40; needs snakemake, python3 and dotnet)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
jobs=${1:-40}
dotnet build src/Pilot.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
pilot=(dotnet "$repo/src/Pilot.Cli/bin/Release/net10.0/pilot.dll")
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export PILOT_SERVER="http://127.0.0.1:$port"
"${pilot[@]}" server --listen "$PILOT_SERVER" --data-dir "$work/server" >"$work/server.log" 2>&1 &
server_pid=$!
agent_pid=
cleanup() { kill $agent_pid $server_pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
until curl -sf "$PILOT_SERVER/healthz" >/dev/null 2>&1; do sleep 0.5; done
export PILOT_TOKEN=$(cat "$work/server/admin.token")
pilot_token=$("${pilot[@]}" --output json token create --name bench-agent --role pilot | python3 -c 'import json, sys; print(json.load(sys.stdin)["secret"])')
"${pilot[@]}" agent --server "$PILOT_SERVER" --token "$pilot_token" --work-dir "$work/agent" --cores 2 --lease-wait 2s >"$work/agent.log" 2>&1 &
agent_pid=$!

mkdir -p "$work/flow"
cat >"$work/flow/Snakefile" <<SNAKEFILE
rule all:
    input: expand("out/{i}.txt", i=range($jobs))
rule one:
    output: "out/{i}.txt"
    resources: mem_mb=64, runtime=5
    shell: "echo {wildcards.i} > {output}"
SNAKEFILE

run() { # label, snakemake arguments...
  local label=$1; shift
  rm -rf "$work/flow/out" "$work/flow/.snakemake"
  local start end
  start=$(date +%s.%N)
  (cd "$work/flow" && snakemake "$@" >"$work/$label.log" 2>&1) || { echo "$label failed; its log:"; cat "$work/$label.log"; exit 1; }
  end=$(date +%s.%N)
  python3 -c "print($end - $start)"
}
local_s=$(run local --cores 2)
pilot_s=$(run pilot --profile "$repo/packaging/snakemake/pilot" --jobs "$jobs")

cd "$work/flow"
id=$(python3 -c "import sys; sys.path.insert(0, '$repo/clients/python'); from pilot_client import Client; print(next(Client().list(limit=1)).id)")
status=$repo/packaging/snakemake/pilot/pilot-status
cached_start=$(date +%s.%N); for _ in $(seq 20); do "$status" "$id" >/dev/null; done; cached_end=$(date +%s.%N)
rm -f .snakemake/pilot-status.json
fresh_start=$(date +%s.%N); for _ in $(seq 20); do rm -f .snakemake/pilot-status.json; "$status" "$id" >/dev/null; done; fresh_end=$(date +%s.%N)

PYTHONPATH="$repo/clients/python" python3 - "$jobs" "$local_s" "$pilot_s" "$cached_start" "$cached_end" "$fresh_start" "$fresh_end" "$(cut -d' ' -f1 /proc/loadavg)" <<'REPORT'
import sys
jobs, local, pilot, cs, ce, fs, fe, load = int(sys.argv[1]), *map(float, sys.argv[2:])
print(f"{jobs} one-line jobs, 2 cores, load average {load:.1f} at the end")
print("| run | wall (s) | s per job | pilot ÷ local |")
print("| --- | ---: | ---: | ---: |")
print(f"| snakemake --cores 2 (local) | {local:.1f} | {local / jobs:.2f} | 1.00× |")
print(f"| snakemake --profile packaging/snakemake/pilot | {pilot:.1f} | {pilot / jobs:.2f} | {pilot / local:.2f}× |")
print(f"overhead Pilot adds per job: {(pilot - local) / jobs:.2f} s")
print(f"status hook: {(ce - cs) / 20 * 1000:.0f} ms a call from the cache, {(fe - fs) / 20 * 1000:.0f} ms a call asking the server")

# Where a job's time goes, from the phases the agent timed: Snakemake's job script (a whole Snakemake per job) is the payload.
import statistics
from datetime import datetime
from pilot_client import Client
pilot = Client()
at = lambda text: datetime.fromisoformat(text.replace("Z", "+00:00"))
phases, queued = {}, []
for job in pilot.list():
    attempt = pilot.attempts(job.id)[-1]
    queued.append((at(attempt.leased_at) - at(job.submitted_at)).total_seconds())
    for phase in attempt.phases or []:
        phases.setdefault(phase.name, []).append((at(phase.finished_at) - at(phase.started_at)).total_seconds())
print("median per job: " + ", ".join(f"{name} {statistics.median(values):.2f} s" for name, values in phases.items())
      + f", submitted to leased {statistics.median(queued):.2f} s")
REPORT
