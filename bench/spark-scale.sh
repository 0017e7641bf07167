#!/usr/bin/env bash
# Spark's overhead and throughput on one machine (docs/scale-out.md "Benchmarks"), in one session:
#   - calibrate: the same 2,000-point grid on a 50,000-step series,
#   - infer: a 5,000,000-row transactions file (riskbench synth transactions), scored with one bundle,
# each run locally (this computer, all cores), with --spark 'local[2]' and on a 1-worker standalone cluster
# (Master + Worker JVMs from spark/target/spark-deps on 127.0.0.1, the worker with 2 cores), wall time of the whole
# `riskbench` command (JVM start, Spark's start and the driver included), the load average before each run.
# usage: bench/spark-scale.sh [DIR (default /tmp/riskbench-spark-scale)] [ROWS (default 5000000)] [STEPS (default 50000)]
# Needs a build: mvn -B -DskipTests package (target/riskbench.jar, spark/target/riskbench-spark-job.jar, spark-deps).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-/tmp/riskbench-spark-scale}
rows=${2:-5000000}
steps=${3:-50000}
jar="$top/target/riskbench.jar"
deps="$top/spark/target/spark-deps"
mkdir -p "$dir"
rb() { java -Xmx12g -jar "$jar" "$@" --workspace "$dir/ws"; }
synth() { java -jar "$jar" synth "$@"; }

# Inputs, made once and reused.
series="$dir/series-$steps.csv"
[ -f "$series" ] || awk -v steps="$steps" 'BEGIN { srand(42); print "ts,y,latency_ms"; level = 100;
    for (t = 0; t < steps; t++) { if (t % 5000 == 0) level = 95 + 10 * rand();
        printf "%d,%.4f,%.1f\n", t, level + 2 * (rand() + rand() + rand() - 1.5), 150 + 20 * rand() }}' > "$series"
# 10 x 5 x 8 x 5 = 2,000 points
grid="hysteresis.dwell_pass=[3,4,5,6,7,8,9,10,11,12];kappa.tau_pass=0.30,0.35,0.40,0.45,0.50;"
grid+="guards.latency_p95.soft=[200,250,300,350,400,450,500,550];guards.coverage_ema.soft=[0.80,0.82,0.84,0.86,0.88]"
tx="$dir/transactions-$rows.csv"
[ -f "$tx" ] || synth transactions --rows "$rows" --seed 42 --out "$tx" > /dev/null
bundle="$dir/bundle"
if [ ! -d "$bundle" ]; then
    synth transactions --rows 20000 --seed 7 --out "$dir/train.csv" > /dev/null
    rb model train --data "$dir/train.csv" --label label --out "$bundle" > /dev/null
fi

# A 1-worker standalone cluster, stopped on exit.
opens=$(sed -n 's:.*<spark.jvm.options>\(-XX[^<]*\)</spark.jvm.options>.*:\1:p' "$top/spark/pom.xml")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port); ui=$(free_port)
mkdir -p "$dir/spark-home" "$dir/work"
ln -sfn "$deps" "$dir/spark-home/jars"
# shellcheck disable=SC2086
java -Xmx512m $opens -cp "$deps/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" \
    --webui-port "$ui" > "$dir/master.log" 2>&1 &
master_pid=$!
# shellcheck disable=SC2086
SPARK_HOME="$dir/spark-home" SPARK_SCALA_VERSION=2.13 java -Xmx512m $opens -cp "$deps/*" \
    org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 2 --memory 10g --webui-port "$(free_port)" \
    --work-dir "$dir/work" "spark://127.0.0.1:$port" > "$dir/worker.log" 2>&1 &
worker_pid=$!
trap 'kill $worker_pid $master_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$ui/json/" 2>/dev/null | grep -q '"aliveworkers" *: *1' && break
    sleep 1
done

results="$dir/results.txt"
: > "$results"
run() { # label, command...: "label seconds load"
    local label=$1; shift
    local load; load=$(cut -d' ' -f1 /proc/loadavg)
    local t0; t0=$(date +%s.%N)
    "$@" > "$dir/last.out" 2> "$dir/last.err" || { echo "$label FAILED"; tail -3 "$dir/last.err"; exit 1; }
    local t1; t1=$(date +%s.%N)
    printf '%s %.1f %s\n' "$label" "$(echo "$t1 - $t0" | bc)" "$load" | tee -a "$results"
}
rm -rf "$dir/ws" "$dir"/calib-* "$dir"/infer-*
executor=(--spark-conf spark.executor.memory=8g --spark-conf spark.driver.memory=4g)
for mode in local 'local[2]' "spark://127.0.0.1:$port"; do
    label=$mode; [[ $mode == spark://* ]] && label=standalone
    spark=(); [ "$mode" = local ] || spark=(--spark "$mode" --spark-conf spark.ui.enabled=false "${executor[@]}")
    run "calibrate-$label" rb calibrate --series "$series" --profile "$top/sample-data/profiles/default.yaml" \
        --grid "$grid" --calib-out-dir "$dir/calib-$label" "${spark[@]}"
    run "infer-$label" rb infer "$tx" --model "$bundle" --size-limit-mb 0 --out "$dir/infer-$label" "${spark[@]}"
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; $(java -version 2>&1 | head -1)"
awk -v rows="$rows" '{ split($1, a, "-"); what = a[1]; n = what == "calibrate" ? 2000 : rows;
    printf "%-22s %8.1f s  %12.0f %s/s  %10.0f per core  (load %s)\n", $1, $2, n / $2, what == "calibrate" ? "points" : "rows",
    n / $2 / 2, $3 }' "$results"
