/**
 * A closed-loop HTTP load generator: `concurrency` callers, each sending its next request as soon as
 * the previous one is answered, for a fixed time. Plain `node:http` with keep-alive sockets, so
 * the client spends little of the machine's CPU (the server under test shares it).
 */
import { Agent, request } from 'node:http';
import { percentile } from '../eval/index.ts';

/** One request as the load loop sends it. */
export interface LoadRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/** The outcome of one phase. */
export interface PhaseResult {
  concurrency: number;
  seconds: number;
  /** Requests answered 2xx. */
  ok: number;
  /** 2xx answers per second. */
  perSecond: number;
  /** Latency of 2xx answers, ms. */
  p50: number;
  p95: number;
  p99: number;
  /** Answers by status other than 2xx (e.g. 503 when the backlog is full); 0 for a socket error. */
  refused: Record<number, number>;
  /** With `windowSeconds`: 2xx answers per second and their p95 latency in each window, in order. */
  windows?: Array<{ perSecond: number; p95: number }>;
}

const agents = new Map<number, Agent>();
/** One keep-alive agent per concurrency level: a socket per caller, reused. */
function agentFor(concurrency: number): Agent {
  let agent = agents.get(concurrency);
  if (!agent) agents.set(concurrency, (agent = new Agent({ keepAlive: true, maxSockets: concurrency * 2 })));
  return agent;
}

/** Send one request; resolves with its status and body (status 0 for a socket error). */
export function send(r: LoadRequest, agent?: Agent, timeoutMs = 60_000): Promise<{ status: number; body: string; retryAfter?: number }> {
  return new Promise((resolve) => {
    const req = request(r.url, { method: r.method ?? (r.body === undefined ? 'GET' : 'POST'), headers: r.headers, agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      const retryAfter = Number(res.headers['retry-after']) || undefined;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), retryAfter }));
      res.on('error', () => resolve({ status: 0, body: '' }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end(r.body);
  });
}

/**
 * Run `concurrency` callers for `seconds` (after `warmupSeconds` whose answers are not counted).
 * `next(i)` builds the i-th request; `onOk` sees each 2xx answer (e.g. to count webhooks acknowledged).
 */
export async function closedLoop(options: {
  concurrency: number;
  seconds: number;
  warmupSeconds?: number;
  next: (i: number) => LoadRequest;
  onOk?: (i: number, body: string) => void;
  /** Also report the measured time in windows of this many seconds (background work shows as a slow window). */
  windowSeconds?: number;
}): Promise<PhaseResult> {
  const { concurrency, seconds, warmupSeconds = 1, next, onOk, windowSeconds } = options;
  const agent = agentFor(concurrency);
  const latencies: number[] = [];
  /** When each counted answer came, ms after the measured time began (same order as latencies). */
  const answeredAt: number[] = [];
  const refused: Record<number, number> = {};
  let i = 0;
  const start = performance.now();
  const measureFrom = start + warmupSeconds * 1000;
  const end = measureFrom + seconds * 1000;
  const caller = async () => {
    while (performance.now() < end) {
      const n = i++;
      const t0 = performance.now();
      const res = await send(next(n), agent);
      const t1 = performance.now();
      if (res.status >= 200 && res.status < 300) onOk?.(n, res.body);
      // Counted by when it was answered, whenever it was sent: on a slow server answers that take
      // longer than the window are still counted (as their latency).
      if (t1 < measureFrom || t1 > end) continue;
      if (res.status >= 200 && res.status < 300) {
        latencies.push(t1 - t0);
        answeredAt.push(t1 - measureFrom);
      }
      else refused[res.status] = (refused[res.status] ?? 0) + 1;
      // A refusal with Retry-After is honoured, as a well-behaved client does: retrying at once
      // would measure a storm of refusals, not the server.
      if (res.retryAfter) await new Promise((r) => setTimeout(r, Math.min(res.retryAfter! * 1000, Math.max(0, end - performance.now()))));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  let windows: PhaseResult['windows'];
  if (windowSeconds) {
    const count = Math.floor(seconds / windowSeconds);
    const inWindow: number[][] = Array.from({ length: count }, () => []);
    latencies.forEach((l, k) => inWindow[Math.floor(answeredAt[k]! / 1000 / windowSeconds)]?.push(l));
    windows = inWindow.map((l) => ({ perSecond: l.length / windowSeconds, p95: percentile(l, 95) }));
  }
  return {
    concurrency, seconds, ok: latencies.length, perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), refused, windows,
  };
}

/**
 * Poll `urls` one after the other every `everyMs` until `stop` resolves: how long health and
 * readiness take while the server is under load. Latencies in ms per url (NaN: no answer).
 */
export async function probeWhile(urls: string[], stop: Promise<unknown>, everyMs = 250): Promise<Map<string, number[]>> {
  const out = new Map(urls.map((u) => [u, [] as number[]]));
  let done = false;
  void stop.then(() => (done = true));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  while (!done) {
    for (const url of urls) {
      const t0 = performance.now();
      const res = await send({ url }, agent, 30_000);
      out.get(url)!.push(res.status >= 200 && res.status < 300 ? performance.now() - t0 : NaN);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  agent.destroy();
  return out;
}

/** Close the load generator's sockets (end of the bench). */
export function closeAgents(): void {
  for (const a of agents.values()) a.destroy();
  agents.clear();
}
