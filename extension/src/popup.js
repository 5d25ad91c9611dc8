// garde-ia: the popup. Says plainly what is protected and what is not; never claims more.
"use strict";

const api = globalThis.browser ?? globalThis.chrome;
const t = (key, ...values) => api.i18n.getMessage(key, values) || key;
const $ = (id) => document.getElementById(id);
let info = null;
let base = "";

for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
document.documentElement.lang = t("lang");

async function activeHost() {
  const asked = new URLSearchParams(location.search).get("host");
  if (asked) return asked;
  try {
    const [tab] = await api.tabs.query({ active: true, currentWindow: true });
    const answer = tab ? await api.tabs.sendMessage(tab.id, { type: "whoami" }) : null;
    return answer?.host ?? "";
  } catch {
    return ""; // not an AI tool's page: no content script there
  }
}

function say(text, kind) {
  $("state").textContent = text;
  $("state").className = kind;
  $("state").dataset.state = kind;
}

function showTool(tool) {
  $("tool-section").hidden = false;
  if (!tool) {
    $("tool").textContent = t("popupNoTool");
    return;
  }
  const status = { approved: "statusApproved", tolerated: "statusTolerated", forbidden: "statusForbidden" }[tool.status];
  $("tool").textContent = `${tool.name} (${tool.vendor}, ${tool.country}) : ${t(status)} · ${t(tool.eu ? "toolEu" : "toolNotEu")} · ${t(tool.open_weights ? "toolOpenWeights" : "toolClosedWeights")}`;
  $("tool").dataset.status = tool.status;
}

function showMentions(mentions) {
  $("mention-section").hidden = false;
  const select = $("mention");
  select.replaceChildren(...mentions.map((m) => Object.assign(document.createElement("option"), { value: m.key, textContent: m.label })));
  const update = () => { $("mention-text").textContent = mentions.find((m) => m.key === select.value)?.text ?? ""; };
  select.addEventListener("change", update);
  update();
}

async function refresh() {
  const host = await activeHost();
  const state = await api.runtime.sendMessage({ type: "popupState", host });
  base = state.base;
  $("base").value = state.base;
  $("pairing").hidden = state.paired;
  if (!state.paired) {
    say(t("popupUnpaired"), "unpaired");
    $("pairing-text").textContent = state.pending ? t("popupPairing") : "";
    $("pairing-code").hidden = !state.pending;
    $("pairing-code").textContent = state.pending ?? "";
    return;
  }
  const status = state.status;
  if (status.kind === "unreachable" || status.kind === "error") {
    say(t("popupUnreachable"), "unreachable");
    return;
  }
  if (status.kind === "unpaired") {
    $("pairing").hidden = false;
    say(t("popupUnpaired"), "unpaired");
    return;
  }
  const data = status.data;
  say(t(data.guard === "active" ? "popupGuardActive" : "popupGuardStopped"), data.guard === "active" ? "active" : "stopped");
  $("charter").hidden = false;
  $("charter").textContent = t(data.charter.acknowledged ? "popupCharterOk" : "popupCharterMissing", data.charter.version);
  $("charter").dataset.acknowledged = String(data.charter.acknowledged);
  if (!data.charter.acknowledged) {
    $("charter-link").hidden = false;
    $("charter-link").href = `${base}/charte`;
  }
  info = state.tool?.kind === "ok" ? state.tool.data : null;
  if (host || info?.tool) showTool(info?.tool ?? null);
  if (info) {
    showMentions(info.mentions);
    $("report-section").hidden = false;
  }
}

$("pair").addEventListener("click", async () => {
  const answer = await api.runtime.sendMessage({ type: "pair" });
  if (answer.kind === "pending") {
    $("pairing-text").textContent = t("popupPairing");
    $("pairing-code").hidden = false;
    $("pairing-code").textContent = answer.code;
    waitForPairing();
  } else {
    say(t(answer.kind === "unreachable" ? "popupUnreachable" : "unavailableError"), "unreachable");
  }
});

async function waitForPairing() {
  for (let i = 0; i < 300; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const state = await api.runtime.sendMessage({ type: "popupState", host: "" });
    if (state.paired) {
      await refresh();
      return;
    }
    if (!state.pending) return;
  }
}

$("copy").addEventListener("click", async () => {
  await navigator.clipboard.writeText($("mention-text").textContent);
  $("copied").textContent = t("popupCopied");
});

$("report").addEventListener("click", () => {
  const now = new Date();
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  const tool = info?.tool?.id ?? "";
  const url = `${base}${info?.pages.report ?? "/signaler"}?outil=${encodeURIComponent(tool)}&quand=${encodeURIComponent(local)}`;
  api.tabs.create({ url });
});

$("settings").addEventListener("submit", async (event) => {
  event.preventDefault();
  const answer = await api.runtime.sendMessage({ type: "setBase", base: $("base").value });
  if (answer.kind === "ok") await refresh();
});

refresh();
