#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Interleaved A/B of the Kafka record path (issue 13, item 8, BENCHMARKS.md "The record path"):
# RecordPathCpu (and TopologyCpu for the first and last variant) with this tree's benchmarks.jar,
# against the same jar with the classes of BASE put first on the class path for the files that
# each step changed. Variant 0 is BASE; variant k has the first k steps; the last is this tree.
# Both run the same way from the same jar, so nothing else differs. Figures are CPU time of the
# measuring thread: on a loaded machine, note `uptime` and compare medians.
#
#   mvn -B -o -pl examples/benchmarks -am package -DskipTests
#   examples/benchmarks/record-path-ab.sh            # BASE=b88b0e8 ROUNDS=3 CPU=1 by default
set -euo pipefail
cd "$(dirname "$0")/../.."
BASE=${BASE:-b88b0e8}
ROUNDS=${ROUNDS:-3}
CPU=${CPU:-1}
JAR=examples/benchmarks/target/benchmarks.jar
W=winevent/src/main/java/io/tunnelwatch/winevent/internal
STEPS=("recognition:$W/WinJsonContainer.java $W/WrappedXmlContainer.java $W/export/WrappedXml.java"
       "zeros:core/src/main/java/io/tunnelwatch/core/internal/read/TextEncoding.java"
       "utf8:adapters-crowdstrike/src/main/java/io/tunnelwatch/crowdstrike/Utf8.java")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=${#STEPS[@]}
for ((v = 0; v <= n; v++)); do
  mkdir -p "$work/v$v/classes" "$work/v$v/src"
  sources=()
  for ((s = v; s < n; s++)); do
    for f in ${STEPS[$s]#*:}; do
      git show "$BASE:$f" > "$work/v$v/src/$(basename "$f")"
      sources+=("$work/v$v/src/$(basename "$f")")
    done
  done
  if ((${#sources[@]} > 0)); then
    javac -nowarn --release 17 -cp "$JAR" -d "$work/v$v/classes" "${sources[@]}"
  fi
done
name() { if (($1 == 0)); then echo "base"; else echo "+${STEPS[$1 - 1]%%:*}"; fi; }
uptime
for ((r = 1; r <= ROUNDS; r++)); do
  for ((v = 0; v <= n; v++)); do
    taskset -c "$CPU" java -Xmx1g -cp "$work/v$v/classes:$JAR" io.tunnelwatch.benchmarks.RecordPathCpu 20 \
      | sed "s/^/round $r $(name $v): /"
  done
  for v in 0 "$n"; do
    taskset -c "$CPU" java -Xmx1g -cp "$work/v$v/classes:$JAR" io.tunnelwatch.benchmarks.TopologyCpu detection memory 10 10 \
      | sed "s/^/round $r $(name "$v"): /"
  done
  uptime
done
