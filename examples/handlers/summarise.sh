#!/bin/sh
# The `summarise` handler (examples/worker.yaml). The worker runs it once per claimed task with the task in the
# environment (docs/worker.md lists every variable) and reports the outcome: exit 0 is success, and what it prints
# becomes the result. The outcome file adds evidence (a summary) the exit code cannot carry.
set -eu

# A stand-in for real work (calling a model, reading a log): count the payload's bytes.
bytes=$(printf '%s' "$BATON_PAYLOAD" | wc -c | tr -d ' ')
echo "summarised ${BATON_TITLE:-task $BATON_EXECUTION_ID}: $bytes bytes of payload (attempt $BATON_ATTEMPT)"

# Optional: the outcome file (one JSON object). Here it only adds a summary; its success/result would override.
printf '{"summary": "Summarised by %s"}\n' "$BATON_WORKER_ID" > "$BATON_OUTCOME_FILE"
