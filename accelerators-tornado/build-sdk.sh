#!/usr/bin/env bash
# Builds TornadoVM's OpenCL backend from source once into ${SYMOE_CACHE:-~/.cache/symoe}/tornadovm-<commit>/ and
# prints that directory (TORNADOVM_HOME) as its last line. A finished build is reused (a marker file written last),
# and concurrent callers wait on one lock instead of building twice.
#
#   accelerators-tornado/build-sdk.sh [SOURCE_TARBALL]     (default: ../shared/tornadovm/TornadoVM-jdk25-*.tar.gz)
#
# Nothing is downloaded by URL: the GraalVM jars TornadoVM's installer would fetch come from Maven Central through
# Maven, the OpenCL headers it would clone from GitHub come from Debian's packages, and the JDK is the local one.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
log() { echo "build-sdk: $*" >&2; }
die() { echo "build-sdk: error: $*" >&2; exit 1; }

tarball="${1:-}"
if [ -z "$tarball" ]; then
  tarball="$(ls "$repo"/../shared/tornadovm/TornadoVM-jdk25-*.tar.gz 2>/dev/null | head -n 1 || true)"
  [ -n "$tarball" ] || die "no TornadoVM source tarball given and none in $repo/../shared/tornadovm/; pass its path: $0 TornadoVM-<branch>-<commit>.tar.gz"
fi
[ -f "$tarball" ] || die "$tarball: no such file; pass the path of a TornadoVM source tarball"
tarball="$(cd "$(dirname "$tarball")" && pwd)/$(basename "$tarball")"

# The cache key is the source commit (in the tarball's name, as ../shared names it), else the tarball's digest, so
# a different source never reuses another's SDK.
name="$(basename "$tarball")"
if [[ "$name" =~ -([0-9a-f]{7,40})\.tar\.gz$ ]]; then
  key="${BASH_REMATCH[1]}"
else
  key="$(sha256sum "$tarball" | cut -c1-12)"
fi
cache="${SYMOE_CACHE:-$HOME/.cache/symoe}"
home="$cache/tornadovm-$key"
mkdir -p "$cache"

exec 9>"$home.lock"
flock 9
if [ -f "$home/.symoe-complete" ]; then
  echo "$home"
  exit 0
fi

# --- prerequisites -------------------------------------------------------------------------------------------------
# PoCL is the OpenCL device on a machine without a GPU driver; the headers and the ICD loader are what TornadoVM's
# JNI library compiles and links against.
need_pkgs=()
for p in pocl-opencl-icd ocl-icd-opencl-dev opencl-headers; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need_pkgs+=("$p")
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${need_pkgs[*]}"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null; } \
      || die "apt-get install ${need_pkgs[*]} failed; install them and run again"
  elif command -v dpkg-query >/dev/null 2>&1; then
    die "missing packages: ${need_pkgs[*]}; run: sudo apt-get install ${need_pkgs[*]}"
  fi
fi
[ -f /usr/include/CL/cl.h ] || die "/usr/include/CL/cl.h not found; install OpenCL headers (Debian: opencl-headers)"
for t in cmake gcc g++ python3 tar flock; do command -v "$t" >/dev/null || die "$t not found on PATH; install it"; done

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
jdk=""
for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
  [ -n "$c" ] && [ -x "$c/bin/javac" ] && [ "$(java_major "$c")" = 25 ] && { jdk="$c"; break; }
done
[ -n "$jdk" ] || die "TornadoVM's jdk25 branch needs JDK 25 (javac); set JAVA_HOME to one"
export JAVA_HOME="$jdk" PATH="$jdk/bin:$PATH"
mvn_sys="$(command -v mvn || true)"
[ -n "$mvn_sys" ] || die "mvn not found on PATH; install Maven 3.8+"

# --- build in a scratch tree, then move the SDK into place ----------------------------------------------------------
start=$(date +%s)
work="$home.build"
rm -rf "$work" "$home"
mkdir -p "$work"
log "unpacking $name into $work"
tar xzf "$tarball" -C "$work"
src="$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
[ -f "$src/pom.xml" ] || die "$tarball does not hold a TornadoVM source tree (no pom.xml at its top folder)"

