/* Bench tool for the history check of ggw clone (records/sync.c's
 * incoming check through sync_check_range, bench/bench_history.py):
 *   histcheck_bench DIR [REPS]   every commit of DIR's main after its first
 *                                root, checked as ggw clone checks a
 *                                hub's; prints the count, the verdict and
 *                                the time (median of REPS, default 1)
 * Exit 0 if the history passes, 1 if refused (the reason on stderr). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../records/sync_check.h"
#include "../storage/gitp.h"
#include "../storage/hub_local.h"
#include "../storage/repo.h"
#include "benchclock.h"

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	struct ggw_error err = { 0, "" };
	struct repo *r = NULL;
	git_hex tip, root, parent, failed = "";
	double wall[64], cpu[64];
	int reps = argc > 2 ? atoi(argv[2]) : 1, error = 0;
	size_t count = 0;

	if (argc < 2 || reps < 1 || reps > 64) {
		fprintf(stderr, "usage: histcheck_bench DIR [REPS]\n");
		return 2;
	}
	if (repo_open(argv[1], &r, &err) < 0 || gitp_ref_tip(r, "refs/heads/main", tip, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 2;
	}
	memcpy(root, tip, sizeof(git_hex));
	while (gitp_raw_parent(r, root, parent, NULL) == 0)
		memcpy(root, parent, sizeof(git_hex));
	for (int k = 0; k < reps; k++) {
		double t0 = now_s(), c0 = cpu_s();

		error = sync_check_range(r, root, tip, &count, failed, &err);
		wall[k] = now_s() - t0;
		cpu[k] = cpu_s() - c0;
		if (reps > 1)
			printf("run %d: %.3f s wall, %.3f s CPU\n", k + 1, wall[k], cpu[k]);
	}
	qsort(wall, (size_t)reps, sizeof(double), dbl_cmp);
	qsort(cpu, (size_t)reps, sizeof(double), dbl_cmp);
	printf("%zu commits: %s; %.3f s wall, %.3f s CPU (median of %d)\n", count,
	       error < 0 ? "refused" : "passed", wall[reps / 2], cpu[reps / 2], reps);
	if (error < 0)
		fprintf(stderr, "%.10s: %s\n", failed, err.msg);
	repo_close(r);
	return error < 0;
}
