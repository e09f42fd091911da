#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Whole-process comparison of `tunnelwatch scan FILE.evtx` with a grep for the UTF-16LE name, with
# libevtx's evtxexport and with python-evtx, on the same large .evtx (in the page cache), side by
# side in one run; then checks that --no-prefilter finds the same rows and that the matches are
# the positives the file was written with. See BENCHMARKS.md, "EVTX".
# usage: examples/benchmarks/compare-evtx.sh [SIZE_BYTES=1073741824] [RUNS=3] [SLICE_BYTES=33554432]
#   SIZE_BYTES: the large file (whole 64 KiB chunks are added until it is at least this large)
#   SLICE_BYTES: the smaller file python-evtx (and a second evtxexport) reads, it is ~1 MB/s
#   EVTX_CORPUS (env): the real .evtx files to repeat; default ../shared/corpus/evtx
#   EVTXEXPORT_RUNS (env): runs of evtxexport over the large file, default 1 (it takes minutes), 0: none
#   REFERENCE=0 (env): skip the slice (evtxexport, python-evtx), whose times do not depend on tunnelwatch
# Needs: mvn -B -o install -DskipTests (examples/benchmarks/target/benchmarks.jar carries the
# winevent test-jar's RepeatedCorpus; examples/cli/target/tunnelwatch.jar, which
# examples/cli/tunnelwatch launches), evtxexport (libevtx-utils), evtx_dump.py (python-evtx).
# Files go to ${TMPDIR:-/tmp}, never the repository; they are kept for the next run.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE=${1:-1073741824}
RUNS=${2:-3}
SLICE=${3:-33554432}
CORPUS=${EVTX_CORPUS:-../shared/corpus/evtx}
EXPORT_RUNS=${EVTXEXPORT_RUNS:-1}
BENCH=examples/benchmarks/target/benchmarks.jar
CLI=examples/cli/target/tunnelwatch.jar
LAUNCHER=examples/cli/tunnelwatch
DIR=${TMPDIR:-/tmp}

