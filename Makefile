# quail - plain GNU make, settings from conf/. See README.md.
#
#   make             build every program into build/cmd/
#   make test        build and run the whole test suite (prove)
#   make asan        the suite again under ASan and UBSan (build-asan/)
#   make install     install into $(QMAILHOME) (conf/home), or DESTDIR
#   make instcheck   verify owners and modes of an installed tree
#   make setup       install to conf/home and write control/ for this host
#   make run         a whole mail system on loopback, in ./run/
#   make bench       benchmarks (not part of make test)
#   make fuzz        libFuzzer targets, FUZZ_SECONDS each (default 60)
#   make deps        install the Debian packages everything needs

# Objects of different compilers never mix: make CC=clang builds in build-clang.
BUILD    ?= build$(if $(filter clang%,$(notdir $(CC))),-clang)
CC       ?= cc
CFLAGS   ?= -O2 -g
LDFLAGS  ?=
QMAILHOME ?= $(shell head -n 1 conf/home)
WARN     := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wvla -Wformat=2 -Wimplicit-fallthrough
CPPFLAGS += -Ilib -D_GNU_SOURCE
LIBS     := -Wl,--as-needed -lcdb -lresolv -lcrypt
# Static musl for programs that need nothing of glibc's own (see below).
# Off for clang and sanitizer builds: make MUSL_CC= turns it off.
MUSL_CC  ?= $(if $(findstring sanitize,$(CFLAGS) $(LDFLAGS)),,$(if \
            $(filter cc gcc,$(notdir $(CC))),$(shell command -v musl-gcc)))
PROVE_J  ?= -j2

# A fresh machine lacks packages: install them before anything else runs,
# so `make test` alone goes from nothing to green.
ifeq ($(filter deps clean,$(MAKECMDGOALS)),)
ifneq ($(shell tools/deps.sh check >/dev/null 2>&1 && echo ok),ok)
$(info quail: build or test dependencies missing; running tools/deps.sh install)
$(shell tools/deps.sh install >&2)
$(if $(shell tools/deps.sh check >/dev/null 2>&1 && echo ok),,\
  $(error dependencies still missing: run make deps as root))
endif
endif

