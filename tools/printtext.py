"""Original, generated newspaper text for tools/printpages.py: headlines, bodies, bylines, captions.

Everything is made from small phrase lists by a seeded random generator, so the same seed always gives
the same words, and no sentence is copied from anywhere.
"""
from __future__ import annotations

import random

__all__ = ["ZH", "EN", "Words"]


class Words:
    """One language's phrase lists and the rules that join them."""

    def __init__(self, lang: str, table: dict, sep: str, stop: str):
        self.lang, self.t, self.sep, self.stop = lang, table, sep, stop

    def pick(self, rng: random.Random, key: str) -> str:
        return rng.choice(self.t[key])

    def person(self, rng: random.Random) -> str:
        if self.lang == "zh":
            return rng.choice(self.t["surnames"]) + "".join(rng.sample(self.t["given"], rng.choice((1, 2))))
        return f"{rng.choice(self.t['first'])} {rng.choice(self.t['last'])}"

    def headline(self, rng: random.Random, short: bool = False) -> str:
        if self.lang == "zh":
            head = self.pick(rng, "places") + self.pick(rng, "hverbs") + self.pick(rng, "objects")
            return head if short or rng.random() < 0.5 else head + "，" + self.pick(rng, "hverbs") + self.pick(rng, "results")
        head = f"{self.pick(rng, 'places')} {self.pick(rng, 'hverbs')} {self.pick(rng, 'objects')}"
        return head if short or rng.random() < 0.5 else f"{head} {self.pick(rng, 'hresults')}"

    def kicker(self, rng: random.Random) -> str:
        return self.pick(rng, "kickers")

    def subtitle(self, rng: random.Random) -> str:
        if self.lang == "zh":
            return "——" + self.pick(rng, "places") + self.pick(rng, "verbs") + self.pick(rng, "objects") + "纪实"
        return f"{self.pick(rng, 'places')} {self.pick(rng, 'verbs')} {self.pick(rng, 'objects')}"

    def sentence(self, rng: random.Random) -> str:
        n = rng.randint(2, 97)
        if self.lang == "zh":
            return (self.pick(rng, "places") + self.pick(rng, "verbs") + self.pick(rng, "objects")
                    + self.pick(rng, "tails").format(n=n) + "。")
        text = (f"{self.pick(rng, 'places')} {self.pick(rng, 'verbs')} {self.pick(rng, 'objects')}"
                f"{self.pick(rng, 'tails').format(n=n)}.")
        return text[0].upper() + text[1:]

    def paragraph(self, rng: random.Random, sentences: int) -> list[str]:
        return [self.sentence(rng) for _ in range(sentences)]

    def byline(self, rng: random.Random) -> tuple[str, list[str]]:
        """(the byline as printed, the authors as the front matter lists them)."""
        if self.lang == "zh":
            authors = [f"本报记者 {self.person(rng)}"]
            if rng.random() < 0.5:
                authors.append(f"通讯员 {self.person(rng)}")
            return "□" + " ".join(authors), authors
        people = [self.person(rng) for _ in range(rng.choice((1, 1, 2)))]
        return "By " + " and ".join(people), people

    def caption(self, rng: random.Random) -> tuple[str, str]:
        """(caption, credit)."""
        if self.lang == "zh":
            return self.pick(rng, "places") + self.pick(rng, "captions"), self.person(rng)
        return f"{self.pick(rng, 'places')} {self.pick(rng, 'captions')}", self.person(rng)

    def credit_text(self, credit: str) -> str:
        return f"{credit} 摄" if self.lang == "zh" else f"Photo: {credit}"

    def subhead(self, rng: random.Random) -> str:
        return self.pick(rng, "subheads")


