# Shared by the shell suites. Source it: . "$GGW_SRC/tests/lib.sh"
# Gives a private HOME and work folder, the ggw binary as `ggw`, and TAP
# helpers. Every check prints "ok - name" or "not ok - name".
set -u
: "${GGW_BIN:?run through tests/run.sh or make test}"
T=$(mktemp -d "${TMPDIR:-/tmp}/ggw-test.XXXXXX")
export HOME="$T/home" XDG_CONFIG_HOME="$T/home/.config"
mkdir -p "$HOME"
export GIT_AUTHOR_NAME=tester GIT_AUTHOR_EMAIL=tester@example.org
export GIT_COMMITTER_NAME=tester GIT_COMMITTER_EMAIL=tester@example.org
git config --global user.name tester
git config --global user.email tester@example.org
git config --global init.defaultBranch main
git config --global protocol.file.allow always
unset GGW_DIR LANGUAGE
export LANG=C.UTF-8 LC_ALL=C.UTF-8
cleanup_hooks=""
at_exit() { cleanup_hooks="$1; $cleanup_hooks"; }
trap 'eval "$cleanup_hooks"; rm -rf "$T"' EXIT
cd "$T" || exit 1

ggw() { "$GGW_BIN" "$@"; }

TESTS_FAILED=0
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; TESTS_FAILED=$((TESTS_FAILED + 1)); }
# check NAME COMMAND...: passes if the command exits 0
check() {
	_name=$1; shift
	if "$@" >"$T/.out" 2>&1; then ok "$_name"; else not_ok "$_name"; sed 's/^/# /' "$T/.out" | head -20; fi
}
# check_fails NAME STATUS COMMAND...: passes if the command exits with STATUS
check_fails() {
	_name=$1; _want=$2; shift 2
	"$@" >"$T/.out" 2>&1; _rc=$?
	if [ "$_rc" -eq "$_want" ]; then ok "$_name"; else not_ok "$_name (exit $_rc, wanted $_want)"; sed 's/^/# /' "$T/.out" | head -20; fi
}
# check_eq NAME GOT WANT
check_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1"; printf '# got:  %s\n# want: %s\n' "$2" "$3" | head -40; fi
}
# check_grep NAME PATTERN FILE: fixed string present in file
check_grep() {
	if grep -qF -- "$2" "$3"; then ok "$1"; else not_ok "$1"; echo "# '$2' not in $3:"; sed 's/^/# /' "$3" | head -20; fi
}
check_nogrep() {
	if grep -qF -- "$2" "$3"; then not_ok "$1"; echo "# '$2' unexpectedly in $3"; else ok "$1"; fi
}
