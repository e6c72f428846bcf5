#!/bin/sh
# predate: a Date field in the local time zone (qmail 1.03's layout,
# without the day of the week) in front of the program's input; the
# program's exit code passed back.
. "${0%/*}/lib.sh"
plan 15
printf 'Subject: x\n\nbody\n' > msg
run_in msg env TZ=UTC predate cat
is "$status" 0 "exit 0 from the program"
like "$(echo "$stdout" | head -n 1)" \
    '^Date: [1-9][0-9]? (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 2[0-9]{3} [0-2][0-9]:[0-5][0-9]:[0-6][0-9] \+0000$' \
    "Date: D Mon YYYY HH:MM:SS +0000 in UTC"
is "$(echo "$stdout" | sed 1d)" "Subject: x

body" "then the message as it was"
# The date predate wrote must be now, in UTC.
d=$(echo "$stdout" | head -n 1 | sed 's/^Date: //')
now=$(date +%s); then=$(date -d "$d" +%s)
ok "$([ $((now - then)) -ge 0 ] && [ $((now - then)) -le 5 ]; echo $?)" \
    "the date is the time of the run"
run_in msg env TZ=ABC+3:30 predate head -n 1
like "$stdout" ' -0330$' "a zone west of UTC with minutes: -0330"
then2=$(date -d "$(echo "$stdout" | sed 's/^Date: //')" +%s)
ok "$([ $((then2 - then)) -ge 0 ] && [ $((then2 - then)) -le 5 ]; echo $?)" \
    "local time and offset give the same instant"
run_in msg env TZ=XYZ-14 predate head -n 1
like "$stdout" ' \+1400$' "a zone east of UTC: +1400"
run_in msg env LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 TZ=UTC predate head -n 1
like "$stdout" '^Date: [0-9]+ [A-Z][a-z][a-z] ' "English month names in any locale"
run_in msg predate sh -c 'cat > /dev/null; exit 100'
is "$status" 100 "exit 100 passed back"
run_in msg predate sh -c 'exit 111'
is "$status" 111 "exit 111 passed back (the program did not read)"
run_in msg predate sh -c 'kill -KILL $$'
is "$status:$stderr" "111:predate: fatal: sh crashed" "program killed: 111"
run_in msg predate ./no-such-program
is "$status:$stderr" "111:predate: fatal: unable to run ./no-such-program: No such file or directory" \
    "program cannot be run: 111"
run_in / predate cat
like "$status:$stderr" '^111:predate: fatal: unable to read the message: Is a directory$' \
    "unreadable input: 111"
run predate
is "$status:$stderr" "100:predate: fatal: usage: predate program [arg ...]" \
    "no program: usage"
run_in msg predate sh -c 'echo "$1"' sh '-a b'
is "$(echo "$stdout")" "-a b" "arguments passed as they are"
