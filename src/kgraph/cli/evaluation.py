"""``kgraph eval``: score extraction against a gold file."""

from __future__ import annotations

import click

from kgraph.cli.options import (
    _LEXICON_OPTION,
    _NER_OPTION,
    _Errors,
    _inputs,
    _lexicons,
    _not_here,
)
from kgraph.defaults import DEFAULT_GOLD


@click.command(name="eval")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--gold",
    type=click.Path(dir_okay=False),
    help="Gold file (JSON lines). Default: data/gold/seed.jsonl, from the repository root.",
)
@click.option("--details", is_flag=True, help="Also list what was missed and what was wrong.")
@click.option(
    "--strict-metrics",
    is_flag=True,
    help="Match condition metrics as strings only, not by their canonical metric.",
)
@_LEXICON_OPTION
@_NER_OPTION
def eval_cmd(
    paths: tuple[str, ...],
    gold: str | None,
    details: bool,
    strict_metrics: bool,
    lexicons: tuple[str, ...],
    ner: str | None,
) -> None:
    """Score extraction against a gold file: P/R/F1 per class, conditions and relation.

    Two conditions have the same metric when the metrics match after normalization, or
    name one canonical metric of the vocabulary (年营业收入 and 年开票金额 are both
    annual_revenue); --strict-metrics drops the second rule.

    PATHS are the documents to extract, or one JSON-lines file already in the gold format:
    the extractions.jsonl a build writes, or a second annotator's gold file (the scores are
    then the agreement of the two). When the gold records name their "source" file, PATHS
    may be the folder that holds them.

    \b
    Examples:
      kgraph eval --gold data/gold/seed.jsonl data/corpus --lexicon data/corpus/lexicon.tsv
      kgraph eval --gold data/gold/seed.jsonl build/extractions.jsonl --details
      kgraph eval --gold data/gold/laws-dev.jsonl ../shared/corpus/laws
      kgraph eval --gold data/gold/real-dev.jsonl data/gold/second/real-dev.jsonl
    """
    from kgraph.api import extract
    from kgraph.extract.document import to_gold_format
    from kgraph.extract.evaluate import (
        evaluate,
        format_table,
        gold_inputs,
        is_gold_file,
        read_gold,
        summary,
    )

    if gold is None:
        gold = str(DEFAULT_GOLD)
        if not DEFAULT_GOLD.is_file():
            raise click.UsageError(_not_here(DEFAULT_GOLD, "no --gold given, and the default"))
    records = read_gold(gold)
    if len(paths) == 1 and is_gold_file(paths[0]):
        predicted = read_gold(paths[0])
    else:
        inputs = gold_inputs(records, _inputs(paths))
        exs = extract(inputs, on_error=_Errors(), lexicons=_lexicons(paths, lexicons), ner=ner)
        predicted = [to_gold_format(ex) for ex in exs]
    scores = summary(evaluate(records, predicted, canonical=not strict_metrics))
    click.echo(format_table(scores))
    unmapped = sorted(
        {c["metric"] for r in predicted for c in r.get("conditions", []) if not c.get("canonical")}
    )
    if unmapped:  # what the metric vocabulary (src/kgraph/data/metrics.toml) could learn
        click.echo(f"\nmetrics without a canonical id ({len(unmapped)}): {'、'.join(unmapped)}")
    if details:
        for key in ("entities", "conditions", "relations"):
            for kind, items in (("missed", scores[key].missed), ("wrong", scores[key].wrong)):
                for doc, item in items:
                    click.echo(f"{key:10} {kind:6} {doc}: {item}")
