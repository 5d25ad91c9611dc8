"""The PAC file: the AI hosts go through garde-ia, everything else goes DIRECT.

The browser asks the PAC for each connection. AI hosts get ``PROXY host:port`` with **no DIRECT
fallback**: when garde-ia is stopped they are unreachable rather than unprotected (fail closed),
while the rest of the web is never slowed down nor seen by garde-ia. Host matching mirrors
:func:`proxy.config.catalog.host_matches` (exact name, ``*.`` subdomains, ``*-`` label suffix).
"""

import json
from pathlib import Path

from proxy.config.catalog import Catalog
from proxy.config.paths import home_dir
from proxy.config.watchlist import WatchList

PAC_FILE_NAME = "proxy.pac"
PAC_PATH = "/proxy.pac"
PAC_MEDIA_TYPE = "application/x-ns-proxy-autoconfig"

_TEMPLATE = """// garde-ia : configuration automatique du proxy (fichier PAC), générée par « garde-ia setup ».
// Seuls les outils d'IA du catalogue de garde-ia passent par {address} ; tout le reste va
// directement (DIRECT). Pas de repli DIRECT pour les outils d'IA : si garde-ia est arrêté,
// ils restent injoignables au lieu de partir sans protection.
var GARDE_IA = "PROXY {address}";
var EXACT = {exact};
var SUBDOMAINS_OF = {suffixes};
var LABEL_ENDINGS = {labels};
// Outils d'IA hors catalogue : comptés par garde-ia (jamais ouverts), directs si garde-ia est arrêté.
var WATCHED = "PROXY {address}; DIRECT";
var WATCHED_EXACT = {watched_exact};
var WATCHED_DOMAINS = {watched_domains};

function endsWith(text, ending) {{
  return text.length >= ending.length && text.substring(text.length - ending.length) === ending;
}}

function FindProxyForURL(url, host) {{
  host = host.toLowerCase();
  while (endsWith(host, ".")) {{
    host = host.substring(0, host.length - 1);
  }}
  if (Object.prototype.hasOwnProperty.call(EXACT, host)) {{
    return GARDE_IA;
  }}
  for (var i = 0; i < SUBDOMAINS_OF.length; i++) {{
    if (host.length > SUBDOMAINS_OF[i].length && endsWith(host, SUBDOMAINS_OF[i])) {{
      return GARDE_IA;
    }}
  }}
  var dot = host.indexOf(".");
  if (dot > 0) {{
    var label = host.substring(0, dot);
    var rest = host.substring(dot + 1);
    for (var j = 0; j < LABEL_ENDINGS.length; j++) {{
      var ending = LABEL_ENDINGS[j][0];
      if (rest === LABEL_ENDINGS[j][1] && label.length > ending.length && endsWith(label, ending)) {{
        return GARDE_IA;
      }}
    }}
  }}
  if (Object.prototype.hasOwnProperty.call(WATCHED_EXACT, host)) {{
    return WATCHED;
  }}
  for (var k = 0; k < WATCHED_DOMAINS.length; k++) {{
    if (host === WATCHED_DOMAINS[k] || endsWith(host, "." + WATCHED_DOMAINS[k])) {{
      return WATCHED;
    }}
  }}
  return "DIRECT";
}}
"""


def render_pac(
    catalog: Catalog,
    proxy_address: str,
    watchlist: WatchList | None = None,
    forbidden: WatchList | None = None,
) -> str:
    """The PAC script routing the catalog's hosts to ``proxy_address`` (``host:port``).

    Watched tools outside the catalog go there too, with a DIRECT fallback: garde-ia only counts
    them, so a stopped garde-ia must not cut them off. Watched tools the policy forbids have no
    fallback, like catalogued tools: a stopped garde-ia must not let them through.
    """
    patterns = sorted({pattern for tool in catalog.tools for pattern in tool.hosts})
    closed_exact, closed_domains = forbidden.domains() if forbidden else ([], [])
    patterns = sorted(
        {*patterns, *closed_exact, *closed_domains, *("*." + d for d in closed_domains)}
    )
    exact = {p: 1 for p in patterns if not p.startswith(("*.", "*-"))}
    suffixes = [p[1:] for p in patterns if p.startswith("*.")]
    labels = [
        ["-" + p[2:].partition(".")[0], p[2:].partition(".")[2]]
        for p in patterns
        if p.startswith("*-")
    ]
    watched_exact, watched_domains = watchlist.domains() if watchlist else ([], [])
    return _TEMPLATE.format(
        address=proxy_address,
        exact=json.dumps(exact, sort_keys=True),
        suffixes=json.dumps(suffixes),
        labels=json.dumps(labels),
        watched_exact=json.dumps(dict.fromkeys(watched_exact, 1), sort_keys=True),
        watched_domains=json.dumps(watched_domains),
    )


def pac_file() -> Path:
    """Where setup writes this device's PAC file (the local pages serve it)."""
    return home_dir() / PAC_FILE_NAME


def pac_url(pages_port: int) -> str:
    """The address browsers are given: the PAC served by garde-ia's local pages."""
    return f"http://127.0.0.1:{pages_port}{PAC_PATH}"


def write_pac(path: Path, text: str) -> None:
    """Write the PAC file atomically (a browser reading it never sees half a script)."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
