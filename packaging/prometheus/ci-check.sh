#!/usr/bin/env bash
# The served workspace against a real Prometheus (issue 18), run by .ci/run after `mvn -B verify` built the jar:
# starts `riskbench serve` from target/riskbench.jar and Debian's Prometheus on loopback scraping it, runs a replay and a
# scenario through the API with curl, asserts through Prometheus' own HTTP API that aurora_execution_risk_scale and
# riskbench_jobs_total have samples, checks a scrape with `promtool check metrics` and the shipped rules and scrape
# config with promtool. Every process it starts, it stops (trap).
set -euo pipefail
cd "$(dirname "$0")/../.."

need=()
command -v prometheus >/dev/null || need+=(prometheus)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need[@]}"
fi
# Debian's package starts its own Prometheus as a service; this check starts and stops its own on another port
jar=target/riskbench.jar
test -s "$jar" || { echo "ci-check: $jar is missing; run mvn -B verify first" >&2; exit 1; }

tmp=$(mktemp -d)
server_pid=""
prometheus_pid=""
stop_all() {
  for pid in $prometheus_pid $server_pid; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $prometheus_pid $server_pid; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap stop_all EXIT

fail() {
  echo "ci-check: $*" >&2
  echo "--- riskbench serve log:" >&2; tail -n 30 "$tmp/serve.log" >&2 || true
  echo "--- prometheus log:" >&2; tail -n 30 "$tmp/prometheus.log" >&2 || true
  exit 1
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(shuf -i 20000-45000 -n 1)
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  fail "no free port found"
}

# 1. riskbench serve from the built jar, on a fresh workspace and a free loopback port
java -jar "$jar" serve --port 0 --grace-sec 5 --workspace "$tmp/ws" >"$tmp/serve.log" 2>&1 &
server_pid=$!
address=""
for _ in $(seq 1 120); do
  address=$(grep -o 'on http://127\.0\.0\.1:[0-9]*' "$tmp/serve.log" | head -n 1 | sed 's/^on //' || true)
  [ -n "$address" ] && break
  kill -0 "$server_pid" 2>/dev/null || fail "riskbench serve ended at start"
  sleep 0.5
done
[ -n "$address" ] || fail "riskbench serve did not say where it serves"
curl -fsS "$address/healthz" >/dev/null || fail "/healthz did not answer 200"
for _ in $(seq 1 20); do
  curl -fsS "$address/readyz" >/dev/null && break
  sleep 0.5
done
curl -fsS "$address/readyz" >/dev/null || fail "/readyz did not answer 200"
echo "ci-check: riskbench serve at $address"

# 2. Prometheus on loopback, scraping it every second, with the shipped rules loaded
prom_port=$(free_port)
cp packaging/prometheus/alerts.yml "$tmp/alerts.yml"
cat >"$tmp/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [alerts.yml]
scrape_configs:
  - job_name: riskbench
    static_configs:
      - targets: ["${address#http://}"]
YAML
prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" >"$tmp/prometheus.log" 2>&1 &
prometheus_pid=$!
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$prom_port/-/ready" >/dev/null 2>&1 && break
  kill -0 "$prometheus_pid" 2>/dev/null || fail "prometheus ended at start"
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$prom_port/-/ready" >/dev/null || fail "prometheus did not become ready"
echo "ci-check: prometheus at 127.0.0.1:$prom_port"

# 3. a replay and a scenario through the API, waited for
job_of() { sed -n 's/.*"job_id":"\([^"]*\)".*/\1/p'; }
replay=$(curl -fsS -F series=@sample-data/series/synthetic-regime.csv -F profile=@sample-data/profiles/default.yaml \
  "$address/api/v1/replays" | job_of)
scenario=$(curl -fsS -F config=@sample-data/scenarios/synthetic.json "$address/api/v1/scenarios" | job_of)
[ -n "$replay" ] && [ -n "$scenario" ] || fail "the API did not queue the replay and the scenario"
for job in "$replay" "$scenario"; do
  status=""
  for _ in $(seq 1 240); do
    status=$(curl -fsS "$address/api/v1/jobs/$job" | sed -n 's/^{"job_id":"[^"]*","kind":"[^"]*","status":"\([a-z]*\)".*/\1/p')
    case "$status" in succeeded|failed|cancelled) break ;; esac
    sleep 0.5
  done
  [ "$status" = succeeded ] || fail "job $job ended '$status'"
  echo "ci-check: job $job succeeded"
done

# 4. a scrape passes promtool's checks
curl -fsS "$address/metrics" >"$tmp/scrape.txt"
promtool check metrics <"$tmp/scrape.txt" || fail "promtool check metrics found problems in the scrape"
grep -q '^aurora_execution_risk_scale{profile="default"}' "$tmp/scrape.txt" || fail "the scrape has no aurora_execution_risk_scale"

# 5. Prometheus itself has the series (its HTTP API)
has_samples() {
  curl -fsS --get "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$1" | grep -q '"result":\[{'
}
for query in 'aurora_execution_risk_scale{profile="default"}' 'riskbench_jobs_total{kind="replay",status="succeeded"} >= 1' \
    'riskbench_jobs_total{kind="scenario",status="succeeded"} >= 1'; do
  ok=""
  for _ in $(seq 1 60); do
    if has_samples "$query"; then ok=1; break; fi
    sleep 1
  done
  [ -n "$ok" ] || fail "Prometheus has no sample for: $query"
  echo "ci-check: Prometheus has $query"
done

# 6. the shipped rules and scrape config
promtool check rules packaging/prometheus/alerts.yml
promtool check config packaging/prometheus/prometheus.yml
echo "ci-check: riskbench serve + Prometheus passed"
