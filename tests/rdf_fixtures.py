"""A small hand-built kgraph graph, following docs/graph-model.md, for the RDF/SPARQL tests.

pytest only loads ``conftest.py`` (owned by the lead), so the tests import from here.
"""

from __future__ import annotations

import networkx as nx

DOC_LOAN = "微众银行企业贷款申请条件"
DOC_RISK = "云南中小企业发展与风险"

# Sentences (doc, text, start, end). One holds quotes, markup and an ampersand on purpose.
S_OFFERS = (DOC_LOAN, "微众银行推出“企业贷款”，面向中小企业。", 0, 19)
S_REVENUE = (DOC_LOAN, '申请企业<b>近一年</b>年销售收入不低于100万元 & "注册时间满1年"。', 19, 58)
S_AGE = (DOC_LOAN, "法定代表人年满18周岁且不超过65周岁，纳税信用等级建议达到B级以上。", 58, 92)
S_OVERDUE = (DOC_LOAN, "无当前逾期贷款。", 92, 100)
S_CREDIT = (DOC_LOAN, "纯信用贷款额度最高300万元，主营业务收入须达到500万元。", 100, 129)
S_CONC = (DOC_RISK, "云南的中小企业主要集中在滇中城市群，制造业集中在昆明。", 0, 27)
S_RISK = (DOC_RISK, "中小企业面临财务风险和合规法律风险。", 27, 45)
S_BANK = (DOC_RISK, "富滇银行位于昆明市。", 45, 55)
S_SUB = (DOC_RISK, "经营风险可以划分为财务风险等。", 55, 70)
S_DIANZHONG = (DOC_RISK, "滇中城市群位于云南省中部。", 70, 83)


def ev(*sentences: tuple[str, str, int, int]) -> list[dict]:
    """Evidence dicts, sorted by (doc, start) as the contract says."""
    out = [{"doc": d, "sentence": t, "start": s, "end": e} for d, t, s, e in sentences]
    return sorted(out, key=lambda x: (x["doc"], x["start"]))


#: Conditions: label -> (metric, op, value, value_max, unit, window, product, sentence)
CONDITIONS = {
    "年销售收入 >= 1000000 CNY": (
        "年销售收入",
        ">=",
        1000000.0,
        None,
        "CNY",
        "12 month",
        "企业贷款",
        S_REVENUE,
    ),
    "注册时间 >= 12 month": ("注册时间", ">=", 12.0, None, "month", "", "企业贷款", S_REVENUE),
    "法定代表人年龄 between 18..65 age": (
        "法定代表人年龄",
        "between",
        18.0,
        65.0,
        "age",
        "",
        "企业贷款",
        S_AGE,
    ),
    "纳税信用等级 >= B grade": ("纳税信用等级", ">=", "B", None, "grade", "", "企业贷款", S_AGE),
    "当前逾期贷款 not_has": ("当前逾期贷款", "not_has", None, None, "", "", "企业贷款", S_OVERDUE),
    "纯信用贷款额度 <= 3000000 CNY": (
        "纯信用贷款额度",
        "<=",
        3000000.0,
        None,
        "CNY",
        "",
        "纯信用贷款",
        S_CREDIT,
    ),
    "主营业务收入 >= 5000000 CNY": (
        "主营业务收入",
        ">=",
        5000000.0,
        None,
        "CNY",
        "",
        "纯信用贷款",
        S_CREDIT,
    ),
}

#: Plain entities: (cls, label, aliases, sentences)
ENTITIES = [
    ("Organization", "微众银行", ["微众"], [S_OFFERS]),
    ("Organization", "富滇银行", [], [S_BANK]),
    ("LoanProduct", "企业贷款", [], [S_OFFERS]),
    ("LoanProduct", "纯信用贷款", [], [S_CREDIT]),
    ("EnterpriseType", "中小企业", ["中小型企业"], [S_OFFERS, S_CONC, S_RISK]),
    ("Industry", "制造业", [], [S_CONC]),
    ("RiskCategory", "财务风险", [], [S_RISK, S_SUB]),
    ("RiskCategory", "合规风险", ["合规法律风险"], [S_RISK]),
    ("RiskCategory", "经营风险", [], [S_SUB]),
    ("Region", "云南省", ["云南", "滇"], [S_CONC, S_DIANZHONG]),
    ("Region", "昆明市", ["昆明"], [S_CONC, S_BANK]),
    ("Region", "五华区", [], []),
    ("Region", "滇中城市群", [], [S_CONC, S_DIANZHONG]),
]

