#!/bin/sh
# fuzz: a short libFuzzer round on every target in t/fuzz/ (make fuzz
# runs longer ones). The targets check more than crashes: see each file.
. "${0%/*}/lib.sh"
targets=$(cd "$TOP/t/fuzz" && ls *.c | sed 's/\.c$//')
plan $(( $(echo "$targets" | wc -l) + 1 ))
# The fuzz build is clang's, independent of the build under test.
make -s -C "$TOP" fuzz-build >build.log 2>&1
ok $? "fuzz targets build with clang and libFuzzer" || sed 's/^/# /' build.log
for f in $targets; do
    mkdir -p "corpus/$f"
    "$TOP/build-fuzz/fuzz/$f" -runs=100000 -seed=1 "corpus/$f" \
        "$TOP/t/fuzz/seeds/$f" >"$f.log" 2>&1
    ok $? "$f: 100000 runs without a finding" || tail -30 "$f.log" | sed 's/^/# /'
done
