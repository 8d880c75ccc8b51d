"""The relation rule registry: rules.toml names the rules that run, each one registered."""

from __future__ import annotations

import pytest

import kgraph.extract.document  # noqa: F401  (registers the document rules)
from kgraph.errors import KGraphError
from kgraph.extract import registry
from kgraph.extract.relations import extract_relations
from kgraph.nlp.mentions import find_mentions


@pytest.mark.parametrize("kind", registry.KINDS)
def test_every_rule_rules_toml_names_is_registered(kind):
    names = [name for name, _ in registry.rules(kind)]
    assert names == list(registry.enabled(kind)) and names


def test_a_rule_left_out_of_rules_toml_does_not_run(monkeypatch):
    text = "中小企业主要集中在长三角"
    mentions = find_mentions(text)
    assert list(extract_relations(text, mentions))
    kept = tuple(n for n in registry.enabled("sentence") if n != "concentratedIn")
    monkeypatch.setattr(registry, "enabled", lambda kind: kept)
    assert not list(extract_relations(text, mentions))


def test_an_unknown_rule_name_is_one_clear_error(monkeypatch):
    monkeypatch.setattr(registry, "enabled", lambda kind: ("offers", "noSuchRule"))
    with pytest.raises(KGraphError, match="no sentence rule named 'noSuchRule' \\(known: .*offers"):
        registry.rules("sentence")


def test_a_sentence_without_what_a_rule_needs_skips_it():
    from kgraph.extract.registry import needs

    assert needs("concentratedIn") == frozenset({"Region"})
    assert needs("requires") == frozenset({"conditions"})
    # a sentence with no region gives no concentratedIn, and the rule is not called at all
    calls = []
    table = registry._REGISTRY["sentence"]
    original = table["concentratedIn"]
    table["concentratedIn"] = lambda s: calls.append(s) or iter(())
    try:
        list(extract_relations("中小企业面临信用风险", find_mentions("中小企业面临信用风险")))
        assert calls == []
        list(extract_relations("中小企业集中在浙江", find_mentions("中小企业集中在浙江")))
        assert len(calls) == 1
    finally:
        table["concentratedIn"] = original
