"""Building the captionie pipeline: spaCy's English without tokenizer special cases, and
captionie's components in order."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable

from spacy.lang.en import English, EnglishDefaults
from spacy.language import Language

from captionie import resources
from captionie.components import PIPELINE, register_all
from captionie.pipeline.mentions import register_extensions


def load(enable: Iterable[str] | None = None, disable: Iterable[str] | None = None) -> Language:
    """A new ``spacy.blank("en")`` pipeline with captionie's components in order.

    ``enable``/``disable`` take component names with or without the ``captionie_`` prefix;
    dependencies are not added implicitly (crew without locations will tag "Gagarin" in
    "Gagarin Cosmonaut Training Center").
    """
    wanted = _names(enable) if enable is not None else set(PIPELINE)
    unwanted = _names(disable) if disable is not None else set()
    register_all()
    register_extensions()
    resources.load_all()
    nlp = blank_without_special_cases()
    for name in PIPELINE:
        if name in wanted and name not in unwanted:
            nlp.add_pipe(name)
    return nlp


class EnglishWithoutSpecialCases(English):
    """spaCy's English whose tokenizer has no special cases (:func:`without_special_cases`
    says why captionie drops them), built without them rather than loading them only to drop
    them."""

    class Defaults(EnglishDefaults):
        tokenizer_exceptions: dict[str, Any] = {}


def blank_without_special_cases() -> Language:
    """``without_special_cases(spacy.blank("en"))``, built as ``spacy.blank`` builds it (same
    config), from :class:`EnglishWithoutSpecialCases`."""
    return EnglishWithoutSpecialCases.from_config({})


def without_special_cases(nlp: Language) -> Language:
    """``nlp`` with its tokenizer's special cases removed: the English exceptions that keep
    "Dec." or "St." whole, split "don't" and keep ~130 emoticons such as "8)" together.

    captionie reads tokens only to match gazetteer names, and a form and a text are split by
    the same rules, so a name matches either way, except where a special case glues a name's
    last token to what follows it: the emoticon "8)" leaves no token "8" in "(Kounotori 8)"
    or "(Himawari 8)", and "Co." none "Co" in "Nam Co." at a sentence end, so the stock
    tokenizer misses those names.  Without them the tokenizer is also faster."""
    nlp.tokenizer.rules = {}
    return nlp


def _names(names: Iterable[str]) -> set[str]:
    return {n if n.startswith("captionie_") else f"captionie_{n}" for n in names}


@lru_cache(maxsize=1)
def default_pipeline() -> Language:
    """The process-wide full pipeline used by :func:`captionie.extract`."""
    return load()
