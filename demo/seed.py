#!/usr/bin/env python3
"""Write the demo ledger's records as YAML files, one per record, for
demo.sh to add through ggw itself. Deterministic (fixed seed).

Usage: seed.py OUTDIR
Writes OUTDIR/units.txt (key|name|kind), OUTDIR/NNNN-<unit>-<kind>.yaml,
and OUTDIR/evidence.json: each activity's photos and sign-in sheet, for
build.py to draw (ggw-demo-photo) and attach with `ggw attach`.
An activity's volunteers are written as "@@<name>": build.py replaces them
with the ids ggw gave the volunteers.
The content is drawn from real 关工委 work: no minor is named anywhere;
care work is counted, never identified."""
import json
import os
import random
import sys

STREET = "城东街道关工委"
UNITS = [
    ("xinyi", "新义村关工委", "village"),
    ("yixing", "义兴村关工委", "village"),
    ("xindabu", "新大埠村关工委", "village"),
    ("xindadi", "新大堤村关工委", "village"),
    ("baima", "白马村关工委", "village"),
    ("liulin", "柳林村关工委", "village"),
    ("qiaodong", "桥东社区关工委", "community"),
    ("qiaoxi", "桥西社区关工委", "community"),
    ("jiangbin", "江滨社区关工委", "community"),
    ("hehuatang", "荷花塘社区关工委", "community"),
    ("yongfeng", "永丰社区关工委", "community"),
]
PLACES = {
    "office": ["街道党群服务中心", "街道新时代文明实践所", "城东小学报告厅"],
    "xinyi": ["新义村文化礼堂", "新义小学", "袁农科技示范基地"],
    "yixing": ["义兴村党群服务中心", "义兴村农家书屋", "义兴小学"],
    "xindabu": ["新大埠村乡村振兴基地", "斗门自然村活动室", "新大埠村文化广场"],
    "xindadi": ["新大堤村委会会议室", "新大堤村草莓基地", "新大堤村文化礼堂"],
    "baima": ["白马村新时代文明实践站", "白马小学", "白马村老年活动中心"],
    "liulin": ["柳林村文化礼堂", "柳林村党员活动室", "柳林中学"],
    "qiaodong": ["桥东社区党群服务中心", "桥东社区四点半课堂", "城东实验学校"],
    "qiaoxi": ["桥西社区家长学校", "桥西社区活动室", "桥西幼儿园"],
    "jiangbin": ["江滨社区文化家园", "江滨公园", "江滨社区青少年之家"],
    "hehuatang": ["荷花塘社区会议室", "荷花塘社区书法室", "荷花塘小学"],
    "yongfeng": ["永丰社区党群服务中心", "永丰社区图书室", "永丰中学"],
}
SCHOOLS = ["城东小学", "新义小学", "义兴小学", "白马小学", "柳林中学",
           "城东实验学校", "永丰中学", "荷花塘小学"]

