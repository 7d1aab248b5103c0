#!/usr/bin/env bash
# Builds the agent as one Native AOT file, `pilot-agent`: the options of `pilot agent`, no .NET runtime needed on the
# node, a small idle footprint and no start-up compilation. It has no Kubernetes client (k3s cluster jobs and site
# clusters need `pilot agent`). Needs clang and zlib1g-dev (scripts/install-deps.sh); a link takes a few minutes on
# 2 cores. Any trim or AOT warning fails the build.
# Usage: scripts/publish-agent.sh [OUTDIR]   (default artifacts/pilot-agent; RID=linux-arm64 for another target)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/pilot-agent}
dotnet publish src/Pilot.AgentCli -c Release -r "${RID:-linux-x64}" -o "$out" -nologo -clp:ErrorsOnly
rm -f "$out/pilot-agent.dbg" "$out"/*.pdb
"$out/pilot-agent" --help >/dev/null
echo "publish-agent: $out/pilot-agent ($(du -h "$out/pilot-agent" | cut -f1), Native AOT)"
