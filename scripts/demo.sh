#!/usr/bin/env bash
# The whole of Pilot in one command: builds the pilot CLI, then runs an embedded queue server, one agent and a
# handful of demo payloads on loopback, and prints the results table.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dotnet >/dev/null || { echo "demo.sh: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
dotnet build src/Pilot.Cli -c Release -nologo -clp:ErrorsOnly -o artifacts/pilot
exec dotnet artifacts/pilot/pilot.dll demo "$@"