# (title, category, form, months, speaker kind, audience, youth range, content)
TEMPLATES = [
    ("暑期防溺水安全知识讲座", "safety", "lecture", [6, 7, 8], "veteran", "辖区中小学生", (30, 90),
     "结合近年溺水事故案例，讲解“六不”防溺水要求和遇险自救方法。\n现场演示救生圈、竹竿等救援工具的正确用法，并发放暑期安全告家长书。"),
    ("垃圾分类大作战", "environment", "practice", [4, 5, 9, 10], "teacher", "社区青少年及家长", (20, 60),
     "以游戏闯关形式开展垃圾分类知识竞答和分拣比赛。\n孩子们分组把常见生活垃圾投放到四色垃圾桶，志愿者现场点评。"),
    ("科学实验走进课堂", "science", "practice", [3, 4, 5, 10, 11], "expert", "小学四至六年级学生", (40, 120),
     "退休科技工作者带来水火箭、静电小实验和简易电路，学生动手操作。\n活动激发了学生学科学、爱科学的兴趣。"),
    ("书法进社区 翰墨迎新春", "culture", "practice", [1, 2], "teacher", "辖区青少年", (15, 40),
     "五老书法志愿者现场讲解楷书笔画，指导孩子们书写春联和福字。\n作品在社区宣传栏展出，营造健康文明、温馨和谐的新春文化氛围。"),
    ("红色故事宣讲：黄继光、杨根思的故事", "red", "lecture", [3, 4, 7, 9, 10, 12], "veteran", "中小学生", (60, 200),
     "老战士结合亲身经历讲述英雄故事，讲到动情处全场肃静。\n宣讲后学生代表发言，表示要珍惜今天的幸福生活，接好革命的班。"),
    ("四史教育报告会", "red", "lecture", [5, 6, 7, 11], "cadre", "青少年及青年党员", (50, 150),
     "围绕党史、新中国史、改革开放史、社会主义发展史开展宣讲。\n用本地发展变化的实例讲清“幸福生活从哪里来”。"),
    ("法制进校园专题讲座", "law", "lecture", [3, 6, 9, 11, 12], "cadre", "在校中学生", (80, 300),
     "邀请退休政法干部讲解《未成年人保护法》《预防未成年人犯罪法》要点。\n结合校园欺凌、网络诈骗案例，引导学生知法、守法、用法。"),
    ("学雷锋做新人志愿服务", "ideology", "service", [3], "model", "少先队员", (20, 60),
     "五老带领少先队员清扫街巷、看望孤寡老人，重温雷锋日记选段。\n孩子们在服务中体会助人为乐的快乐。"),
    ("家长学校：如何与青春期孩子沟通", "family", "lecture", [4, 5, 10, 11], "teacher", "学生家长", (5, 20),
     "退休教师结合多年班主任经验，讲解青春期孩子的心理特点和沟通技巧。\n现场解答家长提问，倡导良好家教家风。"),
    ("留守儿童关爱走访", "care", "visit", [1, 2, 6, 9, 12], "cadre", "留守儿童（按编号记录）", (5, 20),
     "五老与村关工委干部分组入户走访留守儿童家庭，了解学习生活情况，送去学习用品。\n走访对象以案例编号登记，不记录个人信息；发现的困难已转交村委会跟进。"),
    ("网吧义务监督巡查", "net", "patrol", [1, 4, 7, 8, 10], "veteran", "辖区网吧及周边", (0, 0),
     "网吧义务监督员对辖区网吧进行巡查，检查是否接纳未成年人、是否张贴禁入标志。\n未发现违规情况，已向经营者宣传相关法规。"),
    ("五老学习培训会", "selfbuild", "training", [2, 3, 6, 9, 11], "cadre", "五老志愿者及关工委工作人员", (0, 0),
     "集中学习党的最新理论成果和关工委工作政策法规，交流宣讲经验。\n与会同志结合本单位实际谈体会，明确下一阶段重点工作。"),
    ("关工委工作例会", "selfbuild", "meeting", [1, 4, 7, 10, 12], "cadre", "各村（社区）关工委负责人", (0, 0),
     "通报上阶段工作情况，部署下阶段重点任务。\n要求各单位做到有计划、有分工、有实施、有表彰、有总结，活动及时留痕。"),
    ("参观袁农基地研学活动", "science", "practice", [4, 5, 10], "expert", "小学生", (30, 60),
     "组织学生到新义村袁农科技示范基地参观水稻育种，了解粮食来之不易。\n农技专家现场讲解，学生记录观察日记。"),
    ("乡村振兴基地草莓采摘实践", "rural", "practice", [2, 3, 12], "model", "青少年及家长", (20, 50),
     "在斗门自然村乡村振兴基地开展劳动实践，体验草莓种植与采摘。\n老模范讲述家乡变化，引导青少年热爱家乡、建设家乡。"),
    ("防诈骗知识讲座", "safety", "lecture", [3, 5, 9, 11], "cadre", "青少年及家长", (30, 100),
     "结合电信网络诈骗典型案例，讲解刷单、游戏装备交易等常见骗局。\n提醒青少年不轻信、不转账、不透露个人信息。"),
    ("心理健康讲座：学会调节情绪", "psychology", "lecture", [4, 5, 10, 11], "teacher", "中学生", (40, 120),
     "退休心理教师讲解考试焦虑的成因与调节方法，带领学生做放松训练。\n讲座后开展个别谈心，帮助学生轻装上阵。"),
    ("中央一号文件宣讲", "rural", "lecture", [2, 3], "cadre", "青年农民及返乡青年", (10, 40),
     "五老宣讲团深入村组，用通俗语言宣讲中央一号文件精神。\n鼓励返乡青年投身乡村振兴。"),
    ("假日学校：四点半课堂", "other", "service", [7, 8], "teacher", "双职工家庭子女", (15, 40),
     "暑期开设四点半课堂，五老志愿者辅导作业、开展阅读和手工活动。\n解决双职工家庭暑期看护难题。"),
    ("防欺凌主题班会", "safety", "lecture", [9, 10, 11], "teacher", "初中学生", (40, 90),
     "通过情景剧和讨论，帮助学生识别欺凌行为，学会求助和保护自己。"),
    ("非遗剪纸体验课", "culture", "practice", [1, 7, 8], "model", "小学生", (15, 35),
     "非遗传承人现场教授剪纸技艺，孩子们剪出窗花和生肖图案。"),
    ("帮教谈心：重点青少年回访", "prevention", "visit", [3, 6, 9, 12], "cadre", "帮教对象（按编号记录）", (1, 5),
     "五老帮教志愿者与社区民警一道回访帮教对象，了解思想动态和就业需求。\n对象以编号登记，情况已反馈社区。"),
]

SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = ["光海", "建国", "秀英", "德明", "桂兰", "振华", "志强", "玉梅", "国庆", "文斌",
         "淑珍", "长林", "永福", "凤英", "树林", "春生", "金花", "明德", "宏伟", "素芳",
         "家骏", "云飞", "桂芝", "保国", "荣华", "守信", "立新", "惠民", "兰英", "正清"]
GROUPS = [("cadre", ["退休前任镇党委副书记", "退休前任街道办事处副主任", "退休前任村党支部书记"]),
          ("veteran", ["退伍军人，参加过对越自卫反击战", "退伍军人，曾任武装部长", "原某部连长，转业后在供销社工作"]),
          ("expert", ["退休农技推广研究员", "退休工程师，从事电力工作三十年", "退休医生，擅长青少年心理辅导"]),
          ("teacher", ["退休小学语文教师，从教三十五年", "退休中学物理教师", "退休中学班主任，区优秀教师"]),
          ("model", ["省级劳动模范", "市级道德模范", "县级优秀共产党员"])]
ROLES = {"cadre": ["宣讲员", "关工委副主任"], "veteran": ["宣讲员", "网吧义务监督员"],
         "expert": ["科技服务团成员"], "teacher": ["家庭教育指导员", "宣讲员"],
         "model": ["关爱工作团成员"]}
TEAMS = ["城东街道五老宣讲团", "城东街道关爱工作团", "网吧义务监督队", "科技服务团"]
SPECIALTIES = {"cadre": ["党史宣讲", "政策宣讲"], "veteran": ["革命传统教育", "国防教育"],
               "expert": ["科普", "农业技术"], "teacher": ["家庭教育", "书法", "心理辅导"],
               "model": ["劳动教育", "乡村振兴"]}
OUTLETS = [("街道关工委工作简报", "brief"), ("城东街道微信公众号", "wechat"),
           ("区关工委微信公众号", "county"), ("区融媒体中心", "county"),
           ("市关工委网站", "city"), ("《春晖》杂志", "province")]


# Which drawn scene an activity's photos show, by its form.
SCENES = {"lecture": "hall", "training": "meeting", "meeting": "meeting", "patrol": "shop",
          "visit": "home", "practice": "outdoor", "service": "outdoor"}
CAFES = ["星空网吧", "极速网咖", "飞越网络会所", "e站网吧"]


def evidence_plan(ernd, ref, unit, unit_name, date, title, form, place, youth, speaker, vols):
    """The evidence of one activity, drawn from its own random stream
    (ernd) so the records stay what they were: most activities have photos
    (some none: the audit's gaps), sessions a sign-in sheet (a PDF scan or
    a phone picture of the paper); photos with children in them (youth
    activities, sometimes) are flagged minors_visible. The sheet names
    adults only: the 五老 and staff; youth are counted, never named."""
    if ernd.random() < (0.25 if date < "2024" else 0.1):
        return None
    scene = SCENES.get(form, "outdoor")
    short = unit_name.replace("关工委", "")
    banner = "%s %s" % (unit_name, title.split("：")[0])
    screen = ernd.choice(CAFES) if form == "patrol" else title.split("：")[-1]
    photos = []
    for k in range(1 if form in ("training", "meeting", "patrol", "visit") else ernd.choice([1, 1, 2, 3])):
        # most forwarded through a chat app at 1280 px; some straight from
        # a phone, shrunk by attach (held upright: EXIF turns them)
        turned = ernd.random() < 0.12
        big = turned or ernd.random() < 0.1
        photos.append({"w": 2400 if turned else 1600 if big else 1280,
                       "h": 1800 if turned else 1200 if big else 960,
                       "orientation": 6 if turned else 1, "scene": scene, "seed": ernd.randint(1, 1 << 30),
                       "banner": banner, "screen": screen,
                       "stamp": "%s %02d:%02d|%s" % (date, ernd.randint(8, 16), ernd.randint(0, 59), place)})
    minors = youth > 0 and form in ("lecture", "practice", "service") and ernd.random() < 0.3
    sheet = None
    if form in ("lecture", "training", "meeting") and ernd.random() < 0.85:
        names = [speaker] + [v[1] for v in vols if v[0] == unit and v[1] != speaker][:3]
        names += [ernd.choice(SURNAMES) + ernd.choice(GIVEN) for _ in range(ernd.randint(1, 3))]
        foot = ("参加青少年 %d 人（名单由学校留存，本表不登记未成年人姓名）。" % youth) if youth else "应到 %d 人，实到 %d 人。" % (len(names) + 1, len(names))
        sheet = {"format": "pdf" if ernd.random() < 0.9 else "jpg", "seed": ernd.randint(1, 1 << 30),
                 "title": "%s %s 签到表" % (unit_name, title.split("：")[0]),
                 "info": "时间：%s　地点：%s" % (date, place), "names": "、".join(names), "foot": foot}
    return {"ref": ref, "unit": unit, "photos": photos, "minors": minors, "sheet": sheet,
            "caption": "%s %s" % (short, title.split("：")[0]),
            "sheet_caption": "%s 签到表" % title.split("：")[0]}


