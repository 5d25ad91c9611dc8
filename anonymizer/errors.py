"""Errors raised by the anonymizer library."""


class AnonymizerError(Exception):
    """Base class: anything that stops a text from being checked. Callers must block, never forward."""


class PolicyError(AnonymizerError):
    """The policy is invalid. The message names the file and the field at fault."""