OUT=$(mktemp)
A=$(mktemp)
B=$(mktemp)
trap 'rm -f "$OUT" "$A" "$B"' EXIT
# grep's output goes to a file, not /dev/null: GNU grep stops at the first match when its output
# is /dev/null. The XML exporters write to /dev/null (gigabytes of text otherwise).
ms() { local s e; s=$(date +%s%N); "$@" > "$OUT" 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
ms_null() { local s e; s=$(date +%s%N); "$@" > /dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
mbps() { printf '%.1f' "$(echo "$1 / $2 / 1000" | bc -l)"; } # bytes, ms -> MB/s (10^6 B)

# The summary RepeatedCorpus printed is kept next to the file: its positives are the expected matches.
corpus() { # file bytes
  [ -f "$1" ] && [ -f "$1.summary" ] || java -cp "$BENCH" io.tunnelwatch.winevent.evtxwriter.RepeatedCorpus "$1" "$2" "$CORPUS" > "$1.summary"
  cat "$1" > /dev/null # into the page cache
}

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); load: $(uptime | sed 's/.*load average: //')"
file="$DIR/tunnelwatch-evtx-$SIZE.evtx"
slice="$DIR/tunnelwatch-evtx-$SLICE.evtx"
corpus "$file" "$SIZE"
corpus "$slice" "$SLICE"
bytes=$(stat -c %s "$file")
slice_bytes=$(stat -c %s "$slice")
echo "file: $(cat "$file.summary")"
echo "slice: $(cat "$slice.summary")"

grep_t=(); run_t=(); cli_t=(); one_t=(); all_t=()
for _ in $(seq "$RUNS"); do
  grep_t+=("$(ms env LC_ALL=C grep -caP 'd\x00e\x00v\x00t\x00u\x00n\x00n\x00e\x00l\x00' "$file")")
  grep_count=$(cat "$OUT")
  run_t+=("$(ms env -u TUNNELWATCH_JAVA_OPTS "$LAUNCHER" scan "$file")")
  cli_t+=("$(ms java -jar "$CLI" scan "$file")")
  # One core: the JVM sees one processor, so the reader decodes chunks on the calling thread only.
  one_t+=("$(ms java -XX:ActiveProcessorCount=1 -jar "$CLI" scan "$file")")
  all_t+=("$(ms java -jar "$CLI" scan --no-prefilter "$file")")
done
g=$(median "${grep_t[@]}"); r=$(median "${run_t[@]}"); c=$(median "${cli_t[@]}"); o=$(median "${one_t[@]}"); n=$(median "${all_t[@]}")
echo "large file, $bytes bytes, medians of $RUNS (ms, MB/s, ratio to grep):"
echo "  grep -caP UTF-16LE devtunnel  $g ms  $(mbps "$bytes" "$g") MB/s  (count $grep_count)  [${grep_t[*]}]"
echo "  $LAUNCHER scan  $r ms  $(mbps "$bytes" "$r") MB/s  $(ratio "$r" "$g")x  [${run_t[*]}]"
echo "  java -jar tunnelwatch.jar scan  $c ms  $(mbps "$bytes" "$c") MB/s  $(ratio "$c" "$g")x  [${cli_t[*]}]"
echo "  java -XX:ActiveProcessorCount=1 -jar tunnelwatch.jar scan  $o ms  $(mbps "$bytes" "$o") MB/s  $(ratio "$o" "$g")x  [${one_t[*]}]"
echo "  java -jar tunnelwatch.jar scan --no-prefilter  $n ms  $(mbps "$bytes" "$n") MB/s  $(ratio "$n" "$g")x  [${all_t[*]}]"

if [ "$EXPORT_RUNS" -gt 0 ]; then
  exp_t=()
  for _ in $(seq "$EXPORT_RUNS"); do exp_t+=("$(ms_null evtxexport "$file")"); done
  e=$(median "${exp_t[@]}")
  echo "  evtxexport FILE > /dev/null  $e ms  $(mbps "$bytes" "$e") MB/s  $(ratio "$e" "$g")x  [${exp_t[*]}]"
fi

if [ "${REFERENCE:-1}" != 0 ]; then
  echo "slice, $slice_bytes bytes, one run each (ms, MB/s):"
  se=$(ms_null evtxexport "$slice")
  echo "  evtxexport SLICE > /dev/null  $se ms  $(mbps "$slice_bytes" "$se") MB/s"
  sj=$(ms java -jar "$CLI" scan --no-prefilter "$slice")
  echo "  java -jar tunnelwatch.jar scan --no-prefilter SLICE  $sj ms  $(mbps "$slice_bytes" "$sj") MB/s"
  sp=$(ms_null evtx_dump.py "$slice")
  echo "  evtx_dump.py SLICE > /dev/null (python-evtx)  $sp ms  $(mbps "$slice_bytes" "$sp") MB/s"
fi

# The rows: the prefilter must not change them, and the matches are the positives written.
java -jar "$CLI" scan -o jsonl "$file" > "$A" 2> "$OUT"
matches=$(awk '$1 == "matches" {print $2}' "$OUT")
java -jar "$CLI" scan -o jsonl --no-prefilter "$file" > "$B" 2> "$OUT"
matches_all=$(awk '$1 == "matches" {print $2}' "$OUT")
expected=$(sed 's/.*positiveRecords=\([0-9]*\).*/\1/' "$file.summary")
if cmp -s "$A" "$B"; then same=identical; else same=DIFFERENT; fi
echo "rows with and without --no-prefilter: $same ($(wc -l < "$A") rows); matches $matches / $matches_all; positives written $expected"
java -XX:ActiveProcessorCount=1 -jar "$CLI" scan -o jsonl "$file" > "$B" 2> "$OUT"
if cmp -s "$A" "$B"; then one=identical; else one=DIFFERENT; fi
echo "rows on every core and on one core (-XX:ActiveProcessorCount=1): $one"
echo "load after: $(uptime | sed 's/.*load average: //')"
[ "$same" = identical ] && [ "$one" = identical ] && [ "$matches" = "$expected" ] && [ "$matches_all" = "$expected" ]
