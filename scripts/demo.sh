#!/usr/bin/env bash
# The demo: the story of one resolution, from the draft to the adopted text.
#
# The secretary imports the draft; four editors propose amendments (one fixes a
# typo throughout, one adds a recommendation and rewords a sentence in drafting
# language, one hands in an edited copy, one proposes a competing wording); the chair reviews them,
# accepts, rejects one with a reason, sees the competing one become conflicted,
# resolves and accepts it, and adopts the text. The amendment table, the
# comparative table and the redlines (Word's tracked changes: the review before the
# decisions, and the adopted text against the draft) are written next to the repository.
#
# Every command is printed before it runs, so the output reads as a tutorial.
# Usage: scripts/demo.sh [OUTPUT-FOLDER]   (default: demo-output)
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-demo-output}"
case "$out" in /*) ;; *) out="$here/$out" ;; esac
if [ -d "$here/../shared/seeds" ]; then
    seed="$(cd "$here/../shared/seeds" && pwd)/000_bbe0634253d43230.txt"
else
    seed="$here/drafts/bibliomodel-2022.md"
fi

secretary="Maria Secretary <secretary@example.org>"
chair="Anna Chair <chair@example.org>"
irina="Irina Editor <irina@example.org>"
pavel="Pavel Editor <pavel@example.org>"
olga="Olga Editor <olga@example.org>"
dmitry="Dmitry Editor <dmitry@example.org>"
# Nobody acts without saying who: every command below names its person.
unset RESVCS_AUTHOR

step() {
    local shown="" arg
    for arg in "$@"; do
        case "$arg" in
            "") shown+=" ''" ;;
            *[[:space:]\"\'\;\&\|\<\>\(\)\$\`\\]*) shown+=" '${arg//\'/\'\\\'\'}'" ;;
            *) shown+=" $arg" ;;
        esac
    done
    printf '\n$%s\n' "$shown"
    "$@"
}

say() {
    printf '\n# %s\n' "$@"
}

rm -rf "$out"
mkdir -p "$out"

say "The secretary creates the repository (Anna is the chair) and imports the draft."
step resvcs init "$out/forum" --chair "$chair" --author "$secretary"
cd "$out/forum"
step resvcs import "$seed" --slug bibliomodel-2022 --author "$secretary"
step resvcs clauses

say "Irina fixes the region's abbreviation everywhere: СФЗО is a typo for СЗФО."
step resvcs propose --replace СФЗО --with СЗФО --throughout --author "$irina" \
    --rationale "Опечатка: Северо-Западный федеральный округ — СЗФО."

say "Pavel proposes a new recommendation to the project offices, and other words for ¶9," \
    "written as a drafting service writes amendments."
step resvcs propose --insert-after ¶12.1 --author "$pavel" \
    --text "предусмотреть в региональных программах средства на обновление фондов модельных библиотек;" \
    --rationale "Без обновления фондов модернизация библиотек не завершена."
printf '%s\n' 'В абзаце девятом слова «оффлайн и онлайн» заменить словами «очно и дистанционно».' \
    > "$out/pavel.txt"
step cat "$out/pavel.txt"
step resvcs propose --instructions "$out/pavel.txt" \
    --author "$pavel" --rationale "Заменить заимствования русскими словами."

say "Olga edits a copy of the text, as she would in a word processor, and hands it in."
step cp drafts/bibliomodel-2022.md "$out/olga.md"
step sed -i \
    -e 's/Опыт создания, лучшие практики/Опыт создания и лучшие практики/' \
    -e 's/размещать регулярно информацию/регулярно размещать информацию/' \
    -e 's/библиотек, в сети Интернет;/библиотек и в социальных сетях;/' \
    "$out/olga.md"
step resvcs diff-files drafts/bibliomodel-2022.md "$out/olga.md" --color never
step resvcs propose --from "$out/olga.md" --author "$olga" \
    --rationale "Уточнение формулировок."

say "Dmitry proposes other words for the same place in ¶13.2."
step resvcs propose --clause ¶13.2 --replace "в сети Интернет" \
    --with "на региональных порталах культуры" --author "$dmitry" \
    --rationale "Сайты и порталы культуры читают чаще, чем «сеть Интернет» вообще."

say "Everyone can see what has been proposed."
step resvcs amendments
step resvcs amendment 1 --color never

say "The chair reviews the pending amendments in the order of the text."
step resvcs review --color never
step resvcs review --format docx -o "$out/review.docx"

say "The chair accepts four amendments; Olga's wording of ¶13.2 makes Dmitry's conflicted."
step resvcs accept 1 2 4 5 --author "$chair"
step resvcs reject 3 --author "$chair" \
    --reason "«Оффлайн» и «онлайн» — общепринятые термины; формат указан верно."
step resvcs amendments --status pending
step resvcs amendment 6 --color never

say "The chair resolves the conflict: a wording of ¶13.2 that joins both, against the current text."
step resvcs resolve 6 --author "$chair" \
    --text "регулярно размещать информацию об инновационных проектах модельных библиотек на официальных сайтах муниципальных библиотек, в социальных сетях и на региональных порталах культуры;"
step resvcs review --color never
step resvcs accept 6 --author "$chair" --reason "Объединяет обе поправки."
step resvcs amendments

say "The chair adopts the resolution: the status line ПРОЕКТ goes, a git tag marks the text."
step resvcs adopt --tag bibliomodel-2022-adopted --final-status "" --author "$chair"
step resvcs log
step resvcs diff v1 --stat
step resvcs show

say "The documents the forum publishes: the amendment table and the comparative table."
step resvcs table --kind amendments --format md -o "$out/amendments.md"
step resvcs table --kind amendments --format docx -o "$out/amendments.docx"
step resvcs table --kind comparative v1 --format docx -o "$out/comparative.docx"
step resvcs diff v1 --format html -o "$out/changes.html"
step resvcs diff v1 --format docx -o "$out/redline.docx"

cat <<EOF

Done. In $out:
  forum/             the resolution repository (cd there and try: resvcs log, resvcs amendment 6)
  amendments.docx    the amendment table (and amendments.md)
  comparative.docx   the comparative table, v1 against the adopted text
  changes.html       the redline of v1 against the adopted text
  redline.docx       the same redline as Word's tracked changes, each change credited to
                     the amendment that made it ("accept all" gives the adopted text)
  review.docx        what the chair had before deciding: the pending amendments as
                     tracked changes with their numbers, wording and rationale in comments

To open the repository in a browser, give the chair an account (it asks for a password)
and serve it; then go to http://127.0.0.1:8000 and sign in as chair@example.org:
  cd $out/forum
  resvcs user add "$chair" --role chair
  resvcs serve --public-read
EOF
