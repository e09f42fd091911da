#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Gives every source file its SPDX licence line, or with --check names the files without one and
# fails (core's SpdxHeadersTest runs that check, so the build enforces it).
#
#   .ci/spdx-headers.sh [--check] [ROOT]        ROOT defaults to the repository holding this script
#
# Source files: *.java (a first line "// SPDX-..."), *.cmd ("@rem SPDX-..." first), and *.sh, *.py
# and executable scripts with a "#!" line ("# SPDX-..." right after it). A file counts as licensed
# when one of its first three lines carries the identifier. Re-run it after a merge brings files.
# One compound command, read whole before it runs: the script gives itself the line too, and bash
# would otherwise go on reading its changed file at the old offset.
{
set -euo pipefail
check=false
if [ "${1:-}" = --check ]; then check=true; shift; fi
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
spdx='SPDX-License-Identifier: Apache-2.0'
missing=()
while IFS= read -r -d '' f; do
  # Bash built-ins only, no process per file: the check runs in every build.
  l1= l2= l3=
  { IFS= read -r l1 || true; IFS= read -r l2 || true; IFS= read -r l3 || true; } <"$f"
  shebang=false
  [ "${l1:0:2}" = '#!' ] && shebang=true
  case $f in
    *.java) prefix='//' eol=$'\n' ;;
    *.cmd) prefix='@rem' eol=$'\r\n' ;;
    *.sh | *.py) prefix='#' eol=$'\n' ;;
    *) $shebang || continue; prefix='#' eol=$'\n' ;;
  esac
  case "$l1$l2$l3" in *"$spdx"*) continue ;; esac
  missing+=("${f#"$root"/}")
  $check && continue
  tmp=$(mktemp)
  if $shebang; then
    { head -n 1 "$f"; printf '%s %s%s' "$prefix" "$spdx" "$eol"; tail -n +2 "$f"; } >"$tmp"
  else
    { printf '%s %s%s' "$prefix" "$spdx" "$eol"; cat "$f"; } >"$tmp"
  fi
  cat "$tmp" >"$f" # keeps the file's mode (launchers stay executable)
  rm -f "$tmp"
done < <(find "$root" \( -name .git -o -name target -o -name .idea \) -prune -o -type f \
  \( -name '*.java' -o -name '*.cmd' -o -name '*.sh' -o -name '*.py' -o -perm -u+x \) -print0 | sort -z)
if $check; then
  if [ ${#missing[@]} -gt 0 ]; then
    printf 'no "%s" line in:\n' "$spdx" >&2
    printf '  %s\n' "${missing[@]}" >&2
    echo "add it with: .ci/spdx-headers.sh" >&2
    exit 1
  fi
else
  printf 'added the SPDX line to %d file(s)\n' "${#missing[@]}"
fi
exit
}
