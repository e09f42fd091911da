#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# One reading thread's CPU time, A/B: each JAR (a tunnelwatch.jar, e.g. built from two commits)
# reads the first MIB MiB of FILE RUNS times in one JVM with the launcher's JIT option (C1 only),
# jar after jar, round after round (interleaved, so that other load hits every jar alike). Prints
# each run's thread CPU time in ms, the first run (a fresh JVM) before a bar; compare the medians of
# the later runs. See BENCHMARKS.md, "Backslash-dense FDR lines".
# usage: examples/benchmarks/cpu-scan.sh FILE MIB RUNS ROUNDS JAR...
#   e.g. examples/benchmarks/cpu-scan.sh /tmp/tunnelwatch-fdr-paths-1g.log 256 6 3 old/tunnelwatch.jar examples/cli/target/tunnelwatch.jar
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
file=$1; mib=$2; runs=$3; rounds=$4; shift 4
echo "load: $(uptime | sed 's/.*load average: //')"
for round in $(seq "$rounds"); do
  for jar in "$@"; do
    echo "$jar: $(java -XX:TieredStopAtLevel=1 -cp "$jar" "$here/scan-cpu/CpuScan.java" "$file" "$mib" "$runs" 2>/dev/null)"
  done
done
echo "load: $(uptime | sed 's/.*load average: //')"
