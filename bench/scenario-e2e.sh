#!/usr/bin/env bash
# The scenario-e2e benchmark, Java against numpy, on the same machine in the same session:
#   `riskbench scenario run` (a new JVM each time) and bench/scenario_numpy.py on one seeded 1M-row x 8-feature
#   table (~85 MB, written by `riskbench synth scenario`) with 20 bootstrap scenarios; wall time and peak RSS of
#   each run from /usr/bin/time, the median of REPS runs of each, alternated, with the load average before each; the
#   CPU time (user + sys) too, the fairer figure when other work shares the cores. Then the peak RSS against the table's
#   size in doubles above the JVM's own (an empty `--version`, and the same run on 1,000 rows), and the phases each
#   Java run logged (the read with its MB/s, the fit, the scenarios).
# usage: bench/scenario-e2e.sh [RISKBENCH (default target/riskbench.jar)] [REPS (default 3)] [DIR (default /tmp/riskbench-e2e)]
#   RISKBENCH: a jar, run as `java -jar JAR`, or the launcher a user runs, e.g. target/dist/riskbench/bin/riskbench
#   (packaging/build.sh app-image: its own runtime and class data sharing archive).
set -euo pipefail
jar=${1:-target/riskbench.jar}
case "$jar" in
    *.jar) riskbench=(java -jar "$jar") ;;
    *) riskbench=("$jar") ;;
esac
reps=${2:-3}
dir=${3:-/tmp/riskbench-e2e}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
table="$dir/scenario-1000000.csv"
[ -f "$table" ] || "${riskbench[@]}" synth scenario --rows 1000000 --features 8 --seed 42 --out "$table"
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
measure() { # label, command...: prints "label wall_s rss_mb cpu_s [phases]"; the command's stderr in $dir/$label.log
    local label=$1; shift
    local log="$dir/time.log"
    /usr/bin/time -f '%e %M %U %S' -o "$log" "$@" > "$dir/$label.log" 2>&1
    read -r wall kb user sys < "$log"
    echo "$label $wall $((kb / 1024)) $(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u + s}') $(phases "$dir/$label.log")"
}
phases() { # the run's own phase times from its log: the scenario run's INFO lines, numpy's last line
    sed -n -e 's/.*; \(read [0-9.]* MB in [0-9.]* s ([0-9]* MB\/s), fitted in [0-9.]* s\).*/\1/p' \
        -e "s/.*: \(scenarios in [0-9.]* s\).*/\1/p" -e 's/^numpy: .*; \(read .*\)/\1/p' "$1" | paste -sd ';' -
}
# the JVM's own peak RSS: an empty command, and the same scenario run on a 1,000-row table
small="$dir/scenario-1000.csv"
[ -f "$small" ] || "${riskbench[@]}" synth scenario --rows 1000 --features 8 --seed 42 --out "$small" > /dev/null
sed "s|$table|$small|" "$dir/e2e.yaml" > "$dir/e2e-1000.yaml"
version_rss=$(measure version "${riskbench[@]}" --version | cut -d' ' -f3)
rm -rf "$dir/ws" "$dir/out-java"
small_rss=$(measure java-1000 "${riskbench[@]}" scenario run --config "$dir/e2e-1000.yaml" --workspace "$dir/ws" --output-dir "$dir/out-java" | cut -d' ' -f3)
results="$dir/results.txt"
: > "$results"
for i in $(seq "$reps"); do
    echo "load before run $i: $(cut -d' ' -f1-3 /proc/loadavg)"
    rm -rf "$dir/ws" "$dir/out-java" "$dir/out-numpy"
    measure java "${riskbench[@]}" scenario run --config "$dir/e2e.yaml" --workspace "$dir/ws" --output-dir "$dir/out-java" | tee -a "$results"
    measure numpy python3 "$here/scenario_numpy.py" "$table" "$dir/out-numpy" --scenarios 20 --seed 42 | tee -a "$results"
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
jw=$(awk '$1=="java"{print $2}' "$results" | median); nw=$(awk '$1=="numpy"{print $2}' "$results" | median)
jr=$(awk '$1=="java"{print $3}' "$results" | median); nr=$(awk '$1=="numpy"{print $3}' "$results" | median)
jc=$(awk '$1=="java"{print $4}' "$results" | median); nc=$(awk '$1=="numpy"{print $4}' "$results" | median)
echo "median of $reps (${riskbench[*]}): java ${jw} s wall, ${jc} s CPU, peak RSS ${jr} MB; numpy ${nw} s wall, ${nc} s CPU," \
     "peak RSS ${nr} MB;" \
     "numpy/java = $(awk -v j="$jw" -v n="$nw" 'BEGIN{printf "%.2f", n/j}')x wall, $(awk -v j="$jc" -v n="$nc" 'BEGIN{printf "%.2f", n/j}')x CPU"
rows=$(($(wc -l < "$table") - 1))
cols=$(head -1 "$table" | awk -F, '{print NF}')
awk -v r="$jr" -v v="$version_rss" -v s="$small_rss" -v rows="$rows" -v cols="$cols" 'BEGIN {
    t = rows * cols * 8 / 1048576
    printf "peak RSS (MiB): %d; the table in doubles %.1f (%d x %d); the JVM own: --version %d, the run on 1,000 rows %d;" \
        " above them %.2fx and %.2fx the table (target: at most 2x)\n", r, t, rows, cols, v, s, (r - v) / t, (r - s) / t }'
echo "java's phases in each run (from its log; read MB/s includes the JIT's warm-up in a new JVM):"
awk '$1=="java"{$1=""; $2=$2 " s wall"; print " " $0}' "$results"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
