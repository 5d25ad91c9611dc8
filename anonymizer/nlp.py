"""The French spaCy pipeline, loaded the way garde-ia needs it.

The dependency parser is excluded: nothing here needs syntax trees, and it is a large share of
spaCy's time per prompt. A rule-based sentencizer gives the sentence bounds the linkage of
sensitive topics to people needs. The model is a pip dependency: it is never downloaded.
"""

import logging
from typing import Any

import spacy
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex

from anonymizer.errors import AnonymizerError

logger = logging.getLogger(__name__)

MODEL_NAME = "fr_core_news_md"
LANGUAGE = "fr"
EXCLUDED_PIPES = ["parser"]
# Pasted CSV and tables: "Karima,4,2,RSA" or "LAMBERT;France" must be several tokens, or neither
# the names nor the topics in the cells are seen. A comma between two digits ("42,50") stays.
TABLE_INFIXES = (r"(?<=[^\W\d_])[,;|](?=\S)", r"(?<=\S)[,;|](?=[^\W\d_])", r"(?<=\d)[;|](?=\d)")


class FrenchNlpEngine(SpacyNlpEngine):  # type: ignore[misc]
    """Presidio's spaCy engine, with the parser left out and no download attempt."""

    def __init__(self, model_name: str = MODEL_NAME) -> None:
        # Entities come from garde-ia's own recognizers reading the Doc, so the mapping only
        # keeps Presidio quiet; every spaCy label is ignored by its SpacyRecognizer.
        config = NerModelConfiguration(
            model_to_presidio_entity_mapping={
                "PER": "PERSONNE",
                "LOC": "LIEU",
                "ORG": "ORGANISATION",
            },
            labels_to_ignore=["PER", "LOC", "ORG", "MISC"],
        )
        super().__init__(
            models=[{"lang_code": LANGUAGE, "model_name": model_name}],
            ner_model_configuration=config,
        )
        self._model_name = model_name

    def load(self) -> None:
        """Load the model from site-packages, or fail with a clear error (never download)."""
        if not spacy.util.is_package(self._model_name):
            raise AnonymizerError(
                f"Le modèle spaCy « {self._model_name} » n'est pas installé "
                "(il s'installe avec garde-ia : make install)."
            )
        nlp = spacy.load(self._model_name, exclude=EXCLUDED_PIPES)
        nlp.add_pipe("sentencizer", first=True)
        infixes: list[Any] = [*(nlp.Defaults.infixes or ()), *TABLE_INFIXES]
        tokenizer: Tokenizer = nlp.tokenizer  # type: ignore[assignment]  # typed as any callable
        tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        self.nlp = {LANGUAGE: nlp}  # type: ignore[assignment]  # Presidio declares it None before load()
        logger.debug("spaCy pipeline loaded: %s", nlp.pipe_names)

    def pipeline(self) -> Language:
        """The loaded spaCy pipeline (shared with the sensitive-topic matcher)."""
        if not self.nlp:
            raise AnonymizerError("Le modèle spaCy n'est pas chargé.")
        pipeline: Language = self.nlp[LANGUAGE]
        return pipeline
