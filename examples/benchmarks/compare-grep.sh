#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Whole-process comparison of `tunnelwatch scan` with `grep -ci devtunnel` on the same generated
# file (in the page cache), side by side in one run; see BENCHMARKS.md.
# usage: examples/benchmarks/compare-grep.sh [SIZE=1g] [RUNS=3] [KINDS="sysmon crowdstrike fdr-paths"]
# (fdr-paths: FDR lines full of escaped backslashes, C:\\Program Files\\..., as real exports are)
# Needs: mvn -B verify (builds examples/benchmarks/target/benchmarks.jar and
# examples/cli/target/tunnelwatch.jar, which examples/cli/tunnelwatch launches). Files go to ${TMPDIR:-/tmp}, never the repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE=${1:-1g}
RUNS=${2:-3}
KINDS=${3:-"sysmon crowdstrike fdr-paths"}
BENCH=examples/benchmarks/target/benchmarks.jar
CLI=examples/cli/target/tunnelwatch.jar
LAUNCHER=examples/cli/tunnelwatch
DIR=${TMPDIR:-/tmp}

OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
# Output to a file, not /dev/null: GNU grep stops at the first match when its output is /dev/null.
ms() { local s e; s=$(date +%s%N); "$@" > "$OUT" 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); load: $(uptime | sed 's/.*load average: //')"
for kind in $KINDS; do
  file="$DIR/tunnelwatch-$kind-$SIZE.log"
  [ -f "$file" ] || java -cp "$BENCH" io.tunnelwatch.benchmarks.CorpusGenerator "$kind" "$SIZE" "$file"
  cat "$file" > /dev/null # into the page cache
  # One untimed launcher run: after a new build it writes the launcher's AppCDS archive (once per
  # jar and java, ~1.5 s of CPU more), which every later run maps; the timed runs are those later runs.
  [ -f "$CLI" ] && { env -u TUNNELWATCH_JAVA_OPTS "$LAUNCHER" scan "$file" > /dev/null 2>&1 || true; }
  grep_t=(); one_t=(); lib_t=(); cli_t=(); run_t=()
  for _ in $(seq "$RUNS"); do
    grep_t+=("$(ms grep -ci devtunnel "$file")")
    one_t+=("$(ms java -cp "$BENCH" io.tunnelwatch.benchmarks.Scan "$file" --one-core)")
    lib_t+=("$(ms java -cp "$BENCH" io.tunnelwatch.benchmarks.Scan "$file")")
    if [ -f "$CLI" ]; then
      cli_t+=("$(ms java -jar "$CLI" scan "$file")")
      run_t+=("$(ms env -u TUNNELWATCH_JAVA_OPTS "$LAUNCHER" scan "$file")")
    fi
  done
  g=$(median "${grep_t[@]}"); o=$(median "${one_t[@]}"); l=$(median "${lib_t[@]}")
  printf '%s %s (%s bytes): grep -ci %s ms; library scan one core %s ms (%.2fx grep), every core %s ms (%.2fx grep)' \
    "$kind" "$SIZE" "$(stat -c %s "$file")" "$g" "$o" "$(echo "$o / $g" | bc -l)" "$l" "$(echo "$l / $g" | bc -l)"
  if [ ${#cli_t[@]} -gt 0 ]; then
    c=$(median "${cli_t[@]}"); r=$(median "${run_t[@]}")
    printf '; java -jar tunnelwatch.jar scan %s ms (%.2fx grep); %s scan %s ms (%.2fx grep)' \
      "$c" "$(echo "$c / $g" | bc -l)" "$LAUNCHER" "$r" "$(echo "$r / $g" | bc -l)"
  else
    printf '; tunnelwatch scan: %s not built' "$CLI"
  fi
  printf '  [runs: grep %s; one core %s; every core %s; java -jar %s; launcher %s]\n' \
    "${grep_t[*]}" "${one_t[*]}" "${lib_t[*]}" "${cli_t[*]:-}" "${run_t[*]:-}"
done
echo "load after: $(uptime | sed 's/.*load average: //')"
