// Runs community/static/community/live-socket.js against a pretend server on a pretend clock,
// for tests/community/test_socket_hardening.py. Reads a scenario (JSON) from argv[3], prints
// what the tab did (JSON). No browser: the point is the reconnecting rules, to the millisecond.
//
// The scenario: {"until": ms, "closeAt": ms, "closeCode": n, "phases": [[from, to, "state"]]},
// where a state is what the server does in that span: "ok" (sockets open and answer, health
// 200), "layer-down" (sockets open and close at once with 4013, health 503), "gone" (no
// connection at all, health unreachable), "refusing" (sockets refused at the handshake, health
// 200), "too-many" (sockets open and close with 4008), "idle" (sockets open and close 4004).
"use strict";
const fs = require("fs");
const vm = require("vm");

const source = fs.readFileSync(process.argv[2], "utf8");
const scenario = JSON.parse(process.argv[3]);

let now = 0;
let sequence = 0;
const timers = [];
const sockets = [];
const healthAsks = [];
const said = [];
let reloads = 0;

function setTimeout(fn, ms) {
  const id = ++sequence;
  timers.push({ id, at: now + Math.max(0, ms | 0), fn });
  return id;
}
function clearTimeout(id) {
  const index = timers.findIndex((timer) => timer.id === id);
  if (index >= 0) timers.splice(index, 1);
}

function state() {
  for (const [from, to, what] of scenario.phases) if (now >= from && now < to) return what;
  return "ok";
}

class FakeSocket {
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.listeners = {};
    this.record = { createdAt: now, outcome: null };
    sockets.push(this);
    const what = state();
    setTimeout(() => {
      if (what === "gone" || what === "refusing") return this.closed(1006, "refused");
      this.readyState = 1;
      this.fire("open", {});
      if (what === "layer-down") this.closed(4013, "try-again");
      else if (what === "too-many") this.closed(4008, "too-many");
      else if (what === "idle") this.closed(4004, "idle");
    }, 5);
  }
  addEventListener(type, fn) {
    (this.listeners[type] = this.listeners[type] || []).push(fn);
  }
  fire(type, event) {
    for (const fn of this.listeners[type] || []) fn(event);
  }
  send(data) {
    const frame = JSON.parse(data);
    if (frame.action === "subscribe") {
      setTimeout(() => {
        if (this.readyState !== 1) return;
        this.record.outcome = "subscribed";
        this.record.subscribedAt = now;
        this.fire("message", { data: JSON.stringify({ type: "subscribed", topic: frame.topic }) });
      }, 5);
    }
  }
  close() {
    if (this.readyState === 3) return;
    setTimeout(() => this.closed(1000, "closed by the page"), 1);
  }
  closed(code, outcome) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    if (!this.record.outcome) this.record.outcome = outcome;
    this.record.closedAt = now;
    this.record.code = code;
    this.fire("close", { code });
  }
}
FakeSocket.OPEN = 1;

function fetch(url, options) {
  healthAsks.push({ at: now, url, credentials: options && options.credentials });
  const what = state();
  return new Promise((resolve, reject) => {
    setTimeout(() => {
      if (what === "gone") return reject(new TypeError("Failed to fetch"));
      const ok = what !== "layer-down";
      resolve({
        ok,
        json: () => Promise.resolve({ live: ok ? "ok" : "unavailable" }),
      });
    }, 20);
  });
}

const context = {
  WebSocket: FakeSocket,
  fetch,
  JSON,
  Math,
  Promise,
  location: { protocol: "https:", host: "voices.example.org", reload: () => { reloads += 1; } },
  setTimeout,
  clearTimeout,
};
context.window = context;
vm.createContext(context);
vm.runInContext(source, context);

const live = context.window.LiveSocket.open({
  onOpen: () => live.send({ action: "subscribe", topic: "thread:1" }),
  onFrame: () => {},
  onPaused: () => said.push({ at: now, text: "paused" }),
  onStopped: (text) => said.push({ at: now, text }),
});

if (scenario.closeAt !== undefined) {
  setTimeout(() => {
    const open = sockets.filter((socket) => socket.readyState === 1);
    for (const socket of open) socket.closed(scenario.closeCode || 4001, "closed by the server");
  }, scenario.closeAt);
}

(async () => {
  while (timers.length) {
    timers.sort((a, b) => a.at - b.at || a.id - b.id);
    const timer = timers.shift();
    if (timer.at > scenario.until) break;
    now = timer.at;
    timer.fn();
    // Let promise callbacks (fetch answers) run before the clock moves on.
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
  }
  process.stdout.write(
    JSON.stringify({
      sockets: sockets.map((socket) => ({ url: socket.url, ...socket.record })),
      healthAsks,
      said,
      reloads,
    })
  );
})();