REGION_EXTRA = {
    "云南省": {"adcode": "530000", "level": "province"},
    "昆明市": {"adcode": "530100", "level": "prefecture"},
    "五华区": {"adcode": "530102", "level": "county"},
    "滇中城市群": {"level": "informal"},
}

#: Edges: (head, relation, tail, source, sentences)
EDGES = [
    ("Organization:微众银行", "offers", "LoanProduct:企业贷款", "text", [S_OFFERS]),
    ("Organization:微众银行", "offers", "LoanProduct:纯信用贷款", "structure", [S_CREDIT]),
    ("EnterpriseType:中小企业", "eligibleFor", "LoanProduct:企业贷款", "text", [S_OFFERS]),
    ("EnterpriseType:中小企业", "concentratedIn", "Region:滇中城市群", "text", [S_CONC]),
    ("EnterpriseType:中小企业", "facesRisk", "RiskCategory:财务风险", "text", [S_RISK]),
    ("EnterpriseType:中小企业", "facesRisk", "RiskCategory:合规风险", "text", [S_RISK]),
    ("Industry:制造业", "concentratedIn", "Region:昆明市", "text", [S_CONC]),
    ("Organization:富滇银行", "locatedIn", "Region:昆明市", "text", [S_BANK]),
    ("RiskCategory:财务风险", "subCategoryOf", "RiskCategory:经营风险", "text", [S_SUB]),
    ("Region:昆明市", "partOf", "Region:云南省", "gazetteer", []),
    ("Region:五华区", "partOf", "Region:昆明市", "gazetteer", []),
    ("Region:滇中城市群", "partOf", "Region:云南省", "text", [S_DIANZHONG]),
]


def sample_graph() -> nx.MultiDiGraph:
    """The hand-built sample: 微众银行 offers 企业贷款, which requires 年销售收入 >= 1000000 CNY."""
    G = nx.MultiDiGraph()
    G.graph["documents"] = {
        DOC_LOAN: {
            "title": DOC_LOAN,
            "date": "2023-05-12",
            "source": "baike.baidu.com",
            "url": "https://baike.baidu.com/item/微众银行企业贷款?x=1&y=2",
            "views": 1024,
        },
        DOC_RISK: {
            "title": "云南中小企业发展与风险",
            "date": None,
            "source": "zhihu.com",
            "url": None,
            "views": None,
        },
    }
    nodes: dict[str, dict] = {}
    for cls, label, aliases, sents in ENTITIES:
        evidence = ev(*sents)
        attrs = {
            "cls": cls,
            "label": label,
            "aliases": sorted(aliases),
            "count": max(1, len(evidence)),
            "docs": sorted({e["doc"] for e in evidence}),
            "evidence": evidence,
        }
        if cls == "Region":
            attrs.update(REGION_EXTRA[label])
        nodes[f"{cls}:{label}"] = attrs
    edges = list(EDGES)
    for label, (metric, op, value, vmax, unit, window, product, sent) in CONDITIONS.items():
        evidence = ev(sent)
        nodes[f"LoanCondition:{label}"] = {
            "cls": "LoanCondition",
            "label": label,
            "aliases": [],
            "count": 1,
            "docs": [sent[0]],
            "evidence": evidence,
            "metric": metric,
            "op": op,
            "value": value,
            "value_max": vmax,
            "unit": unit,
            "window": window,
        }
        edges.append(
            (f"LoanProduct:{product}", "requires", f"LoanCondition:{label}", "text", [sent])
        )
    for node in sorted(nodes):
        G.add_node(node, **nodes[node])
    for head, rel, tail, source, sents in sorted(edges):
        G.add_edge(head, tail, key=rel, relation=rel, source=source, evidence=ev(*sents))
    return G