def q(s):
    """YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def block(text, indent):
    pad = " " * indent
    return "|\n" + "\n".join(pad + line for line in text.split("\n")) + "\n"


# ---- the other record types (spec/records-more.md) ----
# Gaps on purpose, so that `ggw audit` has something to find:
NO_PLAN = {("yongfeng", 2023), ("liulin", 2023)}
NO_SUMMARY = {("liulin", 2024), ("baima", 2023)}
NO_REPORT_SENT = {("baima", 2025), ("xindadi", 2024), ("yongfeng", 2023)}
ONE_BRIEFING = {"liulin", "yongfeng", "hehuatang"}
NO_LIAISON = {"hehuatang"}
INFORMATION_SENT = {"office": 8, "xinyi": 9, "qiaodong": 8, "jiangbin": 10}
INFORMATION_ADOPTED = {("office", 2023), ("office", 2024), ("xinyi", 2024), ("jiangbin", 2025)}
# pairs visit their cases in the last months of 2025, but not in these units
NO_CASE_VISITS = {"xindabu", "yongfeng"}
# yongfeng's director left in March 2024 and the post stayed empty until
# August; liulin's executive director is not registered as one of the 五老.
DIRECTOR_GAP = {"yongfeng": ("2024-03-31", "2024-08-20")}
EXECUTIVE_NOT_VOLUNTEER = {"liulin"}
LOW_BUDGET = {"qiaoxi": "1500.00", "liulin": "1200.00"}
MEMBER_GIVEN = ["建华", "丽萍", "志刚", "海燕", "永生", "春梅", "国强", "晓东", "秀兰", "德胜",
                "红霞", "立平", "金凤", "成林", "雪梅"]
CASE_PREFIX = {"xinyi": "XY", "yixing": "YX", "xindabu": "XB", "xindadi": "XD", "baima": "BM",
               "liulin": "LL", "qiaodong": "QD", "qiaoxi": "QX", "jiangbin": "JB", "hehuatang": "HT",
               "yongfeng": "YF"}
CASE_TYPES = ["left-behind", "left-behind", "migrant", "hardship", "aid", "guidance", "disability"]
CASE_NOTES = {
    "left-behind": "父母在外务工，由祖辈照看。五老每月走访一次，辅导作业，寒暑假组织参加假日学校。",
    "migrant": "随父母来本地，已协调就近入学。五老每月联系一次，了解学习和适应情况。",
    "hardship": "家庭经济困难。已协助申请助学金，五老定期上门慰问。",
    "aid": "纳入济困助学名单，每学期发放助学金。",
    "guidance": "帮教对象。五老与社区民警每季度回访，已推荐参加职业技能培训。",
    "disability": "肢体残疾，送教上门。五老每月陪伴一次，联系康复机构。",
}


def write(out, n, unit, kind, lines, ref=None):
    """One seed file; ref names it for "@@ref" placeholders in later ones."""
    path = os.path.join(out, "%04d-%s-%s.yaml" % (n, unit, kind))
    with open(path, "w") as f:
        f.write(("#ref " + ref + "\n" if ref else "") + "\n".join(lines) + "\n")


def setup_records(out, n, rnd, keys, vols):
    """Members, sites, teams and care cases: the committees as they stood
    in 2023, written before the dated records that cite them. Returns the
    next file number and {unit: [case refs]}, {unit: [site refs]}."""
    by_unit = {}
    for v in vols:
        by_unit.setdefault(v[0], []).append(v)
    cases, sites = {}, {}
    for ui, unit in enumerate(keys):
        unit_name = "街道关工委" if unit == "office" else dict((u[0], u[1]) for u in UNITS)[unit]
        own = by_unit.get(unit, [])
        roster = [("director", "街道党工委副书记（兼任）" if unit == "office" else "村（社区）党组织书记（兼任）"),
                  ("executive", ""), ("deputy", ""), ("member", ""), ("liaison", "")]
        for ri, (role, post) in enumerate(roster):
            if role == "liaison" and unit in NO_LIAISON:
                continue
            if role == "executive" and own and unit not in EXECUTIVE_NOT_VOLUNTEER:
                name, vol = own[0][1], own[0][1]
            else:
                name = SURNAMES[(ui * 5 + ri * 3 + 11) % len(SURNAMES)] + MEMBER_GIVEN[(ui + ri * 4) % len(MEMBER_GIVEN)]
                vol = None
            n += 1
            lines = ["schema: ggw/member/1", "unit: " + unit, "name: " + name, "role: " + role]
            if vol:
                lines.append("volunteer: " + q("@@" + vol))
            if post:
                lines.append("party_post: " + post)
            lines += ["since: %d-%02d-01" % (rnd.choice([2019, 2020, 2021, 2022]), rnd.randint(1, 12)),
                      "appointment: " + q("%s〔%d〕%d号" % ("城东街党" if unit == "office" else "城东街关",
                                                          rnd.choice([2020, 2021, 2022]), rnd.randint(3, 40)))]
            if role == "director" and unit in DIRECTOR_GAP:
                left, came = DIRECTOR_GAP[unit]
                lines.insert(len(lines) - 1, "until: " + left)  # before appointment:
                write(out, n, unit, "member", lines)
                n += 1
                lines = ["schema: ggw/member/1", "unit: " + unit,
                         "name: " + SURNAMES[(ui * 7 + 5) % len(SURNAMES)] + MEMBER_GIVEN[(ui + 9) % len(MEMBER_GIVEN)],
                         "role: director", "party_post: " + post, "since: " + came,
                         "appointment: " + q("城东街关〔2024〕%d号" % rnd.randint(20, 40))]
            write(out, n, unit, "member", lines)
        # Sites: every committee has an office; some run a station or a
        # holiday school. xindadi's office has no sign yet.
        place = PLACES[unit][0]
        n += 1
        write(out, n, unit, "site", ["schema: ggw/site/1", "unit: " + unit, "name: %s办公室" % unit_name,
                                     "kind: office", "since: 2019-05-01",
                                     "sign: " + ("false" if unit == "xindadi" else "true"),
                                     "place: " + place], ref="site-office-" + unit)
        sites[unit] = ["site-office-" + unit]
        if unit in ("xinyi", "qiaodong", "baima", "jiangbin"):
            kind, label = ("station", "校外教育辅导站") if unit in ("xinyi", "qiaodong") else ("holiday-school", "假日学校")
            n += 1
            write(out, n, unit, "site", ["schema: ggw/site/1", "unit: " + unit,
                                         "name: %s%s" % (unit_name.replace("关工委", ""), label),
                                         "kind: " + kind, "since: 2021-07-01", "sign: true",
                                         "place: " + PLACES[unit][-1],
                                         "notes: " + block("寒暑假和周末开放，五老志愿者轮流值守。", 2).rstrip("\n")],
                  ref="site-%s-%s" % (kind, unit))
            sites[unit].append("site-%s-%s" % (kind, unit))
        # Care cases by code only (XY-23-001): no child is named anywhere.
        if unit != "office":
            prefix = CASE_PREFIX[unit]
            for k in range(rnd.randint(1, 3)):
                year = rnd.choice([2023, 2024, 2025])
                ctype = CASE_TYPES[(ui + k) % len(CASE_TYPES)]
                code = "%s-%02d-%03d" % (prefix, year % 100, k + 1)
                n += 1
                lines = ["schema: ggw/case/1", "unit: " + unit, "code: " + code, "type: " + ctype,
                         "opened: %d-%02d-%02d" % (year, rnd.randint(1, 6), rnd.randint(1, 28)),
                         "age_band: " + rnd.choice(["6-11", "6-11", "12-14", "15-17"]),
                         "stage: " + rnd.choice(["primary", "primary", "junior"])]
                # two cases are not paired with a 五老 yet
                if own and (ui + k) % 6 != 5:
                    lines += ["volunteers:", "  - " + q("@@" + own[k % len(own)][1])]
                closed = year == 2023 and k == 0
                if closed:
                    lines += ["closed: 2024-07-15", "status: closed"]
                else:
                    lines.append("status: open")
                lines.append("notes: " + block(CASE_NOTES[ctype], 2).rstrip("\n"))
                ref = "case-" + code
                write(out, n, unit, "case", lines, ref=ref)
                opened = [x for x in lines if x.startswith("opened: ")][0][8:]
                cases.setdefault(unit, []).append((ref, opened, "2024-07-15" if closed else "9999-12-31"))
    # Teams of the street office, appointed yearly.
    team_defs = [("城东街道五老宣讲团", "lecture", "veteran"), ("城东街道关爱工作团", "care", "teacher"),
                 ("城东街道网吧义务监督队", "netwatch", "veteran"), ("城东街道科技服务团", "tech", "expert")]
    for name, kind, group in team_defs:
        members = [v[1] for v in vols if v[2] == group][:5] or [vols[0][1]]
        n += 1
        write(out, n, "office", "team", ["schema: ggw/team/1", "unit: office", "name: " + name, "kind: " + kind,
                                         "appointed: 2023", "volunteers:"] + ["  - " + q("@@" + m) for m in members])
    n += 1
    write(out, n, "xinyi", "team", ["schema: ggw/team/1", "unit: xinyi", "name: 新义村五老宣讲小分队",
                                    "kind: lecture", "appointed: 2024"])
    return n, cases, sites


def dated_records(rnd, keys):
    """Documents, funds and awards of 2023-2025 as (year, month, day, unit,
    kind, lines) for the dated plan."""
    recs = []
    for year in (2023, 2024, 2025):
        for unit in keys:
            unit_name = "街道关工委" if unit == "office" else dict((u[0], u[1]) for u in UNITS)[unit]

            def doc(month, day, kind, title, content=None, attendees=None):
                lines = ["schema: ggw/document/1", "unit: " + unit, "kind: " + kind, "year: %d" % year,
                         "title: " + title, "date: %d-%02d-%02d" % (year + (1 if month > 12 else 0),
                                                                  (month - 1) % 12 + 1, day)]
                if content:
                    lines.append("content: " + block(content, 2).rstrip("\n"))
                if attendees:
                    lines.append("attendees: %d" % attendees)
                recs.append((year + (1 if month > 12 else 0), (month - 1) % 12 + 1, day, unit, "document", lines))
            if (unit, year) not in NO_PLAN:
                doc(1, rnd.randint(5, 25), "plan", "%s%d年工作计划" % (unit_name, year),
                    "全年计划开展活动%d次，五老学习培训不少于4次，向党委汇报不少于2次。" % rnd.randint(8, 15))
            if rnd.random() < 0.5:
                doc(7, rnd.randint(1, 20), "halfyear", "%s%d年上半年工作小结" % (unit_name, year),
                    "上半年开展活动%d次，参与青少年%d人次。" % (rnd.randint(3, 8), rnd.randint(80, 400)))
            if (unit, year) not in NO_SUMMARY and not (year == 2025 and unit in ("xindabu", "yongfeng")):
                doc(13, rnd.randint(5, 20), "summary", "%s%d年工作总结" % (unit_name, year),
                    "全年活动按计划完成，五有资料归档。存在问题：部分活动宣传报道不够及时。")
            for b in range(1 if unit in ONE_BRIEFING else 2):
                doc(5 + b * 6, rnd.randint(1, 28), "briefing", "向党组织汇报关工委工作（%s）" % ("上半年" if b == 0 else "下半年"),
                    "党组织听取关工委工作汇报，研究解决活动经费和阵地建设问题。", rnd.randint(6, 15))
            if rnd.random() < 0.5:
                doc(rnd.choice([3, 9]), rnd.randint(1, 28), "minutes", "关工委全体成员会议记录",
                    "学习上级关工委文件精神，部署近期关爱帮扶和暑期安全教育工作。", rnd.randint(8, 20))
            if (unit, year) not in NO_REPORT_SENT:
                doc(12, rnd.randint(10, 28), "report-sent", "%d年度关工委统计年报" % year, None)
            if unit in INFORMATION_SENT:
                doc(INFORMATION_SENT[unit], 10, "information", "%s开展暑期关爱活动的信息" % unit_name,
                    "报送本单位暑期防溺水宣讲和留守儿童走访情况。")
                if (unit, year) in INFORMATION_ADOPTED:
                    recs[-1][5].extend(["adopted_by:", "  - by: 区关工委工作简报", "    level: county"])
            if unit in ("office", "xinyi") and rnd.random() < 0.5:
                doc(rnd.randint(4, 10), rnd.randint(1, 28), "research", "关于辖区留守儿童关爱情况的调研报告",
                    "调研覆盖%d个村（社区），留守儿童按编号统计，提出结对帮扶建议。" % rnd.randint(3, 11))
            # money: the year's budget, sometimes money raised and aid paid
            budget = LOW_BUDGET.get(unit) if year >= 2024 else None
            recs.append((year, 2, rnd.randint(1, 28), unit, "fund",
                         ["schema: ggw/fund/1", "unit: " + unit, "kind: budget",
                          "amount: " + q(budget or "%d.00" % rnd.choice([2000, 3000, 5000])),
                          "date: %d-02-%02d" % (year, rnd.randint(1, 28)),
                          "source: " + ("街道财政" if unit == "office" else "村（社区）集体经费"),
                          "purpose: %d年关工委活动经费" % year]))
            if rnd.random() < 0.4:
                m, d = rnd.randint(3, 11), rnd.randint(1, 28)
                recs.append((year, m, d, unit, "fund",
                             ["schema: ggw/fund/1", "unit: " + unit, "kind: raised",
                              "amount: " + q("%d.00" % rnd.choice([1000, 2000, 5000, 8000])),
                              "date: %d-%02d-%02d" % (year, m, d), "source: 爱心企业捐助",
                              "purpose: 济困助学"]))
                recs.append((year, m, min(28, d + 3), unit, "fund",
                             ["schema: ggw/fund/1", "unit: " + unit, "kind: aid",
                              "amount: " + q("%d.00" % rnd.choice([1000, 1500, 2000])),
                              "date: %d-%02d-%02d" % (year, m, min(28, d + 3)),
                              "source: 爱心企业捐助", "purpose: 发放济困助学金", "aided_count: %d" % rnd.randint(2, 8)]))
        # awards of the year
        for unit, title, level, issuer in [("office", "先进街道关工委", "county", "区关工委"),
                                           (rnd.choice(keys[1:]), "五好基层关工委", "county", "区关工委"),
                                           (rnd.choice(keys[1:]), "优秀关工委工作者", "street", "城东街道关工委")]:
            recs.append((year, 12, rnd.randint(1, 28), unit, "award",
                         ["schema: ggw/award/1", "unit: " + unit, "title: " + title, "level: " + level,
                          "date: %d-12-%02d" % (year, rnd.randint(1, 28)), "issuer: " + issuer,
                          "recipient_kind: unit"]))
    recs.append((2024, 11, 18, "office", "award",
                 ["schema: ggw/award/1", "unit: office", "title: 全市关心下一代工作先进集体", "level: city",
                  "date: 2024-11-18", "issuer: 市关工委", "recipient_kind: unit"]))
    return recs


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(20240710)
    with open(os.path.join(out, "units.txt"), "w") as f:
        f.write("\n".join("|".join(u) for u in UNITS) + "\n")
    keys = ["office"] + [u[0] for u in UNITS]
    n = 0

    # 30 volunteers; 丁光海 first, as in the director's speech.
    vols = []
    for i in range(30):
        unit = "office" if i < 8 else keys[1 + (i - 8) % 11]
        if i == 0:
            name, group, note = "丁光海", "veteran", "退伍军人，参加过对越自卫反击战，退休前任武装部长。\n市关工委旗帜报告团、弋江分团宣讲员，街道关工委执行主任。"
            roles, teams, spec = ["执行主任", "宣讲员"], ["XX市关工委旗帜报告团"], ["革命传统教育", "国防教育"]
        else:
            group, notes = GROUPS[i % 5]
            name = SURNAMES[(i * 7) % len(SURNAMES)] + GIVEN[i % len(GIVEN)]
            note = rnd.choice(notes) + "。"
            roles = [rnd.choice(ROLES[group])]
            teams = [rnd.choice(TEAMS)]
            spec = SPECIALTIES[group][:rnd.randint(1, 2)]
        n += 1
        path = os.path.join(out, "%04d-%s-volunteer.yaml" % (n, unit))
        lines = ["schema: ggw/volunteer/1", "unit: " + unit, "name: " + name,
                 "group: " + group, "birth_year: %d" % rnd.randint(1944, 1962),
                 "roles:"] + ["  - " + r for r in roles] + ["teams:"] + \
                ["  - " + t for t in teams] + ["specialties:"] + ["  - " + s for s in spec] + \
                ["phone: " + q("1380000%04d" % i),
                 "active: " + ("false" if i in (13, 27) else "true"),
                 "party_member: " + ("true" if i % 3 != 2 else "false"),
                 "backbone: " + ("true" if i < 3 or i % 4 == 1 else "false"),
                 "joined: %d-%02d-01" % (rnd.randint(2012, 2022), rnd.randint(1, 12)),
                 "notes: " + block(note, 2).rstrip("\n")]
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        vols.append((unit, name, group))

    n, cases, sites = setup_records(out, n, rnd, keys, vols)

    # About 300 activities over 2023-2025, in date order per year so the
    # git history reads forward; the year's documents, money and awards
    # between them.
    plan = []
    for year in (2023, 2024, 2025):
        for unit in keys:
            # Units differ: some busy, some quiet (as the speech says).
            busy = {"office": 12, "xinyi": 10, "qiaodong": 10, "jiangbin": 9}.get(unit, 8)
            if unit in ("liulin", "yongfeng") and year == 2023:
                busy = 3
            for _ in range(busy):
                t = rnd.choice(TEMPLATES)
                month = rnd.choice(t[3])
                day = rnd.randint(1, 28)
                plan.append((year, month, day, unit, t))
    plan += dated_records(rnd, keys)
    visit = ("结对帮扶走访：了解学习生活情况", "care", "visit", [10, 11, 12], "teacher",
             "结对帮扶对象及家长（按编号记录）", (1, 3),
             "五老按结对安排入户走访，了解学习和生活情况，帮助解决实际困难。\n走访对象只记编号，不记录个人信息。")
    for unit in keys:
        if unit != "office" and unit not in NO_CASE_VISITS and cases.get(unit):
            for month in (10, 12):
                plan.append((2025, month, 8 + keys.index(unit), unit, visit))
    # month by month; within a month unit by unit (fewer identity switches
    # while building), each unit's records by day
    plan.sort(key=lambda p: (p[0], p[1], p[3], p[2], p[4] if isinstance(p[4], str) else ""))
    acts = 0
    ernd = random.Random(14)  # evidence only: the records' stream stays as it was
    evidence = []
    for entry in plan:
        if isinstance(entry[4], str):
            n += 1
            write(out, n, entry[3], entry[4], entry[5])
            continue
        year, month, day, unit, t = entry
        title, cat, form, _, kind, audience, yr, content = t
        date = "%d-%02d-%02d" % (year, month, day)
        speakers = [v for v in vols if v[2] == kind] or vols[:1]
        sp = rnd.choice(speakers)
        youth = rnd.randint(*yr) if yr[1] else 0
        adults = rnd.randint(3, 15)
        place = rnd.choice(PLACES[unit])
        unit_name = "街道关工委" if unit == "office" else dict((u[0], u[1]) for u in UNITS)[unit]
        # 五有: most complete; quiet units leave gaps (表彰 most often).
        gaps = set()
        r = rnd.random()
        if r < 0.25:
            gaps.add("commendation")
        if r < 0.10:
            gaps.add("summary")
        if r < 0.04:
            gaps.add("plan")
        five = {
            "plan": "%d年度工作计划第%d项" % (year, rnd.randint(1, 12)),
            "assignment": "%s组织，%s主讲" % (unit_name, sp[1]),
            "implementation": "%d月%d日实施，%s" % (month, day, place),
            "commendation": rnd.choice(["对表现突出的学生颁发荣誉证书", "评选优秀志愿者3名", "在简报上通报表扬"]),
            "summary": rnd.choice(["参与热情高，反响良好，计划下季度再办一期",
                                   "活动达到预期，需提前做好家长通知",
                                   "学生互动积极，已整理照片存档"]),
        }
        n += 1
        path = os.path.join(out, "%04d-%s-activity.yaml" % (n, unit))
        lines = ["schema: ggw/activity/1", "unit: " + unit,
                 "title: " + (q(title) if title[0] in "-?:" else title),
                 "date: " + date, "category: " + cat, "form: " + form,
                 "location: " + place, "organizer: " + unit_name,
                 "speakers:", "  - " + sp[1], "volunteers:", "  - " + q("@@" + sp[1])]
        if rnd.random() < 0.5:
            lines += ["partners:", "  - " + rnd.choice(SCHOOLS)]
        lines += ["audience: " + audience, "youth_count: %d" % youth,
                  "adult_count: %d" % adults, "content: " + block(content, 2).rstrip("\n"),
                  "five_have:"]
        for k in ("plan", "assignment", "implementation", "commendation", "summary"):
            lines.append("  %s: %s" % (k, q("") if k in gaps else five[k]))
        if rnd.random() < 0.35:
            outlet, level = rnd.choice(OUTLETS)
            pd = "%d-%02d-%02d" % (year, month, min(28, day + 2))
            lines += ["publicity:", "  - outlet: " + outlet, "    level: " + level,
                      "    title: " + title.split("：")[0], "    date: " + pd]
        if month in (7, 8):
            lines += ["tags:", "  - 暑期"]
        # records-more.md keys: the site, the cases served, patrol counts
        if form == "patrol":
            lines += ["patrol:", "  venues_checked: %d" % rnd.randint(2, 8),
                      "  minors_advised: %d" % rnd.randint(0, 3), "  referred_to: 0"]
        # a care activity serves the unit's cases open on its day
        served = [c[0] for c in cases.get(unit, []) if c[1] <= date <= c[2]]
        if (cat in ("care", "prevention") or form == "visit") and served:
            lines += ["cases:"] + ["  - " + q("@@" + c) for c in served]
        if len(sites.get(unit, [])) > 1 and form in ("service", "practice", "lecture") and rnd.random() < 0.5:
            lines.append("site: " + q("@@" + sites[unit][1]))
        if form == "lecture" and youth >= 150:
            lines.append("large: true")
        acts += 1
        ref = "act-%d" % acts
        with open(path, "w") as f:
            f.write("#ref " + ref + "\n" + "\n".join(lines) + "\n")
        ev = evidence_plan(ernd, ref, unit, unit_name, date, title, form, place, youth, sp[1], vols)
        if ev:
            evidence.append(ev)
        # the office pays for some of its activities
        if unit == "office" and rnd.random() < 0.3:
            n += 1
            write(out, n, unit, "fund", ["schema: ggw/fund/1", "unit: office", "kind: spent",
                                         "amount: " + q("%d.00" % rnd.choice([300, 500, 800, 1200])),
                                         "date: " + date, "source: 街道财政",
                                         "purpose: " + (title.split("：")[0]) + "活动支出",
                                         "activity: " + q("@@" + ref)])
    with open(os.path.join(out, "evidence.json"), "w", encoding="utf-8") as f:
        json.dump(evidence, f, ensure_ascii=False)
    print(n)


if __name__ == "__main__":
    main()
