#!/usr/bin/env bash
# Measures the published `pilot` (scripts/publish.sh first): file size, start-up time of `pilot --help`, time from
# starting an agent to its first lease request, and the agent's idle RSS, for `pilot agent` and then for the Native
# AOT `pilot-agent` beside it, with the runtime settings given as extra environment assignments (read by `pilot`
# only: Native AOT compiles its settings in), e.g.  scripts/measure-footprint.sh DOTNET_GCHeapHardLimit=0x2000000
set -euo pipefail
cd "$(dirname "$0")/.."
pilot=${PILOT_BINARY:-$(ls -d artifacts/publish/pilot-*/bin/pilot | head -1)}
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
server_pid=""; agent_pid=""
cleanup() { for pid in $agent_pid $server_pid; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

echo "binary: $(stat -c %s "$pilot") bytes"
times=()
for _ in 1 2 3 4 5 6 7 8 9 10; do
  start=$(date +%s%N); env "$@" "$pilot" --help >/dev/null; times+=("$(ms "$start")")
done
echo "pilot --help: median $(printf '%s\n' "${times[@]}" | sort -n | sed -n 5p) ms over 10 runs"

"$pilot" server --listen "http://127.0.0.1:$port" --data-dir "$work/server" >"$work/server.log" 2>&1 &
server_pid=$!
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.1; done
token=$(PILOT_TOKEN=$(cat "$work/server/admin.token") "$pilot" -s "http://127.0.0.1:$port" token create --role pilot --name measure -o json \
  | sed -n 's/.*"secret": *"\([^"]*\)".*/\1/p')

leasing() { curl -s "http://127.0.0.1:$port/metrics" | grep -Eq 'http_requests_in_progress{method="POST".*(lease|work)"} 1'; }
measure_agent() {
  local name=$1; shift
  while leasing; do sleep 0.1; done
  rm -rf "$work/agent"
  start=$(date +%s%N)
  "$@" --server "http://127.0.0.1:$port" --token "$token" --work-dir "$work/agent" --cores 2 --lease-wait 20s >"$work/agent.log" 2>&1 &
  agent_pid=$!
  until leasing; do sleep 0.01; done
  echo "$name: start to first lease request: $(ms "$start") ms"
  sleep 30
  echo "$name: idle after 30 s: $(grep -E 'VmRSS|RssAnon|RssFile' /proc/$agent_pid/status | tr -s ' \t' ' ' | paste -sd ' ')"
  kill "$agent_pid"; wait "$agent_pid" 2>/dev/null || true; agent_pid=""
}
measure_agent "pilot agent" env "$@" "$pilot" agent
native=$(dirname "$pilot")/pilot-agent
if [ -x "$native" ]; then
  echo "pilot-agent binary: $(stat -c %s "$native") bytes"
  measure_agent "pilot-agent" "$native"
fi
