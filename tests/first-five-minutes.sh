#!/usr/bin/env bash
# The first five minutes, as a newcomer spends them, from a clean clone: install `baton` as a .NET tool, start the
# server with the README's command (checking what its first start prints), run the README's CLI block and its curl
# walk-through command by command (checking each documented answer, the JSON blocks and the answers the prose
# quotes), then examples/README.md's commands: two `baton worker` daemons and the orchestrator, stopped with SIGTERM;
# last, that every task was done exactly once. The commands and answers are read from README.md and
# examples/README.md themselves, so the docs cannot rot unnoticed. Deviations from the docs, each on purpose: the
# server listens on a free port instead of 8420 (CI may run beside other servers), the tool goes to a --tool-path
# instead of --global, and the walk-through's second claim waits 1 s instead of 10.
#
#   tests/first-five-minutes.sh [REPOSITORY]     default: the repository this script is in (its committed HEAD)
#
# Needs: git, dotnet, curl, jq, pgrep, setsid. Run by .ci/run. A few minutes on a quiet machine: most of it is
# `dotnet pack` (Release) and `dotnet run` (Debug) building from the clean clone.
set -euo pipefail

SOURCE=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/baton-first-five.XXXXXX")
PIDS=()

say() { printf '\n--- %s\n' "$*"; }
fail() { printf '\nFIRST FIVE MINUTES FAILED: %s\n' "$*" >&2; exit 1; }

