#!/usr/bin/env bash
# The scenario-e2e benchmark, Java against numpy, on the same machine in the same session:
#   `riskbench scenario run` (a new JVM each time) and bench/scenario_numpy.py on one seeded 1M-row x 8-feature
#   table (~85 MB, written by `riskbench synth scenario`) with 20 bootstrap scenarios; wall time and peak RSS of
#   each run from /usr/bin/time, the median of REPS runs of each, alternated, with the load average before each.
# usage: bench/scenario-e2e.sh [JAR (default target/riskbench.jar)] [REPS (default 3)] [DIR (default /tmp/riskbench-e2e)]
set -euo pipefail
jar=${1:-target/riskbench.jar}
reps=${2:-3}
dir=${3:-/tmp/riskbench-e2e}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
table="$dir/scenario-1000000.csv"
[ -f "$table" ] || java -jar "$jar" synth scenario --rows 1000000 --features 8 --seed 42 --out "$table"
cat > "$dir/e2e.yaml" <<YAML
name: bench_e2e
input_path: $table
target: target
n_scenarios: 20
seed: 42
shock_sd: 0.05
bootstrap: true
hit_band: 2.0
YAML
measure() { # label, command...: prints "label wall_s rss_mb"
    local label=$1; shift
    local log="$dir/time.log"
    /usr/bin/time -f '%e %M' -o "$log" "$@" > /dev/null 2>&1
    read -r wall kb < "$log"
    echo "$label $wall $((kb / 1024))"
}
results="$dir/results.txt"
: > "$results"
for i in $(seq "$reps"); do
    echo "load before run $i: $(cut -d' ' -f1-3 /proc/loadavg)"
    rm -rf "$dir/ws" "$dir/out-java" "$dir/out-numpy"
    measure java java -jar "$jar" scenario run --config "$dir/e2e.yaml" --workspace "$dir/ws" --output-dir "$dir/out-java" | tee -a "$results"
    measure numpy python3 "$here/scenario_numpy.py" "$table" "$dir/out-numpy" --scenarios 20 --seed 42 | tee -a "$results"
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
jw=$(awk '$1=="java"{print $2}' "$results" | median); nw=$(awk '$1=="numpy"{print $2}' "$results" | median)
jr=$(awk '$1=="java"{print $3}' "$results" | median); nr=$(awk '$1=="numpy"{print $3}' "$results" | median)
echo "median of $reps: java ${jw} s wall, peak RSS ${jr} MB; numpy ${nw} s wall, peak RSS ${nr} MB;" \
     "numpy/java = $(awk -v j="$jw" -v n="$nw" 'BEGIN{printf "%.2f", n/j}')x"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
