#!/usr/bin/env bash
# Runs Pilot's benchmarks from one command and prints their tables: no-op payload throughput against a bash loop,
# xargs -P<cores>, GNU parallel and one sbatch per payload; the idle agent's footprint; eviction latency.
# Usage: scripts/bench.sh [--jobs N] [--sbatch-jobs M]   (defaults: 10000 and 20; Slurm from scripts/services/slurm.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Pilot.Bench -c Release -nologo -clp:ErrorsOnly
bench=(dotnet bench/Pilot.Bench/bin/Release/net10.0/Pilot.Bench.dll)
echo "== throughput"; "${bench[@]}" throughput "$@"
echo "== footprint";  "${bench[@]}" footprint
echo "== eviction";   "${bench[@]}" eviction
