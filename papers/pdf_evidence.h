/* A record's evidence on paper (the record sheet, the binder): photos and
 * images of sign-in sheets as thumbnails, two to a row across A4, each with
 * its caption; PDF scans and other files as a line naming them. A file
 * this PC's store does not hold (not synced yet) prints
 * "照片未同步到本机" in its place. Thumbnails are embedded as small JPEGs
 * (longest side PDF_EVIDENCE_THUMB_SIDE pixels), so a year of photos keeps
 * the binder a few megabytes. */
#ifndef GGW_PDF_EVIDENCE_H
#define GGW_PDF_EVIDENCE_H

#include <stddef.h>

#include "../model/node.h"
#include "../storage/repo.h"
#include "pdf_doc.h"

#define PDF_EVIDENCE_THUMB_SIDE 600

/* What a record's evidence held (summed over calls). */
struct pdf_evidence_stats {
	size_t photos;   /* entries of kind photo */
	size_t minors;   /* entries with minors_visible: true */
	size_t missing;  /* entries whose bytes this PC does not hold */
};

/* Draw the evidence list ev (the record's `evidence:` sequence) from the
 * current position: a heading, the thumbnails, the lines. r: the ledger's
 * repository (bytes from records/evidence.h). st may be NULL. Nothing
 * fails: a file that does not read or decode gets a line saying so. */
void pdf_evidence_render(struct pdf_doc *d, struct repo *r, const struct node *ev,
			 struct pdf_evidence_stats *st);

/* Count without drawing (the binder's cover). */
void pdf_evidence_count(const struct node *ev, struct pdf_evidence_stats *st);

#endif
