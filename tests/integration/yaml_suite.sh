# The yaml-test-suite's inputs (tests/data/yaml-test-suite, MIT) as record
# files of one ledger, through `ggw check` under whatever build GGW_BUILD
# points at (make asan: the ASan build). None may crash or hang, every file
# is reported (none of them is a valid activity), and wherever libyaml's
# English words are shown, a Chinese sentence comes first.
. "$GGW_SRC/tests/lib.sh"

src="$GGW_SRC/tests/data/yaml-test-suite/in"
ninputs=$(ls "$src" | wc -l)
check_eq "the suite's inputs are there" "$([ "$ninputs" -ge 300 ] && echo yes)" yes

ggw init led --street 测试街道关工委 --unit xinyi --unit-name 新义村关工委 >/dev/null 2>&1 ||
	not_ok "ggw init"
mkdir -p led/activities/xinyi/2024
i=0
: >"$T/names"
for f in "$src"/*.yaml; do
	i=$((i + 1))
	id=$(printf '20240101-%08x' "$i")
	cp "$f" "led/activities/xinyi/2024/$id.yaml"
	echo "$id $(basename "$f")" >>"$T/names"
done

# One process for all: fast. timeout is the hang detector.
timeout 300 "$GGW_BIN" -C led check >"$T/check.out" 2>"$T/check.err"
rc=$?
if [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; then
	ok "ggw check over $i yaml-test-suite inputs ends normally (exit $rc)"
else
	not_ok "ggw check over $i yaml-test-suite inputs (exit $rc: crash, hang or sanitizer report)"
	tail -30 "$T/check.err" | sed 's/^/# /'
	# Name the culprits, one file at a time (10 s each).
	for g in led/activities/xinyi/2024/*.yaml; do
		mkdir -p one && rm -rf one && cp -r led one
		rm -f one/activities/xinyi/2024/*.yaml && cp "$g" one/activities/xinyi/2024/
		timeout 10 "$GGW_BIN" -C one check >/dev/null 2>&1
		r=$?
		[ "$r" -le 1 ] || echo "# $(grep "^$(basename "$g" .yaml) " "$T/names") exit $r"
	done
fi

missing=0
while read -r id name; do
	grep -q "$id\.yaml" "$T/check.out" || { missing=$((missing + 1)); echo "# not reported: $name"; }
done <"$T/names"
check_eq "every input file is reported" "$missing" 0

# A libyaml message: English words (two or more, as libyaml writes them)
# after the "path:line:col: " prefix. Each needs Chinese before them.
python3 - "$T/check.out" >"$T/english.out" <<'PY'
import re, sys
english = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z']+)+")
cjk = re.compile(r"[\u4e00-\u9fff]")
shown = bad = 0
for line in open(sys.argv[1], encoding="utf-8"):
    msg = re.sub(r"^\S+?:\d+:\d+: ", "", line.rstrip("\n"))
    m = english.search(msg)
    if not m:
        continue
    shown += 1
    if not cjk.search(msg[:m.start()]):
        bad += 1
        print("# no Chinese before libyaml's words: " + line.rstrip("\n"))
print("shown %d bad %d" % (shown, bad))
PY
tail -1 "$T/english.out" | grep -q ' bad 0$' && ok "libyaml's English comes after a Chinese sentence ($(tail -1 "$T/english.out" | cut -d' ' -f2) messages)" ||
	{ not_ok "libyaml's English comes after a Chinese sentence"; head -20 "$T/english.out"; }
check_grep "a libyaml message is among them" "（libyaml 的英文原话）：" "$T/check.out"
exit 0
