# The libFuzzer targets of tests/fuzz (make fuzz), each for a short bounded
# time on its seed corpus (tests/fuzz/corpus/<target>) plus what it finds.
# A crash, leak, sanitizer report, timeout (-timeout=10 s per input) or
# memory blow-up (-rss_limit_mb=1024) is "not ok", with the saved input's
# path (kept in $GGW_BUILD/fuzz-crashes/). GGW_FUZZ_SECS: seconds per target
# (default 15). GGW_FUZZ_BUILD: where the targets are (default build-fuzz).
. "$GGW_SRC/tests/lib.sh"

fb=${GGW_FUZZ_BUILD:-$GGW_SRC/build-fuzz}
secs=${GGW_FUZZ_SECS:-15}
targets="yaml merge set tree image packread"
crashes="$GGW_BUILD/fuzz-crashes"

# Up to date with the sources (a no-op after `make test`, which builds them).
if [ -z "${GGW_FUZZ_BUILD:-}" ]; then
	make -s -C "$GGW_SRC" fuzz >"$T/make.log" 2>&1 || { sed 's/^/# /' "$T/make.log" | tail -20; }
fi
missing=""
for t in $targets; do
	[ -x "$fb/fuzz_$t" ] || missing="$missing fuzz_$t"
done
if [ -n "$missing" ]; then
	why=$(grep -m1 'cannot link' "$T/make.log" 2>/dev/null)
	for t in $targets; do
		echo "ok - fuzz_$t # SKIP not built:${why:+ $why}${why:-$missing}"
	done
	exit 0
fi

mkdir -p "$crashes"
export TMPDIR="$T" # fuzz_tree's repository, removed with $T
for t in $targets; do
	corpus="$T/corpus-$t"
	mkdir -p "$corpus"
	set -- "$corpus" "$GGW_SRC/tests/fuzz/corpus/$t"
	# The YAML reader also starts from the yaml-test-suite's inputs.
	[ "$t" = yaml ] && set -- "$@" "$GGW_SRC/tests/data/yaml-test-suite/in"
	timeout $((secs + 60)) "$fb/fuzz_$t" -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=1024 -max_len=16384 -print_final_stats=1 \
		-artifact_prefix="$crashes/$t-" "$@" >"$T/$t.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$T/$t.log")
	if [ "$rc" -eq 0 ]; then
		ok "fuzz_$t (${runs:-?} inputs in ${secs}s)"
	else
		art=$(sed -n 's/.*Test unit written to //p' "$T/$t.log" | head -1)
		not_ok "fuzz_$t (exit $rc) ${art:+input: $art}"
		grep -E 'fuzz:|ERROR|SUMMARY|runtime error|#[0-9]+ 0x' "$T/$t.log" | head -30 | sed 's/^/# /'
	fi
done
exit 0
