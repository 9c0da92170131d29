#!/usr/bin/env bash
# The benchmark harness (bench/README.md). Builds Baton and the harness in Release, installs the peers, starts a
# throwaway PostgreSQL 15, runs every scenario for Baton (SQLite and PostgreSQL) and the peers, and writes
# docs/benchmarks.md with its charts.
#   bench/run.sh                 the full run (about 21 minutes on 2 cores; 27 with --sync-off): 3 repetitions, N = 100,000
#   bench/run.sh --sync-off      ... plus the burn-downs again with synchronous_commit = off, labelled
#   bench/run.sh --quick         small sizes, one repetition, report in bench/out/quick/
#   bench/run.sh --smoke         Baton only, tiny sizes (CI): report in bench/out/smoke/
# Any other options go to Baton.Bench (--reps N, --out FILE, --no-peers).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

peers=1
for a in "$@"; do
  case "$a" in --smoke|--no-peers) peers=0 ;; esac
done

echo "==> dotnet build -c Release (Baton.Cli and bench/Baton.Bench)"
dotnet build bench/Baton.Bench -c Release --nologo -v quiet
if [[ $peers == 1 ]]; then
  bench/peers/install.sh
fi

exec dotnet bench/Baton.Bench/bin/Release/net10.0/Baton.Bench.dll run "$@"
