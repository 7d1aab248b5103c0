#!/usr/bin/env bash
# Builds the `pilot` command as one self-contained file for linux-x64 (no .NET needed on the nodes), the Native AOT
# agent `pilot-agent` beside it (scripts/publish-agent.sh: the file to install on compute nodes), and a tarball with
# both, the systemd units, the Grafana dashboard and the sbatch templates (when present).
# Usage: scripts/publish.sh            -> artifacts/publish/pilot-VERSION-linux-x64.tar.gz
#        READY_TO_RUN=1 scripts/publish.sh   precompiles the code: starts about 3x faster, file about 2.5x larger
#
# Trimmed in "partial" mode: the framework is trimmed, Pilot's own assemblies and the libraries that reflect over
# types (Dapper rows, YamlDotNet, System.Text.Json for the API records) are kept whole, so nothing they need is cut.
# `pilot` is not Native AOT: the server's Dapper generates IL at run time, which AOT cannot run; the agent alone is.
set -euo pipefail
cd "$(dirname "$0")/.."
rid=${RID:-linux-x64}
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
name=pilot-$version-$rid
out=artifacts/publish
stage=$out/$name
rm -rf "$stage" "$out/$name.tar.gz"
mkdir -p "$stage"

# Trim analysis warns about third-party assemblies (ASP.NET MVC, Spectre.Console, YamlDotNet); partial trimming
# keeps those whole, so the warnings do not fail this build as they would the regular one.
dotnet publish src/Pilot.Cli -c Release -r "$rid" --self-contained -o "$stage/bin" -nologo -clp:ErrorsOnly \
  -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true \
  -p:PublishTrimmed=true -p:TrimMode=partial -p:JsonSerializerIsReflectionEnabledByDefault=true \
  -p:DebugType=none -p:TreatWarningsAsErrors=false -p:PublishReadyToRun="${READY_TO_RUN:+true}"

scripts/publish-agent.sh "$stage/bin"

cp -r systemd "$stage/systemd"
mkdir -p "$stage/grafana"
cp packaging/grafana/*.json "$stage/grafana/"
if compgen -G "packaging/slurm/*" >/dev/null; then
  cp -r packaging/slurm "$stage/slurm"
fi
cp README.md "$stage/"

"$stage/bin/pilot" --help >/dev/null
tar -C "$out" -czf "$out/$name.tar.gz" "$name"
echo "publish: $stage/bin/pilot ($(du -h "$stage/bin/pilot" | cut -f1)), $stage/bin/pilot-agent (Native AOT, $(du -h "$stage/bin/pilot-agent" | cut -f1)), $out/$name.tar.gz ($(du -h "$out/$name.tar.gz" | cut -f1))"
