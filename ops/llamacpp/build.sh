#!/usr/bin/env bash
# Builds llama.cpp's llama-server, llama-bench and llama-eval-callback (CPU only, portable AVX2) once into a cache
# outside the repo:
#   ops/llamacpp/build.sh [SOURCE_TARBALL]      default: ../shared/llamacpp-src/llama.cpp-<commit>.tar.gz
# Cache: ${SYMOE_CACHE:-~/.cache/symoe}/llama.cpp-<commit>/. A finished build is reused at once. The last line
# printed is the directory holding the binaries (use it as --vs-llamacpp BIN_DIR or a llama-server backend's binary).
# llama-eval-callback (prints every intermediate tensor of a prompt's graph) came later: a cache finished without
# it is still reused as it is, and SYMOE_LLAMACPP_EVAL_CALLBACK=1 adds just that binary to it.
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
# Built with the others, but not required of a finished cache (caches from before it keep working unrebuilt).
OPTIONAL=(llama-eval-callback)

finished() { [ -f "$DONE" ] && for t in "${TARGETS[@]}"; do [ -x "$BIN/$t" ] || return 1; done; }
missing_optional() { for t in "${OPTIONAL[@]}"; do [ -x "$BIN/$t" ] || echo "$t"; done; }

# Reuse a finished cache; with SYMOE_LLAMACPP_EVAL_CALLBACK=1 only if it has the optional binaries too.
reusable() { finished && { [ "${SYMOE_LLAMACPP_EVAL_CALLBACK:-0}" != 1 ] || [ -z "$(missing_optional)" ]; }; }

if reusable; then log "reusing $BIN"; echo "$BIN"; exit 0; fi

mkdir -p "$CACHE"
# Several builds started together (tests, CI, a user) wait for one another instead of racing in one directory.
exec 9>"$CACHE/.llama.cpp-$COMMIT.lock"
flock 9
if reusable; then log "reusing $BIN"; echo "$BIN"; exit 0; fi

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
jobs=$(nproc 2>/dev/null || echo 2)

# Extracts the source into $WORK, builds the given targets there, copies them into $BIN and removes the tree
# (sources and objects are ~hundreds of MB; only the static binaries are needed).
build_targets() {
  rm -rf "$WORK"; mkdir -p "$WORK" "$BIN"
  tar -xzf "$TARBALL" -C "$WORK"
  local src
  src=$(find "$WORK" -maxdepth 2 -name CMakeLists.txt -printf '%h\n' | head -n1)
  [ -n "$src" ] || die "no CMakeLists.txt in $TARBALL: is it llama.cpp's source?"
  if ! {
    cmake -S "$src" -B "$src/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON \
          -DGGML_F16C=ON -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DBUILD_SHARED_LIBS=OFF &&
    cmake --build "$src/build" -j"$jobs" --target "$@"
  } >>"$DEST/build.log" 2>&1; then
    tail -n 40 "$DEST/build.log" >&2
    die "build failed (full log: $DEST/build.log)"
  fi
  for t in "$@"; do cp "$src/build/bin/$t" "$BIN/"; done
  rm -rf "$WORK"
}

start=$(date +%s)
if finished; then
  # a cache from before the optional targets: add them, leaving the binaries in use untouched
  mapfile -t add < <(missing_optional)
  log "adding ${add[*]} to $BIN (build log: $DEST/build.log)"
  build_targets "${add[@]}"
else
  rm -rf "$DEST"; mkdir -p "$DEST"
  log "building llama.cpp $COMMIT into $DEST (a few minutes on 2 cores; build log: $DEST/build.log)"
  build_targets "${TARGETS[@]}" "${OPTIONAL[@]}"
  echo "$COMMIT" >"$DONE"
fi
log "built in $(( $(date +%s) - start )) s"
echo "$BIN"
