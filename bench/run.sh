#!/bin/sh
# make bench: ledgers of 300, 3,000, 10,000 and 100,000 activities are generated once
# under build/bench (reused afterwards); every figure is printed beside the
# git command's on the same repository in the same run.
: "${GGW_BUILD:=$(pwd)/build}"
sh "$(dirname "$0")/trust_bench.sh" || echo "trust bench failed"
# Read side (issue 15): read-only commands, list --format, interface start.
python3 "$(dirname "$0")/bench_read.py" "$GGW_BUILD/ggw" "$GGW_BUILD/bench" ${BENCH_READ_SIZES:-300 3000 100000} || echo "read bench failed"
exec python3 "$(dirname "$0")/bench.py" "$GGW_BUILD/ggw" "$GGW_BUILD/bench" ${BENCH_SIZES:-}
