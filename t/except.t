#!/bin/sh
# except (qmail's except(1)): 0 -> 100, 111 -> 111, anything else -> 0;
# a program that is missing counts as one that said no.
. "${0%/*}/lib.sh"
plan 16
run except
is "$status" 100 "no program: usage, 100"
is "$stderr" "except: fatal: usage: except program [arg ...]" "usage text"
run except true
is "$status:$stdout$stderr" "100:" "program exits 0: 100, silently"
run except false
is "$status" 0 "program exits 1: 0"
run except sh -c 'exit 100'
is "$status" 0 "program exits 100: 0"
run except sh -c 'exit 99'
is "$status" 0 "program exits 99: 0"
run except sh -c 'exit 111'
is "$status" 111 "program exits 111: 111"
run except sh -c 'kill -9 $$'
is "$status" 111 "program killed by a signal: 111"
is "$stderr" "except: fatal: child crashed" "says the child crashed"
run except ./no-such-program
is "$status" 0 "missing program: counts as no, 0"
is "$stderr" "except: warning: unable to run ./no-such-program: No such file or directory" \
    "with a warning saying why"
printf '#!/bin/sh\nexit 0\n' > noexec; chmod 644 noexec
run except ./noexec
is "$status" 0 "program not executable: 0"
like "$stderr" '^except: warning: unable to run \./noexec: Permission denied$' \
    "warning says permission denied"
printf 'Subject: x\n\nhello\n' > msg
run_in msg except grep -q hello
is "$status" 100 "the program reads the message on fd 0"
run_in msg except grep -q nothere
is "$status" 0 "a test that fails: 0"
run except sh -c 'test "$1 $2" = "a b c"' sh 'a b c'
is "$status" 0 "arguments are passed as they are"
