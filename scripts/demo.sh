#!/usr/bin/env bash
# The demo: a fresh resolution repository with the seed resolution, its clauses,
# an editorial revision and what it changed. Prints each command before running it.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-demo-output}"
case "$out" in /*) ;; *) out="$here/$out" ;; esac
seed="$here/../shared/seeds/000_bbe0634253d43230.txt"
if [ ! -f "$seed" ]; then
    seed="$here/drafts/bibliomodel-2022.md"
fi

export RESVCS_AUTHOR="${RESVCS_AUTHOR:-Secretary <secretary@example.org>}"
chair="Chair of the Forum <chair@example.org>"

step() {
    local shown="" arg
    for arg in "$@"; do
        case "$arg" in *[[:space:]\"]*) shown+=" '$arg'" ;; *) shown+=" $arg" ;; esac
    done
    printf '\n$%s\n' "$shown"
    "$@"
}

rm -rf "$out"
step resvcs init "$out/forum" --chair "$chair"
cd "$out/forum"
step resvcs import "$seed" --slug bibliomodel-2022
step resvcs documents
step resvcs clauses
step resvcs show --clause 8

# An editorial revision: the typo "СФЗО" (for "СЗФО") fixed everywhere.
sed 's/СФЗО/СЗФО/g' drafts/bibliomodel-2022.md > "$out/fixed.md"
step resvcs revise --from "$out/fixed.md" -m "Fix the typo СФЗО → СЗФО"
step resvcs diff --color never
step resvcs diff --stat
step resvcs table --kind comparative --format md
step resvcs table --kind comparative --format docx -o "$out/comparative.docx"
step resvcs diff v1 v2 --format html -o "$out/diff.html"
printf '\nThe repository is in %s/forum; the HTML diff and the Word table are in %s.\n' "$out" "$out"
