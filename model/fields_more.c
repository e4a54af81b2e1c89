/* Field tables of spec/records-more.md, keys in the spec's order (the man
 * page ggw-records(5) says where they depart from it). */
#include "fields_more.h"

#include "i18n.h"

const struct enum_item enum_document_kind[] = {
	{ "plan", N_("年度工作计划") },
	{ "halfyear", N_("半年小结") },
	{ "summary", N_("年终总结") },
	{ "rules", N_("制度") },
	{ "minutes", N_("会议记录") },
	{ "briefing", N_("向党委汇报") },
	{ "report-sent", N_("年报报送") },
	{ "research", N_("调研报告") },
	{ "information", N_("信息报送") },
	{ "other", N_("其他") },
	{ NULL, NULL }
};

const struct enum_item enum_member_role[] = {
	{ "director", N_("主任") },
	{ "executive", N_("常务副主任/执行主任") },
	{ "deputy", N_("副主任") },
	{ "member", N_("委员") },
	{ "liaison", N_("联络员") },
	{ "other", N_("其他") },
	{ NULL, NULL }
};

const struct enum_item enum_site_kind[] = {
	{ "office", N_("办公室") },
	{ "station", N_("校外教育辅导站") },
	{ "holiday-school", N_("假日学校") },
	{ "base", N_("教育基地") },
	{ "studio", N_("工作室") },
	{ "other", N_("其他") },
	{ NULL, NULL }
};

const struct enum_item enum_award_level[] = {
	{ "street", N_("街道") },
	{ "county", N_("区县") },
	{ "city", N_("市") },
	{ "province", N_("省") },
	{ "national", N_("国家") },
	{ NULL, NULL }
};

const struct enum_item enum_recipient_kind[] = {
	{ "unit", N_("单位") },
	{ "volunteer", N_("五老") },
	{ "member", N_("组织成员") },
	{ NULL, NULL }
};

const struct enum_item enum_case_type[] = {
	{ "left-behind", N_("留守儿童") },
	{ "migrant", N_("流动儿童") },
	{ "hardship", N_("困境儿童") },
	{ "disability", N_("残疾儿童") },
	{ "guidance", N_("帮教") },
	{ "aid", N_("济困助学") },
	{ "other", N_("其他") },
	{ NULL, NULL }
};

const struct enum_item enum_age_band[] = {
	{ "0-5", N_("0-5 岁") },
	{ "6-11", N_("6-11 岁") },
	{ "12-14", N_("12-14 岁") },
	{ "15-17", N_("15-17 岁") },
	{ NULL, NULL }
};

const struct enum_item enum_stage[] = {
	{ "preschool", N_("学前") },
	{ "primary", N_("小学") },
	{ "junior", N_("初中") },
	{ "senior", N_("高中") },
	{ "vocational", N_("职校") },
	{ "none", N_("未在学") },
	{ NULL, NULL }
};

const struct enum_item enum_case_status[] = {
	{ "open", N_("在帮扶") },
	{ "closed", N_("已结案") },
	{ NULL, NULL }
};

const struct enum_item enum_fund_kind[] = {
	{ "budget", N_("工作经费") },
	{ "raised", N_("募集") },
	{ "spent", N_("支出") },
	{ "aid", N_("助学救助发放") },
	{ NULL, NULL }
};

const struct enum_item enum_team_kind[] = {
	{ "lecture", N_("宣讲团/报告团") },
	{ "care", N_("关爱工作团") },
	{ "tech", N_("科技服务团") },
	{ "netwatch", N_("网吧义务监督员") },
	{ "other", N_("其他") },
	{ NULL, NULL }
};

const struct enum_item enum_gender[] = {
	{ "male", N_("男") },
	{ "female", N_("女") },
	{ NULL, NULL }
};

const struct enum_item enum_evidence_kind[] = {
	{ "photo", N_("照片") },
	{ "scan", N_("签到表等扫描件") },
	{ "file", N_("其他文件") },
	{ NULL, NULL }
};

#define END { NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL }
#define ROW (F_CSV | F_FORM)
#define PRIV (F_PRIVACY | F_FORM)
#define HEAD_FIELDS                                                                              \
	{ "schema", N_("格式版本"), FT_SCHEMA, F_REQUIRED | F_READONLY, 0, 0, NULL, NULL, NULL }, \
	{ "id", N_("编号"), FT_ID, F_REQUIRED | F_READONLY | F_CSV, 0, 0, NULL, NULL, NULL },    \
	{ "unit", N_("单位"), FT_UNIT, F_REQUIRED | F_READONLY | F_CSV, 0, 0, NULL, NULL, NULL }
#define CONFLICTS_FIELD { "conflicts", N_("冲突"), FT_CONFLICTS, 0, 0, 0, NULL, NULL, NULL }

