#!/bin/sh
# Makes the class data sharing archive (AppCDS) of an installed Riskbench: the classes its commands load (the JDK's,
# the libraries', the app's) parsed, verified and laid out once, so that every start of the launcher maps them
# instead (about 1.5 s of CPU less for a scenario run on a 2-core machine; README, "scenario end to end"). The
# launcher names it with -XX:SharedArchiveFile=$APPDIR/riskbench.jsa; without it, or when the folder was moved since
# (the archive names the jar by its path), the JVM loads the classes as usual.
#   usage: cds-archive.sh APP   (APP: the folder holding bin/riskbench and lib/; build.sh and the .deb's postinst run it)
set -eu
app=$(cd "${1:?usage: cds-archive.sh APP_FOLDER}" && pwd -P)
appdir="$app/lib/app"
java="$app/lib/runtime/bin/java"
jar="$appdir/riskbench.jar"
samples="$appdir/sample-data"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The classes three typical commands load, each list in the order they were loaded; -Xmx as the launcher's.
train() {
    list=$1
    shift
    "$java" -Xmx4g -XX:DumpLoadedClassList="$tmp/$list.classlist" -cp "$jar" org.riskbench.Launcher "$@" \
        > "$tmp/$list.log" 2>&1
}
train scenario scenario run --config "$samples/scenarios/blrm.yaml" --workspace "$tmp/ws" --output-dir "$tmp/scenario"
train replay replay --series "$samples/series/synthetic-regime.csv" --profile "$samples/profiles/default.yaml" \
    --out "$tmp/replay" --workspace "$tmp/ws"
train help --help
# each line once (the JDK 17 dump crashes on a lambda listed twice), in the order first seen
awk '!seen[$0]++' "$tmp/scenario.classlist" "$tmp/replay.classlist" "$tmp/help.classlist" > "$tmp/all.classlist"
"$java" -Xmx4g -Xshare:dump -XX:SharedClassListFile="$tmp/all.classlist" -XX:SharedArchiveFile="$tmp/riskbench.jsa" \
    -cp "$jar" > "$tmp/dump.log" 2>&1
mv -f "$tmp/riskbench.jsa" "$appdir/riskbench.jsa"
echo "class data sharing archive: $appdir/riskbench.jsa"
