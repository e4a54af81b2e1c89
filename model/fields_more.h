/* The record types of spec/records-more.md: documents, members, sites,
 * awards, cases, funds and teams, their enumerations, and the optional
 * parts activities and volunteers gained (evidence, patrol). */
#ifndef GGW_FIELDS_MORE_H
#define GGW_FIELDS_MORE_H

#include "fields.h"

extern const struct enum_item enum_document_kind[];
extern const struct enum_item enum_member_role[];
extern const struct enum_item enum_site_kind[];
extern const struct enum_item enum_award_level[];
extern const struct enum_item enum_recipient_kind[];
extern const struct enum_item enum_case_type[];
extern const struct enum_item enum_age_band[];
extern const struct enum_item enum_stage[];
extern const struct enum_item enum_case_status[];
extern const struct enum_item enum_fund_kind[];
extern const struct enum_item enum_team_kind[];
extern const struct enum_item enum_gender[];
extern const struct enum_item enum_evidence_kind[];

/* evidence: a list of maps (sha256, kind, caption, minors_visible), the
 * same in activities and documents; patrol: an activity's counts. */
extern const struct field_def evidence_fields[];
extern const struct field_def patrol_fields[];

extern const struct field_def document_fields[];
extern const struct field_def member_fields[];
extern const struct field_def site_fields[];
extern const struct field_def award_fields[];
extern const struct field_def case_fields[];
extern const struct field_def fund_fields[];
extern const struct field_def team_fields[];

#endif
