#!/usr/bin/env bash
# Regenerates format/generated/ from format/tinyonnx.fbs with flatc (Debian's flatbuffers-compiler,
# 2.0.8). The output compiles as-is against the flatbuffers npm package (v25) under the host
# tsconfig, so no post-processing is needed.
#   bash format/generate.sh           rewrite format/generated/
#   bash format/generate.sh --check   regenerate into a temporary folder and fail if the committed
#                                     code differs (CI runs this)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v flatc >/dev/null || { echo "flatc not found: apt-get install flatbuffers-compiler" >&2; exit 1; }
if [ "${1:-}" = "--check" ]; then
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  flatc --ts -o "$tmp" format/tinyonnx.fbs
  if ! diff -r "$tmp" format/generated >/dev/null; then
    diff -ru format/generated "$tmp" | head -40 >&2
    echo "format/generated is stale: run 'npm run gen:format' and commit the result" >&2
    exit 1
  fi
  echo "format/generated matches format/tinyonnx.fbs ($(flatc --version))"
  exit 0
fi
rm -rf format/generated
flatc --ts -o format/generated format/tinyonnx.fbs
echo "generated format/generated with $(flatc --version)"
