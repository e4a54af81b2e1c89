#!/bin/sh
# make bench: ledgers of 300, 3,000, 10,000 and 100,000 activities are generated once
# under build/bench (reused afterwards); every figure is printed beside the
# git command's on the same repository in the same run.
: "${GGW_BUILD:=$(pwd)/build}"
sh "$(dirname "$0")/trust_bench.sh" || echo "trust bench failed"
python3 "$(dirname "$0")/bench_image.py" || echo "image bench failed"
# GGW_BEFORE: another build's ggw to compare with (e.g. main's).
python3 "$(dirname "$0")/bench_pathhub.py" "$GGW_BUILD/ggw" "${GGW_BEFORE:-}" || echo "pathhub bench failed"
# Clone, first list after clone, growth table 1k..100k (1,000,000 when
# BENCH_SIZES names it: bench_big.py reads BENCH_SIZES itself), and the
# first sync receiving 10,000 commits.
python3 "$(dirname "$0")/bench_big.py" "$GGW_BUILD/ggw" "$GGW_BUILD/bench" || echo "big bench failed"
python3 "$(dirname "$0")/bench_bigsync.py" "$GGW_BUILD/ggw" "$GGW_BUILD/bench" || echo "big sync bench failed"
# Read side (issue 15): read-only commands, list --format, interface start.
python3 "$(dirname "$0")/bench_read.py" "$GGW_BUILD/ggw" "$GGW_BUILD/bench" ${BENCH_READ_SIZES:-300 3000 100000} || echo "read bench failed"
python3 "$(dirname "$0")/bench_add.py" "$GGW_BUILD/ggw" "$GGW_BUILD/bench" ${BENCH_ADD_SIZES:-300 100000} ||
	echo "add bench failed"
sh "$(dirname "$0")/bench_evidence.sh" || echo "evidence bench failed"
sh "$(dirname "$0")/bench_evidence_bundle.sh" || echo "evidence bundle bench failed"
exec python3 "$(dirname "$0")/bench.py" "$GGW_BUILD/ggw" "$GGW_BUILD/bench" ${BENCH_SIZES:-}
