// garde-ia: the extension's background. The only place that talks to garde-ia's local API
// (content scripts cannot: the AI tool's page would be their origin). It talks to nothing else.
"use strict";

const api = globalThis.browser ?? globalThis.chrome;
const DEFAULT_BASE = "http://127.0.0.1:8799";
const CHECK_TIMEOUT_MS = 60000;
const STATUS_TIMEOUT_MS = 3000;
const STATUS_CACHE_MS = 3000;
const TOOL_CACHE_MS = 60000;
const CLAIM_EVERY_MS = 1000;
let statusCache = null; // {at, value}
const toolCache = new Map(); // host -> {at, value}
let claiming = null;

async function settings() {
  const found = await api.storage.local.get({ base: DEFAULT_BASE, token: null, pending: null });
  return found;
}

function loopback(base) {
  try {
    const url = new URL(base);
    return url.protocol === "http:" && (url.hostname === "127.0.0.1" || url.hostname === "localhost") && url.pathname === "/";
  } catch {
    return false;
  }
}

// One call to the local API: {kind: "ok", data} | {kind: "unpaired"} | {kind: "unreachable"} | {kind: "error", message}
async function call(path, { method = "GET", body, timeout = STATUS_TIMEOUT_MS, token = true } = {}) {
  const current = await settings();
  if (token && !current.token) return { kind: "unpaired" };
  const headers = { "Content-Type": "application/json" };
  if (token) headers["X-Garde-IA-Token"] = current.token;
  let answer;
  try {
    answer = await fetch(current.base + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit", cache: "no-store", redirect: "error", signal: AbortSignal.timeout(timeout),
    });
  } catch {
    return { kind: "unreachable" };
  }
  let data = null;
  try {
    data = await answer.json();
  } catch {
    data = null;
  }
  if (token && (answer.status === 401 || answer.status === 403)) return { kind: "unpaired", message: data?.error?.message };
  if (!answer.ok && answer.status !== 202) return { kind: "error", status: answer.status, message: data?.error?.message ?? "" };
  return { kind: "ok", status: answer.status, data };
}

async function status(fresh = false) {
  if (!fresh && statusCache && Date.now() - statusCache.at < STATUS_CACHE_MS) return statusCache.value;
  const value = await call("/api/v1/status");
  statusCache = { at: Date.now(), value };
  return value;
}

async function toolInfo(host) {
  const cached = toolCache.get(host);
  if (cached && Date.now() - cached.at < TOOL_CACHE_MS) return cached.value;
  const value = await call(`/api/v1/extension/outil?host=${encodeURIComponent(host)}`);
  if (value.kind === "ok") toolCache.set(host, { at: Date.now(), value });
  return value;
}

async function check(text, host) {
  const [decision, state, tool] = await Promise.all([
    call("/api/v1/check", { method: "POST", body: { text }, timeout: CHECK_TIMEOUT_MS }),
    status(true), // the guard's state now, in parallel with the check: never a stale "active"
    toolInfo(host),
  ]);
  if (decision.kind !== "ok") return decision;
  return {
    kind: "decision",
    decision: decision.data,
    guard: state.kind === "ok" ? state.data.guard : "unknown",
    rules: tool.kind === "ok" ? tool.data.rules : {},
    tool: tool.kind === "ok" ? tool.data.tool : null,
  };
}

async function startPairing() {
  const current = await settings();
  const asked = await call("/api/v1/pairing/request", { method: "POST", body: {}, token: false });
  if (asked.kind !== "ok") return asked;
  const pending = { request: asked.data.request, claim: asked.data.claim, code: asked.data.code, until: Date.now() + asked.data.expires_in * 1000 };
  await api.storage.local.set({ pending });
  await api.tabs.create({ url: current.base + asked.data.page });
  claimLoop();
  return { kind: "pending", code: pending.code };
}

// Collect the token once the person approved the request on the local page.
async function claimOnce() {
  const { pending } = await settings();
  if (!pending) return "none";
  if (Date.now() > pending.until) {
    await api.storage.local.remove("pending");
    return "expired";
  }
  const answer = await call("/api/v1/pairing/claim", { method: "POST", body: { request: pending.request, claim: pending.claim }, token: false });
  if (answer.kind === "ok" && answer.data?.status === "paired" && answer.data.token) {
    await api.storage.local.set({ token: answer.data.token });
    await api.storage.local.remove("pending");
    statusCache = null;
    toolCache.clear();
    return "paired";
  }
  if (answer.kind === "error" && answer.status === 404) {
    await api.storage.local.remove("pending");
    return "expired";
  }
  return "pending";
}

function claimLoop() {
  if (claiming) return claiming;
  claiming = (async () => {
    try {
      for (;;) {
        const outcome = await claimOnce();
        if (outcome !== "pending") return outcome;
        await new Promise((resolve) => setTimeout(resolve, CLAIM_EVERY_MS));
      }
    } finally {
      claiming = null;
    }
  })();
  return claiming;
}

async function popupState(host) {
  const current = await settings();
  if (current.pending) await claimOnce();
  const now = await settings();
  const state = now.token ? await status(true) : { kind: "unpaired" };
  const tool = host && now.token ? await toolInfo(host) : null;
  return { base: now.base, paired: Boolean(now.token), pending: now.pending ? now.pending.code : null, status: state, tool };
}

async function setBase(base) {
  const clean = String(base).trim().replace(/\/+$/, "");
  if (!loopback(clean + "/")) return { kind: "error", message: "loopback" };
  await api.storage.local.set({ base: clean });
  await api.storage.local.remove(["token", "pending"]);
  statusCache = null;
  toolCache.clear();
  return { kind: "ok" };
}

const handlers = {
  check: (message) => check(String(message.text ?? ""), String(message.host ?? "")),
  guard: async () => {
    const state = await status(true);
    return { guard: state.kind === "ok" ? state.data.guard : "unknown" };
  },
  popupState: (message) => popupState(message.host ? String(message.host) : ""),
  pair: () => startPairing(),
  setBase: (message) => setBase(message.base),
  base: async () => ({ base: (await settings()).base }),
};

api.runtime.onMessage.addListener((message, sender, reply) => {
  if (sender.id !== api.runtime.id || !message || !Object.hasOwn(handlers, message.type)) return false;
  const fromPage = message.type === "check" || message.type === "guard";
  if (!fromPage && sender.tab && !String(sender.url ?? "").startsWith(api.runtime.getURL(""))) return false;
  handlers[message.type](message).then(reply, (error) => reply({ kind: "error", message: String(error) }));
  return true; // answer asynchronously
});
