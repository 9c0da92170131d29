#!/usr/bin/env bash
# The chaos suite in one command (chaos/README.md): builds it, then runs real nodes, workers and PostgreSQL under
# load while injecting faults, and checks the history. Options: --minutes M --seed N --store postgres|sqlite|both
# --out DIR --check RUN_DIR. Exit 0 means no violations.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dotnet build chaos/Baton.Chaos --nologo -v quiet
exec dotnet chaos/Baton.Chaos/bin/Debug/net10.0/Baton.Chaos.dll "$@"