cleanup() {
  local pid
  [[ -z ${PIPELINE:-} ]] || kill -TERM -- "-$PIPELINE" 2>/dev/null || true
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in git dotnet curl jq pgrep setsid; do command -v "$tool" >/dev/null || fail "$tool is not on the PATH"; done

# The fenced blocks of FILE's section SECTION ("## …" heading text), each as one record separated by NUL, in order,
# each prefixed by its language ("" for none) and a newline.
blocks() {
  awk -v section="$2" '
    /^## / { inside = (substr($0, 4) == section) }
    inside && /^```/ {
      if (fence) { printf "%s", body; printf "%c", 0; fence = 0 }
      else { fence = 1; body = substr($0, 4) "\n" }
      next
    }
    inside && fence { body = body $0 "\n" }
  ' "$1"
}

# Block N (from 0) of FILE's SECTION whose language is LANG, without its language line.
block_of() {
  local file=$1 section=$2 lang=$3 n=$4 i=0 record
  while IFS= read -r -d '' record; do
    [[ ${record%%$'\n'*} == "$lang" ]] || continue
    if (( i == n )); then printf '%s' "${record#*$'\n'}"; return 0; fi
    i=$((i + 1))
  done < <(blocks "$file" "$section")
  fail "$file has no '$lang' block #$n in section '$section'"
}

# Block N of README.md's SECTION whose language is LANG.
block() { block_of README.md "$@"; }

# The README says it in prose (an inline answer): fail if it no longer does, so the check below stays its check.
documents() { grep -qF -- "$2" "$1" || fail "$1 no longer says: $2"; }

# Every field the README documents is in the answer with the same value, except values that differ each time (ids,
# keys, tokens, times); "…" stands for fields the README leaves out.
JQ_MATCHES='
  def volatile: type == "string" and (test("^[0-9a-f]{8}-[0-9a-f]{4}-") or test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T")
    or test("^bt_") or test("^[0-9a-f]{32}$"));
  def matches($actual):
    if volatile then ($actual | type) == "string"
    elif type == "object" then ($actual | type) == "object" and
      (to_entries | all(.key == "…" or (.key as $k | ($actual | has($k)) and (.value | matches($actual[$k])))))
    elif type == "array" then ($actual | type) == "array" and length == ($actual | length) and
      ([., $actual] | transpose | all(.[0] as $d | .[1] as $a | $d | matches($a)))
    else . == $actual end;
  $documented | matches($actual)'

expect_documented() {
  local what=$1 documented=$2 actual=$3
  jq -e -n --argjson documented "$documented" --argjson actual "$actual" "$JQ_MATCHES" >/dev/null ||
    fail "$what: the answer differs from README.md.
documented: $documented
answer:     $actual"
  echo "ok: $what"
}

free_port() {
  local port
  for port in $(shuf -i 20000-60000 -n 50); do
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  fail "no free port"
}

say "a clean clone of $SOURCE"
git clone --quiet "$SOURCE" "$WORK/baton"
cd "$WORK/baton"

say "the docs stand on their own"
# No document cites design notes that live outside this repository.
cited=$(git grep -nE 'DESIGN\.md|API\.md|\.\./shared/' -- '*.md' || true)
[[ -z $cited ]] || fail "documents cite notes this repository does not have: $cited"
# A table row after a blank line that is not a new table's header (no |---| line after it): the blank line broke
# the table in two, and the rows after it show as text.
broken=$(git ls-files '*.md' | xargs awk 'FNR == 1 { p1 = ""; p2 = "" }
  p2 ~ /^[[:space:]]*$/ && p1 ~ /^\|/ && $0 !~ /^\|[-:| ]+\|[[:space:]]*$/ { print FILENAME ":" FNR - 1 }
  { p2 = p1; p1 = $0 }')
[[ -z $broken ]] || fail "a blank line breaks a table: $broken"
# The README's layout names every project under src/ and every document under docs/.
layout=$(block 'Layout' '' 0)
for name in src/*/ docs/*.md; do
  name=${name%/}
  [[ $name == docs/* ]] && name=${name#docs/}
  grep -qF "$name" <<<"$layout" || fail "the README's layout does not mention $name"
done
echo "ok: no citations of outside notes, no broken tables, the layout names every project and document"

say "install: dotnet pack + dotnet tool install (README, 'Install the baton command')"
pack=$(block 'Install the `baton` command' sh 0)
pack_command=$(grep '^dotnet pack' <<<"$pack")
install_command=$(grep '^dotnet tool install' <<<"$pack" | sed 's/ *#.*//')
[[ $pack_command == "dotnet pack src/Baton.Cli -o ./nupkg" ]] || fail "unexpected pack command: $pack_command"
eval "$pack_command" --nologo -v quiet
# The README installs --global; here into a folder of the test's own, as --tool-path (same package, same command).
eval "${install_command/--global/--tool-path $WORK/tools}"
export PATH="$WORK/tools:$PATH"
version=$(baton --version)
[[ $version == "$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)" ]] || fail "baton --version printed '$version'"
echo "ok: baton --version is $version"

say "the server: the README's command, from the clone's root"
serve_command=$(block 'Set up' sh 0)
[[ $serve_command == "dotnet run --project src/Baton.Cli -- serve" ]] || fail "unexpected server command: $serve_command"
PORT=$(free_port)
BATON_URL=http://127.0.0.1:$PORT
BATON_URL=$BATON_URL $serve_command >"$WORK/serve.out" 2>"$WORK/serve.err" &
PIDS+=($!)
for _ in $(seq 1800); do  # `dotnet run` builds first: allow a slow machine 15 minutes
  grep -q '^Baton listening on ' "$WORK/serve.out" 2>/dev/null && break
  kill -0 "${PIDS[0]}" 2>/dev/null || fail "the server exited: $(cat "$WORK/serve.err")"
  sleep 0.5
done
ready=$(grep '^Baton listening on ' "$WORK/serve.out") || fail "no ready line: $(cat "$WORK/serve.err")"
# What the first start printed is the README's block, line for line: the key differs each time, the port is the
# test's own, and the README's /home/you/baton stands for the clone (the database is under the caller's directory,
# named by its absolute path).
key_free() { sed -E 's/bt_[A-Za-z0-9_-]+/bt_KEY/'; }
documented=$(block 'Set up' '' 0 | key_free | sed -e "s|http://127.0.0.1:8420|http://127.0.0.1:$PORT|" -e "s|/home/you/baton|$WORK/baton|")
printed=$(key_free <"$WORK/serve.out")
[[ $printed == "$documented" ]] || fail "the first start printed other lines than README.md shows.
documented:
$documented
printed:
$printed"
[[ -f "$WORK/baton/baton-data/baton.db" ]] || fail "no database at ./baton-data/baton.db"
KEY=$(sed -n 's/^API key (shown once): //p' "$WORK/serve.out")
ADMIN_KEY=$KEY
# `dotnet run` starts the server as its child; SIGTERM goes to the server itself at the end.
SERVER=$(pgrep -P "${PIDS[0]}" | head -1)
[[ -n $SERVER ]] || fail "no server process under dotnet run"
PIDS+=("$SERVER")
echo "ok: $ready"

say "the README's CLI block"
cli=$(block 'The command line' sh 0)
cli=${cli//http:\/\/127.0.0.1:8420/http://127.0.0.1:$PORT}
cli=${cli//BATON_API_KEY=bt_…/BATON_API_KEY=$KEY}
bash -euo pipefail -c "$cli" >"$WORK/cli.out" 2>"$WORK/cli.err" || fail "the CLI block failed: $(cat "$WORK/cli.err")"
grep -q 'finished: success — 3 warnings$' "$WORK/cli.out" || fail "baton wait did not see the success: $(cat "$WORK/cli.out")"
grep -q 'Build log summarised' "$WORK/cli.out" || fail "baton show did not show the summary: $(cat "$WORK/cli.out")"
grep -q 'success 1 ' "$WORK/cli.out" || fail "baton ls did not count the task as a success: $(cat "$WORK/cli.out")"
echo "ok: enqueue, claim, complete, wait, show, ls"

say "the README's curl walk-through, command by command"
WALK='A walk-through with curl'
LAST="$WORK/last-answer.json"
run_documented() { # the Nth sh block of the walk-through, in this shell, recording the last answer curl received
  local n=$1 command
  command=$(block "$WALK" sh "$n")
  command=${command//http:\/\/127.0.0.1:8420/http://127.0.0.1:$PORT}
  : >"$LAST"
  eval "$command" >/dev/null
  [[ -s $LAST ]] || fail "walk-through step $n answered nothing"
}
curl() { command curl "$@" | tee "$LAST"; }

run_documented 0
expect_documented "register" "$(block "$WALK" json 0)" "$(cat "$LAST")"
[[ $KEY == bt_* ]] || fail "register gave no key"

run_documented 1
expect_documented "enqueue" "$(block "$WALK" json 1)" "$(cat "$LAST")"

run_documented 2
expect_documented "claim" "$(block "$WALK" json 2)" "$(cat "$LAST")"
[[ $(jq -r .execution_id "$LAST") == "$ID" && -n $TOKEN ]] || fail "the claim did not take the enqueued execution"

run_documented 3
expect_documented "heartbeat" "$(block "$WALK" json 3)" "$(cat "$LAST")"

# The README's next answer: the same heartbeat without X-Worker-Id is a 403.
unnamed=$(command curl -s "$BATON/v1/executions/$ID/heartbeat" -H "Authorization: Bearer $KEY" -H "X-Claim-Token: $TOKEN" \
  -H 'Content-Type: application/json' -d '{"lease_seconds":300}')
expect_documented "heartbeat without X-Worker-Id" "$(block "$WALK" json 4)" "$unnamed"

run_documented 4
expect_documented "outcome" "$(block "$WALK" json 5)" "$(cat "$LAST")"

# "The outcome is write-once: a second report is `409 outcome_already_recorded`."
documents README.md '`409 outcome_already_recorded`'
run_documented 4
jq -e '.error.code == "outcome_already_recorded" and .error.status == 409' "$LAST" >/dev/null ||
  fail "a second outcome was not refused as documented: $(cat "$LAST")"
echo "ok: a second outcome is 409 outcome_already_recorded"

run_documented 5
expect_documented "get" "$(block "$WALK" json 6)" "$(cat "$LAST")"

# "Nothing claimable after the wait is `409 {"error":{"code":"claim_failed",…}}`": the claim again, waiting 1 s
# instead of 10.
documents README.md 'Nothing claimable after the wait is `409 {"error":{"code":"claim_failed",…}}`'
claim_again=$(block "$WALK" sh 2)
[[ $claim_again == *'"wait_seconds":10'* ]] || fail "the claim no longer waits 10 s: $claim_again"
claim_again=${claim_again//http:\/\/127.0.0.1:8420/http://127.0.0.1:$PORT}
: >"$LAST"
eval "${claim_again/\"wait_seconds\":10/\"wait_seconds\":1}" >/dev/null
jq -e '.error.code == "claim_failed" and .error.status == 409' "$LAST" >/dev/null ||
  fail "a claim with nothing to take was not answered as documented: $(cat "$LAST")"
echo "ok: nothing claimable is 409 claim_failed"
unset -f curl

say "the examples/ pipeline: examples/README.md's commands, with two baton worker daemons"
[[ $(block_of examples/README.md 'Run it' sh 0) == "baton serve "* ]] || fail "examples/README.md no longer starts with baton serve"
# That server is running already (the README's command above); the rest runs as written, against it and as the
# registered tenant. Its own process group, so the cleanup can stop what it started if it fails midway.
pipeline=$(block_of examples/README.md 'Run it' sh 1)
pipeline=${pipeline//http:\/\/127.0.0.1:8420/http://127.0.0.1:$PORT}
pipeline=${pipeline//BATON_API_KEY=bt_…/BATON_API_KEY=$KEY}
[[ $pipeline == *"kill %1 %2"* ]] || fail "examples/README.md no longer stops its two workers with kill %1 %2"
# After the README's kill, the workers' drain is waited for (each says so when it exits).
setsid bash -euo pipefail -c "$pipeline"$'\nwait' >"$WORK/pipeline.out" 2>"$WORK/pipeline.err" &
PIDS+=($!)
PIPELINE=$!
code=0; wait "$PIPELINE" || code=$?
PIPELINE=
PIDS=("${PIDS[0]}" "$SERVER")
[[ $code == 0 ]] || fail "examples/README.md's commands failed (exit $code): $(cat "$WORK/pipeline.out" "$WORK/pipeline.err")"
grep -q '^examples/worker.yaml: OK\.' "$WORK/pipeline.out" || fail "baton worker validate did not say OK: $(cat "$WORK/pipeline.out")"
# The workers, started from a terminal, rightly say they are not under a service manager; nothing else warns.
grep 'warning' "$WORK/pipeline.err" | grep -v 'not running under a service manager' &&
  fail "validate or a worker warned about the example: $(cat "$WORK/pipeline.err")"
for id in laptop-1 laptop-2; do
  grep -q "Baton worker $id stopped\.$" "$WORK/pipeline.out" || fail "worker $id did not drain and stop on SIGTERM: $(cat "$WORK/pipeline.err")"
done
documents examples/README.md '`21 succeeded, 1 failed (1 expected: the report without a recipient)`, exit 0'
summary=$(grep -E '^run [^ ]+: 21 succeeded, 1 failed \(1 expected: the report without a recipient\)$' "$WORK/pipeline.out") ||
  fail "the orchestrator did not end as examples/README.md says: $(cat "$WORK/pipeline.out")"
RUN=$(sed -E 's/^run ([^ ]+): .*/\1/' <<<"$summary")
grep -i 'error' "$WORK/pipeline.err" | grep -v 'no recipient' && fail "the workers logged errors"
echo "ok: $summary"

say "every task was done exactly once"
executions() { command curl -s "$BATON_URL/v1/executions?limit=100" -H "Authorization: Bearer $1"; }
admin=$(executions "$ADMIN_KEY")
yours=$(executions "$KEY")
[[ $(jq '.executions | length' <<<"$admin") == 1 ]] || fail "expected the CLI block's one task under the first tenant"
[[ $(jq '.executions | length' <<<"$yours") == 23 ]] ||
  fail "expected 23 tasks (the walk-through's and the pipeline's 22) under the registered tenant: $(jq '.executions | length' <<<"$yours")"
for list in "$admin" "$yours"; do
  jq -e '.executions | all(.attempts == 1 and .outcome != null)' <<<"$list" >/dev/null ||
    fail "a task was not done exactly once: $(jq -c '[.executions[] | select(.attempts != 1 or .outcome == null) | {id, attempts, status}]' <<<"$list")"
done
jq -e --arg run "$RUN" '[.executions[] | select(.run_id == $run) | .claimed_by_worker] | length == 22 and all(. == "laptop-1" or . == "laptop-2")' \
  <<<"$yours" >/dev/null || fail "a pipeline task was not done by one of the two workers"
workers=$(command curl -s "$BATON_URL/v1/workers" -H "Authorization: Bearer $KEY")
jq -e '[.workers[] | select(.worker_id == "laptop-1" or .worker_id == "laptop-2") | .heartbeat_status] == ["stopped", "stopped"]' \
  <<<"$workers" >/dev/null || fail "baton workers ls does not show both workers, stopped: $workers"
jq -e '[.executions[] | select(.status != "success")] | length == 1' <<<"$yours" >/dev/null ||
  fail "expected exactly one failed task (the report without a recipient)"
echo "ok: 24 tasks, each attempted once with one outcome; the pipeline's 22 done by laptop-1 and laptop-2, both stopped"

kill -TERM "$SERVER"
for _ in $(seq 120); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.5; done
kill -0 "$SERVER" 2>/dev/null && fail "the server did not stop on SIGTERM"
wait "${PIDS[0]}" || true
PIDS=()
grep -q 'fail:' "$WORK/serve.err" && fail "the server logged failures: $(cat "$WORK/serve.err")"
grep -q 'Baton stopped.' "$WORK/serve.err" || fail "the server did not report a clean stop: $(cat "$WORK/serve.err")"
# What the README's commands leave in the clone (the database, the package) is ignored by git: a newcomer's
# `git status` stays clean.
untracked=$(git status --porcelain)
[[ -z $untracked ]] || fail "the README's commands left files git does not ignore: $untracked"

say "the first five minutes hold (${SECONDS} s)"
