#!/usr/bin/env bash
# Load benchmark of `riskbench serve` (issue 18; a benchmark, not a test): 20 clients upload 10k-row transaction files
# for 60 s while 4 clients poll GET /api/v1/jobs; every upload must end processed exactly once with all its rows.
# Needs target/riskbench.jar (mvn -B -q -DskipTests package). Usage: bench/serve-load.sh [SECONDS] [UPLOADERS] [POLLERS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
uploaders=${2:-20}
pollers=${3:-4}
rows=10000
jar=target/riskbench.jar
test -s "$jar" || { echo "build the jar first: mvn -B -q -DskipTests package" >&2; exit 1; }
tmp=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
for seed in 1 2 3 4; do
  java -jar "$jar" synth transactions --rows "$rows" --seed "$seed" --out "$tmp/tx-$seed.csv" >/dev/null
done
java -jar "$jar" serve --port 0 --workspace "$tmp/ws" >"$tmp/serve.log" 2>&1 &
server_pid=$!
address=""
for _ in $(seq 1 120); do
  address=$(grep -o 'on http://127\.0\.0\.1:[0-9]*' "$tmp/serve.log" | head -n 1 | sed 's/^on //' || true)
  [ -n "$address" ] && break
  sleep 0.5
done
[ -n "$address" ] || { cat "$tmp/serve.log" >&2; exit 1; }
# the default model is trained once at start; the load starts when the server says it is ready and has a model
until curl -fsS "$address/metrics" | grep '^riskbench_model_active_info' >/dev/null; do sleep 1; done
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
java bench/ServeLoad.java "$address" "$seconds" "$uploaders" "$pollers" "$rows" "$tmp"/tx-*.csv
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
curl -fsS "$address/metrics" | grep -E '^riskbench_inbox_files|^riskbench_jobs_total\{kind="inference"'
