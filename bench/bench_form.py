"""ggw report --form (the street's xlsx form, written by ggw-papers) beside
ggw report --format html on the same ledger in the same run: target under
1 s (issue 13). Called by bench.py for every ledger size."""
import os


def bench_form(ggw, path, n, paired, results):
    out = os.path.join(path, ".git", "bench-form.xlsx")  # outside the work tree
    form = [ggw, "-C", path, "report", "--form", "--year", "2025", "-o", out]
    html = [ggw, "-C", path, "report", "--year", "2025", "--format", "html"]
    t, ref, rss = paired(form, html, path, n=5)
    size = os.path.getsize(out) if os.path.exists(out) else 0
    line = ("%-38s %8.1f ms   %-30s %8.1f ms   %d bytes, peak RSS %.1f MB (target < 1000 ms) %s"
            % ("ggw report --form xlsx (%d)" % n, t * 1000, "ggw report --format html", ref * 1000,
               size, rss, "ok" if t < 1.0 and size > 0 else "OVER TARGET"))
    print(line, flush=True)
    results.append(line)
