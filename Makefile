# ggw - the work ledger of a street 关工委 and its units.
# make [all] | test | asan | fuzz | bench | demo | install | uninstall | deb | clean | deps

PREFIX    ?= /usr/local
DESTDIR   ?=
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
LOCALEDIR ?= $(PREFIX)/share/locale
LIBEXECDIR ?= $(PREFIX)/lib/ggw

CC      ?= cc
BUILD   ?= build
PKG_CONFIG ?= pkg-config
PKGS    := ncursesw yaml-0.1 libgit2 libsodium libjpeg libpng libexif
# The papers (xlsx, PDF) live in a second program, ggw-papers, so that the
# cairo/pango/xlsxwriter libraries (about 60 shared objects, 7-10 ms to load)
# are loaded only by the commands that print, not by every `ggw list`.
PAPERS_PKGS := xlsxwriter pangocairo fontconfig
WARN    := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
# gcc warns when snprintf may truncate; ggw truncates messages on purpose.
WARN    += $(shell $(CC) -Werror -Wno-format-truncation -E -x c /dev/null >/dev/null 2>&1 && echo -Wno-format-truncation)
CSTD    := -std=c11 -D_GNU_SOURCE
OPT     ?= -O2 -g
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CFLAGS  += $(CSTD) $(WARN) $(OPT) $(PKG_CFLAGS) -DLOCALEDIR='"$(LOCALEDIR)"' -DLIBEXECDIR='"$(LIBEXECDIR)"' -MMD -MP
LDLIBS  += $(PKG_LIBS)
PAPERS_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PAPERS_PKGS) 2>/dev/null)
PAPERS_LIBS   := $(shell $(PKG_CONFIG) --libs $(PAPERS_PKGS) 2>/dev/null)

