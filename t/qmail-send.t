#!/bin/sh
# qmail-send: takes new messages from todo/, decides local or remote
# (locals, virtualdomains, percenthack, envnoathost), asks the spawners
# in the spawn protocol, logs qmail's lines, cleans up.
. "${0%/*}/sendlib.sh"
plan 35
send_setup
QD=$Q/queue
printf 'virt.example:vprep\njoe@virt.example:joeprep\nexc.virt.example:\n.wild.example:wild\n' \
    > "$Q/control/virtualdomains"
echo relay.quail.test > "$Q/control/percenthack"
send_start

# --- one message, local and remote ------------------------------------
inject joe@example.org ann@quail.test bob@remote.example
wait_end
id=$ID
like "$id" '^[0-9]+$' "new msg logged with the message number"
size=$(stat -c %s "$QD/mess/$((id % 23))/$id" 2>/dev/null || echo gone)
is "$size" gone "mess/ is removed at the end"
like "$(cat "$LOG")" "info msg $id: bytes [0-9]+ from <joe@example.org> qp [0-9]+ uid 0" \
    "info line: bytes, sender, qp, uid"
like "$(cat "$LOG")" "starting delivery [0-9]+: msg $id to local ann@quail.test" \
    "local delivery started"
like "$(cat "$LOG")" "starting delivery [0-9]+: msg $id to remote bob@remote.example" \
    "remote delivery started"
like "$(cat "$LOG")" "delivery [0-9]+: success: fake_delivery" \
    "report text logged, spaces as _"
like "$(cat "$LOG")" "status: local [01]/10 remote [01]/20" "status lines"
grep -q "^start qmail-lspawn [0-9]* $id joe@example.org ann@quail.test$" "$FS/log"
ok $? "qmail-lspawn got slot, id, sender, recipient"
grep -q "^start qmail-rspawn [0-9]* $id joe@example.org bob@remote.example$" "$FS/log"
ok $? "qmail-rspawn got the remote recipient"
is "$(queue_files)" "" "queue empty afterwards"
# the order of qmail's lines for one message
sed -n "/^new msg $id\$/,/^end msg $id\$/p" "$LOG" |
    sed 's/[0-9][0-9]*/N/g' | sort -u > order
is "$(grep -c . order)" 7 "new, info, starting, delivery, status, end"

# --- the local/remote decision ----------------------------------------
: > "$FS/log"
inject s@example.org joe@virt.example ann@virt.example x@exc.virt.example \
    y@a.wild.example nobody 'u%remote.example@relay.quail.test' \
    CAPS@QUAIL.TEST
wait_end 
sed -n 's/^start \(qmail-.spawn\) [0-9]* [0-9]* [^ ]* /\1 /p' "$FS/log" |
    sort > got
cat > want <<'W'
qmail-lspawn CAPS@QUAIL.TEST
qmail-lspawn joeprep-joe@virt.example
qmail-lspawn nobody@quail.test
qmail-lspawn vprep-ann@virt.example
qmail-lspawn wild-y@a.wild.example
qmail-rspawn u@remote.example
qmail-rspawn x@exc.virt.example
W
is "$(cat got)" "$(cat want)" \
    "virtual user, virtual domain, exception, wildcard, envnoathost, percenthack, case"

# --- VERP ---------------------------------------------------------------
: > "$FS/log"
inject 'owner-@list.example-@[]' ann@quail.test b@remote.example
wait_end
grep -q " owner-ann=quail.test@list.example ann@quail.test$" "$FS/log"
ok $? "-@[] sender becomes owner-box=host@list for each recipient"
grep -q " owner-b=remote.example@list.example b@remote.example$" "$FS/log"
ok $? "for remote recipients too"

# --- many recipients, concurrency ----------------------------------------
: > "$FS/log"
set --
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do set -- "$@" "r$i@quail.test"; done
rules 'r*@quail.test K 0.3 slow'
inject s@example.org "$@"
wait_end 20
is "$(grep -c "^done qmail-lspawn $ID r[0-9]*@quail.test K" "$FS/log")" 15 \
    "15 recipients delivered once each"
