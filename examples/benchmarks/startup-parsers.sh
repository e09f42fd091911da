#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Start-up of the command line: the hand parser (io.tunnelwatch.cli.Main) against picocli 4.7's
# programmatic API parsing the same option table (startup/PicocliMain.java), each without and with
# an AppCDS archive made by a training run of the same scan, with the launcher's JIT option
# (-XX:TieredStopAtLevel=1). Runs are interleaved (variant after variant, round after round); it
# prints the median wall time and the median CPU time (user+sys, less disturbed by other load) of
# each variant and workload, in ms; then the same for examples/cli/tunnelwatch with its archive
# and with TUNNELWATCH_CDS=off. See BENCHMARKS.md, "Command line parsing".
# usage: examples/benchmarks/startup-parsers.sh [RUNS=15]
# Needs: examples/cli/target/tunnelwatch.jar (mvn -B -o -pl examples/cli -am package -DskipTests)
# and picocli 4.7.7 in ~/.m2 (PICOCLI_JAR to use another; mvn dependency:get
# -Dartifact=info.picocli:picocli:4.7.7 fetches it). Files go to ${TMPDIR:-/tmp}.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-15}
CLI=examples/cli/target/tunnelwatch.jar
PICOCLI=${PICOCLI_JAR:-$HOME/.m2/repository/info/picocli/picocli/4.7.7/picocli-4.7.7.jar}
DATA=examples/data
JAVA=${JAVA:-java}
work=$(mktemp -d "${TMPDIR:-/tmp}/tw-startup.XXXXXX")
trap 'rm -rf "$work"' EXIT

javac -nowarn -encoding UTF-8 --release 17 -cp "$CLI:$PICOCLI" -d "$work/classes" \
  examples/benchmarks/startup/PicocliMain.java 2>&1 | grep -v '^Note:' || true
jar cf "$work/picocli-main.jar" -C "$work/classes" . # CDS archives classes from jars only

hand_cp="$CLI"
pico_cp="$work/picocli-main.jar:$CLI:$PICOCLI"
declare -A cp=([hand]=$hand_cp [picocli]=$pico_cp)
declare -A main=([hand]=io.tunnelwatch.cli.Main [picocli]=io.tunnelwatch.cli.PicocliMain)
scan=(scan -o jsonl "$DATA")
version=(--version)

# One training run per parser, the scan, as the launcher's first scan makes its archive.
for p in hand picocli; do
  "$JAVA" -XX:TieredStopAtLevel=1 -XX:ArchiveClassesAtExit="$work/$p.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -cp "${cp[$p]}" "${main[$p]}" "${scan[@]}" > /dev/null 2>&1
done

# Both parsers give the same rows.
"$JAVA" -cp "$hand_cp" io.tunnelwatch.cli.Main "${scan[@]}" > "$work/hand.out" 2> /dev/null
"$JAVA" -cp "$pico_cp" io.tunnelwatch.cli.PicocliMain "${scan[@]}" > "$work/picocli.out" 2> /dev/null
cmp -s "$work/hand.out" "$work/picocli.out" || { echo "the parsers' rows differ" >&2; exit 1; }

timed() { # variant command...: appends "variant wall_ms cpu_ms" to $work/times
  local variant=$1 t0 t1 u s; shift
  t0=$(date +%s%N)
  /usr/bin/time -f '%U %S' -o "$work/cpu" "$@" > /dev/null 2>&1 || true
  t1=$(date +%s%N)
  read -r u s < "$work/cpu"
  echo "$variant $(( (t1 - t0) / 1000000 )) $(awk -v u="$u" -v s="$s" 'BEGIN { printf "%d", (u + s) * 1000 }')" \
    >> "$work/times"
}

run() { # variant parser cds workload...
  local variant=$1 parser=$2 cds=$3; shift 3
  local flags=(-XX:TieredStopAtLevel=1)
  [ "$cds" = cds ] && flags+=("-XX:SharedArchiveFile=$work/$parser.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
  timed "$variant" "$JAVA" "${flags[@]}" -cp "${cp[$parser]}" "${main[$parser]}" "$@"
}

# The launcher itself, its archive made by its first scan, against TUNNELWATCH_CDS=off.
launch() { # variant cds workload...
  local variant=$1 cds=$2; shift 2
  timed "$variant" env TUNNELWATCH_CDS="$cds" XDG_CACHE_HOME="$work/cache" sh examples/cli/tunnelwatch "$@"
}
XDG_CACHE_HOME="$work/cache" sh examples/cli/tunnelwatch "${scan[@]}" > /dev/null 2>&1

echo "load before: $(uptime)"
for ((i = 0; i < RUNS; i++)); do
  for p in hand picocli; do
    for c in nocds cds; do
      run "$p/$c/scan" "$p" "$c" "${scan[@]}"
      run "$p/$c/version" "$p" "$c" "${version[@]}"
    done
  done
  for c in on off; do
    launch "launcher/cds-$c/scan" "$c" "${scan[@]}"
    launch "launcher/cds-$c/version" "$c" "${version[@]}"
  done
done
echo "load after:  $(uptime)"
printf '%-24s %10s %10s\n' variant wall_ms cpu_ms
for v in $(cut -d ' ' -f 1 "$work/times" | sort -u); do
  wall=$(awk -v v="$v" '$1 == v { print $2 }' "$work/times" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  cpu=$(awk -v v="$v" '$1 == v { print $3 }' "$work/times" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  printf '%-24s %10s %10s\n' "$v" "$wall" "$cpu"
done
