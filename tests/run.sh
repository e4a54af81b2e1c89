#!/bin/sh
# Runs every suite: cmocka unit tests (TAP), then the shell suites under
# tests/integration and tests/tui. Each suite prints TAP lines
# ("ok - name" / "not ok - name"); a suite that dies without saying counts
# as one failure. Ends with one line: "N passed, N failed".
# GGW_BUILD: the build folder (holds ggw and tests/). TESTS: optional glob
# filter on suite names.
: "${GGW_BUILD:=$(pwd)/build}"
export GGW_BUILD
export GGW_BIN="$GGW_BUILD/ggw"
export GGW_SRC="$(cd "$(dirname "$0")/.." && pwd)"
export CMOCKA_MESSAGE_OUTPUT=TAP
logdir="$GGW_BUILD/test-logs"
mkdir -p "$logdir"
passed=0
failed=0

run_suite() { # name command...
	name=$1; shift
	case "$name" in ${TESTS:-*}) ;; *) return ;; esac
	log="$logdir/$name.log"
	start=$(date +%s)
	"$@" >"$log" 2>&1 </dev/null
	rc=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name exited with status $rc" >>"$log"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	echo "$name: $p passed, $f failed ($(( $(date +%s) - start ))s)"
	if [ "$f" -gt 0 ]; then
		grep -E '^not ok |^# ' "$log" | head -40 | sed 's/^/    /'
		echo "    (log: $log)"
	fi
}

for t in "$GGW_BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	run_suite "$(basename "$t")" "$t"
done
for t in "$GGW_SRC"/tests/integration/*.sh "$GGW_SRC"/tests/tui/*.sh; do
	[ -f "$t" ] || continue
	run_suite "$(basename "$t" .sh)" sh "$t"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
