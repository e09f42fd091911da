#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Reproducible builds: builds the working tree twice, in two fresh copies, and compares every jar
# and archive byte for byte (project.build.outputTimestamp fixes the entries' times). Two builds
# take minutes, so `mvn verify` does not run this; run it after changing the build (README, "Releasing").
#
#   .ci/reproducible-build.sh [MAVEN_ARGS...]        e.g. -o to stay offline
#   .ci/reproducible-build.sh -o -pl examples/cli -am  only the command line and what it is built from
#
# Both builds start from one snapshot of the working tree, taken first, and differ in everything a
# build must not leak into its output: the directory they run in, the source files' times (each copy
# is unpacked with the time of unpacking), the clock, the umask (022, then 077) and the time zone
# (UTC, then UTC-03:30). Only modules the Maven arguments build have a target/ directory, so with
# -pl only their artifacts are compared.
# KEEP=1 keeps both trees (their path is printed) to compare a differing artifact.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
if [ "${KEEP:-}" = 1 ]; then
  echo "both builds are kept in $work" >&2
else
  trap 'rm -rf "$work"' EXIT
fi
# One snapshot of the tree for both builds: copying the tree again for the second build let an
# edit made meanwhile (README.md, 25 minutes into a run) pass for an unreproducible archive.
(cd "$src" && tar --exclude=./.git --exclude='*/target' --exclude=./target -cf - .) >"$work/src.tar"
umasks=(022 077)
zones=(UTC America/St_Johns)
for n in 1 2; do
  mkdir "$work/$n"
  tar -xmf "$work/src.tar" -C "$work/$n"
  (cd "$work/$n" && umask "${umasks[n - 1]}" && TZ=${zones[n - 1]} mvn -B -q -DskipTests "$@" package)
  [ "$n" = 1 ] && sleep 2 # a second clock second: a file time that leaks in would then differ
done
count=0
differ=0
while IFS= read -r -d '' a; do
  rel=${a#"$work/1/"}
  count=$((count + 1))
  if ! cmp -s "$a" "$work/2/$rel"; then
    echo "differs: $rel" >&2
    differ=$((differ + 1))
  fi
done < <(find "$work/1" -path '*/target/*' \( -name '*.jar' -o -name '*.zip' -o -name '*.tar.gz' \) -print0 | sort -z)
if [ "$differ" -gt 0 ] || [ "$count" -eq 0 ]; then
  echo "not reproducible: $differ of $count artifacts differ" >&2
  exit 1
fi
echo "reproducible: $count artifacts byte-identical in two builds"
