"""The charter applied to one file: allow it, pseudonymize its text in place, or block it.

A file the charter would block as a prompt is blocked. One with identifiers only follows the
policy for files (block by default: rewriting a document in flight changes its size and
format). A file garde-ia cannot read follows the policy for the tool's status.
"""

from dataclasses import dataclass

from anonymizer.decision import Action, Decision
from proxy.config.policy import OrganisationPolicy, ToolStatus
from proxy.inspection.files.kinds import FileKind
from proxy.inspection.files.reader import FileContent
from proxy.inspection.notices import Notice, decision_notice

KIND_LABELS: dict[FileKind, str] = {
    "image": "une image",
    "audio": "un fichier audio",
    "video": "une vidéo",
    "pdf_scan": "un PDF scanné, sans texte lisible",
    "encrypted": "un fichier protégé par un mot de passe",
    "archive": "une archive compressée",
    "ole": "un ancien format Office (.doc, .xls)",
    "office_other": "un document Office que garde-ia ne lit pas (présentation…)",
    "unknown": "un fichier de type inconnu",
}
_RULE = (
    "« Anonymiser avant d'envoyer » : tout contenu doit être vérifié avant d'être soumis à une IA."
)


@dataclass(frozen=True, slots=True)
class FileVerdict:
    """What happens to one file, and the notice shown when it is blocked."""

    action: Action
    notice: Notice | None = None


@dataclass(frozen=True, slots=True)
class FileContext:
    """What the verdict needs to know about the request and the organisation."""

    policy: OrganisationPolicy
    status: ToolStatus
    tool_name: str
    approved_tools: tuple[str, ...]
    entity_labels: dict[str, str]


def _charter(policy: OrganisationPolicy) -> str:
    return f"{policy.charter.title}, version {policy.charter.version}"


def _contact(policy: OrganisationPolicy) -> tuple[str, ...]:
    contact = policy.charter.referent_contact
    return (f"Une question ? Votre référent·e : {contact}.",) if contact else ()


def identifiers_notice(decision: Decision, context: FileContext) -> Notice:
    """The page explaining how to anonymize a document before sending it."""
    kinds = tuple(
        dict.fromkeys(context.entity_labels.get(t, t.lower()) for t in decision.entity_counts)
    )
    rules = tuple(
        dict.fromkeys(f"« {r.title} » : {r.detail.rstrip('.')}" for r in decision.reasons)
    ) or (_RULE,)
    return Notice(
        "votre fichier n'a pas été envoyé : il contient des données personnelles que la charte demande "
        "d'anonymiser, et garde-ia ne modifie pas un document en cours d'envoi.",
        rules,
        kinds,
        (
            "Ouvrez le document et remplacez les noms, adresses, téléphones et e-mails par des repères "
            "neutres (« Personne A », « [adresse] »), puis envoyez-le à nouveau.",
            "Pensez aux en-têtes et pieds de page, aux commentaires, aux autres onglets d'un tableur "
            "et au nom du fichier lui-même.",
            "Ou copiez dans la conversation seulement le passage utile : garde-ia y remplacera "
            "lui-même les noms par des pseudonymes.",
            *_contact(context.policy),
        ),
        _charter(context.policy),
    )


def unreadable_notice(kind: FileKind, context: FileContext) -> Notice:
    """The page explaining why a file garde-ia cannot read was not sent to this tool."""
    return Notice(
        f"votre fichier n'a pas été envoyé à {context.tool_name} : c'est {KIND_LABELS.get(kind, kind)}, "
        "dont garde-ia ne peut pas vérifier le contenu.",
        (_RULE,),
        (),
        (
            "Copiez plutôt dans la conversation le texte utile, sans données personnelles.",
            "Les outils approuvés par votre association peuvent recevoir ce type de fichier.",
            *_contact(context.policy),
        ),
        _charter(context.policy),
        context.approved_tools,
    )


def problem_notice(problem: str, policy: OrganisationPolicy) -> Notice:
    """The page for a file that could not be read safely (``problem`` in plain French)."""
    return Notice(
        f"votre fichier n'a pas été envoyé : {problem}.",
        (_RULE,),
        (),
        (
            "Ouvrez le fichier, vérifiez-le et enregistrez-le à nouveau dans son format d'origine, "
            "ou copiez le texte utile directement dans la conversation.",
            *_contact(policy),
        ),
        _charter(policy),
    )


def judge_file(
    content: FileContent, decision: Decision | None, rewritable: bool, context: FileContext
) -> FileVerdict:
    """Apply the charter and the policy for files to one file (``decision`` on its text, if read)."""
    files = context.policy.files
    if decision is None:
        if files.unreadable.action_for(context.status) == "allow":
            return FileVerdict("allow")
        return FileVerdict("block", unreadable_notice(content.kind, context))
    if decision.action == "block":
        return FileVerdict(
            "block", decision_notice(decision, context.policy, context.entity_labels)
        )
    if content.unread_parts and files.unreadable.action_for(context.status) != "allow":
        return FileVerdict(
            "block", unreadable_notice(content.kind, context)
        )  # an archive's unread members
    if decision.action == "pseudonymize":
        if files.identifiers == "pseudonymize" and rewritable:
            return FileVerdict("pseudonymize")
        return FileVerdict("block", identifiers_notice(decision, context))
    return FileVerdict("allow")
