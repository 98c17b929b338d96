#!/usr/bin/env bash
# Peak RSS of a large loopback scan in each output mode (issue 16 item 3); see bench/memory.mjs for the options.
# Usage: bash bench/memory.sh [--range 127.16.0.0/14] [--modes plain,json,ndjson,xml,store] [--compare OTHER/dist/cli/main.js]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/cli/main.js ] || npm run build
if [ -z "${GATEHOUSE_BENCH_NOLOCK:-}" ]; then exec flock /tmp/gatehouse-bench.lock node bench/memory.mjs "$@"; fi
node bench/memory.mjs "$@"
