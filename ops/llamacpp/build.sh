#!/usr/bin/env bash
# Builds llama.cpp's llama-server and llama-bench (CPU only, portable AVX2) once into a cache outside the repo:
#   ops/llamacpp/build.sh [SOURCE_TARBALL]      default: ../shared/llamacpp-src/llama.cpp-<commit>.tar.gz
# Cache: ${SYMOE_CACHE:-~/.cache/symoe}/llama.cpp-<commit>/. A finished build is reused at once. The last line
# printed is the directory holding the binaries (use it as --vs-llamacpp BIN_DIR or a llama-server backend's binary).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
log() { echo "llamacpp-build: $*" >&2; }
die() { log "$*"; exit 1; }

TARBALL="${1:-}"
if [ -z "$TARBALL" ]; then
  TARBALL=$(ls "$REPO"/../shared/llamacpp-src/llama.cpp-*.tar.gz 2>/dev/null | head -n1 || true)
  [ -n "$TARBALL" ] || die "no source tarball given and none at $REPO/../shared/llamacpp-src/llama.cpp-*.tar.gz;
pass one: ops/llamacpp/build.sh path/to/llama.cpp-<commit>.tar.gz"
fi
[ -f "$TARBALL" ] || die "source tarball $TARBALL does not exist"
TARBALL="$(cd "$(dirname "$TARBALL")" && pwd)/$(basename "$TARBALL")"

# The commit names the cache directory, so two source versions never share a build.
name=$(basename "$TARBALL"); name=${name%.tar.gz}; name=${name%.tgz}
COMMIT=${name#llama.cpp-}
[ "$COMMIT" != "$name" ] && [ -n "$COMMIT" ] || COMMIT=$(sha256sum "$TARBALL" | cut -c1-12)

CACHE="${SYMOE_CACHE:-$HOME/.cache/symoe}"
DEST="$CACHE/llama.cpp-$COMMIT"
BIN="$DEST/bin"
DONE="$DEST/.complete"
TARGETS=(llama-server llama-bench)

finished() { [ -f "$DONE" ] && for t in "${TARGETS[@]}"; do [ -x "$BIN/$t" ] || return 1; done; }

if finished; then log "reusing $BIN"; echo "$BIN"; exit 0; fi

mkdir -p "$CACHE"
# Several builds started together (tests, CI, a user) wait for one another instead of racing in one directory.
exec 9>"$CACHE/.llama.cpp-$COMMIT.lock"
flock 9
if finished; then log "reusing $BIN"; echo "$BIN"; exit 0; fi

need=()
command -v cmake >/dev/null 2>&1 || need+=(cmake)
command -v g++ >/dev/null 2>&1 || need+=(g++)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${need[*]} from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    die "${need[*]} needed to build llama.cpp; install them (e.g. sudo apt-get install ${need[*]})"
  fi
fi

WORK="$DEST/src"
rm -rf "$DEST"; mkdir -p "$WORK" "$BIN"
start=$(date +%s)
log "building llama.cpp $COMMIT into $DEST (a few minutes on 2 cores; build log: $DEST/build.log)"
tar -xzf "$TARBALL" -C "$WORK"
SRC=$(find "$WORK" -maxdepth 2 -name CMakeLists.txt -printf '%h\n' | head -n1)
[ -n "$SRC" ] || die "no CMakeLists.txt in $TARBALL: is it llama.cpp's source?"
jobs=$(nproc 2>/dev/null || echo 2)
if ! {
  cmake -S "$SRC" -B "$SRC/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON \
        -DGGML_F16C=ON -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DBUILD_SHARED_LIBS=OFF &&
  cmake --build "$SRC/build" -j"$jobs" --target "${TARGETS[@]}"
} >"$DEST/build.log" 2>&1; then
  tail -n 40 "$DEST/build.log" >&2
  die "build failed (full log: $DEST/build.log)"
fi
for t in "${TARGETS[@]}"; do cp "$SRC/build/bin/$t" "$BIN/"; done
# The sources and objects are ~hundreds of MB; only the static binaries are needed.
rm -rf "$WORK"
echo "$COMMIT" >"$DONE"
log "built in $(( $(date +%s) - start )) s"
echo "$BIN"