LIB_SRC  := $(filter-out storage/git2lazy.c storage/liblazy.c,$(wildcard model/*.c storage/*.c records/*.c))
TUI_SRC  := $(wildcard tui/*.c tui/cli/*.c)
PAPERS_SRC := $(wildcard papers/*.c)
PAPERS_OBJ := $(PAPERS_SRC:%.c=$(BUILD)/%.o)
TEST_SRC := $(wildcard tests/unit/test_*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
TUI_OBJ  := $(TUI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRC := $(wildcard bench/*.c)
TOOL_BIN := $(TOOL_SRC:bench/%.c=$(BUILD)/%)
MO       := $(BUILD)/locale/en/LC_MESSAGES/ggw.mo

.PHONY: FORCE all test asan fuzz fuzz-targets bench demo install uninstall deb clean deps check-deps unit-tests tools offline cross

all: check-deps $(BUILD)/ggw $(BUILD)/ggw-papers $(MO) tools

$(BUILD)/papers/%.o: papers/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PAPERS_CFLAGS) -c $< -o $@

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libggw.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# The ggw program loads libgit2 on first use (storage/git2lazy.h), and
# libsodium and the image libraries too (storage/liblazy.h): on x86_64 and
# aarch64 it is linked without them, every function it calls from them
# being a generated trampoline; elsewhere they are linked as usual.
NM ?= nm
GIT2LAZY_ARCH := $(patsubst %-,%,$(filter x86_64- aarch64-,$(firstword $(subst -,- ,$(shell $(CC) -dumpmachine 2>/dev/null)))))
# soname PKG-CONFIG-NAME: the run-time name of the package's one library.
soname = $(shell l=$$($(PKG_CONFIG) --libs-only-l $(1) 2>/dev/null | sed 's/^ *-l//;s/ .*//'); readelf -d "$$($(PKG_CONFIG) --variable=libdir $(1) 2>/dev/null)/lib$$l.so" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
GIT2_SONAME := $(or $(call soname,libgit2),libgit2.so.$(shell $(PKG_CONFIG) --modversion libgit2 2>/dev/null | cut -d. -f1,2))
# The functions of each group of storage/liblazy.c, and their libraries.
LAZY_sodium := ^(crypto_|sodium_|randombytes_)
LAZY_image  := ^(jpeg_|png_|exif_)
LAZY_LIBS   := $(shell $(PKG_CONFIG) --libs-only-l libsodium libjpeg libpng libexif 2>/dev/null)
ifneq ($(GIT2LAZY_ARCH),)
GGW_GIT2_OBJ := $(BUILD)/storage/git2lazy.o $(BUILD)/git2lazy_tramp.o \
	$(BUILD)/storage/liblazy.o $(BUILD)/lazy_sodium_tramp.o $(BUILD)/lazy_image_tramp.o
GGW_LDLIBS := $(filter-out -lgit2 $(LAZY_LIBS),$(LDLIBS)) -ldl -lpthread -Wl,--export-dynamic-symbol=mbedtls_x509_crt_parse_file
else
GGW_GIT2_OBJ :=
GGW_LDLIBS := $(LDLIBS)
endif
$(BUILD)/storage/git2lazy.o: CFLAGS += -DGGW_LIBGIT2_SONAME='"$(GIT2_SONAME)"'
$(BUILD)/storage/liblazy.o: CFLAGS += -DGGW_SODIUM_SONAME='"$(or $(call soname,libsodium),libsodium.so.23)"' \
	-DGGW_JPEG_SONAME='"$(or $(call soname,libjpeg),libjpeg.so.62)"' \
	-DGGW_PNG_SONAME='"$(or $(call soname,libpng),libpng16.so.16)"' \
	-DGGW_EXIF_SONAME='"$(or $(call soname,libexif),libexif.so.12)"'
$(BUILD)/git2lazy_tramp.S: $(TUI_OBJ) $(LIB_OBJ) scripts/lazylib-gen.sh
	sh scripts/lazylib-gen.sh $(GIT2LAZY_ARCH) $(NM) git2 '^git_' $(TUI_OBJ) $(LIB_OBJ) > $@.tmp && mv $@.tmp $@
.PRECIOUS: $(BUILD)/lazy_%_tramp.S
$(BUILD)/lazy_%_tramp.S: $(TUI_OBJ) $(LIB_OBJ) scripts/lazylib-gen.sh
	sh scripts/lazylib-gen.sh $(GIT2LAZY_ARCH) $(NM) $* '$(LAZY_$*)' $(TUI_OBJ) $(LIB_OBJ) > $@.tmp && mv $@.tmp $@
$(BUILD)/%_tramp.o: $(BUILD)/%_tramp.S
	$(CC) -c $< -o $@

$(BUILD)/ggw: $(TUI_OBJ) $(BUILD)/libggw.a $(GGW_GIT2_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(TUI_OBJ) $(GGW_GIT2_OBJ) $(BUILD)/libggw.a $(GGW_LDLIBS)

$(BUILD)/ggw-papers: $(PAPERS_OBJ) $(BUILD)/libggw.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(PAPERS_OBJ) $(BUILD)/libggw.a $(LDLIBS) $(PAPERS_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libggw.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(EXTRA_OBJ) $(BUILD)/libggw.a $(LDLIBS) -lcmocka

# The test photos' phone JPEG with EXIF is written once (tests/unit/
# phone_jpeg.c), for test_image, bench/image_tool and demo/photo.c.
PHONE_JPEG_OBJ := $(BUILD)/tests/unit/phone_jpeg.o
$(BUILD)/tests/test_image $(BUILD)/image_tool: $(PHONE_JPEG_OBJ)
$(BUILD)/tests/test_image $(BUILD)/image_tool: EXTRA_OBJ := $(PHONE_JPEG_OBJ)

$(BUILD)/%: bench/%.c $(BUILD)/libggw.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(EXTRA_OBJ) $(BUILD)/libggw.a $(LDLIBS)

# (the demo's photo tool only where demo/ is: not in the .deb's sources)
tools: $(TOOL_BIN) $(if $(wildcard demo/photo.c),$(BUILD)/ggw-demo-photo)

# The demo ledger's drawn evidence photos and sign-in sheets (demo/build.py).
$(BUILD)/ggw-demo-photo: demo/photo.c $(PHONE_JPEG_OBJ)
	$(CC) $(CFLAGS) $(PAPERS_CFLAGS) $(LDFLAGS) -o $@ $< $(PHONE_JPEG_OBJ) $(LDLIBS) $(PAPERS_LIBS) -lm

# The catalogue folder is compiled into i18n.o: rebuild it when PREFIX or
# LOCALEDIR changes (make install PREFIX=/usr after a plain make).
$(BUILD)/.localedir: FORCE
	@mkdir -p $(BUILD)
	@echo "$(LOCALEDIR)" | cmp -s - $@ || echo "$(LOCALEDIR)" > $@
$(BUILD)/model/i18n.o: $(BUILD)/.localedir
FORCE:

PO := $(wildcard po/*.po)
$(MO): $(PO)
	@mkdir -p $(dir $@)
	for f in po/header.po $(filter-out po/header.po,$(PO)); do cat $$f; echo; done > $(BUILD)/en-all.po
	msguniq --use-first -o $(BUILD)/en.po $(BUILD)/en-all.po
	msgfmt --check -o $@ $(BUILD)/en.po

unit-tests: $(TEST_BIN)

# Installs missing build dependencies on Debian-family systems (as root),
# else prints the apt-get command and stops.
deps:
	@sh scripts/deps.sh install

check-deps:
	@sh scripts/deps.sh check

test: deps
	$(MAKE) all unit-tests fuzz
	GGW_BUILD=$(abspath $(BUILD)) sh tests/run.sh

asan: deps
	$(MAKE) BUILD=build-asan CC=clang OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" LDFLAGS="-fsanitize=address,undefined" all unit-tests
	GGW_BUILD=$(abspath build-asan) ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp):print_suppressions=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 sh tests/run.sh

# libFuzzer targets (tests/fuzz/fuzz_*.c) in $(FUZZ_BUILD)/, the library
# built for them with coverage hooks and ASan+UBSan. Skipped, with a note,
# if $(FUZZ_CC) cannot link -fsanitize=fuzzer (Debian: libclang-rt-14-dev).
FUZZ_BUILD ?= build-fuzz
FUZZ_CC    ?= clang
FUZZ_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_SRC   := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN   := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/%)

fuzz:
	@if echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' | \
	    $(FUZZ_CC) -fsanitize=fuzzer -x c - -o /dev/null >/dev/null 2>&1; then \
		$(MAKE) BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
			OPT="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)" fuzz-targets; \
	else \
		echo "ggw: $(FUZZ_CC) cannot link -fsanitize=fuzzer (install libclang-rt-14-dev): fuzz targets not built"; \
	fi

fuzz-targets: $(FUZZ_BIN)

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/libggw.a
	$(CC) $(CFLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/libggw.a $(LDLIBS)

bench: deps
	$(MAKE) all
	GGW_BUILD=$(abspath $(BUILD)) sh bench/run.sh

demo: deps
	$(MAKE) all
	GGW_BUILD=$(abspath $(BUILD)) sh demo/demo.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(LOCALEDIR)/en/LC_MESSAGES
	install -m 755 $(BUILD)/ggw $(DESTDIR)$(BINDIR)/ggw
	install -d $(DESTDIR)$(LIBEXECDIR)
	install -m 755 $(BUILD)/ggw-papers $(DESTDIR)$(LIBEXECDIR)/ggw-papers
	install -m 644 man/ggw.1 $(DESTDIR)$(MANDIR)/man1/ggw.1
	install -m 644 man/ggw-records.5 $(DESTDIR)$(MANDIR)/man5/ggw-records.5
	[ ! -f man/ggw-sync.7 ] || install -m 644 man/ggw-sync.7 $(DESTDIR)$(MANDIR)/man7/ggw-sync.7
	install -d $(DESTDIR)$(MANDIR)/zh_CN/man1 $(DESTDIR)$(MANDIR)/zh_CN/man5 $(DESTDIR)$(MANDIR)/zh_CN/man7
	install -m 644 man/zh_CN/ggw.1 $(DESTDIR)$(MANDIR)/zh_CN/man1/ggw.1
	install -m 644 man/zh_CN/ggw-records.5 $(DESTDIR)$(MANDIR)/zh_CN/man5/ggw-records.5
	install -m 644 man/zh_CN/ggw-sync.7 $(DESTDIR)$(MANDIR)/zh_CN/man7/ggw-sync.7
	install -m 644 $(MO) $(DESTDIR)$(LOCALEDIR)/en/LC_MESSAGES/ggw.mo

# The Debian package ggw_<version>_<arch>.deb in $(BUILD)/ (debian/, debhelper).
deb:
	@sh scripts/build-deb.sh $(BUILD)

# make offline: a folder for a USB stick, $(BUILD)/offline/ggw-<version>/,
# with the .deb for amd64 and arm64 (OFFLINE_ARCHES), the runtime library
# packages each needs (apt-get download) and install.sh (scripts/offline.sh).
OFFLINE_ARCHES ?=
offline:
	@sh scripts/offline.sh $(BUILD) $(OFFLINE_ARCHES)

# make cross ARCH=arm64 (or i386): ggw, ggw-papers and the unit tests built
# with Debian's cross toolchain (crossbuild-essential-<arch> and the :<arch>
# development packages) into build-<arch>/; tests/integration/cross.sh runs
# them under qemu-user.
ARCH ?= arm64
CROSS_BUILD ?= build-$(ARCH)
CROSS_TRIPLET_arm64 := aarch64-linux-gnu
CROSS_TRIPLET_i386 := i686-linux-gnu
CROSS_TRIPLET_armhf := arm-linux-gnueabihf
cross:
	@t=$(CROSS_TRIPLET_$(ARCH)); \
	if [ -z "$$t" ]; then echo "ggw: make cross knows ARCH=arm64, i386 or armhf" >&2; exit 2; fi; \
	if ! command -v $$t-gcc >/dev/null 2>&1; then \
		echo "ggw: make cross ARCH=$(ARCH) needs $$t-gcc: apt-get install crossbuild-essential-$(ARCH)" >&2; exit 1; fi; \
	pc="$$t-pkg-config"; \
	if ! $$pc --exists libgit2 2>/dev/null && $$pc --exists libpcre2-8 2>/dev/null; then \
		dir=$$(sh scripts/cross-sysroot.sh $(ARCH) $(CROSS_BUILD)/sysroot libgit2-dev) || exit 1; \
		export PKG_CONFIG_PATH="$$dir"; fi; \
	if ! $$pc --exists $(PKGS) $(PAPERS_PKGS) cmocka 2>/dev/null; then \
		echo "ggw: make cross ARCH=$(ARCH) needs the :$(ARCH) development packages: dpkg --add-architecture $(ARCH); apt-get update;" \
		     "apt-get install libncurses-dev:$(ARCH) libyaml-dev:$(ARCH) libgit2-1.5:$(ARCH) libpcre2-dev:$(ARCH) zlib1g-dev:$(ARCH) libsodium-dev:$(ARCH) libcmocka-dev:$(ARCH)" \
		     "libxlsxwriter-dev:$(ARCH) libcairo2-dev:$(ARCH) libpango1.0-dev:$(ARCH)" \
		     "libjpeg62-turbo-dev:$(ARCH) libpng-dev:$(ARCH) libexif-dev:$(ARCH) (libgit2-dev:$(ARCH) is unpacked, not installed)" >&2; exit 1; fi; \
	$(MAKE) BUILD=$(CROSS_BUILD) CC=$$t-gcc AR=$$t-ar NM=$$t-nm PKG_CONFIG="$$pc" \
		$(CROSS_BUILD)/ggw $(CROSS_BUILD)/ggw-papers $(CROSS_BUILD)/locale/en/LC_MESSAGES/ggw.mo unit-tests

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ggw $(DESTDIR)$(LIBEXECDIR)/ggw-papers $(DESTDIR)$(MANDIR)/man1/ggw.1 \
	      $(DESTDIR)$(MANDIR)/man5/ggw-records.5 $(DESTDIR)$(MANDIR)/man7/ggw-sync.7 \
	      $(DESTDIR)$(LOCALEDIR)/en/LC_MESSAGES/ggw.mo \
	      $(DESTDIR)$(MANDIR)/zh_CN/man1/ggw.1 $(DESTDIR)$(MANDIR)/zh_CN/man5/ggw-records.5 \
	      $(DESTDIR)$(MANDIR)/zh_CN/man7/ggw-sync.7

clean:
	rm -rf build build-asan $(FUZZ_BUILD) build-arm64 build-i386 build-armhf

-include $(LIB_OBJ:.o=.d) $(TUI_OBJ:.o=.d) $(BUILD)/storage/git2lazy.d $(BUILD)/storage/liblazy.d $(PAPERS_OBJ:.o=.d) $(FUZZ_BIN:=.d)