const struct field_def evidence_fields[] = {
	{ "sha256", N_("内容摘要"), FT_STR, F_REQUIRED | F_FORM, 64, 64, NULL, NULL,
	  N_("文件的 SHA-256，64 位十六进制") },
	{ "kind", N_("类别"), FT_ENUM, F_REQUIRED | F_FORM, 0, 0, enum_evidence_kind, NULL, NULL },
	{ "caption", N_("说明"), FT_STR, PRIV, 0, 0, NULL, NULL, NULL },
	{ "minors_visible", N_("拍到未成年人"), FT_BOOL, F_FORM, 0, 0, NULL, NULL,
	  N_("照片里能认出未成年人时为 true") },
	END
};

const struct field_def patrol_fields[] = {
	{ "venues_checked", N_("检查场所数"), FT_INT, F_FORM, 0, 100000, NULL, NULL, NULL },
	{ "minors_advised", N_("劝离未成年人次"), FT_INT, F_FORM, 0, 100000, NULL, NULL, NULL },
	{ "referred_to", N_("移交有关部门次数"), FT_INT, F_FORM, 0, 100000, NULL, NULL, NULL },
	END
};

static const struct field_def adopted_fields[] = {
	{ "by", N_("采用单位"), FT_STR, F_REQUIRED | PRIV, 1, 0, NULL, NULL,
	  N_("如区关工委简报") },
	{ "level", N_("级别"), FT_ENUM, F_FORM, 0, 0, enum_level, NULL, NULL },
	END
};

const struct field_def document_fields[] = {
	HEAD_FIELDS,
	{ "kind", N_("文件类别"), FT_ENUM, F_REQUIRED | ROW, 0, 0, enum_document_kind, NULL, NULL },
	{ "year", N_("年度"), FT_INT, F_REQUIRED | ROW, 1900, 2100, NULL, NULL,
	  N_("文件所属年度，如 2024") },
	{ "title", N_("标题"), FT_STR, F_REQUIRED | F_PRIVACY | F_SEARCH | ROW, 1, 80, NULL, NULL,
	  N_("1 到 80 个字") },
	{ "date", N_("日期"), FT_DATE, ROW, 0, 0, NULL, NULL, N_("格式：2024-01-15") },
	{ "content", N_("内容"), FT_TEXT, F_PRIVACY | F_SEARCH | ROW, 0, 20000, NULL, NULL, NULL },
	{ "attendees", N_("参加人数"), FT_INT, ROW, 0, 100000, NULL, NULL,
	  N_("会议、学习培训的到会人数") },
	{ "adopted_by", N_("采用情况"), FT_MAPLIST, F_FORM, 0, 0, NULL, adopted_fields, NULL },
	{ "evidence", N_("佐证材料"), FT_MAPLIST, 0, 0, 0, NULL, evidence_fields, NULL },
	CONFLICTS_FIELD,
	END
};

const struct field_def member_fields[] = {
	HEAD_FIELDS,
	{ "name", N_("姓名"), FT_STR, F_REQUIRED | F_PRIVACY | F_SEARCH | ROW, 1, 40, NULL, NULL, NULL },
	{ "role", N_("职务"), FT_ENUM, F_REQUIRED | ROW, 0, 0, enum_member_role, NULL, NULL },
	{ "volunteer", N_("五老编号"), FT_REF, ROW, REFERS(REC_VOLUNTEER), 0, NULL, NULL,
	  N_("成员是五老时填其编号，如 v-1a2b3c4d") },
	{ "party_post", N_("党内职务"), FT_STR, F_PRIVACY | F_SEARCH | ROW, 0, 0, NULL, NULL,
	  N_("如街道党工委副书记（兼任）") },
	{ "since", N_("任职日期"), FT_DATE, ROW, 0, 0, NULL, NULL, N_("格式：2023-03-01") },
	{ "until", N_("离任日期"), FT_DATE, ROW, 0, 0, NULL, NULL, NULL },
	{ "appointment", N_("任命文号"), FT_STR, F_PRIVACY | ROW, 0, 0, NULL, NULL,
	  N_("如 X街党〔2023〕12号") },
	CONFLICTS_FIELD,
	END
};

const struct field_def site_fields[] = {
	HEAD_FIELDS,
	{ "name", N_("名称"), FT_STR, F_REQUIRED | F_PRIVACY | F_SEARCH | ROW, 1, 80, NULL, NULL, NULL },
	{ "kind", N_("阵地类别"), FT_ENUM, F_REQUIRED | ROW, 0, 0, enum_site_kind, NULL, NULL },
	{ "since", N_("启用日期"), FT_DATE, ROW, 0, 0, NULL, NULL, NULL },
	{ "sign", N_("挂牌"), FT_BOOL, ROW, 0, 0, NULL, NULL, N_("门口有牌子时为 true") },
	{ "place", N_("地点"), FT_STR, F_PRIVACY | F_SEARCH | ROW, 0, 0, NULL, NULL,
	  N_("公共场所；不写家庭住址") },
	{ "notes", N_("备注"), FT_TEXT, F_PRIVACY | F_SEARCH | ROW, 0, 5000, NULL, NULL, NULL },
	CONFLICTS_FIELD,
	END
};