# GraalVM jars: the version and jars that bin/pull_graal_jars.py downloads, resolved through Maven instead (from a
# folder without a pom, so the calls see no project). Its list also names compiler-management, which is not
# published at this version and which the OpenCL backend does not load.
graal="$(sed -n 's/^VERSION = "\(.*\)"/\1/p' "$src/bin/pull_graal_jars.py")"
[ -n "$graal" ] || die "cannot read the GraalVM version from $src/bin/pull_graal_jars.py"
mkdir -p "$src/graalJars"
for a in compiler/compiler sdk/graal-sdk truffle/truffle-api truffle/truffle-compiler \
         sdk/collections sdk/word polyglot/polyglot; do
  g="org.graalvm.${a%%/*}"; id="${a##*/}"
  ( cd "$work" && "$mvn_sys" -B -q -ntp dependency:copy -Dartifact="$g:$id:$graal" -DoutputDirectory="$src/graalJars" \
    -Dmdep.overWriteIfNewer=true >&2 ) || die "could not fetch $g:$id:$graal with Maven (is Maven Central reachable?)"
done

# OpenCL headers where the JNI CMake build looks for them (TornadoVM's script would clone Khronos' repository).
mkdir -p "$src/tornado-drivers/opencl-jni/src/main/cpp/headers/include"
cp -r /usr/include/CL "$src/tornado-drivers/opencl-jni/src/main/cpp/headers/include/"

echo "tornado.backends=opencl-backend" > "$src/tornado-assembly/src/etc/tornado.backend"

# Debian's Maven 3.8 rejects the comments in .mvn/maven.config, so the tree's wrapper (Maven 3.9 from Central).
# One Maven thread per core: the tree's -T1.5C oversubscribes small machines.
sed -i 's/^-T1\.5C$/-T1C/' "$src/.mvn/maven.config"
log "building TornadoVM (OpenCL backend) with $jdk; this takes a few minutes"
( cd "$src" && ./mvnw -B -ntp -Pjdk25,opencl-backend -Dtornado.backend=opencl -DskipTests install ) >"$work/build.log" 2>&1 \
  || { tail -n 40 "$work/build.log" >&2; die "TornadoVM's Maven build failed; full log: $work/build.log"; }

sdk="$(find "$src/dist" -mindepth 2 -maxdepth 2 -type d -name 'tornadovm-*-opencl' | head -n 1)"
[ -n "$sdk" ] && [ -d "$sdk/share/java/tornado" ] || die "the build finished but no SDK under $src/dist; see $work/build.log"
mv "$sdk" "$home"
cp "$work/build.log" "$home/symoe-build.log"

# The argfile names absolute paths, so it is generated after the SDK is in its final place (what bin/compile does
# after the Maven build).
mkdir -p "$home/etc"
echo "tornado.backends=opencl-backend" > "$home/etc/tornado.backend"
( cd "$home/bin" && TORNADOVM_HOME="$home" python3 gen-tornado-argfile-template.py opencl >/dev/null ) \
  || die "gen-tornado-argfile-template.py failed in $home/bin"
[ -f "$home/tornado-argfile.template" ] || die "no tornado-argfile.template was generated in $home"
sed "s|\${TORNADOVM_HOME}|$home|g" "$home/tornado-argfile.template" > "$home/tornado-argfile"

# A build that cannot see a device is not finished: say so now, not at the first test.
devices="$(cd "$home" && TORNADOVM_HOME="$home" PATH="$home/bin:$PATH" tornado --devices 2>&1)" \
  || { echo "$devices" >&2; die "'tornado --devices' failed; is an OpenCL ICD installed (Debian: pocl-opencl-icd)?"; }
echo "$devices" | grep -qi 'opencl' || { echo "$devices" >&2; die "'tornado --devices' lists no OpenCL device"; }
echo "$devices" >&2

rm -rf "$work"
secs=$(( $(date +%s) - start ))
printf 'source=%s\njdk=%s\nseconds=%s\n' "$tarball" "$jdk" "$secs" > "$home/.symoe-complete"
log "built in ${secs}s"
echo "$home"
