#!/usr/bin/env bash
# Installs the peers measured beside Baton, from the npm and NuGet registries (never vendored):
#   bench/peers/node      graphile-worker 0.18.0, pg-boss 12.38.0, pg 8.23.x and a Node 22 binary (npm node@22.23.3,
#                         because both peers need Node >= 22 and the machine has Node 20)
#   bench/peers/hangfire  Hangfire.Core 1.8.25 + Hangfire.PostgreSql 1.21.1 in a small console driver
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v npm >/dev/null 2>&1; then
  echo "npm is not on PATH (apt-get install nodejs npm)" >&2
  exit 1
fi

echo "==> npm ci (bench/peers/node)"
# package-lock.json pins the whole tree. The node package's preinstall script only picks the platform binary
# package, which npm installs as an ordinary dependency anyway.
(cd node && npm ci --no-audit --no-fund --loglevel=error)
node/node_modules/node/bin/node --version

echo "==> dotnet build (bench/peers/hangfire)"
dotnet build hangfire -c Release --nologo -v quiet
