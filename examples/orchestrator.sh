#!/bin/sh
# The orchestrator of the example pipeline (examples/README.md): put a run of tasks in, wait for the whole run,
# show who did what. Workers started with examples/worker.yaml do the work.
#
#   examples/orchestrator.sh [COUNT]      COUNT summarise tasks (default 10) and two send-report tasks
#
# Needs the server and key in the environment (BATON_URL, BATON_API_KEY) or saved by `baton login`.
# BATON names the baton command if it is not on the PATH (e.g. BATON="dotnet run --project src/Baton.Cli --").
# Exit 0 when the run finished as expected (the one report without a recipient fails, on purpose), else non-zero.
set -eu

BATON=${BATON:-baton}
COUNT=${1:-10}
RUN=${RUN:-example-$(date +%s)-$$}
TASKS=$(mktemp)
trap 'rm -f "$TASKS"' EXIT

# One line per task, each a POST /v1/executions body; --from-file sends them in batches.
i=1
while [ "$i" -le "$COUNT" ]; do
  printf '{"title": "Summarise build %d", "task": "summarise", "payload": {"build": %d}}\n' "$i" "$i" >> "$TASKS"
  i=$((i + 1))
done
printf '{"title": "Send the weekly report", "task": "send-report", "payload": {"report": {"id": "weekly"}, "to": "team@example.com"}}\n' >> "$TASKS"
printf '{"title": "Send a report to nobody", "task": "send-report", "payload": {"report": {"id": "broken"}}}\n' >> "$TASKS"

$BATON enqueue --from-file "$TASKS" --run-id "$RUN" --quiet > /dev/null
echo "run $RUN: $((COUNT + 2)) tasks enqueued; waiting for the workers"

# Blocks (the server long-polls) until every task of the run is finished; exit 4 if 300 s pass first.
status=0
$BATON runs show "$RUN" --wait 300 || status=$?
$BATON ls --run-id "$RUN" --limit 100
if [ "$status" -ne 0 ]; then
  echo "run $RUN did not finish (exit $status)" >&2
  exit "$status"
fi

# Everything succeeded except the report without a recipient, which failed for good on its first attempt.
counts=$($BATON runs show "$RUN" --json)
count() { printf '%s' "$counts" | sed -n "s/.*\"counts\":{[^}]*\"$1\":\([0-9]*\).*/\1/p"; }
succeeded=$(count success)
failed=$(count failed)
echo "run $RUN: $succeeded succeeded, $failed failed (1 expected: the report without a recipient)"
[ "$succeeded" -eq $((COUNT + 1)) ] && [ "$failed" -eq 1 ]
