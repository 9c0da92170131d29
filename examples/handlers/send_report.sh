#!/bin/sh
# The `send-report` handler (examples/worker.yaml): REPORT_ID and RECIPIENT come from the payload through the
# config's env templates ({{ payload.report.id }}, {{ payload.to }}). A task without a recipient fails for good:
# exit 3 is failure, and the outcome file's retryable: false stops the retries a bad payload would never pass.
set -eu

if [ -z "${RECIPIENT:-}" ]; then
  echo "no recipient in the payload (payload.to)" >&2
  printf '{"success": false, "error": "no recipient in the payload (payload.to)", "retryable": false}\n' > "$BATON_OUTCOME_FILE"
  exit 3
fi

# A stand-in for sending: say what would be sent.
echo "report ${REPORT_ID:-?} sent to $RECIPIENT"
