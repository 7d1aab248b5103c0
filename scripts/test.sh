#!/usr/bin/env bash
# Runs all of Pilot's tests on this machine: installs and starts what they need (when root), builds, runs every
# test project with TRX results, and ends with the line "Tests: N passed, N failed, N skipped".
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter TestCategory!=Slurm]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dotnet >/dev/null || { echo "test.sh: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }

# Installing packages and starting services need root; the tests themselves do not. As root this script does both;
# as an ordinary user it says what is missing and the command to run as root, then runs the tests it can.
if [ "$(id -u)" = 0 ]; then
  scripts/install-deps.sh
  scripts/start-services.sh
else
  root_steps="scripts/install-deps.sh && scripts/start-services.sh"
  if ! scripts/install-deps.sh --check; then
    echo "test.sh: as root, run: cd $PWD && $root_steps   (e.g. with sudo or su -c); tests needing those packages fail or are skipped" >&2
  else
    echo "test.sh: not root, so services are not started here; if Slurm or PostgreSQL tests fail to connect, run as root: $root_steps" >&2
  fi
fi

dotnet build Pilot.sln -c Release -nologo -clp:ErrorsOnly
# The Native AOT agent that tests/Pilot.NativeAgent.Tests runs payloads through; a trim or AOT warning fails here.
scripts/publish-agent.sh
results=artifacts/test-results
rm -rf "$results"
status=0
dotnet test Pilot.sln -c Release --no-build --logger trx --results-directory "$results" \
  --blame-hang-timeout 10m "$@" || status=$?
counted=0
python3 scripts/count-test-results.py "$results" || counted=$?
[ "$status" = 0 ] && [ "$counted" = 0 ]
