"""A hand-built graph shaped as docs/graph-model.md describes, for the view tests and bench.

Real Chinese labels, sentences from the sample corpus and document titles; one entity,
alias, sentence and document title carry markup to check that the page keeps them inert.
"""

from __future__ import annotations

import networkx as nx

XSS = "<img src=x onerror=alert(1)>"

WEBANK = "微众银行企业贷款要具备什么条件"
YUNNAN = "云南的中小企业"
RISK = "企业风险"
BAD_DOC = "</script><b>标题</b>"
SENT_OFFERS = (
    "微众银行企业贷款是面向中小微企业及个体工商户推出的数字化融资服务,"
    "依托大数据风控和线上化操作,为企业提供高效便捷的资金支持。"
)
SENT_SALES = "经营收入需达到一定规模,通常要求年销售收入不低于100万元,且近期无大幅下滑情况。"
SENT_TAX = "企业纳税信用等级建议达到B级以上,司法查询无被执行记录。"
SENT_INDUSTRY = (
    "支持批发零售、信息技术、制造业等实体经济行业,限制准入房地产投资、娱乐场所经营等特殊行业。"
)
SENT_YUNNAN = (
    "云南的中小企业,指的是依据国家相关划分标准,在云南省行政区域内依法设立,"
    "从业人员、营业收入或资产总额在一定规模以下的各种所有制和经济形式的企业。"
)
SENT_AGRI = (
    "首先,依托云南得天独厚的生物资源、矿产资源和气候条件,"
    "大量中小企业聚集在特色农业、生物医药等领域。"
)
SENT_RISK = "企业风险通常可以从多个维度进行剖析,市场风险与信用风险是中小企业最常面对的两类。"
SENT_XSS = "测试实体<img src=x onerror=alert(1)>出现在</script><script>alert(2)</script>这句话里。"


def _ev(doc: str, sentence: str, start: int = 0) -> dict:
    return {"doc": doc, "sentence": sentence, "start": start, "end": start + len(sentence)}


