#!/bin/sh
# sync_hub.sh's scenario on network hubs (git daemon, git http-backend,
# and ssh where sshd runs): a plain-git PC puts a refused commit on the
# hub's main; the units' and the office's syncs say so and still exchange
# their records through side references on the hub (pushed and fetched by
# the transfer child); the office repairs the hub from its own PC with a
# compare-and-swap, keeping the refused history on the hub; then everything
# syncs again. Also a commit libgit2 cannot parse (author time 2^64-1):
# refused as unreadable, repaired by path where the hub is.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

mkdir -p hubs
start_daemon "$T/hubs"
if start_sshd; then
	ssh-keyscan -t ed25519 -p "$SSH_PORT" 127.0.0.1 >>"$HOME/.ssh/known_hosts" 2>/dev/null
	# (OpenSSH reads the real home, not $HOME: name the key and hosts file.)
	export GIT_SSH_COMMAND="ssh -o BatchMode=yes -i $HOME/.ssh/id_ed25519 -o UserKnownHostsFile=$HOME/.ssh/known_hosts"
	KINDS="git ssh"
else
	echo "ok - # SKIP the ssh:// hub: $SSHD_WHY"
	KINDS="git"
fi

if [ -x "$(git --exec-path)/git-http-backend" ]; then
	HTTP_PORT=$(free_port)
	python3 "$GGW_SRC/tests/integration/sync_httpd.py" "$HTTP_PORT" "$T/hubs" 2>"$T/http.log" &
	HTTP_PID=$!
	at_exit "kill $HTTP_PID 2>/dev/null"
	wait_port "$HTTP_PORT" && KINDS="$KINDS http"
else
	echo "ok - # SKIP the http:// hub: git-http-backend missing"
fi

