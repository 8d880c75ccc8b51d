import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _pairwise(keys):
    """The definition, one pair at a time: the shortest longer name that adds only legal
    endings, unless the numbers differ."""
    from kgraph.extract.resolve import _ORG_TAIL, digits

    orgs = {k.label for k in keys if k.cls == "Organization"}
    out = {}
    for k in set(keys):
        full = sorted(
            (o for o in orgs if o.startswith(k.label) and _ORG_TAIL.fullmatch(o[len(k.label) :])),
            key=lambda o: (len(o), o),
        )
        ok = k.cls == "Organization" and full and digits(full[0]) == digits(k.label)
        out[k] = EntityKey(k.cls, full[0]) if ok else k
    return out


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet="招商微众1号", min_size=1, max_size=3),
            st.lists(
                st.sampled_from(["银行", "集团", "有限公司", "公司", "控股", "2"]), max_size=2
            ),
            st.sampled_from(["Organization", "Region"]),
        ),
        max_size=25,
    )
)
def test_resolve_by_index_equals_the_pairwise_definition(parts):
    keys = [EntityKey(cls, stem + "".join(tail)) for stem, tail, cls in parts]
    assert resolve_keys(keys) == _pairwise(keys)