def make_graph(markup: bool = True) -> nx.MultiDiGraph:
    """Sixteen nodes and fourteen edges over four documents (without ``markup``: 15 / 13 / 3)."""
    G = nx.MultiDiGraph()
    G.graph["documents"] = {
        d: {"title": d, "date": date, "source": "企业wiki", "url": None, "views": v}
        for d, date, v in [
            (BAD_DOC, None, None),
            (RISK, "2026-01-14", 320),
            (YUNNAN, "2026-01-20", 150),
            (WEBANK, "2026-01-23", 382),
        ]
    }
    nodes = [
        ("EnterpriseType", "个体工商户", [], [_ev(WEBANK, SENT_OFFERS, 120)], {}),
        ("EnterpriseType", "中小企业", ["中小型企业"], [_ev(YUNNAN, SENT_YUNNAN, 40)], {}),
        ("EnterpriseType", "中小微企业", [], [_ev(WEBANK, SENT_OFFERS, 120)], {}),
        ("Industry", "信息技术", ["IT"], [_ev(WEBANK, SENT_INDUSTRY, 900)], {}),
        ("Industry", "房地产", ["房地产投资"], [_ev(WEBANK, SENT_INDUSTRY, 900)], {}),
        ("Industry", "批发零售", [], [_ev(WEBANK, SENT_INDUSTRY, 900)], {}),
        ("Industry", "特色农业", [], [_ev(YUNNAN, SENT_AGRI, 300)], {}),
        (
            "LoanCondition",
            "年销售收入 >= 1000000 CNY",
            [],
            [_ev(WEBANK, SENT_SALES, 400)],
            {
                "metric": "年销售收入",
                "op": ">=",
                "value": 1000000.0,
                "value_max": None,
                "unit": "CNY",
                "window": "12 month",
                "canonical": "annual_revenue",
                "subject": "enterprise",
                "scope": "loan_amount > 3000000 CNY",
                "phase": "application",
            },
        ),
        (
            "LoanCondition",
            "纳税信用等级 >= B grade",
            [],
            [_ev(WEBANK, SENT_TAX, 600)],
            {
                "metric": "纳税信用等级",
                "op": ">=",
                "value": "B",
                "value_max": None,
                "unit": "grade",
                "window": "",
            },
        ),
        ("LoanProduct", "微众银行企业贷款", ["微业贷"], [_ev(WEBANK, SENT_OFFERS, 120)], {}),
        ("Organization", XSS, ["<b>粗体</b>"], [_ev(BAD_DOC, SENT_XSS, 0)], {}),
        ("Organization", "微众银行", ["WeBank"], [_ev(WEBANK, SENT_OFFERS, 120)], {}),
        (
            "Region",
            "云南省",
            ["云南", "滇"],
            [_ev(YUNNAN, SENT_YUNNAN, 40)],
            {"adcode": "530000", "level": "province"},
        ),
        ("Region", "昆明市", [], [], {"adcode": "530100", "level": "prefecture"}),
        ("RiskCategory", "信用风险", [], [_ev(RISK, SENT_RISK, 80)], {}),
        ("RiskCategory", "市场风险", [], [_ev(RISK, SENT_RISK, 80)], {}),
    ]
    for cls, label, aliases, evidence, fields in sorted(nodes, key=lambda r: f"{r[0]}:{r[1]}"):
        G.add_node(
            f"{cls}:{label}",
            cls=cls,
            label=label,
            aliases=sorted(aliases),
            count=max(1, len(evidence)),
            docs=sorted({e["doc"] for e in evidence}),
            evidence=evidence,
            **fields,
        )
    edges = [
        (
            "EnterpriseType:中小企业",
            "Industry:特色农业",
            "concentratedIn",
            "text",
            [_ev(YUNNAN, SENT_AGRI, 300)],
        ),
        (
            "EnterpriseType:中小企业",
            "Region:云南省",
            "locatedIn",
            "text",
            [_ev(YUNNAN, SENT_YUNNAN, 40)],
        ),
        (
            "EnterpriseType:中小企业",
            "RiskCategory:市场风险",
            "facesRisk",
            "text",
            [_ev(RISK, SENT_RISK, 80)],
        ),
        (
            "EnterpriseType:中小企业",
            "RiskCategory:信用风险",
            "facesRisk",
            "text",
            [_ev(RISK, SENT_RISK, 80)],
        ),
        (
            "EnterpriseType:个体工商户",
            "LoanProduct:微众银行企业贷款",
            "eligibleFor",
            "text",
            [_ev(WEBANK, SENT_OFFERS, 120)],
        ),
        (
            "EnterpriseType:中小微企业",
            "LoanProduct:微众银行企业贷款",
            "eligibleFor",
            "text",
            [_ev(WEBANK, SENT_OFFERS, 120)],
        ),
        (
            "LoanProduct:微众银行企业贷款",
            "Industry:信息技术",
            "supportsIndustry",
            "text",
            [_ev(WEBANK, SENT_INDUSTRY, 900)],
        ),
        (
            "LoanProduct:微众银行企业贷款",
            "Industry:房地产",
            "restrictsIndustry",
            "text",
            [_ev(WEBANK, SENT_INDUSTRY, 900)],
        ),
        (
            "LoanProduct:微众银行企业贷款",
            "Industry:批发零售",
            "supportsIndustry",
            "text",
            [_ev(WEBANK, SENT_INDUSTRY, 900)],
        ),
        (
            "LoanProduct:微众银行企业贷款",
            "LoanCondition:年销售收入 >= 1000000 CNY",
            "requires",
            "text",
            [_ev(WEBANK, SENT_SALES, 400)],
        ),
        (
            "LoanProduct:微众银行企业贷款",
            "LoanCondition:纳税信用等级 >= B grade",
            "requires",
            "text",
            [_ev(WEBANK, SENT_TAX, 600)],
        ),
        (
            f"Organization:{XSS}",
            "LoanProduct:微众银行企业贷款",
            "offers",
            "text",
            [_ev(BAD_DOC, SENT_XSS, 0)],
        ),
        (
            "Organization:微众银行",
            "LoanProduct:微众银行企业贷款",
            "offers",
            "structure",
            [_ev(WEBANK, SENT_OFFERS, 120)],
        ),
        ("Region:昆明市", "Region:云南省", "partOf", "gazetteer", []),
    ]
    for u, v, rel, source, evidence in sorted(edges):
        G.add_edge(u, v, key=rel, relation=rel, source=source, evidence=evidence)
    if not markup:
        G.remove_node(f"Organization:{XSS}")
        del G.graph["documents"][BAD_DOC]
    return G
