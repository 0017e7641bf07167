#!/usr/bin/env bash
# Builds Riskbench installers with jpackage and a jlink'ed runtime.
#   packaging/build.sh app-image   -> target/dist/riskbench/            (portable folder, bin/riskbench)
#   packaging/build.sh deb         -> target/dist/riskbench_<v>_amd64.deb (needs fakeroot + dpkg-deb)
# Windows (.msi, needs WiX 3) and macOS (.dmg) are built the same way on those systems:
#   jpackage --type msi --win-menu --win-shortcut --win-console ... / jpackage --type dmg --mac-package-name Riskbench ...
set -euo pipefail
cd "$(dirname "$0")/.."
type=${1:-app-image}
version=$(sed -n 's:.*<version>\([0-9][0-9.]*\)</version>.*:\1:p' pom.xml | head -1)

[ -f target/riskbench.jar ] || mvn -B -q -DskipTests package

# The runtime: the modules the jar needs (from jdeps), plus desktop/logging/xml that JavaFX and Logback use.
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.scripting,java.sql,java.xml,jdk.jfr,jdk.management,jdk.unsupported,jdk.unsupported.desktop,jdk.crypto.ec,jdk.zipfs
rm -rf target/jpackage target/dist
mkdir -p target/jpackage/input target/dist
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
      --output target/jpackage/runtime
cp target/riskbench.jar target/jpackage/input/
# The Spark job jar ships with the app (docs/scale-out.md), in a subfolder so it is not on the desktop app's class path.
if [ -f spark/target/riskbench-spark-job.jar ]; then
  mkdir -p target/jpackage/input/spark && cp spark/target/riskbench-spark-job.jar target/jpackage/input/spark/
fi
# Sample data ships inside the app, so "open sample data" works on an installed copy.
cp -r sample-data target/jpackage/input/sample-data
# The script that makes the app's class data sharing archive where it is installed (see the file).
cp packaging/cds-archive.sh target/jpackage/input/

common=(--name riskbench --app-version "$version" --vendor "Riskbench"
        --description "Workbench for risk and ML analysts: scenarios, acceptance replay, calibration, jobs"
        --input target/jpackage/input --main-jar riskbench.jar --main-class org.riskbench.Launcher
        --runtime-image target/jpackage/runtime --icon packaging/riskbench.png
        --java-options "-Xmx4g" --dest target/dist
        # C2 compiles a method once it is called 15,000 times (JDK default 5,000; loops still move to C2 at the same
        # trip counts): the start-up code a short command calls a few thousand times stays with C1, about 15% less CPU
        # for a scenario run on 1M rows (README, Benchmarks), the same for long jobs whose hot code C2 still compiles
        --java-options "-XX:Tier4InvocationThreshold=15000" --java-options "-XX:Tier4MinInvocationThreshold=2000"
        --java-options "-XX:Tier4CompileThreshold=30000"
        # the classes mapped from the archive cds-archive.sh makes; silent when it is missing or stale (a moved folder)
        --java-options '-XX:SharedArchiveFile=$APPDIR/riskbench.jsa' --java-options '-Xlog:cds*=off')

case "$type" in
  app-image)
    jpackage --type app-image "${common[@]}"
    sh target/dist/riskbench/lib/app/cds-archive.sh target/dist/riskbench
    echo "built target/dist/riskbench (launcher: target/dist/riskbench/bin/riskbench)"
    ;;
  deb)
    # Desktop entry and menu item from jpackage; the postinst (packaging/linux) puts `riskbench` on PATH.
    # JavaFX's native code comes inside the jar, so jpackage cannot see that the window needs GTK 3: say so.
    jpackage --type deb "${common[@]}" --resource-dir packaging/linux --linux-package-deps libgtk-3-0 \
      --linux-shortcut --linux-menu-group "Science;Office" --linux-app-category science \
      --linux-deb-maintainer "riskbench@example.org"
    ls target/dist/*.deb
    ;;
  *) echo "usage: $0 [app-image|deb]" >&2; exit 2 ;;
esac
