import pytest

from kgraph.extract.resolve import resolve_keys
from kgraph.types import EntityKey

ORG = "Organization"


@pytest.mark.parametrize(
    ("short", "full"),
    [("微众", "微众银行"), ("蚂蚁", "蚂蚁集团"), ("云南白药", "云南白药集团股份有限公司")],
)
def test_resolve_short_organization_names_merge_into_the_full_name(short, full):
    mapping = resolve_keys([EntityKey(ORG, short), EntityKey(ORG, full)])
    assert mapping[EntityKey(ORG, short)] == EntityKey(ORG, full)


def test_resolve_never_merges_labels_whose_digits_differ():
    mapping = resolve_keys([EntityKey(ORG, "第1"), EntityKey(ORG, "第12银行")])
    assert mapping[EntityKey(ORG, "第1")] == EntityKey(ORG, "第1")


def test_resolve_other_classes_are_left_alone():
    keys = [EntityKey("Region", "云南"), EntityKey("Region", "云南银行")]
    assert resolve_keys(keys) == {k: k for k in keys}


def test_resolve_short_form_alone_stays():
    assert resolve_keys([EntityKey(ORG, "微众")]) == {
        EntityKey(ORG, "微众"): EntityKey(ORG, "微众")
    }
