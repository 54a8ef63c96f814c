#!/usr/bin/env bash
# The real Espruino interpreter (2v29, Linux port built like a 12000-variable board) that the tests,
# `tinyonnx run --engine espruino` and .ci/run use. Builds it with ../shared/espruino/build.sh into
# .cache/espruino/espruino (git ignores .cache/) when it is missing or when build.sh, the source
# tarball or VARS changed, and prints the binary's path on its last line.
# env: TINYONNX_ESPRUINO_SRC  the folder holding build.sh and the tarball (default ../shared/espruino)
#      VARS                   JsVars of the build (default 12000; the cache keeps one build per VARS)
# Exit 2 with one line on stderr when it cannot be built (no source, no compiler).
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=${TINYONNX_ESPRUINO_SRC:-../shared/espruino}
VARS=${VARS:-12000}
CACHE=.cache/espruino
OUT=$CACHE/espruino-$VARS
[ "$VARS" = 12000 ] && OUT=$CACHE/espruino
if [ ! -f "$SRC/build.sh" ] || [ ! -f "$SRC/espruino-2v29-src.tar.xz" ]; then
  echo "espruino: $SRC/build.sh and espruino-2v29-src.tar.xz not found (set TINYONNX_ESPRUINO_SRC)" >&2; exit 2
fi
missing=()
for tool in make gcc python3 git sha256sum; do command -v "$tool" >/dev/null || missing+=("$tool"); done
key="$( (cat "$SRC/build.sh" "$SRC/espruino-2v29-src.tar.xz" | sha256sum | cut -c1-16) ) VARS=$VARS"
if [ -x "$OUT" ] && [ "$(cat "$OUT.key" 2>/dev/null)" = "$key" ]; then echo "$OUT"; exit 0; fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "espruino: cannot build it: ${missing[*]} not installed (apt-get install build-essential python3 git)" >&2; exit 2
fi
mkdir -p "$CACHE"
# One build at a time (test files run in parallel): the others wait for it and use its result.
lock=$CACHE/lock
for _ in $(seq 1 300); do mkdir "$lock" 2>/dev/null && break; sleep 1; done
[ -d "$lock" ] || { echo "espruino: $lock held for 5 minutes; remove it if no build is running" >&2; exit 2; }
trap 'rmdir "$lock"' EXIT
if [ -x "$OUT" ] && [ "$(cat "$OUT.key" 2>/dev/null)" = "$key" ]; then echo "$OUT"; exit 0; fi
tmp=$CACHE/build-$$
VARS=$VARS bash "$SRC/build.sh" "$tmp.bin" >"$CACHE/build.log" 2>&1 || { tail -5 "$CACHE/build.log" >&2; echo "espruino: build failed (log: $CACHE/build.log)" >&2; exit 2; }
mv -f "$tmp.bin" "$OUT"
echo "$key" >"$OUT.key"
echo "$OUT"
