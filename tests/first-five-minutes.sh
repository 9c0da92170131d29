#!/usr/bin/env bash
# The first five minutes, as a newcomer spends them, from a clean clone: install `baton` as a .NET tool, start the
# server with the README's command, run the README's CLI block and its curl walk-through command by command
# (checking each documented answer), then the examples/ pipeline with two `baton worker` daemons, and check that every
# task was done exactly once. The commands come from README.md itself, so the README cannot rot unnoticed.
#
#   tests/first-five-minutes.sh [REPOSITORY]     default: the repository this script is in (its committed HEAD)
#
# Needs: git, dotnet, curl, jq, pgrep. Run by .ci/run.
set -euo pipefail

SOURCE=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/baton-first-five.XXXXXX")
PIDS=()

say() { printf '\n--- %s\n' "$*"; }
fail() { printf '\nFIRST FIVE MINUTES FAILED: %s\n' "$*" >&2; exit 1; }

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in git dotnet curl jq pgrep; do command -v "$tool" >/dev/null || fail "$tool is not on the PATH"; done

# The fenced blocks of README.md section SECTION ("## …" heading text), each as one record separated by NUL, in
# order, each prefixed by its language and a newline.
blocks() {
  awk -v section="$1" '
    /^## / { inside = (substr($0, 4) == section) }
    inside && /^```/ {
      if (fence) { printf "%s", body; printf "%c", 0; fence = 0 }
      else { fence = 1; body = substr($0, 4) "\n" }
      next
    }
    inside && fence { body = body $0 "\n" }
  ' README.md
}

# Block N (from 0) of SECTION whose language is LANG, without its language line.
block() {
  local section=$1 lang=$2 n=$3 i=0 record
  while IFS= read -r -d '' record; do
    [[ ${record%%$'\n'*} == "$lang" ]] || continue
    if (( i == n )); then printf '%s' "${record#*$'\n'}"; return 0; fi
    i=$((i + 1))
  done < <(blocks "$section")
  fail "README.md has no $lang block #$n in section '$section'"
}

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
BATON_URL=http://127.0.0.1:$PORT $serve_command >"$WORK/serve.out" 2>"$WORK/serve.err" &
PIDS+=($!)
for _ in $(seq 1800); do  # `dotnet run` builds first: allow a slow machine 15 minutes
  grep -q '^Baton listening on ' "$WORK/serve.out" 2>/dev/null && break
  kill -0 "${PIDS[0]}" 2>/dev/null || fail "the server exited: $(cat "$WORK/serve.err")"
  sleep 0.5
done
ready=$(grep '^Baton listening on ' "$WORK/serve.out") || fail "no ready line: $(cat "$WORK/serve.err")"
[[ $ready == "Baton listening on http://127.0.0.1:$PORT (sqlite: $WORK/baton/baton-data/baton.db)" ]] ||
  fail "the ready line does not name the database under the clone's root by its absolute path: $ready"
[[ -f "$WORK/baton/baton-data/baton.db" ]] || fail "no database at ./baton-data/baton.db"
KEY=$(sed -n 's/^API key (shown once): //p' "$WORK/serve.out")
[[ $KEY == bt_* ]] || fail "no API key printed on the first start"
ADMIN_KEY=$KEY
# `dotnet run` starts the server as its child; SIGTERM goes to the server itself at the end.
SERVER=$(pgrep -P "${PIDS[0]}" | head -1)
[[ -n $SERVER ]] || fail "no server process under dotnet run"
PIDS+=("$SERVER")
grep -q '^  A tenant (admin@localhost) was created on this new database' "$WORK/serve.out" || fail "no tenant line"
echo "ok: $ready"

say "the README's CLI block"
cli=$(block 'The command line' sh 0)
cli=${cli//http:\/\/127.0.0.1:8420/http://127.0.0.1:$PORT}
cli=${cli//BATON_API_KEY=bt_…/BATON_API_KEY=$KEY}
bash -euo pipefail -c "$cli" >"$WORK/cli.out" 2>"$WORK/cli.err" || fail "the CLI block failed: $(cat "$WORK/cli.err")"
grep -q 'Build log summarised' "$WORK/cli.out" || fail "baton show did not show the summary: $(cat "$WORK/cli.out")"
grep -q 'success' "$WORK/cli.out" || fail "the task did not succeed: $(cat "$WORK/cli.out")"
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

run_documented 5
expect_documented "get" "$(block "$WALK" json 6)" "$(cat "$LAST")"
unset -f curl

say "the examples/ pipeline with two baton worker daemons"
export BATON_URL=http://127.0.0.1:$PORT BATON_API_KEY=$KEY
baton worker validate --config examples/worker.yaml >"$WORK/validate.out" 2>"$WORK/validate.err" ||
  fail "baton worker validate: $(cat "$WORK/validate.err")"
grep -q 'warning' "$WORK/validate.err" && fail "validate warned about the example: $(cat "$WORK/validate.err")"
for id in example-1 example-2; do
  baton worker --config examples/worker.yaml --worker-id "$id" >"$WORK/$id.out" 2>"$WORK/$id.err" &
  PIDS+=($!)
done
RUN=first-five-$$ BATON=baton examples/orchestrator.sh 20 >"$WORK/orchestrator.out" 2>&1 ||
  fail "examples/orchestrator.sh failed: $(cat "$WORK/orchestrator.out")"
grep -q '21 succeeded, 1 failed' "$WORK/orchestrator.out" || fail "unexpected end: $(cat "$WORK/orchestrator.out")"
echo "ok: $(tail -1 "$WORK/orchestrator.out")"

for i in 1 2; do
  kill -TERM "${PIDS[$((i + 1))]}"
  code=0; wait "${PIDS[$((i + 1))]}" || code=$?
  [[ $code == 0 ]] || fail "worker example-$i exited $code on SIGTERM: $(cat "$WORK/example-$i.err")"
done
PIDS=("${PIDS[0]}" "$SERVER")
grep -h 'error' "$WORK"/example-*.err | grep -v 'no recipient' && fail "the workers logged errors"

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
jq -e --arg run "first-five-$$" '[.executions[] | select(.run_id == $run) | .claimed_by_worker] | length == 22 and all(. == "example-1" or . == "example-2")' \
  <<<"$yours" >/dev/null || fail "a pipeline task was not done by one of the two workers"
jq -e '[.executions[] | select(.status != "success")] | length == 1' <<<"$yours" >/dev/null ||
  fail "expected exactly one failed task (the report without a recipient)"
echo "ok: 24 tasks, each attempted once with one outcome; the pipeline's 22 done by example-1 and example-2"

kill -TERM "$SERVER"
for _ in $(seq 120); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.5; done
kill -0 "$SERVER" 2>/dev/null && fail "the server did not stop on SIGTERM"
wait "${PIDS[0]}" || true
PIDS=()
grep -q 'fail:' "$WORK/serve.err" && fail "the server logged failures: $(cat "$WORK/serve.err")"
grep -q 'Baton stopped.' "$WORK/serve.err" || fail "the server did not report a clean stop: $(cat "$WORK/serve.err")"
say "the first five minutes hold"