const struct field_def award_fields[] = {
	HEAD_FIELDS,
	{ "title", N_("荣誉名称"), FT_STR, F_REQUIRED | F_PRIVACY | F_SEARCH | ROW, 1, 80, NULL, NULL, NULL },
	{ "level", N_("级别"), FT_ENUM, F_REQUIRED | ROW, 0, 0, enum_award_level, NULL, NULL },
	{ "date", N_("日期"), FT_DATE, F_REQUIRED | ROW, 0, 0, NULL, NULL, N_("格式：2024-12-20") },
	{ "issuer", N_("授予单位"), FT_STR, F_PRIVACY | F_SEARCH | ROW, 0, 0, NULL, NULL, NULL },
	{ "recipient_kind", N_("获奖对象类别"), FT_ENUM, ROW, 0, 0, enum_recipient_kind, NULL, NULL },
	{ "recipient", N_("获奖对象"), FT_STR, F_PRIVACY | F_SEARCH | ROW, 0, 0, NULL, NULL,
	  N_("记录编号或名称；不写未成年人姓名") },
	CONFLICTS_FIELD,
	END
};

const struct field_def case_fields[] = {
	HEAD_FIELDS,
	{ "code", N_("对象编号"), FT_CODE, F_REQUIRED | F_SEARCH | ROW, 2, 20, NULL, NULL,
	  N_("本单位自定的编号，如 XY-25-007；不写姓名") },
	{ "type", N_("对象类别"), FT_ENUM, F_REQUIRED | ROW, 0, 0, enum_case_type, NULL, NULL },
	{ "opened", N_("建档日期"), FT_DATE, F_REQUIRED | ROW, 0, 0, NULL, NULL, N_("格式：2024-03-01") },
	{ "age_band", N_("年龄段"), FT_ENUM, ROW, 0, 0, enum_age_band, NULL, NULL },
	{ "stage", N_("学段"), FT_ENUM, ROW, 0, 0, enum_stage, NULL, NULL },
	{ "volunteers", N_("结对五老"), FT_IDLIST, ROW, REFERS(REC_VOLUNTEER), 0, NULL, NULL,
	  N_("志愿者编号，如 v-1a2b3c4d") },
	{ "closed", N_("结案日期"), FT_DATE, ROW, 0, 0, NULL, NULL, NULL },
	{ "status", N_("状态"), FT_ENUM, ROW, 0, 0, enum_case_status, NULL, NULL },
	{ "notes", N_("帮扶记录"), FT_TEXT, F_PRIVACY | F_SEARCH | ROW, 0, 5000, NULL, NULL,
	  N_("只写帮扶做了什么；不写姓名、学校、年级、住址") },
	CONFLICTS_FIELD,
	END
};

const struct field_def fund_fields[] = {
	HEAD_FIELDS,
	{ "kind", N_("经费类别"), FT_ENUM, F_REQUIRED | ROW, 0, 0, enum_fund_kind, NULL, NULL },
	{ "amount", N_("金额（元）"), FT_MONEY, F_REQUIRED | ROW, 0, 0, NULL, NULL,
	  N_("元，最多两位小数，如 2000.00") },
	{ "date", N_("日期"), FT_DATE, F_REQUIRED | ROW, 0, 0, NULL, NULL, N_("格式：2024-03-01") },
	{ "source", N_("来源"), FT_STR, F_PRIVACY | F_SEARCH | ROW, 0, 0, NULL, NULL,
	  N_("如街道财政、爱心企业") },
	{ "purpose", N_("用途"), FT_STR, F_PRIVACY | F_SEARCH | ROW, 0, 0, NULL, NULL, NULL },
	{ "aided_count", N_("资助人数"), FT_INT, ROW, 0, 100000, NULL, NULL, NULL },
	{ "activity", N_("相关活动"), FT_REF, ROW, REFERS(REC_ACTIVITY), 0, NULL, NULL,
	  N_("活动编号，如 20240710-3fa9c2e1") },
	CONFLICTS_FIELD,
	END
};

const struct field_def team_fields[] = {
	HEAD_FIELDS,
	{ "name", N_("名称"), FT_STR, F_REQUIRED | F_PRIVACY | F_SEARCH | ROW, 1, 80, NULL, NULL, NULL },
	{ "kind", N_("队伍类别"), FT_ENUM, F_REQUIRED | ROW, 0, 0, enum_team_kind, NULL, NULL },
	{ "appointed", N_("聘任年度"), FT_INT, ROW, 1900, 2100, NULL, NULL, N_("如 2024") },
	{ "volunteers", N_("成员（五老）"), FT_IDLIST, ROW, REFERS(REC_VOLUNTEER), 0, NULL, NULL,
	  N_("志愿者编号，用逗号分隔") },
	CONFLICTS_FIELD,
	END
};
