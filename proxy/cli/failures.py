"""What a mistake looks like on the command line: one French message and an exit code.

Every command runs inside :class:`FriendlyGroup`, so a mistake the user can fix (a policy file
with a typo, a data folder without rights, a busy port) is said once, the same way in every
command, instead of a Python traceback. The exit codes let scripts tell the cases apart.
"""

import logging
import re
import sys
import traceback
from typing import IO, Any, NoReturn

import click

from anonymizer.errors import PolicyError
from proxy.cli.ports import PortBusyError
from proxy.config.paths import HomeError
from proxy.runner import ProxyOptionError

logger = logging.getLogger(__name__)

EXIT_ERROR = 1  # the action was refused or failed; nothing half-done was kept
EXIT_USAGE = 2  # a wrong option or argument (click's own code)
EXIT_CONFIG = 3  # the policy file, an environment variable or the data folder must be fixed
EXIT_BUSY = 4  # the port is taken (often: garde-ia already runs)
EXIT_DESKTOP = 5  # no graphical session or no notification area for the tray
EXIT_INTERRUPTED = 130  # Ctrl+C or end of input
EXIT_BUG = 70  # an error garde-ia did not expect (EX_SOFTWARE): a bug to report


class UserError(click.ClickException):
    """A mistake the user can fix, in French, with its exit code (``code``)."""

    def __init__(self, message: str, exit_code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.code = exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        """Print ``garde-ia : <message>`` on stderr (click would say "Error:")."""
        click.echo(f"garde-ia : {self.format_message()}", file=file, err=True)


def _database_message(error: Exception) -> str:
    # SQLAlchemy's text may carry the URL (and a password): only its first line's reason.
    reason = str(getattr(error, "orig", None) or error.__class__.__name__).splitlines()[0]
    return (
        f"journal d'usage inaccessible ({reason}). Vérifiez le dossier de données "
        "(GARDE_IA_HOME) ou l'adresse donnée par --db / GARDE_IA_DB."
    )


def as_user_error(error: Exception) -> UserError | None:
    """The French message for an error a user can fix, or None for a bug."""
    from proxy.storage.schema import DatabaseUnavailableError

    if isinstance(error, UserError):
        return error
    if isinstance(error, PolicyError):
        return UserError(f"politique invalide, rien n'a été fait.\n{error}", EXIT_CONFIG)
    if isinstance(error, HomeError):
        return UserError(str(error), EXIT_CONFIG)
    if isinstance(error, ProxyOptionError):
        return UserError(str(error), EXIT_USAGE)
    if isinstance(error, PortBusyError):
        return UserError(str(error), EXIT_BUSY)
    if isinstance(error, DatabaseUnavailableError):
        return UserError(str(error), EXIT_ERROR)
    if type(error).__module__.startswith("sqlalchemy"):
        return UserError(_database_message(error), EXIT_ERROR)
    if isinstance(error, PermissionError):
        return UserError(
            f"accès refusé à {error.filename or 'un fichier'} : vérifiez ses droits.", EXIT_CONFIG
        )
    return None


# click's own value messages, said again in French.
_CLICK_VALUE_MESSAGES = (
    (re.compile(r"^'(.*)' is not one of (.*)\.$"), r"« \1 » n'est pas un des choix possibles : \2"),
    (
        re.compile(r"^'(.*)' is not a valid integer( range)?\.$"),
        r"« \1 » n'est pas un nombre entier",
    ),
    (re.compile(r"^'(.*)' is not a valid float( range)?\.$"), r"« \1 » n'est pas un nombre"),
    (re.compile(r"^(.*) is not in the range (.*)\.$"), r"\1 est hors des limites (\2)"),
    (re.compile(r"^(File|Path|Directory) '(.*)' does not exist\.$"), r"« \2 » n'existe pas"),
)


def _french_value_message(message: str) -> str:
    for pattern, french in _CLICK_VALUE_MESSAGES:
        if pattern.match(message):
            return pattern.sub(french, message).replace(" or ", " ou ")
    return message


def _usage_message(error: click.UsageError) -> str:
    """Click's usage errors in French (click itself speaks English)."""
    if isinstance(error, click.NoSuchOption):
        close = (
            f" ; vouliez-vous dire {', '.join(error.possibilities)} ?"
            if error.possibilities
            else ""
        )
        return f"option inconnue : {error.option_name}{close}"
    if isinstance(error, click.MissingParameter):
        hint = error.param_hint or (error.param.opts[0] if error.param and error.param.opts else "")
        return f"{hint} manquant"
    if isinstance(error, click.BadParameter):
        hint = error.param_hint or (error.param.opts[0] if error.param and error.param.opts else "")
        return f"valeur refusée pour {hint} : {_french_value_message(error.message)}"
    return error.format_message()


class FriendlyGroup(click.Group):
    """A click group whose every failure ends in one French line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the sub-command, turning the errors a user can fix into :class:`UserError`."""
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.Abort, click.exceptions.Exit):
            raise
        except Exception as error:
            friendly = as_user_error(error)
            if friendly is None:
                raise
            raise friendly from error

    def main(self, *args: Any, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        """Run the command line; never let click print in English or Python print a traceback."""
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as error:  # plain "garde-ia": its help, once
            click.echo(error.format_message())
            sys.exit(0)
        except click.UsageError as error:
            if error.ctx is not None:
                click.echo(error.ctx.get_usage(), err=True)
            click.echo(f"garde-ia : {_usage_message(error)} (aide : --help)", err=True)
            sys.exit(EXIT_USAGE)
        except click.ClickException as error:
            code = error.code if isinstance(error, UserError) else error.exit_code
            UserError(error.format_message(), code).show()
            sys.exit(code)
        except click.Abort:
            click.echo("\ngarde-ia : interrompu, rien n'a été enregistré.", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Exception as error:
            # Code locations only: an exception's message may quote a prompt or a value.
            logger.debug(
                "Erreur inattendue :\n%s", "".join(traceback.format_tb(error.__traceback__))
            )
            click.echo(
                f"garde-ia : erreur inattendue ({type(error).__name__}). Relancez avec -vv pour "
                "le détail technique et transmettez-le à votre référent·e ou aux développeurs.",
                err=True,
            )
            sys.exit(EXIT_BUG)
        # Non-standalone click returns ctx.exit()'s code; a command's own return value means success.
        code = result if isinstance(result, int) and not isinstance(result, bool) else 0
        sys.exit(code)
