"""Policy validation errors in French, naming the file, the key and what is allowed.

pydantic writes its messages in English ("Input should be 'allow', 'pseudonymize' or 'block'");
the people who edit a policy file are an association's referents, so each error type they can
cause is said again in French from the error's own context (expected values, bounds).
"""

import re
import tomllib
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

_TOML_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")


def _expected(item: Mapping[str, Any]) -> str:
    ctx: dict[str, Any] = dict(item.get("ctx") or {})
    expected = str(ctx.get("expected", ""))
    return expected.replace(" or ", " ou ")


def _french(item: Mapping[str, Any]) -> str:
    kind = item["type"]
    ctx: dict[str, Any] = dict(item.get("ctx") or {})
    messages = {
        "literal_error": f"valeur « {item.get('input')} » non reconnue ; valeurs possibles : {_expected(item)}",
        "enum": f"valeur « {item.get('input')} » non reconnue ; valeurs possibles : {_expected(item)}",
        "extra_forbidden": "clé inconnue (faute de frappe ?) : elle serait ignorée, garde-ia la refuse",
        "missing": "valeur obligatoire manquante",
        "string_type": "un texte entre guillemets est attendu",
        "string_too_short": "ce texte ne peut pas être vide",
        "int_type": "un nombre entier est attendu",
        "int_parsing": "un nombre entier est attendu",
        "int_from_float": "un nombre entier est attendu",
        "float_type": "un nombre est attendu",
        "float_parsing": "un nombre est attendu",
        "bool_type": "true ou false est attendu",
        "bool_parsing": "true ou false est attendu",
        "dict_type": "une table TOML ([section] ou { … }) est attendue",
        "list_type": "une liste entre crochets [ … ] est attendue",
        "greater_than_equal": f"la valeur doit être au moins {ctx.get('ge')}",
        "less_than_equal": f"la valeur doit être au plus {ctx.get('le')}",
        "greater_than": f"la valeur doit être supérieure à {ctx.get('gt')}",
        "less_than": f"la valeur doit être inférieure à {ctx.get('lt')}",
    }
    if kind in messages:
        return messages[kind]
    if kind == "value_error":  # garde-ia's own validators already speak French
        return str(ctx.get("error", item["msg"]))
    return f"valeur refusée ({item['msg']})"


def describe_validation_error(source: str, error: ValidationError) -> str:
    """One French line per invalid field: ``file : clé « a.b.c » : message``."""
    lines = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"] if not str(p).startswith("function-"))
        lines.append(f"{source} : clé « {where or '(racine)'} » : {_french(item)}")
    return "\n".join(lines)


def describe_toml_error(source: str, error: tomllib.TOMLDecodeError) -> str:
    """The place of a TOML syntax error, in French (tomllib says it in English)."""
    found = _TOML_WHERE.search(str(error))
    where = f" ligne {found.group(1)}, colonne {found.group(2)}" if found else ""
    return (
        f"{source} : syntaxe TOML invalide{where} (guillemet, crochet ou signe = manquant ? "
        'Les textes s\'écrivent entre guillemets : NIR = "block").'
    )


def describe_read_error(source: str, error: OSError) -> str:
    """Why a policy file cannot be read, in French (the system says it in English)."""
    if isinstance(error, FileNotFoundError):
        return (
            f"{source} : fichier introuvable. Vérifiez le chemin (--policy ou GARDE_IA_POLICY_URL)."
        )
    if isinstance(error, IsADirectoryError):
        return f"{source} : c'est un dossier ; indiquez le fichier de politique (.toml) qu'il contient."
    if isinstance(error, PermissionError):
        return f"{source} : lecture refusée ; demandez l'accès au fichier ou copiez-le chez vous."
    return f"{source} : lecture impossible ({error.strerror or type(error).__name__})."
