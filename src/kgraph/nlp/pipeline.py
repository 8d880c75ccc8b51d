"""The spaCy pipeline: ``spacy.blank("zh")`` with jieba, kgraph's vocabulary and components.

Nothing is downloaded: the segmenter is jieba with its bundled dictionary, to which every
lexicon and gazetteer surface form is added so that tokens fall on entity boundaries.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import spacy
from spacy.language import Language

from kgraph.errors import KGraphError
from kgraph.nlp import components, statistical, tokenizer  # noqa: F401  (registers the factories)
from kgraph.nlp.mentions import prepare_segmenter

#: The tokenizer: jieba, aligned in one pass (:mod:`kgraph.nlp.tokenizer`).
_TOKENIZER = "kgraph.JiebaTokenizer.v1"

#: Statistical NER components that ``load_pipeline(ner=...)`` can place before the rules.
NER_COMPONENTS = {"lac": "kgraph_lac"}


def load_pipeline(
    *,
    patterns: bool = True,
    conditions: bool = True,
    lexicons: Iterable[str | Path] = (),
    ner: str | None = None,
) -> Language:
    """A blank Chinese pipeline segmented by jieba, with kgraph's components.

    Parameters
    ----------
    patterns : bool
        Use the suffix patterns besides the lexicon and gazetteer.
    conditions : bool
        Add the loan-condition parser.
    lexicons : iterable of str or Path
        Extra lexicon files (``surface, label, class`` per tab-separated row), read after
        the shipped lexicon: a user's or a corpus's own vocabulary.
    ner : str, optional
        A statistical NER to run before the rules: ``"lac"`` (Baidu LAC's organization
        names, :mod:`kgraph.nlp.statistical`; needs ``pip install 'kgraph[lac]'``).

    Examples
    --------
    >>> nlp = load_pipeline()
    >>> doc = nlp("云南的中小企业年销售收入不低于100万元")
    >>> [(e.text, e.label_) for e in doc.ents]
    [('云南', 'Region'), ('中小企业', 'EnterpriseType')]
    >>> [(s.text, s.label_, s.kb_id_) for s in doc.spans["kg"]]
    [('云南', 'Region', '云南省'), ('中小企业', 'EnterpriseType', '中小企业')]
    >>> [c.label for c in doc._.kg_conditions]
    ['年销售收入 >= 1000000 CNY']
    """
    prepare_segmenter()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": _TOKENIZER}}})
    if ner is not None:
        if ner not in NER_COMPONENTS:
            raise KGraphError(f"unknown NER {ner!r}; choose one of {', '.join(NER_COMPONENTS)}")
        nlp.add_pipe(NER_COMPONENTS[ner])
    extra = [str(p) for p in lexicons]
    nlp.add_pipe("kgraph_tagger")  # tags first: the token patterns read them
    nlp.add_pipe("kgraph_mentions", config={"patterns": patterns, "lexicons": extra})
    if conditions:
        nlp.add_pipe("kgraph_conditions")
    return nlp
