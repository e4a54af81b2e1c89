/* The district's report form as an xlsx workbook (libxlsxwriter). */
#ifndef GGW_FORM_XLSX_H
#define GGW_FORM_XLSX_H

#include "../model/err.h"
#include "../records/report_form.h"
#include "papers.h"

/* Write f to path whole or not at all (built in a private temporary
 * folder, then atomic_write). GGW_EIO naming the reason. */
int form_write_xlsx(const struct report_form *f, const char *path, struct ggw_error *err);

#endif
