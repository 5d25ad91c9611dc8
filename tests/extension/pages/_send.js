// The fake tool's own sending: what reaches "the AI tool" is what this POSTs to /send.
window.__sent = [];
window.fakeSend = function (text) {
  if (!text.trim()) return;
  window.__sent.push({ text, at: performance.now() });
  fetch("/send", { method: "POST", headers: { "Content-Type": "text/plain;charset=utf-8" }, body: text });
};
const fakeStyle = document.createElement("style");
fakeStyle.textContent = "[contenteditable], textarea { display: block; min-height: 3em; width: 600px; border: 1px solid #888; padding: 6px; } body { font: 16px sans-serif; margin: 24px; }";
document.head.append(fakeStyle);
