import type { SuiteTarget, TurnOutcome } from './target.ts';

export interface HttpTargetOptions {
  /** The server's base URL, e.g. https://bot.example.com. */
  url: string;
  /** A console account with the agent role (or admin), for agent steps and the handoff transcript check. */
  agent?: { email: string; password: string };
}

/** A refused or failed HTTP call, with what the server said. */
export class HttpTargetError extends Error {
  override name = 'HttpTargetError';
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/**
 * A running server, through the chat API customers use (`POST /api/chat`, channel "api"); agent
 * steps and the handoff transcript through the agent console's API after signing in. Without an
 * agent account, tests with agent steps or `handoff_transcript` are skipped. A turn's clock
 * cannot be set on a server: tests with `at` are skipped.
 */
export function httpTarget(o: HttpTargetOptions): SuiteTarget {
  const base = o.url.replace(/\/+$/, '');
  let cookie: string | undefined;
  const call = async (method: string, url: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${base}${url}`, {
      method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new HttpTargetError(res.status, `${method} ${url}: ${res.status} ${json?.message ?? json?.error ?? text.slice(0, 200)}`);
    if (url === '/api/admin/login') cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).filter((c) => c.startsWith('faqbot_session=') && c.length > 'faqbot_session='.length).join('; ');
    return json;
  };
  const signIn = async () => {
    if (cookie) return;
    if (!o.agent) throw new Error('agent steps over HTTP need an agent account (--agent-email, password in SUITE_AGENT_PASSWORD)');
    await call('POST', '/api/admin/login', o.agent);
  };
  return {
    kind: 'http',
    description: `over HTTP: ${base}`,
    unsupported(step) {
      if (step.kind === 'customer' && step.at) return 'the clock of a turn can only be set in process (the server keeps its own)';
      if (o.agent) return undefined;
      if (step.kind === 'agent') return 'agent steps over HTTP need an agent account (--agent-email)';
      if (step.expect?.handoff_transcript || step.expect?.not?.handoff_transcript) return 'the handoff transcript is read through the agent console: it needs an agent account (--agent-email)';
      return undefined;
    },
    async say(input): Promise<TurnOutcome> {
      const started = performance.now();
      const r = await call('POST', '/api/chat', { userId: input.userId, text: input.text, lang: input.lang });
      const latencyMs = performance.now() - started;
      return {
        conversationId: r.conversationId, lang: r.lang, handoff: Boolean(r.handoff), latencyMs,
        replies: (r.replies as any[]).map((x) => ({ text: x.markdown ?? x.text, lang: x.lang, entryId: x.entryId, confidence: x.confidence, suggestions: x.suggestions, handoff: x.handoff })),
      };
    },
    async agent(conversationId, action, text) {
      await signIn();
      const id = encodeURIComponent(conversationId);
      await call('POST', `/api/admin/conversations/${id}/${action}`, action === 'reply' ? { text } : {});
    },
    async handoffTranscript(conversationId) {
      if (!o.agent) return undefined;
      await signIn();
      // The console shows the transcript the packet was built from, and the packet's summary.
      const view = await call('GET', `/api/admin/conversations/${encodeURIComponent(conversationId)}`);
      if (!view.handoff) return undefined;
      return (view.transcript as Array<{ role: string; text: string }>).filter((m) => m.role === 'customer').map((m) => m.text);
    },
    async entries() {
      // The help center's public list would do; coverage over HTTP uses the health endpoint's languages only.
      return [];
    },
    close: async () => undefined,
  };
}
