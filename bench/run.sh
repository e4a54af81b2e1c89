#!/bin/sh
# make bench: ledgers of 300, 3,000, 10,000 and 100,000 activities are generated once
# under build/bench (reused afterwards); every figure is printed beside the
# git command's on the same repository in the same run.
: "${GGW_BUILD:=$(pwd)/build}"
sh "$(dirname "$0")/trust_bench.sh" || echo "trust bench failed"
python3 "$(dirname "$0")/bench_image.py" || echo "image bench failed"
sh "$(dirname "$0")/bench_evidence.sh" || echo "evidence bench failed"
exec python3 "$(dirname "$0")/bench.py" "$GGW_BUILD/ggw" "$GGW_BUILD/bench" ${BENCH_SIZES:-}