# scenario KIND URL HUBDIR: the whole story on one hub, in folder on-KIND/.
scenario() {
	k=$1 url=$2 hub=$3
	mkdir "$T/on-$k" && cd "$T/on-$k" || return 1
	new_office office
	ggw hub init "$hub" >/dev/null
	git -C "$hub" config http.receivepack true
	ggw -C office remote add hub "$url" >/dev/null
	add_act office office 1
	ggw -C office sync >/dev/null 2>&1
	for u in xinyi nanhu; do
		clone_pc "$url" "$u" "$u"
		git -C "$u" remote remove origin
		ggw -C "$u" remote add hub "$url" >/dev/null
		ggw -C "$u" sync >/dev/null 2>&1
	done

	# A PC with plain git pushes a commit that breaks the write scope.
	git clone -q "$url" evil
	write_act evil nanhu "$(act_id nanhu 99)" "越权写入"
	git -C evil add -A
	git -C evil commit -q -m "越权

Ggw-Unit: xinyi"
	git -C evil push -q "$url" HEAD:main
	BAD=$(git -C evil rev-parse HEAD)
	check_eq "$k: (the refused commit is the hub's main)" "$(git -C "$hub" rev-parse main)" "$BAD"

	ggw_act nanhu "南湖在坏提交之后"
	ggw -C nanhu sync >n1.out 2>&1
	check_eq "$k: a unit's sync through the poisoned hub says it was refused (exit 1)" "$?" 1
	check_grep "$k: it says records still go by the side references" "已通过这个中转仓库的旁路交换" n1.out
	check_grep "$k: and asks the office to repair the hub" "请街道办公室运行 ggw hub repair hub" n1.out
	check_eq "$k: the hub's main is not pushed over" "$(git -C "$hub" rev-parse main)" "$BAD"
	check_eq "$k: nanhu's main is on the hub as its side reference" \
		"$(git -C "$hub" rev-parse refs/ggw/units/nanhu)" "$(git -C nanhu rev-parse HEAD)"
	ggw_act xinyi "新义在坏提交之后"
	ggw -C xinyi sync >x1.out 2>&1
	check_eq "$k: another unit: refused too (exit 1)" "$?" 1
	check "$k: xinyi got nanhu's record through the side reference" grep -rqF "南湖在坏提交之后" xinyi/activities/nanhu
	ggw -C office sync >o1.out 2>&1
	check_eq "$k: the office: refused (exit 1)" "$?" 1
	check_grep "$k: the office is told to run the repair itself" "请运行 ggw hub repair hub" o1.out
	check "$k: the office got nanhu's record anyway" grep -rqF "南湖在坏提交之后" office/activities/nanhu
	check "$k: and xinyi's" grep -rqF "新义在坏提交之后" office/activities/xinyi
	check "$k: nothing refused entered the office's ledger" test ! -e "office/$(act_path nanhu "$(act_id nanhu 99)")"
	ggw -C nanhu sync >/dev/null 2>&1
	check "$k: nanhu got xinyi's record the same way" grep -rqF "新义在坏提交之后" nanhu/activities/xinyi

	ggw -C office hub repair hub >r.out 2>&1
	check_eq "$k: ggw hub repair puts the network hub back from the office's PC (exit 0)" "$?" 0
	check_grep "$k: and says where the refused history is" "refs/ggw/refused/" r.out
	check_eq "$k: the refused tip is kept aside on the hub, not deleted" \
		"$(git -C "$hub" for-each-ref --format='%(objectname)' refs/ggw/refused/)" "$BAD"
	hubmain=$(git -C "$hub" rev-parse main)
	check "$k: the hub's main no longer holds the refused commit" \
		sh -c "! git -C '$hub' merge-base --is-ancestor $BAD $hubmain"
	check "$k: the office syncs again" ggw -C office sync
	for u in xinyi nanhu; do
		check "$k: $u syncs again" ggw -C "$u" sync
	done
	check "$k: the office gets the rest" ggw -C office sync
	check_eq "$k: everyone converges (xinyi)" "$(tree_of xinyi)" "$(tree_of office)"
	check_eq "$k: everyone converges (nanhu)" "$(tree_of nanhu)" "$(tree_of office)"
	check_eq "$k: the hub has the office's main" "$(git -C "$hub" rev-parse main)" "$(git -C office rev-parse HEAD)"

	# A commit libgit2 cannot parse (author time 2^64-1) on the hub's main.
	git -C evil fetch -q "$url" main && git -C evil reset -q --hard FETCH_HEAD
	tree=$(git -C evil rev-parse 'HEAD^{tree}')
	parent=$(git -C evil rev-parse HEAD)
	printf 'tree %s\nparent %s\nauthor x <x@x> 18446744073709551615 +0000\ncommitter x <x@x> 18446744073709551615 +0000\n\nbad time\n' \
		"$tree" "$parent" >badcommit
	BAD2=$(git -C evil hash-object -t commit -w --literally "$T/on-$k/badcommit")
	git -C evil update-ref refs/heads/main "$BAD2"
	git -C evil push -q "$url" main:main 2>/dev/null
	check_eq "$k: (the unparsable commit is on the hub)" "$(git -C "$hub" rev-parse main)" "$BAD2"
	ggw_act nanhu "南湖在坏时间之后"
	ggw -C nanhu sync >n2.out 2>&1
	check_eq "$k: a commit libgit2 cannot parse is refused like any other (exit 1)" "$?" 1
	check_grep "$k: as one that cannot be read" "无法读取的提交" n2.out
	check_grep "$k: with the repair hint" "请街道办公室运行 ggw hub repair hub" n2.out
	check_nogrep "$k: (not taken for a main that moved back)" "倒退" n2.out
	# Fetched into a scratch repository first: the commit never enters
	# the ledger, so nothing stops the exchange.
	check_grep "$k: the refusal names the commit" "$BAD2" n2.out
	check "$k: the unparsable commit is not in nanhu's object store" sh -c "! git -C nanhu cat-file -e $BAD2 2>/dev/null"
	check "$k: its text is kept aside on nanhu's PC for inspection" test -s "nanhu/.git/ggw/refused/$BAD2"
	check "$k: no scratch repository is left behind" test ! -e nanhu/.git/ggw/incoming.git
	ggw_act xinyi "新义在坏时间之后"
	ggw -C xinyi sync >x2.out 2>&1
	check_eq "$k: xinyi is refused too (exit 1)" "$?" 1
	check "$k: but got nanhu's new record through the side references" grep -rqF "南湖在坏时间之后" xinyi/activities/nanhu
	ggw -C nanhu sync >n3.out 2>&1
	check_eq "$k: nanhu's next sync still says it (exit 1)" "$?" 1
	check_grep "$k: naming the commit again" "$BAD2" n3.out
	check "$k: and nanhu got xinyi's record: the exchange did not stop" grep -rqF "新义在坏时间之后" nanhu/activities/xinyi
	ggw -C office sync >o2.out 2>&1
	check_eq "$k: the office: refused (exit 1)" "$?" 1
	check_grep "$k: the office is told to repair it itself" "请运行 ggw hub repair hub" o2.out
	check "$k: the office got both records anyway" sh -c "grep -rqF 南湖在坏时间之后 office/activities/nanhu && grep -rqF 新义在坏时间之后 office/activities/xinyi"
	check "$k: the commit is not in the office's object store" sh -c "! git -C office cat-file -e $BAD2 2>/dev/null"
	# The office repairs the hub from its own PC, over the network.
	ggw -C office hub repair hub >r2.out 2>&1
	check_eq "$k: the repair over the network works (exit 0)" "$?" 0
	check_grep "$k: and says where the refused commit's text is kept" "ggw/refused/$BAD2" r2.out
	hubmain=$(git -C "$hub" rev-parse main)
	check "$k: the hub's main no longer holds the unparsable commit" \
		sh -c "! git -C '$hub' merge-base --is-ancestor $BAD2 $hubmain"
	check "$k: the repair by path there has nothing left to do" ggw -C office hub repair "$hub"
	check "$k: the unparsable commit is still in the hub" git -C "$hub" cat-file -e "$BAD2"
	for d in office nanhu xinyi office; do ggw -C "$d" sync >/dev/null 2>&1; done
	check "$k: after the repair every PC syncs" ggw -C nanhu sync
	check_eq "$k: and converges" "$(tree_of nanhu)" "$(tree_of office)"
	check "$k: nanhu's record reached the office" grep -rqF "南湖在坏时间之后" office/activities/nanhu

	# The repair is a compare-and-swap: a main moved by someone else
	# while the repair pushes is not pushed over.
	git -C evil fetch -q "$url" main && git -C evil reset -q --hard FETCH_HEAD
	write_act evil nanhu "$(act_id nanhu 98)" "又一次越权"
	git -C evil add -A
	git -C evil commit -q -m "越权

Ggw-Unit: xinyi"
	BAD3=$(git -C evil rev-parse HEAD)
	git -C evil commit -q --allow-empty -m "又一个"
	BAD4=$(git -C evil rev-parse HEAD)
	git -C evil push -q "$url" "$BAD3:refs/heads/main" "$BAD4:refs/heads/other"
	ggw -C office sync >/dev/null 2>&1
	cat >"$hub/hooks/pre-receive" <<HOOK
#!/bin/sh
env -u GIT_QUARANTINE_PATH git update-ref refs/heads/main $BAD4
HOOK
	chmod +x "$hub/hooks/pre-receive"
	ggw -C office hub repair hub >r3.out 2>&1
	check_eq "$k: a main that moved during the repair: refused (exit 1)" "$?" 1
	check_grep "$k: and said" "中转仓库的 main 刚刚变了" r3.out
	check_eq "$k: the moved main is not pushed over" "$(git -C "$hub" rev-parse main)" "$BAD4"
	rm "$hub/hooks/pre-receive"
	check "$k: run again, the repair works" ggw -C office hub repair hub
	hubmain=$(git -C "$hub" rev-parse main)
	check "$k: and main no longer holds the refused commit" \
		sh -c "! git -C '$hub' merge-base --is-ancestor $BAD3 $hubmain"
	check "$k: the new refused tip is kept aside" sh -c "git -C '$hub' for-each-ref refs/ggw/refused/ | grep -q $BAD4"
	for d in office nanhu xinyi; do
		check "$k: $d syncs after the second repair" ggw -C "$d" sync
	done
	cd "$T" || return 1
}

for k in $KINDS; do
	case $k in
	git) scenario git "git://127.0.0.1:$DAEMON_PORT/git.git" "$T/hubs/git.git" ;;
	http) scenario http "http://127.0.0.1:$HTTP_PORT/http.git" "$T/hubs/http.git" ;;
	ssh) scenario ssh "ssh://$(id -un)@127.0.0.1:$SSH_PORT$T/hubs/ssh.git" "$T/hubs/ssh.git" ;;
	esac
done
exit 0
