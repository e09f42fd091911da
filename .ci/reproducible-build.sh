#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Reproducible builds: builds the working tree twice, in two fresh copies, and compares every jar
# and archive byte for byte (project.build.outputTimestamp fixes the entries' times). Two builds
# take minutes, so `mvn verify` does not run this; run it after changing the build (README, "Try it").
#
#   .ci/reproducible-build.sh [MAVEN_ARGS...]        e.g. -o to stay offline
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in 1 2; do
  mkdir "$work/$n"
  (cd "$src" && tar --exclude=./.git --exclude='*/target' --exclude=./target -cf - .) | tar -xf - -C "$work/$n"
  (cd "$work/$n" && mvn -B -q -DskipTests "$@" package)
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
done < <(find "$work/1" -path '*/target/*' \( -name '*.jar' -o -name '*.zip' -o -name '*.tar.gz' \) -print0)
if [ "$differ" -gt 0 ] || [ "$count" -eq 0 ]; then
  echo "not reproducible: $differ of $count artifacts differ" >&2
  exit 1
fi
echo "reproducible: $count artifacts byte-identical in two builds"