LIBSRC  := $(wildcard lib/*.c)
LIBOBJ  := $(patsubst lib/%.c,$(BUILD)/lib/%.o,$(LIBSRC)) $(BUILD)/auto/conf.o
CPROGS  := $(patsubst cmd/%.c,%,$(wildcard cmd/*.c))
SPROGS  := $(patsubst cmd/%.sh,%,$(wildcard cmd/*.sh))
PROGS   := $(addprefix $(BUILD)/cmd/,$(CPROGS) $(SPROGS))
CMDOBJ  := $(patsubst %,$(BUILD)/obj/%.o,$(CPROGS))
UNITS   := $(patsubst t/%.c,$(BUILD)/t/%.t,$(wildcard t/unit-*.c))
HOMEOBJ := $(BUILD)/auto/home.o

all: $(PROGS)

# A process that runs glibc's start-up probes the CPU's features and
# caches with dozens of CPUID instructions, each a trap to the hypervisor
# on a virtual machine: about 0.6 ms, more than qmail-smtpd, qmail-queue
# or qmail-local spend on a message. Every program that needs nothing of
# glibc's own (NSS user lookups, libcrypt's hashes, utmp) is therefore
# linked statically against musl, which starts in a tenth of that. The
# others stay with glibc:
GLIBC_PROGS := checkpassword qbiff qmail-getpw qmail-lspawn \
  qmail-start sendmail tcp-env vadddomain vadduser vchkpw vdeldomain \
  vdelivermail vdeluser vmkpasswd vpasswd vuserinfo
MUSL_CC     := $(MUSL_CC)
ifneq ($(MUSL_CC),)
MUSL_PROGS  := $(filter-out $(GLIBC_PROGS),$(CPROGS))
MUSL_LIBOBJ := $(patsubst lib/%.c,$(BUILD)/musl/lib/%.o,$(filter-out \
  lib/getpw.c lib/getpwhelper.c lib/pwhash.c lib/vpasswd.c lib/vpop.c \
  lib/vtool.c,$(LIBSRC))) \
  $(BUILD)/musl/auto/conf.o
# Debian's libcdb.a links into musl programs as it is; musl-gcc does not
# search glibc's directories, so name the archive and its header.
MUSL_LIBS   := $(shell $(CC) -print-file-name=libcdb.a)
MUSL_INC    := $(BUILD)/musl/include
MUSL_BUILD  := $(MUSL_CC) $(CPPFLAGS) -I$(MUSL_INC) $(CFLAGS) $(WARN)

$(MUSL_INC)/cdb.h:
	@mkdir -p $(@D)
	ln -sf /usr/include/cdb.h $@
$(BUILD)/musl/lib/%.o: lib/%.c $(MUSL_INC)/cdb.h
	@mkdir -p $(@D)
	$(MUSL_BUILD) -MMD -MP -c -o $@ $<
$(BUILD)/musl/obj/%.o: cmd/%.c $(MUSL_INC)/cdb.h
	@mkdir -p $(@D)
	$(MUSL_BUILD) -MMD -MP -c -o $@ $<
$(BUILD)/musl/auto/%.o: $(BUILD)/auto/%.c
	@mkdir -p $(@D)
	$(MUSL_CC) $(CFLAGS) -c -o $@ $<
$(BUILD)/musl/lib.a: $(MUSL_LIBOBJ)
	rm -f $@
	$(AR) rcs $@ $^
$(addprefix $(BUILD)/cmd/,$(MUSL_PROGS)): $(BUILD)/cmd/%: \
  $(BUILD)/musl/obj/%.o $(BUILD)/musl/lib.a $(BUILD)/musl/auto/home.o \
  $(BUILD)/link-flavor
	@mkdir -p $(@D)
	$(MUSL_CC) -static $(CFLAGS) $(LDFLAGS) -o $@ $< \
	  $(BUILD)/musl/auto/home.o $(BUILD)/musl/lib.a $(MUSL_LIBS)
endif

# Which C library links which program: when that changes (musl-gcc
# installed or not, the GLIBC_PROGS list), every program is linked anew.
LINK_FLAVOR := $(MUSL_CC) $(MUSL_PROGS)
$(BUILD)/link-flavor: FORCE
	@mkdir -p $(@D)
	@echo '$(LINK_FLAVOR)' | cmp -s - $@ || echo '$(LINK_FLAVOR)' > $@

$(BUILD)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c -o $@ $<

$(BUILD)/obj/%.o: cmd/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c -o $@ $<

# Generated settings. The programs in $(BUILD)/cmd always have conf/home
# compiled in; make install links its own copies for QMAILHOME (in
# tools/install.sh), so parallel installs to different homes never
# rewrite anything in $(BUILD).
$(BUILD)/auto/conf.c: $(wildcard conf/*) tools/auto.sh
	@mkdir -p $(@D)
	tools/auto.sh conf > $@.tmp && mv $@.tmp $@
$(BUILD)/auto/home.c: conf/home tools/auto.sh
	@mkdir -p $(@D)
	tools/auto.sh home "$$(head -n 1 conf/home)" > $@.tmp && mv $@.tmp $@
$(BUILD)/auto/%.o: $(BUILD)/auto/%.c
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/lib.a: $(LIBOBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/cmd/%: $(BUILD)/obj/%.o $(BUILD)/lib.a $(HOMEOBJ) $(BUILD)/link-flavor
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(HOMEOBJ) $(BUILD)/lib.a $(LIBS)

$(BUILD)/cmd/%: cmd/%.sh
	@mkdir -p $(@D)
	cp $< $@.tmp && chmod 755 $@.tmp && mv $@.tmp $@

$(BUILD)/t/%.t: t/%.c t/unit.h $(BUILD)/lib.a $(HOMEOBJ)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -It $(CFLAGS) $(WARN) $(LDFLAGS) -MMD -MP -o $@ $< \
	  $(HOMEOBJ) $(BUILD)/lib.a $(LIBS)

# Benchmark helpers, t/bench/NAME.c -> $(BUILD)/bench/bench-NAME.
BENCHES := $(patsubst t/bench/%.c,$(BUILD)/bench/bench-%,$(wildcard t/bench/*.c))
$(BUILD)/bench/bench-%: t/bench/%.c $(BUILD)/lib.a $(HOMEOBJ)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(LDFLAGS) -o $@ $< $(HOMEOBJ) \
	  $(BUILD)/lib.a $(LIBS)

# make test: every t/*.t and every unit test, through prove.
test: all $(UNITS)
	QUAIL_TOP='$(CURDIR)' QUAIL_BUILD='$(abspath $(BUILD))' \
	QUAIL_CC='$(CC)' QUAIL_CFLAGS='$(CFLAGS)' QUAIL_LDFLAGS='$(LDFLAGS)' \
	PATH='$(abspath $(BUILD))/cmd:'"$$PATH" \
	  prove $(PROVE_J) $(PROVE_FLAGS) t/*.t $(BUILD)/t/*.t

ASAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
              -fno-sanitize-recover=undefined
asan:
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	$(MAKE) BUILD=build-asan CFLAGS='$(ASAN_FLAGS)' \
	  LDFLAGS='-fsanitize=address,undefined' test

# libFuzzer targets in t/fuzz/, built with clang into build-fuzz/.
# make fuzz runs each for FUZZ_SECONDS; t/fuzz.t runs a short round in
# make test.
FUZZ_SECONDS ?= 60
FUZZERS := $(patsubst t/fuzz/%.c,%,$(wildcard t/fuzz/*.c))
FUZZ_MAKE := $(MAKE) CC=clang BUILD=build-fuzz \
  CFLAGS='-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined' \
  LDFLAGS='-fsanitize=address,undefined'
$(BUILD)/fuzz/%: t/fuzz/%.c $(BUILD)/lib.a $(HOMEOBJ)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(LDFLAGS) -fsanitize=fuzzer -o $@ \
	  $< $(HOMEOBJ) $(BUILD)/lib.a $(LIBS)
fuzz-build:
	$(FUZZ_MAKE) $(addprefix build-fuzz/fuzz/,$(FUZZERS))
fuzz: fuzz-build
	@for f in $(FUZZERS); do mkdir -p build-fuzz/corpus/$$f; \
	  echo "fuzz: $$f for $(FUZZ_SECONDS) s"; \
	  build-fuzz/fuzz/$$f -max_total_time=$(FUZZ_SECONDS) \
	    build-fuzz/corpus/$$f t/fuzz/seeds/$$f || exit 1; done

# Installation: link every program for $(QMAILHOME), lay out the tree
# with qmail's owners and modes, never touching control/, alias/ files
# or queued messages that are already there.
install: all
	BUILD='$(BUILD)' QMAILHOME='$(QMAILHOME)' DESTDIR='$(DESTDIR)' \
	LINK='$(CC) $(CFLAGS) $(LDFLAGS)' LIBS='$(LIBS)' \
	MUSL_LINK='$(if $(MUSL_CC),$(MUSL_CC) -static $(CFLAGS) $(LDFLAGS))' \
	MUSL_LIBS='$(MUSL_LIBS)' MUSL_PROGS='$(MUSL_PROGS)' \
	CPROGS='$(CPROGS)' SPROGS='$(SPROGS)' tools/install.sh

instcheck:
	QMAILHOME='$(QMAILHOME)' DESTDIR='$(DESTDIR)' tools/instcheck.sh

setup: install
	QMAILHOME='$(QMAILHOME)' tools/config.sh $(HOST)

run: all
	BUILD='$(BUILD)' CC='$(CC)' CFLAGS='$(CFLAGS)' LDFLAGS='$(LDFLAGS)' \
	  tools/run.sh

bench: all $(BENCHES)
	BUILD='$(BUILD)' tools/bench.sh

deps:
	tools/deps.sh install

clean:
	rm -rf build build-clang build-asan build-fuzz

FORCE:
.PHONY: all test asan fuzz fuzz-build install instcheck setup run bench deps clean FORCE
.SECONDARY:
-include $(wildcard $(BUILD)/*/*.d $(BUILD)/musl/*/*.d)
