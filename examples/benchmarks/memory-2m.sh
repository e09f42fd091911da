#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# DESIGN §6 at full size (issue 12, item 9): N distinct result groups (2 million by default) scanned
# at a small heap must give exactly N rows, the groups spilling to disk and merging. MemoryIT runs
# the same at 60,000 groups in `mvn -B verify`; this one takes minutes. See BENCHMARKS.md.
# usage: examples/benchmarks/memory-2m.sh [GROUPS=2000000] [HEAP=64m]
# Needs: mvn -B verify (builds examples/cli/target/tunnelwatch.jar). The input (about 270 MB for 2
# million) and the spilled runs go to ${TMPDIR:-/tmp}, never the repository, and are deleted.
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT=${1:-2000000}
HEAP=${2:-64m}
CLI=${TUNNELWATCH_JAR:-examples/cli/target/tunnelwatch.jar}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/tunnelwatch-memory.XXXXXX")
trap 'rm -rf "$DIR"' EXIT

# CrowdStrike ProcessRollup2, the smallest lines: one devtunnel execution per process id.
awk -v n="$COUNT" 'BEGIN { for (i = 0; i < n; i++)
  printf "{\"event_simpleName\":\"ProcessRollup2\",\"ImageFileName\":\"\\\\Device\\\\devtunnel.exe\",\"RawProcessId\":\"%d\",\"timestamp\":\"17%011d\"}\n", i, i }' \
  > "$DIR/groups.jsonl"
mkdir "$DIR/spill"

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); load: $(uptime | sed 's/.*load average: //')"
start=$(date +%s%N)
set +e
/usr/bin/time -f "max RSS %M KB" java "-Xmx$HEAP" -jar "$CLI" scan -o jsonl --temp-dir "$DIR/spill" "$DIR/groups.jsonl" \
  > "$DIR/rows.jsonl" 2> "$DIR/err"
status=$?
set -e
end=$(date +%s%N)
rows=$(wc -l < "$DIR/rows.jsonl")
distinct=$(grep -o '"process_id":"[0-9]*"' "$DIR/rows.jsonl" | sort -u | wc -l)
left=$(find "$DIR/spill" -mindepth 1 | wc -l)
grep -E '^(rows|time) |max RSS|tunnelwatch' "$DIR/err" || true
echo "groups $COUNT heap $HEAP: exit $status, $rows rows ($distinct distinct), $left files left in --temp-dir, $(( (end - start) / 1000000 )) ms"
[ "$status" -eq 0 ] && [ "$rows" -eq "$COUNT" ] && [ "$distinct" -eq "$COUNT" ] && [ "$left" -eq 0 ]
