#!/usr/bin/env bash
# Runs a command while busy processes keep the CPUs loaded, to prove that tests hold on a busy machine
# (docs/testing.md). The busy processes are started before the command and killed when this script
# exits, however it exits.
#
#   bash scripts/with-cpu-load.sh npm test
#   bash scripts/with-cpu-load.sh npx mocha test/integration/to-jira/exactly-once-batches.test.ts
#   TRACT_LOAD_PROCESSES=4 bash scripts/with-cpu-load.sh npm test
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARG...]   (runs COMMAND under ${TRACT_LOAD_PROCESSES:-2} busy processes)" >&2
  exit 2
fi

count="${TRACT_LOAD_PROCESSES:-2}"
if ! [[ "$count" =~ ^[0-9]+$ ]]; then
  echo "TRACT_LOAD_PROCESSES must be a whole number, got '$count'" >&2
  exit 2
fi

busy=()
stop_load() {
  if [[ ${#busy[@]} -gt 0 ]]; then
    kill "${busy[@]}" 2>/dev/null || true
    wait "${busy[@]}" 2>/dev/null || true
  fi
}
trap stop_load EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for ((i = 0; i < count; i += 1)); do
  # A shell loop that never sleeps: one CPU kept busy, no I/O.
  bash -c 'while :; do :; done' &
  busy+=("$!")
done
echo "with-cpu-load: $count busy processes (pids ${busy[*]}) while running: $*" >&2

start=$(date +%s)
set +e
"$@"
status=$?
set -e
echo "with-cpu-load: '$*' exited $status after $(($(date +%s) - start)) s" >&2
exit "$status"
