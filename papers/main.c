/* ggw-papers: the printing half of ggw (xlsx forms, PDF reports, record
 * sheets, binders). It is a program of its own so that the libraries it
 * needs (cairo, pango, libxlsxwriter) are loaded only when something is
 * printed; `ggw` runs it for `report --form`, `report --format pdf`,
 * `print` and `binder`. */
#include <stdio.h>

int main(int argc, char **argv)
{
	(void)argv;
	if (argc < 2) {
		fprintf(stderr, "ggw-papers: run by ggw, not by hand\n");
		return 2;
	}
	fprintf(stderr, "ggw-papers: nothing to print yet\n");
	return 2;
}
