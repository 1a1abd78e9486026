#!/usr/bin/env bash
# Builds a FAKE TornadoVM SDK (host emulation of the API subset accelerators-tornado uses) into
# accelerators-tornado/target/fake-tornado-sdk, so the module's kernels and tests can be compiled and run on a machine
# without TornadoVM:
#   accelerators-tornado/fake-sdk/build.sh
#   TORNADO_SDK=$PWD/accelerators-tornado/target/fake-tornado-sdk mvn -B -o -q -pl accelerators,accelerators-tornado test
# It runs every kernel as plain Java: @Parallel loops serially, KernelContext work-groups as threads with a barrier,
# and keeps separate "device" copies moved only as the task graphs declare (FIRST_EXECUTION / EVERY_EXECUTION /
# transferToHost). It checks the kernels' arithmetic and the graphs' transfer declarations, NOT TornadoVM's JIT.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../target/fake-tornado-sdk"
version="${TORNADO_VERSION:-4.0.1-dev}"
javac="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/javac"
jar="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/jar"
rm -rf "$out" && mkdir -p "$out/classes" "$out/share/java/tornado"
"$javac" -d "$out/classes" $(find "$here/src" -name '*.java')
"$jar" cf "$out/share/java/tornado/tornado-api-$version.jar" -C "$out/classes" .
echo "-Dsymoe.fake.tornado=true" > "$out/tornado-argfile"
echo "fake TornadoVM SDK: $out"
