"""What the volunteer does by hand after setup: give each browser the PAC address (French, step by step).

Browsers keep their proxy settings to themselves (Firefox) or read the system's (Chrome, Edge,
Chromium), so setup explains rather than rewrites them: a change the volunteer made is one they
know how to undo.
"""


def browser_steps(pac_url: str) -> str:
    """The step-by-step French instructions for Firefox, Chrome/Edge and the system settings."""
    return f"""\
Dernière étape, une seule fois : indiquer à vos navigateurs l'adresse de configuration automatique
    {pac_url}

Firefox
  Paramètres → Général → tout en bas « Paramètres réseau » → Paramètres… →
  « Adresse de configuration automatique du proxy (PAC) » → collez l'adresse → OK.
Chrome, Edge, Chromium, Brave
  Ils suivent les réglages du système ci-dessous (rien à faire dans le navigateur).
  Sous Linux sans bureau GNOME ni KDE : lancez-les avec --proxy-pac-url={pac_url}
Réglages du système
  Ubuntu / Debian (GNOME) : Paramètres → Réseau → Serveur mandataire → Automatique →
    « URL de configuration » : l'adresse ci-dessus.
    En ligne de commande : gsettings set org.gnome.system.proxy mode auto
                           gsettings set org.gnome.system.proxy autoconfig-url {pac_url}
  KDE : Configuration du système → Réseau → Serveur mandataire →
    « Utiliser l'URL de configuration automatique du serveur mandataire » : l'adresse ci-dessus.
  Windows : Paramètres → Réseau et Internet → Proxy → « Utiliser un script d'installation » →
    Modifier → activez-le, « Adresse du script » : l'adresse ci-dessus → Enregistrer.
  macOS : Réglages Système → Réseau → votre connexion → Détails… → Proxys →
    « Configuration de proxy automatique » → URL : l'adresse ci-dessus → OK.

Ensuite, vérifiez : garde-ia doctor
"""


def undo_steps() -> str:
    """What to change back by hand after ``garde-ia setup --undo``."""
    return """\
Pour finir, retirez l'adresse de configuration automatique (…/proxy.pac) là où vous l'aviez mise :
Firefox (Paramètres réseau → « Pas de proxy » ou « Utiliser les paramètres proxy du système »),
et les réglages du système (GNOME : gsettings set org.gnome.system.proxy mode none ;
Windows et macOS : désactivez « script d'installation » / « configuration de proxy automatique »).
"""