ZH = Words("zh", {
    "places": ["市农业农村局", "县文化馆", "区人民医院", "市交通运输局", "高新区管委会", "城关镇", "市第一中学",
               "市生态环境局", "河西街道", "开发区", "东山乡", "市图书馆", "市气象台", "北湖社区", "市科技馆",
               "南岭村", "市体育中心", "滨江新区", "市水务集团", "青石镇", "市妇幼保健院", "老城区", "市档案馆"],
    "verbs": ["近日启动了", "今年以来持续推进", "正在加快建设", "日前完成了", "全面部署了", "积极探索",
              "稳步实施", "认真组织", "扎实开展", "有序推进", "集中验收了", "试点推广"],
    "hverbs": ["推进", "建成", "启动", "完成", "开展", "推出", "扩建", "升级"],
    "objects": ["高标准农田改造项目", "老旧小区改造工程", "乡村公共文化空间", "智慧交通管理平台", "河道生态修复工程",
                "便民服务中心", "青少年科普活动", "冬季供暖保障工作", "社区养老服务站", "农产品冷链物流网络",
                "全民健身步道", "古籍数字化整理", "中小学课后服务", "雨污分流管网", "特色小吃街区", "应急救护培训"],
    "results": ["惠及万户", "群众点赞", "成效初显", "如期交付", "全面铺开", "再上台阶"],
    "tails": ["，惠及群众{n}万余人", "，预计年底前全部完工", "，受到当地居民普遍好评", "，为下一步工作打下基础",
              "，累计投入资金{n}亿元", "，共有{n}个单位参与", "，覆盖全市{n}个乡镇", "，比去年同期增长{n}%",
              "，新增就业岗位{n}个", "，目前进展顺利", "，现场秩序井然", "，吸引了{n}名志愿者参加"],
    "kickers": ["聚焦民生实事", "一线观察", "走基层", "高质量发展调研行", "新春走基层", "奋进新征程", "数说变化"],
    "captions": ["工作人员正在检查设备运行情况。", "居民在新建成的广场上休闲。", "志愿者为群众讲解相关知识。",
                 "施工现场一派繁忙景象。", "孩子们在活动中认真操作。", "技术人员调试新设备。"],
    "subheads": ["抓好落实见实效", "补齐短板惠民生", "创新机制添活力", "多方协同聚合力", "精准施策解难题"],
    "surnames": list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭"),
    "given": list("海燕铭伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华建国志红玉兰文斌"),
}, "", "。")

EN = Words("en", {
    "places": ["The city transport bureau", "The county library", "Riverside district", "The harbour authority",
               "The regional hospital", "Northgate council", "The science museum", "Hillview school",
               "The water company", "The farmers' cooperative", "Eastbank ward", "The weather office",
               "The sports centre", "Old Town traders", "The university hospital", "Lakeside village"],
    "verbs": ["has begun work on", "opened", "has finished", "is planning", "expanded", "unveiled plans for",
              "tested", "approved funding for", "completed a review of", "launched"],
    "hverbs": ["opens", "plans", "expands", "finishes", "tests", "backs", "launches", "rebuilds"],
    "objects": ["a new cycle network", "the riverside footpath", "a community kitchen", "the winter shelter",
                "a flood barrier", "evening bus routes", "a reading garden", "the old market hall",
                "solar panels on schools", "a repair workshop", "a tree planting scheme", "the ferry terminal",
                "free swimming lessons", "a local history archive", "the night clinic", "rooftop gardens"],
    "hresults": ["after long wait", "as demand grows", "ahead of winter", "on time and budget", "with public support"],
    "tails": [", officials said on Tuesday", ", with {n} volunteers taking part", " at a cost of {n} million",
              ", serving about {n} thousand residents", " after a consultation that drew {n} responses",
              ", and the work should be finished by spring", ", a spokeswoman confirmed",
              ", according to figures released this week", " for the {n}th year running",
              ", despite earlier concerns about traffic"],
    "kickers": ["CITY LIFE", "ON THE GROUND", "IN FOCUS", "COMMUNITY", "SPECIAL REPORT", "LOCAL VOICES"],
    "captions": ["staff check the equipment before opening.", "residents gather in the new square.",
                 "volunteers explain the scheme to visitors.", "builders at work on the site.",
                 "pupils try out the new workshop.", "engineers test the system."],
    "subheads": ["Work ahead", "Mixed reactions", "Counting the cost", "What happens next", "A long history"],
    "first": ["Anna", "Tom", "Grace", "Samuel", "Priya", "Daniel", "Laura", "Owen", "Megan", "Felix", "Nora"],
    "last": ["Hartley", "Okafor", "Lindqvist", "Moreno", "Ashdown", "Kowalski", "Brennan", "Castell", "Whitlock"],
}, " ", ".")
