#!/bin/sh
# man: every program has a man page; every page is clean groff with the
# sections STYLE.md asks for.
. "${0%/*}/lib.sh"
pages=$(ls "$TOP"/man/*.[1-8] 2>/dev/null)
progs=$(ls "$TOP"/cmd/*.c "$TOP"/cmd/*.sh 2>/dev/null)
plan $(( $(echo "$pages" | grep -c .) * 2 + $(echo "$progs" | grep -c .) + 1 ))
[ -n "$pages" ]; ok $? "there are man pages"
for m in $pages; do
    name=$(basename "$m")
    run groff -man -ww -z -Tutf8 "$m"
    is "$stderr" "" "$name: groff has nothing to say"
    want='NAME DESCRIPTION'
    case $m in *.1 | *.8) want="$want SYNOPSIS EXIT STATUS" ;; esac
    missing=
    for s in $want; do grep -q "^\.SH .*$s" "$m" || missing="$missing $s"; done
    is "$missing" "" "$name: has sections $want"
done
for p in $progs; do
    name=$(basename "$p"); name=${name%.*}
    ls "$TOP"/man/"$name".[1-8] >/dev/null 2>&1
    ok $? "$name has a man page"
done
