"""``kgraph match`` and ``kgraph compare``: eligibility and products side by side."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click

from kgraph.defaults import DEFAULT_OUTPUT

_FORMATS = click.Choice(["table", "json", "csv"])
#: How each result shows in the table, in the order the table lists them.
_MARKS = {"failed": "✗", "unknown": "?", "met": "✓", "not_applicable": "-"}


def _load_graph(path: str):
    """The graph of a build folder or its graph.json (without loading the NLP pipeline)."""
    from kgraph.graph import read_json

    return read_json(path)


def register(main: click.Group) -> None:
    """Add the commands to the ``kgraph`` group."""
    main.add_command(match_cmd)
    main.add_command(compare_cmd)


@click.command(name="match")
@click.argument("profile", type=click.Path(dir_okay=False))
@click.argument("graph", required=False, default=DEFAULT_OUTPUT)
@click.option("--product", help="Only this loan product (its label).")
@click.option("--format", "fmt", type=_FORMATS, default="table", show_default=True)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="Table: list every condition, not only failed and unknown ones.",
)
def match_cmd(profile: str, graph: str, product: str | None, fmt: str, show_all: bool) -> None:
    """Which loan products an enterprise qualifies for, and which conditions it fails.

    PROFILE is a JSON, TOML or YAML file of the enterprise's facts, keyed by canonical
    metric ids or Chinese surface forms (docs/analyst.md lists them); GRAPH a build
    folder or its graph.json (default: build/). A product is eligible when every
    condition that applies is met, ineligible when one fails, else unknown.

    \b
    Examples:
      kgraph match profile.json
      kgraph match profile.toml build/ --product 企业贷款 --all
      kgraph match profile.yaml out/graph.json --format json

    \b
    A profile (JSON):
      {"年销售收入": "150万元", "成立时间": "3年", "纳税信用等级": "B",
       "法定代表人年龄": 58, "industry": "制造业", "region": "昆明市",
       "loan_amount": "200万元", "has": ["营业执照"], "not_has": ["当前逾期贷款"]}
    """
    from kgraph.eligibility import match_products, read_profile

    facts = read_profile(profile)
    results = match_products(_load_graph(graph), facts, product=product)
    if product and not results:
        raise click.UsageError(f"no loan product {product!r} with conditions in {graph}")
    if fmt == "json":
        click.echo(json.dumps([_match_json(m) for m in results], ensure_ascii=False, indent=1))
    elif fmt == "csv":
        click.echo(_match_csv(results), nl=False)
    else:
        click.echo(_match_table(results, show_all))


def _match_json(m) -> dict:
    return {
        "product": m.product,
        "organization": m.organization,
        "status": m.status,
        "conditions": [
            {
                "label": c.label,
                "metric": c.canonical or c.metric,
                "result": c.result,
                "gap": c.gap,
                "scope": c.scope,
                "phase": c.phase,
                "subject": c.subject,
                "evidence": [{"sentence": s, "doc": d} for s, d in c.evidence],
            }
            for c in m.conditions
        ],
    }


def _match_csv(results) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["product", "organization", "status", "condition", "metric", "result", "gap", "evidence"]
    )
    for m in results:
        for c in m.conditions:
            evidence = " | ".join(f"{d}: {s}" for s, d in c.evidence)
            row = [m.product, m.organization, m.status, c.label, c.canonical or c.metric]
            writer.writerow([*row, c.result, c.gap, evidence])
    return out.getvalue()


#: The gap of a has / not_has condition the profile's lists do not mention.
_UNSTATED = "the profile does not say whether it has "


def _match_table(results, show_all: bool) -> str:
    lines = []
    for m in results:
        counts = {r: sum(c.result == r for c in m.conditions) for r in _MARKS}
        summary = ", ".join(f"{n} {r.replace('_', ' ')}" for r, n in counts.items() if n)
        org = f" ({m.organization})" if m.organization else ""
        lines.append(f"{m.product}{org}: {m.status.upper()}  [{summary}]")
        unstated = []  # has / not_has facts the profile does not mention: listed on one line
        for c in sorted(m.conditions, key=lambda c: list(_MARKS).index(c.result)):
            if c.result in ("met", "not_applicable") and not show_all:
                continue
            if c.gap.startswith(_UNSTATED) and not show_all:
                unstated.append(c.metric)
                continue
            gap = f"  {c.gap}" if c.gap else ""
            lines.append(f"  {_MARKS[c.result]} {c.label}{gap}")
            if c.result == "failed" and c.evidence:
                sentence, doc = c.evidence[0]
                lines.append(f"      《{doc}》 {sentence}")
        if unstated:
            lines.append(f"  ? not in the profile's has / not_has: {'、'.join(unstated)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n" if lines else "no loan product with conditions\n"


@click.command(name="compare")
@click.argument("graph", required=False, default=DEFAULT_OUTPUT)
@click.option("--metric", help="One canonical metric (or a Chinese surface form of it).")
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False),
    help="Folder for compare.html and compare.csv (default: the graph's folder).",
)
@click.option(
    "--format",
    "fmt",
    type=_FORMATS,
    default="table",
    show_default=True,
    help="With --metric: how to print the rows.",
)
def compare_cmd(graph: str, metric: str | None, out: str | None, fmt: str) -> None:
    """Loan products side by side, by canonical metric.

    With --metric, one row per product and condition on that metric: threshold, unit,
    organization and the documents stating it (the saved SPARQL query compare-metric
    gives the same from graph.ttl). Without it, writes compare.html (an offline table
    of products x metrics) and compare.csv.

    \b
    Examples:
      kgraph compare --metric annual_revenue
      kgraph compare build/ --metric 成立时间 --format csv
      kgraph compare build/ -o report/
    """
    from kgraph.compare import compare_frame, compare_metric, write_compare_html
    from kgraph.graph import atomic_write

    G = _load_graph(graph)
    if metric:
        rows = compare_metric(G, metric)
        if fmt == "json":
            click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        else:
            table = compare_frame(G, metric)
            if fmt == "csv":
                click.echo(table.to_csv(index=False), nl=False)
            else:
                click.echo(table.to_string(index=False) if rows else f"no product states {metric}")
        return
    folder = Path(out) if out else (Path(graph) if Path(graph).is_dir() else Path(graph).parent)
    table = compare_frame(G)
    page = write_compare_html(table, folder / "compare.html", title="kgraph")
    sheet = atomic_write(
        folder / "compare.csv", lambda p: table.to_csv(p, index=False, encoding="utf-8")
    )
    click.echo(f"{len(table)} products x {len(table.columns) - 2} metrics")
    click.echo(f"written     {page}, {sheet}")
