#!/usr/bin/env bash
# Installs the peers measured beside Baton, from the npm and NuGet registries (never vendored):
#   bench/peers/node      graphile-worker 0.18.0, pg-boss 12.38.0, pg 8.23.x, BullMQ 6.7.0 + ioredis 5.11.1 and a
#                         Node 22 binary (npm node@22.23.3, because the peers need Node >= 22 and the machine has 20)
#   bench/peers/hangfire  Hangfire.Core 1.8.25 + Hangfire.PostgreSql 1.21.1 in a small console driver
#   redis-server          Debian's package (7.0.15 on bookworm), for BullMQ; installed with apt-get when missing.
#                         The harness starts a throwaway server per run on a free port; none runs as a service.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v redis-server >/dev/null 2>&1 && [[ ! -x /usr/bin/redis-server ]]; then
  echo "==> apt-get install redis-server (for BullMQ)"
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1 \
    || ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; }; then
    echo "redis-server is missing and could not be installed: install Debian's redis-server as root" \
      "(apt-get install -y redis-server) or put a redis-server on PATH" >&2
    exit 1
  fi
  # The package starts a system service on port 6379; the benchmark never uses it, so stop it again.
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now redis-server >/dev/null 2>&1 || true; fi
fi

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