is "$(grep -c 'status: local 11/10' "$LOG")" 0 "never more than concurrencylocal"
like "$(cat "$LOG")" "status: local 10/10" "concurrencylocal reached"
rules

# --- a message with no recipients --------------------------------------
inject s@example.org
wait_end
ok $? "no recipients: new msg then end msg"

# --- intake does not read the whole queue --------------------------------
# Messages that are deferred stay in memory; a trigger reads only todo/.
rules '*@slow.example Z 0 later'
for i in 1 2 3 4 5; do inject s@example.org "d$i@slow.example"; done
wait_until 10 "[ \$(grep -c 'deferral: later' '$LOG') -ge 5 ]"
ok $? "five deferred"
wait_until 10 "[ -z \"\$(ls '$QD/todo')\" ]"
ok $? "and committed within seconds: todo/ is empty"
strace_ok=false
if command -v strace >/dev/null; then
    strace -f -e trace=open,openat,getdents64,fsync,fdatasync -o "$TMP/trace" -p "$SEND_PID" &
    st=$!
    sleep 0.5
    inject s@example.org fast@quail.test
    wait_end
    sleep 0.2
    kill "$st"; wait "$st" 2>/dev/null
    is "$(grep -c getdents64 "$TMP/trace")" 2 \
        "a trigger reads one directory (todo/), not the queue"
    grep -Eq 'open(at)?\(.*"todo"' "$TMP/trace"
    ok $? "it reads todo/"
    is "$(grep -Ec 'f(data)?sync\(' "$TMP/trace")" 0 \
        "a message delivered at once is never synced by qmail-send"
    is "$(grep -Ec 'open(at)?\(.*"(info|local|remote)/' "$TMP/trace")" 0 \
        "nor are its info/ and local/ files written: it is delivered from memory"
else
    for i in 1 2 3 4; do ok 0 "# SKIP no strace"; done
fi
rules

# --- a second qmail-send, bad control files -------------------------------
run sh -c "cd '$Q' && exec ./bin/qmail-send"
is "$status" 111 "a second qmail-send exits 111"
is "$stdout" "alert: cannot start: qmail-send is already running" \
    "saying so on its log"
send_stop
echo 12x > "$Q/control/concurrencylocal"
run sh -c "cd '$Q' && exec ./bin/qmail-send"
is "$status" 111 "unreadable control file: 111"
like "$stdout" "^alert: cannot start: unable to read control/concurrencylocal: " \
    "names the file"
rm "$Q/control/concurrencylocal"
run sh -c "cd '$Q' && exec ./bin/qmail-send 3>&- 4>&- 5>&- 6>&- 7>&- 8>&-"
is "$status" 111 "without its pipes: 111"
is "$stdout" "alert: cannot start: descriptors 3 to 8 must be open" \
    "saying so"

# --- restart picks up what is queued -----------------------------------
rules
: > "$FS/log"
send_start
sleep 1
is "$(grep -c d1@slow.example "$FS/log")" 0 \
    "a restart keeps the retry schedule: nothing due yet"
kill -ALRM "$SEND_PID"
wait_until 10 "[ -z \"\$(queue_files)\" ]"
ok $? "after SIGALRM the deferred messages are delivered"
send_stop
like "$(tail -n 1 "$LOG")" "^status: exiting$" "SIGTERM: status: exiting"

# --- envnoathost, concurrencyremote ------------------------------------
echo elsewhere.example > "$Q/control/envnoathost"
echo 3 > "$Q/control/concurrencyremote"
: > "$FS/log"
send_start
like "$(tail -n 1 "$LOG")" "^status: local 0/10 remote 0/3$" \
    "concurrencyremote read at startup"
inject s@example.org nobody
wait_end
grep -q "^start qmail-rspawn [0-9]* $ID s@example.org nobody@elsewhere.example$" "$FS/log"
ok $? "control/envnoathost completes an address without @"
rm "$Q/control/envnoathost" "$Q/control/concurrencyremote"
