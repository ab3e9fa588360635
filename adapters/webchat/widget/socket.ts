/**
 * The WebSocket (PROTOCOL.md): hello with the customer's id, a ping that notices a dead
 * connection, and reconnecting with jittered exponential backoff.
 */
import { onFrame } from './frames.ts';
import { setTyping, updateStatus } from './indicators.ts';
import { explicitLang, pageLang, WS_URL } from './page.ts';
import { state } from './state.ts';

const PING_MS = 25000;
const PONG_TIMEOUT_MS = 10000;
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 10000;

let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
let pingTimer: ReturnType<typeof setInterval> | null = null;
let pongTimer: ReturnType<typeof setTimeout> | null = null;

/** Connect (once); later calls do nothing. */
export function start(): void {
  if (state.started) return;
  state.started = true;
  connect();
}

/** Sends a frame on the open socket; false when there is none or it failed. */
export function sendFrame(frame: object): boolean {
  const ws = state.ws;
  if (!ws || ws.readyState !== 1) return false;
  try {
    ws.send(JSON.stringify(frame));
    return true;
  } catch {
    return false;
  }
}

/** Any frame proves the connection alive. */
export function gotFrame(): void {
  if (pongTimer) clearTimeout(pongTimer);
  pongTimer = null;
}

function connect(): void {
  if (reconnectTimer) clearTimeout(reconnectTimer);
  reconnectTimer = null;
  if (state.ws || !state.started) return;
  let sock: WebSocket;
  try {
    sock = new WebSocket(WS_URL);
  } catch {
    scheduleReconnect();
    return;
  }
  state.ws = sock;
  state.ready = false;
  updateStatus();
  sock.onopen = () => {
    if (state.ws !== sock) return;
    const hello: Record<string, string> = { type: 'hello', userId: state.userId };
    if (explicitLang) hello.lang = explicitLang;
    // The browser's language, which the widget's words are in: the server reads it only where the
    // first message cannot tell ("你好" on a zh-TW browser is answered in Traditional).
    else if (pageLang) hello.uiLang = pageLang;
    if (state.lastSeenId != null) hello.since = state.lastSeenId; // only within this page
    sendFrame(hello);
    if (pingTimer) clearInterval(pingTimer);
    pingTimer = setInterval(ping, PING_MS);
  };
  sock.onmessage = (ev) => {
    if (state.ws === sock) onFrame(ev.data);
  };
  sock.onclose = sock.onerror = () => {
    if (state.ws !== sock) return;
    drop();
    scheduleReconnect();
  };
}

function ping(): void {
  if (!sendFrame({ type: 'ping' })) return;
  if (pongTimer) clearTimeout(pongTimer);
  pongTimer = setTimeout(() => {
    // no frame at all since the ping: the connection is dead
    drop();
    scheduleReconnect();
  }, PONG_TIMEOUT_MS);
}

function drop(): void {
  const sock = state.ws;
  state.ws = null;
  state.ready = false;
  if (pingTimer) clearInterval(pingTimer);
  if (pongTimer) clearTimeout(pongTimer);
  pingTimer = pongTimer = null;
  if (sock) {
    sock.onopen = sock.onmessage = sock.onclose = sock.onerror = null;
    try { sock.close(); } catch { /* ignore */ }
  }
  setTyping(false);
  updateStatus();
}

function scheduleReconnect(): void {
  if (reconnectTimer || state.ws || !state.started) return;
  const base = BACKOFF_MIN_MS * Math.pow(2, Math.min(state.attempt, 10));
  const delay = Math.min(BACKOFF_MAX_MS, base * (0.75 + Math.random() * 0.5));
  state.attempt++;
  reconnectTimer = setTimeout(connect, delay);
  updateStatus();
}

/** Back online, tab visible again, page restored from the back/forward cache: try at once. */
export function reconnectNow(): void {
  if (!state.started || state.ws) return;
  state.attempt = 0;
  connect();
}
