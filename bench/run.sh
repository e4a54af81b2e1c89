#!/bin/sh
# make bench: ledgers of 300, 3,000, 10,000 and 100,000 activities are generated once
# under build/bench (reused afterwards); every figure is printed beside the
# git command's on the same repository in the same run.
: "${GGW_BUILD:=$(pwd)/build}"
sh "$(dirname "$0")/trust_bench.sh" || echo "trust bench failed"
python3 "$(dirname "$0")/bench_image.py" || echo "image bench failed"
# GGW_BEFORE: another build's ggw to compare with (e.g. main's).
python3 "$(dirname "$0")/bench_pathhub.py" "$GGW_BUILD/ggw" "${GGW_BEFORE:-}" || echo "pathhub bench failed"
# Clone, first list after clone, growth table 1k..100k, and the first sync
# receiving 10,000 commits. GGW_BENCH_1M=1 adds 1,000,000 records to the
# growth table, every command in a 512 MB cgroup (about 5 minutes to
# generate the ledger the first time, under GGW_BENCH_CACHE if set; then
# some 15 minutes a run); the default run leaves it out and says so.
python3 "$(dirname "$0")/bench_big.py" "$GGW_BUILD/ggw" "$GGW_BUILD/bench" || echo "big bench failed"
python3 "$(dirname "$0")/bench_bigsync.py" "$GGW_BUILD/ggw" "$GGW_BUILD/bench" || echo "big sync bench failed"
# Read side (issue 15): read-only commands, list --format, interface start.
# The benchmarks before leave the disk writing back what they made and
# removed (measured: every command at 300 records took 3 ms more right
# after them, 2 ms alone): let it finish first.
sync
sleep 5
python3 "$(dirname "$0")/bench_read.py" "$GGW_BUILD/ggw" "$GGW_BUILD/bench" ${BENCH_READ_SIZES:-300 3000 100000} || echo "read bench failed"
python3 "$(dirname "$0")/bench_add.py" "$GGW_BUILD/ggw" "$GGW_BUILD/bench" ${BENCH_ADD_SIZES:-300 100000} ||
	echo "add bench failed"
sh "$(dirname "$0")/bench_evidence.sh" || echo "evidence bench failed"
sh "$(dirname "$0")/bench_evidence_bundle.sh" || echo "evidence bundle bench failed"
exec python3 "$(dirname "$0")/bench.py" "$GGW_BUILD/ggw" "$GGW_BUILD/bench" ${BENCH_SIZES:-}
