#!/usr/bin/env bash
# Runs Pilot's benchmarks from one command and prints their tables: no-op payload throughput against a bash loop,
# xargs -P<cores>, GNU parallel, Dask and one sbatch per payload (with agent and server CPU per payload, and the
# agent's RSS after the run and after 60 s idle); sleep 0.1 payloads filling every core against the ideal makespan;
# the idle agent's footprint; eviction latency; the queue under many simulated pilots and its strong scaling through
# the exchange (arrays against single submissions); pilot jobs
# on the local Slurm (sbatch to first payload, eviction by the site signal; needs root and scripts/services/slurm.sh);
# Snakemake on Pilot against Snakemake alone (bench/snakemake/overhead.sh).
# Usage: scripts/bench.sh [--jobs N] [--sbatch-jobs M]   (defaults: 10000 and 20; Slurm from scripts/services/slurm.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Pilot.Bench -c Release -nologo -clp:ErrorsOnly
bench=(dotnet bench/Pilot.Bench/bin/Release/net10.0/Pilot.Bench.dll)
echo "== throughput"; "${bench[@]}" throughput "$@"
echo "== makespan";   "${bench[@]}" makespan
echo "== footprint";  scripts/publish-agent.sh >/dev/null; "${bench[@]}" footprint
echo "== eviction";   "${bench[@]}" eviction
# The server alone: simulated pilots on loopback, SQLite and PostgreSQL (PostgreSQL from scripts/services/postgresql.sh).
echo "== queue";      "${bench[@]}" queue
echo "== scaling";    "${bench[@]}" scaling --tasks 50000
echo "== slurm"
if ! command -v sbatch >/dev/null; then
  echo "skipped: sbatch not found; run scripts/services/slurm.sh (as root) to start the local Slurm, then this again"
elif ! sinfo -h >/dev/null 2>&1; then
  echo "skipped: Slurm does not answer (sinfo failed); run scripts/services/slurm.sh (as root), then this again"
else
  "${bench[@]}" slurm
fi
echo "== snakemake"
if command -v snakemake >/dev/null; then
  bench/snakemake/overhead.sh
else
  echo "skipped: snakemake not found; scripts/install-deps.sh installs it"
fi
