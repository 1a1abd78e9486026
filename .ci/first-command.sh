#!/usr/bin/env bash
# Runs the README's first command (`./symoe serve`) as a new user would: io.symoe artifacts removed from the local
# Maven repository, the service started on a free port in the background, /health/live polled until it answers
# 200 (at most 240 s, which includes the first build), then the service stopped by its PID.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

rm -rf "${HOME}/.m2/repository/io/symoe"

free_port() {
  local p
  for p in $(shuf -i 20000-60000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}
PORT=$(free_port) || { echo "first-command: no free port found" >&2; exit 1; }
LOG=$(mktemp -t symoe-first-command.XXXXXX.log)

echo "first-command: ./symoe serve --port $PORT (log: $LOG)"
./symoe serve --port "$PORT" >"$LOG" 2>&1 &
PID=$!
cleanup() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
trap cleanup EXIT

start=$(date +%s)
while :; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health/live" || true)
  [ "$code" = 200 ] && break
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "first-command: ./symoe serve exited before /health/live answered; its output:" >&2
    tail -n 80 "$LOG" >&2
    exit 1
  fi
  if [ $(( $(date +%s) - start )) -ge 240 ]; then
    echo "first-command: /health/live did not answer 200 within 240 s; the service's output:" >&2
    tail -n 80 "$LOG" >&2
    exit 1
  fi
  sleep 1
done
echo "first-command: /health/live answered 200 after $(( $(date +%s) - start )) s"

kill "$PID"
# Ctrl-C/SIGTERM must stop the service cleanly, not hang.
for _ in $(seq 1 30); do kill -0 "$PID" 2>/dev/null || break; sleep 1; done
if kill -0 "$PID" 2>/dev/null; then
  echo "first-command: the service did not stop within 30 s of SIGTERM" >&2
  kill -9 "$PID" 2>/dev/null || true
  exit 1
fi
trap - EXIT
echo "first-command: stopped cleanly"
