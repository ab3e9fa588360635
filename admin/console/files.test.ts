import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleHarness, type ConsoleHarness } from '../test-support.ts';

/** The smallest PNG there is (one transparent pixel). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('files agents send', () => {
  let h: ConsoleHarness;
  let cookie: string;

  beforeAll(async () => {
    // A channel whose provider fetches files from the server's public address (as WhatsApp does).
    h = await consoleHarness({ publicUrl: 'https://bot.example/', capabilities: { files: 'link' } });
    const alice = await h.user('agent', 'Alice');
    cookie = await h.signIn(alice.email, alice.password);
  });
  afterAll(async () => {
    await h?.close();
  });

  const upload = (conversationId: string, bytes: Buffer, name?: string, type = 'application/octet-stream') =>
    fetch(`${h.url}/api/admin/conversations/${conversationId}/files${name ? `?name=${encodeURIComponent(name)}` : ''}`, { method: 'POST', headers: { cookie, 'content-type': type }, body: new Uint8Array(bytes) });
  const heldConversation = async (userId: string) => {
    const r = await h.customer(userId, 'I want to talk to a person');
    expect((await h.call('POST', `/api/admin/conversations/${r.conversationId}/claim`, { cookie, body: {} })).status).toBe(200);
    return r.conversationId;
  };

  it('sends a return label with words: stored with the reply, delivered with a link the provider can fetch', async () => {
    const id = await heldConversation('cust-label');
    const res = await upload(id, PDF, 'etykieta zwrotów.pdf');
    expect(res.status).toBe(201);
    const file = await res.json() as { ref: string; kind: string; mime: string; name: string; size: number };
    expect(file).toMatchObject({ kind: 'file', mime: 'application/pdf', name: 'etykieta zwrotów.pdf', size: PDF.byteLength });

    expect((await h.call('GET', `/api/admin/conversations/${id}`, { cookie })).body.conversation.files).toEqual({ ok: true, maxBytes: 5 * 1024 * 1024, maxFiles: 4 });
    const reply = await h.call('POST', `/api/admin/conversations/${id}/reply`, { cookie, body: { text: 'Here is your return label.', attachments: [file.ref] } });
    expect(reply.status).toBe(201);
    const url = `https://bot.example/files/${file.ref}`;
    const sent = h.adapter.sent.at(-1)!.message;
    expect(sent).toMatchObject({ role: 'agent', text: 'Here is your return label.', attachments: [{ kind: 'file', ref: file.ref, mime: 'application/pdf', name: 'etykieta zwrotów.pdf', url }] });
    expect((await h.store.message(sent.id))?.attachments).toEqual(sent.attachments);

    // What the provider (and the customer) fetch: the file, as a download, from any site.
    const got = await fetch(`${h.url}/files/${file.ref}`);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(PDF)).toBe(true);
    expect(got.headers.get('content-disposition')).toBe("attachment; filename=\"etykieta_zwrot_w.pdf\"; filename*=UTF-8''etykieta%20zwrot%C3%B3w.pdf");
    expect(got.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    // Its real type, as the providers that fetch it read it (WhatsApp refuses a generic one).
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect((await fetch(`${h.url}/files/af_00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    // The agent opens what they sent from the transcript.
    const mine = await fetch(`${h.url}/api/admin/conversations/${id}/media/${file.ref}`, { headers: { cookie } });
    expect(Buffer.from(await mine.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it('sends a photo without words', async () => {
    const id = await heldConversation('cust-photo-only');
    const file = await (await upload(id, PNG)).json() as { ref: string; name: string };
    expect(file.name).toBe('photo.png');
    const reply = await h.call('POST', `/api/admin/conversations/${id}/reply`, { cookie, body: { text: '  ', attachments: [file.ref] } });
    expect(reply.status).toBe(201);
    expect(h.adapter.sent.at(-1)!.message).toMatchObject({ text: '', attachments: [{ kind: 'image', mime: 'image/png' }] });
    const photo = await fetch(`${h.url}/files/${file.ref}`);
    expect([photo.headers.get('content-type'), photo.headers.get('content-disposition')]).toEqual(['image/png', 'inline; filename="photo.png"']);
  });

  it('refuses what is not a photo or PDF, files of another conversation, empty replies, and files on channels that carry none', async () => {
    const id = await heldConversation('cust-refusals');
    expect((await upload(id, Buffer.from('<html><script>alert(1)</script>'), 'label.pdf')).status).toBe(415);
    expect((await upload(id, Buffer.alloc(0))).status).toBe(400);
    expect((await upload(id, Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]))).status).toBe(413);
    expect((await upload('no-such-conversation', PDF)).status).toBe(404);
    expect((await fetch(`${h.url}/api/admin/conversations/${id}/files`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: new Uint8Array(PDF) })).status).toBe(401);
    // A form on another site cannot post a file here: form types are refused, and so are other origins.
    expect((await upload(id, PDF, 'label.pdf', 'text/plain')).status).toBe(415);
    expect((await upload(id, PDF, 'label.pdf', 'multipart/form-data; boundary=x')).status).toBe(415);
    const crossSite = await fetch(`${h.url}/api/admin/conversations/${id}/files`, { method: 'POST', headers: { cookie, 'content-type': 'application/pdf', origin: 'https://evil.example' }, body: new Uint8Array(PDF) });
    expect(crossSite.status).toBe(403);

    const other = await heldConversation('cust-other');
    const theirs = await (await upload(other, PDF)).json() as { ref: string };
    const refused = await h.call('POST', `/api/admin/conversations/${id}/reply`, { cookie, body: { text: 'yours', attachments: [theirs.ref] } });
    expect([refused.status, refused.body.error]).toEqual([400, 'no_such_file']);
    const empty = await h.call('POST', `/api/admin/conversations/${id}/reply`, { cookie, body: { text: ' ' } });
    expect([empty.status, empty.body.error]).toEqual([400, 'empty']);

    // A file uploaded and never sent is gone a day later, at the next upload; a sent one stays.
    const unsent = await (await upload(id, PDF, 'draft.pdf')).json() as { ref: string };
    await h.db.query("update agent_files set created_at = now() - interval '25 hours'");
    expect((await upload(id, PDF)).status).toBe(201);
    expect(await h.db.query('select 1 from agent_files where id = $1', [unsent.ref])).toEqual([]);
    expect((await fetch(`${h.url}/files/${theirs.ref}`)).status).toBe(404);
    expect((await h.db.query('select id from agent_files where used')).length).toBeGreaterThan(0);

    const mine = await (await upload(id, PDF)).json() as { ref: string };
    h.adapter.capabilities.files = undefined;
    try {
      const before = h.adapter.sent.length;
      const r = await h.call('POST', `/api/admin/conversations/${id}/reply`, { cookie, body: { text: 'label', attachments: [mine.ref] } });
      expect([r.status, r.body.error]).toEqual([400, 'files_unsupported']);
      expect(h.adapter.sent.length).toBe(before);
      expect((await h.store.transcript(id)).some((m) => m.text === 'label')).toBe(false);
    } finally {
      h.adapter.capabilities.files = 'link';
    }
  });
});

describe('files agents send, on a server without a public address', () => {
  it('are refused for channels whose provider fetches them, and say what to set', async () => {
    const h = await consoleHarness({ capabilities: { files: 'link' } });
    try {
      const alice = await h.user('agent', 'Alice');
      const cookie = await h.signIn(alice.email, alice.password);
      const r = await h.customer('cust-no-public-url', 'I want to talk to a person');
      await h.call('POST', `/api/admin/conversations/${r.conversationId}/claim`, { cookie, body: {} });
      const file = await (await fetch(`${h.url}/api/admin/conversations/${r.conversationId}/files`, { method: 'POST', headers: { cookie, 'content-type': 'application/pdf' }, body: new Uint8Array(PDF) })).json() as { ref: string };
      const reply = await h.call('POST', `/api/admin/conversations/${r.conversationId}/reply`, { cookie, body: { text: 'label', attachments: [file.ref] } });
      expect([reply.status, reply.body.error]).toEqual([400, 'public_url_required']);
      expect(reply.body.message).toMatch(/PUBLIC_URL/);
      // The console knows before the agent tries, and says why.
      const view = await h.call('GET', `/api/admin/conversations/${r.conversationId}`, { cookie });
      expect(view.body.conversation.files).toMatchObject({ ok: false, reason: expect.stringMatching(/set PUBLIC_URL/) });
    } finally {
      await h.close();
    }
  });
});
