#!/usr/bin/env python3
"""Generate a ledger of N activities (and N/1000+30 volunteers) for the
benchmarks, written directly as files in the spec's canonical form and
committed with the git command in one commit (fast; the content is what
ggw itself would write).

Usage: gen.py DIR N"""
import os
import random
import subprocess
import sys

UNITS = ["office", "xinyi", "yixing", "xindabu", "xindadi", "baima", "liulin",
         "qiaodong", "qiaoxi", "jiangbin", "hehuatang", "yongfeng"]
CATS = ["ideology", "red", "law", "safety", "environment", "science", "culture",
        "family", "care", "prevention", "net", "psychology", "rural", "selfbuild", "other"]
FORMS = ["lecture", "training", "meeting", "practice", "contest", "service", "visit", "patrol", "other"]
TITLES = ["暑期防溺水安全知识讲座", "垃圾分类大作战", "科学实验走进课堂", "书法进社区",
          "红色故事宣讲", "四史教育报告会", "法制进校园", "学雷锋志愿服务", "家长学校",
          "留守儿童关爱走访", "网吧义务监督巡查", "五老学习培训会"]


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    rnd = random.Random(n)
    os.makedirs(out)
    with open(os.path.join(out, "units.yaml"), "w") as f:
        f.write("schema: ggw/units/1\nstreet: 城东街道关工委\nunits:\n")
        for u in UNITS:
            f.write("- key: %s\n  name: %s关工委\n  kind: %s\n" % (u, u, "street" if u == "office" else "village"))
    with open(os.path.join(out, ".gitattributes"), "w") as f:
        f.write("*.yaml -merge\n")
    seen = set()
    for i in range(n):
        unit = UNITS[i % len(UNITS)]
        y = 2016 + rnd.randrange(10)
        m, d = rnd.randint(1, 12), rnd.randint(1, 28)
        while True:
            aid = "%d%02d%02d-%08x" % (y, m, d, rnd.getrandbits(32))
            if aid not in seen:
                seen.add(aid)
                break
        folder = os.path.join(out, "activities", unit, str(y))
        os.makedirs(folder, exist_ok=True)
        title = rnd.choice(TITLES) + "（第%d期）" % (i % 97 + 1)
        gap = rnd.random() < 0.2
        with open(os.path.join(folder, aid + ".yaml"), "w") as f:
            f.write("schema: ggw/activity/1\nid: %s\nunit: %s\ntitle: %s\ndate: %d-%02d-%02d\n"
                    "category: %s\nform: %s\nlocation: %s文化礼堂\norganizer: %s关工委\n"
                    "speakers:\n- 丁光海\naudience: 辖区中小学生\nyouth_count: %d\nadult_count: %d\n"
                    "content: |-\n  结合案例讲解安全知识，现场演示自救方法。\n  发放告家长书，学生反响良好。\n"
                    "five_have:\n  plan: 年度计划第%d项\n  assignment: 村关工委组织\n"
                    "  implementation: 按计划实施\n  commendation: %s\n  summary: 反响良好\n"
                    % (aid, unit, title, y, m, d, rnd.choice(CATS), rnd.choice(FORMS), unit, unit,
                       rnd.randint(0, 200), rnd.randint(0, 30), rnd.randint(1, 12),
                       '""' if gap else "颁发证书"))
    for i in range(30 + n // 1000):
        unit = UNITS[i % len(UNITS)]
        vid = "v-%08x" % rnd.getrandbits(32)
        folder = os.path.join(out, "volunteers", unit)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, vid + ".yaml"), "w") as f:
            f.write("schema: ggw/volunteer/1\nid: %s\nunit: %s\nname: 志愿者%d\ngroup: %s\nactive: true\n"
                    % (vid, unit, i, ["cadre", "veteran", "expert", "teacher", "model"][i % 5]))
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="office@ggw.local",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="office@ggw.local")
    for cmd in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"],
                ["git", "commit", "-q", "-m", "基准测试台账"],
                ["git", "config", "ggw.unit", "office"], ["git", "config", "user.name", "bench"]):
        subprocess.run(cmd, cwd=out, check=True, env=env)


if __name__ == "__main__":
    main()
