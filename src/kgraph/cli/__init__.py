"""The ``kgraph`` command: a thin layer over :mod:`kgraph.api` and the export modules."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kgraph.cli.eligibility import register as register_eligibility
from kgraph.cli.evaluation import eval_cmd
from kgraph.cli.options import (
    _FRESH_OPTION,
    _JOBS_OPTION,
    _LEXICON_OPTION,
    _NER_OPTION,
    _NO_VALIDATE_OPTION,
    _SCHEDULER_OPTION,
    _STORE_OPTION,
    _Errors,
    _finish,
    _inputs,
    _lexicons,
    _progress,
    _Stages,
)
from kgraph.defaults import DEFAULT_OUTPUT
from kgraph.errors import KGraphError

if TYPE_CHECKING:
    from kgraph.api import KnowledgeGraph


def _api():
    """kgraph.api, imported on first use: ``kgraph --help`` loads no pipeline."""
    from kgraph import api

    return api


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kgraph")
def main() -> None:
    """Build knowledge graphs from Chinese enterprise and finance articles.

    \b
    Examples:
      kgraph build                       # data/corpus -> build/
      kgraph build news/ pages.jsonl -o out/
      kgraph extract article.txt
      kgraph eval --gold data/gold/seed.jsonl data/corpus
      kgraph query build/graph.ttl loan-conditions
      kgraph view build/graph.json -o yunnan.html --focus 云南省 --depth 2
      kgraph match profile.json build/
      kgraph compare build/ --metric annual_revenue
    """


@main.command(name="build")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False),
    default=str(DEFAULT_OUTPUT),
    show_default=True,
    help="Output folder.",
)
@click.option("--base", default=None, help="Base IRI of the RDF resources.")
@click.option("--strict", is_flag=True, help="Exit non-zero if any input cannot be read.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@_SCHEDULER_OPTION
@_FRESH_OPTION
@_NO_VALIDATE_OPTION
@_STORE_OPTION
@_LEXICON_OPTION
@_NER_OPTION
@_JOBS_OPTION
def build_cmd(
    paths: tuple[str, ...],
    out: str,
    base: str | None,
    strict: bool,
    quiet: bool,
    scheduler: str | None,
    fresh: bool,
    no_validate: bool,
    store_dir: str | None,
    lexicons: tuple[str, ...],
    ner: str | None,
    jobs: int | None,
) -> None:
    """Build the graph of files and folders (default: data/corpus).

    Writes graph.json, graph.graphml, extractions.jsonl, graph.ttl, shacl-report.txt
    and graph.html into the output folder, each atomically. The folder also keeps each
    document's extraction in extractions.sqlite: a rebuild extracts only the documents
    that are new or changed since (or all of them after a change to kgraph or a lexicon).

    \b
    Examples:
      kgraph build
      kgraph build news/ pages.jsonl -o out/ --strict
      kgraph build pages/ --lexicon my-banks.tsv
      kgraph build big-crawl/ --jobs 2 --no-validate
      kgraph build pages/ --fresh
      kgraph build crawl/ --scheduler tcp://10.0.0.5:8786
      kgraph build crawl/ --store graph-db/ && kgraph serve graph-db/
    """
    errors = _Errors()
    store = Path(out) / "extractions.sqlite"
    if fresh:
        for path in (store, *(store.with_name(store.name + end) for end in ("-wal", "-shm"))):
            path.unlink(missing_ok=True)
    tick, close = _progress(quiet, "extracting")
    stages = _Stages(quiet, close)
    try:
        kg = _api().build(
            _inputs(paths),
            on_error=errors,
            progress=tick,
            lexicons=_lexicons(paths, lexicons),
            ner=ner,
            jobs=jobs,
            cache=store,
            scheduler=scheduler,
            keep_extractions=False,  # memory grows with the graph, not the corpus
            stage=stages,
        )
    finally:
        close()
    _finish(errors, len(kg.predictions), strict)
    written = kg.save(out, rdf=True, html=True, base=base, validate=not no_validate, stage=stages)
    if store_dir is not None:
        from kgraph.rdf.store import write_store

        with stages("triple store"):
            write_store(written["graph.ttl"], store_dir)
        written["store"] = Path(store_dir)
    if not quiet:
        _print_summary(kg, errors, written)


def _print_summary(kg: KnowledgeGraph, errors: _Errors, written: dict[str, Path]) -> None:
    counts = kg.counts()
    conditions = counts.pop("LoanCondition", 0)
    echo = click.echo
    echo(f"documents   {len(kg.graph.graph.get('documents') or {})}")
    echo("entities    " + ", ".join(f"{c} {n}" for c, n in sorted(counts.items())))
    echo(f"conditions  {conditions}")
    echo(f"relations   {kg.graph.number_of_edges()}")
    report = getattr(kg, "shacl", None)
    if report is None:
        echo("shacl       skipped")
    else:
        echo(
            f"shacl       {'conforms' if report.conforms else f'{report.violations} violation(s)'}"
        )
    echo(f"warnings    {len(errors.items)}")
    echo("written     " + ", ".join(str(p) for p in written.values()))


@main.command(name="extract")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--strict", is_flag=True, help="Exit non-zero if any input cannot be read.")
@_LEXICON_OPTION
@_NER_OPTION
@_JOBS_OPTION
def extract_cmd(
    paths: tuple[str, ...],
    strict: bool,
    lexicons: tuple[str, ...],
    ner: str | None,
    jobs: int | None,
) -> None:
    """Print one JSON line per document, in the gold format of the guidelines.

    \b
    Examples:
      kgraph extract article.txt
      kgraph extract data/corpus > extractions.jsonl
      kgraph extract pages/ --jobs 2 > extractions.jsonl
    """
    from kgraph.extract.document import to_gold_format

    errors = _Errors()
    exs = _api().iter_extract(
        _inputs(paths), on_error=errors, lexicons=_lexicons(paths, lexicons), ner=ner, jobs=jobs
    )
    done = 0
    for ex in exs:  # each line as soon as its document is done
        click.echo(json.dumps(to_gold_format(ex), ensure_ascii=False, sort_keys=True))
        sys.stdout.flush()
        done += 1
    _finish(errors, done, strict)


@main.command(name="export")
@click.argument("graph", type=click.Path(exists=True))
@click.option("-o", "--out", type=click.Path(dir_okay=False), required=True, help="Output file.")
@click.option(
    "-f",
    "--format",
    "fmt",
    default=None,
    help="turtle, nt, json-ld or trig (default: from the file name).",
)
@click.option("--base", default=None, help="Base IRI of the RDF resources.")
def export_cmd(graph: str, out: str, fmt: str | None, base: str | None) -> None:
    """Write a built graph as RDF, chosen by name or by the output's extension.

    \b
    Examples:
      kgraph export build/ -o graph.nt
      kgraph export build/graph.json -o graph.jsonld -f json-ld
    """
    from kgraph.rdf.export import DEFAULT_BASE, write_rdf

    path = write_rdf(_api().load(graph).graph, out, format=fmt, base=base or DEFAULT_BASE)
    click.echo(f"written {path}")


@main.command(name="query")
@click.argument("graph", type=click.Path(exists=True))
@click.argument("query", required=False)
@click.option(
    "--file",
    "qfile",
    type=click.Path(exists=True, dir_okay=False),
    help="Read the query from a .rq file.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@click.option(
    "--bind",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a variable (repeatable); values are data, never spliced into the query.",
)
@click.option("--list", "list_saved", is_flag=True, help="List the saved queries and exit.")
def query_cmd(
    graph: str,
    query: str | None,
    qfile: str | None,
    fmt: str,
    bind: tuple[str, ...],
    list_saved: bool,
) -> None:
    """Run a SPARQL query (text, saved query name or --file) on an RDF file.

    \b
    Examples:
      kgraph query build/graph.ttl 'SELECT ?s WHERE { ?s a kg:Region }'
      kgraph query build/graph.ttl loan-conditions --bind product=企业贷款
      kgraph query build/graph.ttl --file my.rq --format csv
      kgraph query build/graph.ttl --list
    """
    from kgraph.rdf.sparql import format_result, query_summary, run_query, saved_queries

    if list_saved:
        for name, text in sorted(saved_queries().items()):
            click.echo(f"{name:28} {query_summary(text)}")
        return
    if qfile:
        query = Path(qfile).read_text(encoding="utf-8")
    if not query:
        raise click.UsageError("give a query, a saved query name, or --file")
    bindings = {}
    for item in bind:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--bind")
        bindings[name.lstrip("?")] = value
    click.echo(format_result(run_query(graph, query, bindings=bindings or None), fmt))


@main.command(name="store")
@click.argument("graph", type=click.Path(exists=True, dir_okay=False))
@click.argument("directory", type=click.Path(file_okay=False))
def store_cmd(graph: str, directory: str) -> None:
    """Load an RDF file into an on-disk Oxigraph store, for kgraph serve DIRECTORY.

    \b
    Examples:
      kgraph store build/graph.ttl graph-db/
      kgraph serve graph-db/
    """
    from kgraph.rdf.store import write_store

    click.echo(f"{directory}: {write_store(graph, directory)} triples", err=True)


@main.command(name="serve")
@click.argument("graph", type=click.Path(exists=True))
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=7878, show_default=True, type=int)
@click.option(
    "--timeout", default=30.0, show_default=True, type=float, help="Seconds a query may run."
)
@click.option(
    "--limit", default=10000, show_default=True, type=int, help="Most results per response."
)
def serve_cmd(graph: str, host: str, port: int, timeout: float, limit: int) -> None:
    """Serve an RDF file, or a store folder (kgraph store), as a read-only SPARQL 1.1
    Protocol endpoint.

    \b
    Examples:
      kgraph serve build/graph.ttl
      kgraph serve graph-db/
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE {?s ?p ?o} LIMIT 5' http://127.0.0.1:7878/sparql
    """
    from kgraph.rdf.serve import serve

    def announce(url: str) -> None:
        click.echo(f"SPARQL endpoint at {url} (Ctrl-C to stop)", err=True)

    serve(graph, host, port, timeout=timeout, limit=limit, announce=announce)


@main.command(name="push")
@click.argument("graph", type=click.Path(exists=True))
@click.option(
    "--endpoint", required=True, help="Graph Store HTTP Protocol URL of the triple store."
)
@click.option(
    "--graph",
    "graph_iri",
    default=None,
    help="Named graph IRI to replace (default graph if omitted).",
)
@click.option("--user", default=None, help="User name, if the store needs one.")
@click.option(
    "--password",
    default=None,
    envvar="KGRAPH_PUSH_PASSWORD",
    help="Password (or $KGRAPH_PUSH_PASSWORD).",
)
def push_cmd(
    graph: str, endpoint: str, graph_iri: str | None, user: str | None, password: str | None
) -> None:
    """Load a graph into an existing SPARQL server (Virtuoso, Fuseki, GraphDB).

    \b
    Examples:
      kgraph push build/graph.ttl --endpoint http://localhost:8890/sparql-graph-crud --graph https://kgraph.example.org/g
    """
    from kgraph.rdf.push import push

    auth = (user, password or "") if user else None
    result = push(graph, endpoint, graph_iri=graph_iri, auth=auth)
    click.echo(f"pushed to {endpoint}: {result}")


@main.command(name="view")
@click.argument("graph", type=click.Path(exists=True))
@click.option(
    "-o", "--out", type=click.Path(dir_okay=False), required=True, help="HTML file to write."
)
@click.option("--focus", default=None, help="Show the neighbourhood of this label or alias.")
@click.option(
    "--depth", default=1, show_default=True, type=int, help="Neighbourhood depth with --focus."
)
@click.option(
    "--types", default=None, help="Classes to keep, comma-separated (Region,RiskCategory)."
)
@click.option("--max-nodes", default=None, type=int, help="Keep the N nodes of highest degree.")
@click.option("--title", default="kgraph", show_default=True)
@click.option("--physics", is_flag=True, help="Let nodes move by physics after loading.")
def view_cmd(
    graph: str,
    out: str,
    focus: str | None,
    depth: int,
    types: str | None,
    max_nodes: int | None,
    title: str,
    physics: bool,
) -> None:
    """Write an interactive, self-contained HTML view of a built graph.

    \b
    Examples:
      kgraph view build/ -o all.html
      kgraph view build/graph.json -o yunnan.html --focus 云南省 --depth 2
      kgraph view build/ -o risks.html --types RiskCategory,EnterpriseType --max-nodes 200
    """
    options = {"focus": focus, "depth": depth, "types": types, "max_nodes": max_nodes}
    path = _api().load(graph).view(out, title=title, physics=physics, **options)
    click.echo(f"written {path}")


register_eligibility(main)
main.add_command(eval_cmd)


def run() -> None:
    """Entry point: every error is one line, ``kgraph: error: ...``; exit code 2 for a
    usage error (a bad option or argument), 1 for a failure."""
    try:
        code = main(standalone_mode=False)  # an int when a command exits through ctx.exit
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "kgraph"
        click.echo(f"kgraph: error: {exc.format_message()} (see '{where} --help')", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(f"kgraph: error: {exc.format_message()}", err=True)
        sys.exit(1)
    except KGraphError as exc:
        click.echo(f"kgraph: error: {exc}", err=True)
        sys.exit(1)
    except click.Abort:
        click.echo("kgraph: error: aborted", err=True)
        sys.exit(1)
    if isinstance(code, int) and code:
        sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
