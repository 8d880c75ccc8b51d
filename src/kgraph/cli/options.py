"""The command line's shared parts: option declarations, error and progress reporting."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from kgraph.defaults import DEFAULT_INPUT
from kgraph.errors import InputError


class _Errors:
    """Collects input errors and prints each as one line on stderr."""

    def __init__(self) -> None:
        self.items: list[InputError] = []

    def __call__(self, err: InputError) -> None:
        self.items.append(err)
        click.echo(f"kgraph: warning: {err}", err=True)


def _progress(quiet: bool, label: str):
    """A tqdm progress callback on stderr (a no-op with --quiet or off a terminal)."""
    if quiet:
        return None, lambda: None
    from tqdm import tqdm

    bar = tqdm(desc=label, unit="doc", file=sys.stderr, disable=None, leave=False)
    return (lambda doc: bar.update(1)), bar.close


class _Stages:
    """Times each stage of a build and prints one line for it on stderr; on a terminal, a
    stage that reports its steps also shows a progress bar while it runs. Nothing with
    --quiet."""

    def __init__(self, quiet: bool, close_bar=lambda: None) -> None:
        self.quiet = quiet
        self.close_bar = close_bar  # the extraction bar, closed before the first line

    @contextmanager
    def __call__(self, name: str, total: int | None = None) -> Iterator:
        start = time.perf_counter()
        bars: list = []  # the stage's bar, made at its first step (stages without steps have none)

        def tick(n: int = 1) -> None:
            if self.quiet:
                return
            if not bars:
                from tqdm import tqdm

                self.close_bar()
                bars.append(
                    tqdm(desc=name, total=total, file=sys.stderr, disable=None, leave=False)
                )
            bars[0].update(n)

        try:
            yield tick
        finally:
            for bar in bars:
                bar.close()
        if not self.quiet:
            self.close_bar()
            click.echo(f"kgraph: {name:<18} {time.perf_counter() - start:7.2f} s", err=True)


def _inputs(paths: tuple[str, ...]) -> list[str]:
    if paths:
        return list(paths)
    if not DEFAULT_INPUT.exists():
        raise click.UsageError(_not_here(DEFAULT_INPUT, "no input given, and the default"))
    return [str(DEFAULT_INPUT)]


def _not_here(default: Path, what: str) -> str:
    """The message for a default path missing: defaults are relative to the repository."""
    return (
        f"{what} {default} is not here: it is relative to kgraph's repository root, "
        "so run from there or name the file"
    )


def _lexicons(paths: tuple[str, ...], given: tuple[str, ...]) -> list[str]:
    """The extra lexicons: those given, or the default corpus's own when reading it."""
    own = DEFAULT_INPUT / "lexicon.tsv"
    if not given and not paths and own.is_file():
        return [str(own)]
    return list(given)


_NER_OPTION = click.option(
    "--ner",
    type=click.Choice(["lac"]),
    default=None,
    help="Also run a statistical NER before the rules: lac (Baidu LAC organization names; "
    "pip install 'kgraph[lac]'; about ten times slower).",
)

_JOBS_OPTION = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for extraction (same output for any number). "
    "Default: the machine's cores for 32 documents or more, else 1.",
)

_LEXICON_OPTION = click.option(
    "--lexicon",
    "lexicons",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Extra vocabulary: a TSV of surface, label, class rows (repeatable). Without "
    "paths, the sample corpus's own data/corpus/lexicon.tsv.",
)


def _finish(errors: _Errors, read: int, strict: bool) -> None:
    if read == 0:
        raise click.ClickException("no document could be read")
    if strict and errors.items:
        raise click.ClickException(f"{len(errors.items)} input(s) could not be read (--strict)")


_SCHEDULER_OPTION = click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Extract on a Dask cluster: its scheduler's address, e.g. tcp://10.0.0.5:8786 "
    "(pip install 'kgraph[cluster]'; workers need kgraph too).",
)

_FRESH_OPTION = click.option(
    "--fresh",
    is_flag=True,
    help="Extract every document again, ignoring the extractions kept in the output folder "
    "(extractions.sqlite; by default only new and changed documents are extracted).",
)

_NO_VALIDATE_OPTION = click.option(
    "--no-validate",
    "no_validate",
    is_flag=True,
    help="Skip the SHACL validation of the RDF (shacl-report.txt then says so).",
)

_STORE_OPTION = click.option(
    "--store",
    "store_dir",
    metavar="DIR",
    type=click.Path(file_okay=False),
    default=None,
    help="Also load the RDF into an on-disk Oxigraph store in DIR, which kgraph serve DIR "
    "opens without parsing (replaced whole, once complete).",
)
