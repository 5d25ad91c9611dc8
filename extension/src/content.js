// garde-ia: on an AI tool's page, check the prompt with garde-ia before the page sends it.
// Runs at document_start so that its capture listeners on window come before the page's own.
"use strict";

(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const DATA = globalThis.GARDE_IA_TOOLS;
  const t = (key, ...values) => api.i18n.getMessage(key, values) || key;
  const SHOW_CHECKING_AFTER_MS = 400;
  const PAUSE_MS = 700; // after a pause in typing, the check starts before Enter (only the local API sees it)
  const MAX_TEXT = 20000;

  function pageMatches(entry) {
    const [host, ...rest] = entry.split("/");
    const path = rest.length ? "/" + rest.join("/") : "";
    return location.hostname === host && location.pathname.startsWith(path);
  }
  const tool = DATA.tools.find((item) => item.pages.some(pageMatches)) ?? null;
  const selectors = {
    input: [...(tool?.input ?? []), ...DATA.generic.input],
    send: [...(tool?.send ?? []), ...DATA.generic.send],
  };

  const sendKeys = new Set(tool?.send_keys ?? ["Enter", "Ctrl+Enter", "Meta+Enter"]);
  const keyName = (event) => (event.ctrlKey ? "Ctrl+" : "") + (event.metaKey ? "Meta+" : "") + (event.altKey ? "Alt+" : "") + event.key;
  let passing = false; // true while garde-ia replays the person's own gesture
  let checking = false;
  let approved = null; // the exact text the person chose to send after seeing the replacements
  let panel = null;
  let early = null; // {text, answer}: the check started after a pause in typing
  let pauseTimer = null;

  function ask(text) {
    return api.runtime.sendMessage({ type: "check", text, host: location.hostname }).then(
      (answer) => answer ?? { kind: "error" }, () => ({ kind: "error" }));
  }

  function onInput(event) {
    const box = promptBox(event.target);
    if (!box) return;
    clearTimeout(pauseTimer);
    pauseTimer = setTimeout(() => {
      const text = textOf(box);
      if (!text.trim() || text.length > MAX_TEXT || early?.text === text) return;
      early = { text, answer: ask(text) };
    }, PAUSE_MS);
  }

  // The decision for the text being sent: the early one when the text did not change since, else a new check.
  async function decisionFor(text) {
    const ready = early?.text === text ? await early.answer : null;
    early = null;
    if (!ready || ready.kind !== "decision") return ask(text);
    if (ready.decision.action !== "allow") {
      const now = await api.runtime.sendMessage({ type: "guard" }).catch(() => null);
      ready.guard = now?.guard ?? "unknown"; // the guard's state when sending, not when typing
    }
    return ready;
  }

  const visible = (el) => Boolean(el && el.isConnected && (el.offsetParent !== null || el.getClientRects().length));

  function promptBox(from) {
    if (from instanceof Element) {
      for (const selector of selectors.input) {
        const found = from.closest(selector);
        if (found && !(panel && panel.host.contains(found))) return found;
      }
    }
    return null;
  }

  function promptBoxNear(button) {
    const scope = button.closest("form, fieldset") ?? document;
    for (const selector of selectors.input) {
      for (const found of scope.querySelectorAll(selector)) if (visible(found)) return found;
    }
    for (const selector of selectors.input) {
      for (const found of document.querySelectorAll(selector)) if (visible(found)) return found;
    }
    return null;
  }

  function sendButton(from) {
    if (!(from instanceof Element)) return null;
    for (const selector of selectors.send) {
      const found = from.closest(selector);
      if (found) return found;
    }
    return null;
  }

  const textOf = (box) => ("value" in box && typeof box.value === "string" ? box.value : box.innerText ?? box.textContent ?? "");

  function replayAs(fn) {
    passing = true;
    try {
      fn();
    } finally {
      passing = false;
    }
  }

  // ---- the gestures that send ----
  function onKeydown(event) {
    if (passing || event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    if (!sendKeys.has(keyName(event))) return; // on this tool that key writes a new line: nothing leaves
    const box = promptBox(event.target);
    if (!box) return;
    const text = textOf(box);
    if (!text.trim()) return;
    const init = { key: "Enter", code: "Enter", keyCode: 13, which: 13, bubbles: true, cancelable: true, composed: true,
      ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey };
    intercept(event, text, box, () => replayAs(() => {
      // A page that sends on Enter cancels the key (else it would write a new line); when it does not,
      // the key was a new line for that page: write it, as the person's own key would have.
      if (box.dispatchEvent(new KeyboardEvent("keydown", init)) && !init.ctrlKey && !init.metaKey) newLine(box);
    }));
  }

  function newLine(box) {
    box.focus();
    document.execCommand(box instanceof HTMLTextAreaElement ? "insertLineBreak" : "insertParagraph");
  }

  function onClick(event) {
    if (passing) return;
    const button = sendButton(event.target);
    if (!button || (panel && panel.host.contains(button))) return;
    const box = promptBoxNear(button);
    if (!box) return;
    const text = textOf(box);
    if (!text.trim()) return;
    intercept(event, text, box, () => replayAs(() => button.click()));
  }

  function onSubmit(event) {
    if (passing) return;
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const box = selectors.input.map((s) => form.querySelector(s)).find(Boolean);
    if (!box) return;
    const text = textOf(box);
    if (!text.trim()) return;
    intercept(event, text, box, () => replayAs(() => form.requestSubmit()));
  }

  let lastBox = null;

  function intercept(event, text, box, replay) {
    lastBox = box;
    if (approved !== null && text === approved) {
      approved = null;
      return; // the person saw the replacements and chose to send: let the page have it
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (checking) return;
    checking = true;
    const slow = setTimeout(() => showChecking(), SHOW_CHECKING_AFTER_MS);
    clearTimeout(pauseTimer);
    decisionFor(text).then(
      (answer) => decide(answer, text, box, replay),
      () => decide({ kind: "error" }, text, box, replay),
    ).finally(() => {
      clearTimeout(slow);
      checking = false;
    });
  }

  function decide(answer, text, box, replay) {
    closePanel();
    if (answer.kind !== "decision") {
      showUnavailable(answer, box, replay);
      return;
    }
    const decision = answer.decision;
    if (textOf(box) !== text) return; // edited while being checked: the next Enter checks the new text
    if (decision.action === "allow") {
      replay();
    } else if (decision.action === "pseudonymize") {
      showPseudonymize(answer, text, box, () => {
        approved = text;
        replay();
        approved = null;
      });
    } else {
      showBlock(answer, box);
    }
  }

  // ---- what will be replaced, from the findings (code points) and the text the API would send ----
  function replacements(text, decision) {
    const chars = Array.from(text);
    const spans = [...decision.findings].sort((a, b) => a.start - b.start || b.end - a.end);
    const merged = [];
    for (const span of spans) {
      const last = merged[merged.length - 1];
      if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
      else merged.push({ start: span.start, end: span.end, type: span.type });
    }
    const out = Array.from(decision.text ?? "");
    const pairs = [];
    let at = 0;
    let previous = 0;
    merged.forEach((span, index) => {
      at += span.start - previous;
      const rest = out.slice(at).join("");
      const next = chars.slice(span.end, merged[index + 1]?.start ?? chars.length).join("");
      const label = /^\[[^\]\s]{1,40}\]/.exec(rest)?.[0] ?? (next ? rest.slice(0, Math.max(rest.indexOf(next), 0)) : rest);
      pairs.push({ value: chars.slice(span.start, span.end).join(""), label, type: span.type });
      at += Array.from(label).length;
      previous = span.end;
    });
    const seen = new Set();
    return pairs.filter((pair) => {
      const key = pair.value + "\u0000" + pair.label;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  // ---- the panel, in a closed shadow root so the page's styles leave it alone ----
  const STYLE = `
    :host { all: initial; }
    .panel { position: fixed; z-index: 2147483647; right: 16px; bottom: 16px; width: min(480px, calc(100vw - 32px));
      max-height: calc(100vh - 32px); overflow: auto; box-sizing: border-box; padding: 16px 18px; border-radius: 10px;
      background: #fff; color: #1b1b1b; font: 15px/1.45 system-ui, sans-serif; box-shadow: 0 6px 24px rgba(0,0,0,.25);
      border-top: 6px solid #6a6af4; }
    .panel.block { border-top-color: #c9191e; } .panel.pseudonymize { border-top-color: #b34000; }
    h2 { font-size: 17px; margin: 0 0 8px; } h3 { font-size: 15px; margin: 12px 0 4px; }
    p, ul { margin: 6px 0; } ul { padding-left: 20px; }
    table { border-collapse: collapse; width: 100%; margin: 6px 0; } td, th { text-align: left; padding: 4px 6px; border-bottom: 1px solid #ddd; vertical-align: top; overflow-wrap: anywhere; }
    td.by { white-space: nowrap; color: #555; } td code { white-space: nowrap; }
    code { font: 14px ui-monospace, monospace; background: #f0f0f0; padding: 1px 4px; border-radius: 3px; }
    .advice { background: #f5f5fe; padding: 8px 10px; border-radius: 6px; }
    .warning { background: #ffe9e6; padding: 8px 10px; border-radius: 6px; font-weight: 600; }
    .actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 12px; }
    button { font: inherit; padding: 8px 12px; border-radius: 6px; border: 1px solid #000091; background: #fff; color: #000091; cursor: pointer; }
    button.primary { background: #000091; color: #fff; }
    button:focus-visible { outline: 3px solid #0a76f6; outline-offset: 2px; }
    .brand { font-size: 12px; color: #555; margin: 0 0 4px; }`;

  function element(tag, attributes = {}, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
    for (const child of children) el.append(child);
    return el;
  }

  function openPanel(kind, title) {
    closePanel();
    const host = element("garde-ia-panel");
    // closed: the page's scripts cannot reach into it (open in the test build only, for Playwright)
    const root = host.attachShadow({ mode: DATA.test ? "open" : "closed" });
    const box = element("section", { class: `panel ${kind}`, role: kind === "checking" ? "status" : "alertdialog", "aria-labelledby": "garde-ia-title", "data-kind": kind });
    box.append(element("p", { class: "brand" }, "garde-ia"), element("h2", { id: "garde-ia-title" }, title));
    root.append(element("style", {}, STYLE), box);
    (document.body ?? document.documentElement).append(host);
    box.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        closePanel();
        lastBox?.focus();
      }
      event.stopPropagation();
    });
    panel = { host, root, box };
    return box;
  }

  function closePanel() {
    if (panel) panel.host.remove();
    panel = null;
  }

  function actions(...buttons) {
    const row = element("div", { class: "actions" });
    for (const [label, handler, primary, id] of buttons) {
      const button = element("button", { type: "button", class: primary ? "primary" : "", "data-action": id }, label);
      button.addEventListener("click", handler);
      row.append(button);
    }
    return row;
  }

  function backToBox(box) {
    closePanel();
    box.focus();
  }

  function showChecking() {
    if (!panel) openPanel("checking", t("checking"));
  }

  function showBlock(answer, box) {
    const decision = answer.decision;
    const panelBox = openPanel("block", t("blockTitle"));
    const blocking = decision.reasons.filter((r) => r.action === "block");
    const rules = [...new Set((blocking.length ? blocking : decision.reasons).map((r) => r.rule))];
    const details = [...new Set(decision.reasons.map((r) => r.detail))];
    panelBox.append(element("p", {}, t("blockFound")), element("ul", { "data-part": "found" }, ...details.map((d) => element("li", {}, d))));
    for (const rule of rules) {
      const title = answer.rules?.[rule]?.title ?? decision.reasons.find((r) => r.rule === rule)?.title ?? rule;
      panelBox.append(element("h3", { "data-rule": rule }, title));
      const advice = answer.rules?.[rule]?.advice;
      if (advice) panelBox.append(element("p", { class: "advice" }, element("strong", {}, t("blockAdvice") + " : "), advice));
    }
    panelBox.append(element("p", {}, t("blockNote")), actions([t("blockEdit"), () => backToBox(box), true, "edit"]));
    panelBox.querySelector("button").focus();
  }

  function showPseudonymize(answer, text, box, send) {
    const panelBox = openPanel("pseudonymize", t("pseudoTitle"));
    const rows = replacements(text, answer.decision).map((pair) =>
      element("tr", {}, element("td", { "data-part": "value" }, pair.value), element("td", { class: "by" }, t("replacedBy")), element("td", {}, element("code", { "data-part": "label" }, pair.label))));
    panelBox.append(element("p", {}, t("pseudoIntro")), element("table", {}, element("tbody", {}, ...rows)));
    const guardDown = answer.guard !== "active";
    if (guardDown) panelBox.append(element("p", { class: "warning", "data-part": "guard-stopped" }, t("pseudoGuardStopped")));
    panelBox.append(actions(
      [t("pseudoEdit"), () => backToBox(box), true, "edit"],
      [guardDown ? t("unavailableSend") : t("pseudoSend"), () => { closePanel(); send(); }, false, "send"],
    ));
    panelBox.querySelector("button").focus();
  }

  function showUnavailable(answer, box, replay) {
    const panelBox = openPanel("unavailable", t("unavailableTitle"));
    const why = answer.kind === "unpaired" ? "unavailableUnpaired" : answer.kind === "unreachable" ? "unavailableUnreachable" : "unavailableError";
    panelBox.append(element("p", { "data-part": "why", "data-why": answer.kind }, t(why)));
    if (answer.message) panelBox.append(element("p", {}, answer.message));
    panelBox.append(actions(
      [t("unavailableCancel"), () => backToBox(box), true, "cancel"],
      [t("unavailableSend"), () => { closePanel(); replay(); }, false, "send"],
    ));
    panelBox.querySelector("button").focus();
  }

  // ---- the popup asks which tool this tab is ----
  api.runtime.onMessage.addListener((message, sender, reply) => {
    if (sender.id !== api.runtime.id || message?.type !== "whoami") return false;
    reply({ host: location.hostname, tool: tool?.id ?? null });
    return false;
  });

  window.addEventListener("keydown", onKeydown, true);
  window.addEventListener("click", onClick, true);
  window.addEventListener("submit", onSubmit, true);
  window.addEventListener("input", onInput, true);
})();
