import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectChat } from '../../app/test-support.ts';
import { ChannelRuntime } from '../core/runtime.ts';
import { startTestBot } from '../test-support.ts';
import express from 'express';
import { silentLogger } from '../../bot/index.ts';
import { errorHandler } from '../../errors/index.ts';
import { webchat, type WebchatAdapter } from './adapter.ts';
import { MAX_UPLOAD_BYTES, MAX_UPLOADS_PER_HOUR, WebchatUploads, webchatUploadRoute } from './uploads.ts';

/** The smallest PNG there is (one transparent pixel). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** The socket's messages go the channel runtime's way: stored in intake_work first, keyed by (channel, user, clientId). */
describe('web chat socket through the channel runtime', () => {
  let tb: Awaited<ReturnType<typeof startTestBot>>;
  let runtime: ChannelRuntime;
  let chat: WebchatAdapter;
  let uploads: WebchatUploads;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    tb = await startTestBot();
    runtime = new ChannelRuntime({ bot: tb.bot, channels: tb.channels, adapters: [] });
    uploads = new WebchatUploads(tb.db);
    chat = webchat({ runtime, store: tb.store, uploads });
    runtime.register(chat);
    const app = express();
    app.use(webchatUploadRoute({ uploads, allowedOrigins: ['https://shop.example'] }));
    app.use(errorHandler({ logger: silentLogger }));
    server = createServer(app);
    chat.attach(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 300_000);
  afterAll(async () => {
    chat?.close();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await runtime?.close();
    await tb?.cleanup();
  });

  /** Send one frame and collect what the socket answered until the typing indicator goes off. */
  const say = async (client: Awaited<ReturnType<typeof connectChat>>, frame: object) => {
    const from = client.frames.length;
    client.send(frame);
    await client.next((f) => f.type === 'typing' && f.on === false);
    return client.frames.slice(from);
  };
  const stored = (userId: string, clientId: string) =>
    tb.db.query<{ done: boolean }>("select done_at is not null as done from intake_work where channel = 'webchat' and user_id = $1 and external_id = $2", [userId, clientId]);

  it('stores a message before answering it, and answers a repeated clientId with the first answer, once', async () => {
    const client = await connectChat(url);
    try {
      client.send({ type: 'hello', userId: 'webchat-runtime-1' });
      await client.next((f) => f.type === 'history');
      const first = await say(client, { type: 'message', clientId: 'c-1', text: 'How much does delivery cost?' });
      const again = await say(client, { type: 'message', clientId: 'c-1', text: 'How much does delivery cost?' });
      const ack = (frames: Array<Record<string, any>>) => frames.find((f) => f.type === 'ack')!.id;
      const replies = (frames: Array<Record<string, any>>) => frames.filter((f) => f.type === 'message').map((f) => f.message);
      expect(replies(first)[0].text).toMatch(/Delivery is free over 50 EUR/);
      expect(ack(again)).toBe(ack(first));
      expect(replies(again).map((m) => m.id)).toEqual(replies(first).map((m) => m.id));
      expect(await stored('webchat-runtime-1', 'c-1')).toEqual([{ done: true }]);
    } finally {
      client.close();
    }
  });

  it('passes the browser\'s language on to the bot, which answers a first message it cannot read in it; a tag it cannot read is ignored', async () => {
    for (const [uiLang, lang] of [['en-US', 'en'], ['pl-PL', 'pl']] as const) {
      const client = await connectChat(url);
      try {
        client.send({ type: 'hello', userId: `webchat-ui-${lang}`, uiLang });
        await client.next((f) => f.type === 'history');
        const frames = await say(client, { type: 'message', clientId: 'c-1', text: 'qwv zzkx plorb' });
        expect(frames.filter((f) => f.type === 'message').map((f) => f.message.lang), uiLang).toEqual([lang]);
      } finally {
        client.close();
      }
    }
    const odd = await connectChat(url);
    try {
      odd.send({ type: 'hello', userId: 'webchat-ui-odd', uiLang: 'x'.repeat(200) });
      expect((await odd.next((f) => f.type === 'history' || f.type === 'error')).type).toBe('history');
    } finally {
      odd.close();
    }
  });

  it('takes a photo a customer attached, answers it in words, and lets only that customer name it', async () => {
    const upload = (userId: string, body: Buffer, headers: Record<string, string> = {}) =>
      fetch(`${url}/webchat/uploads?userId=${userId}&name=${encodeURIComponent('C:\\photos\\parcel.png')}`, { method: 'POST', headers: { 'content-type': 'image/png', origin: 'https://shop.example', ...headers }, body: new Uint8Array(body) });
    const res = await upload('webchat-upload-1', PNG);
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const file = await res.json() as { ref: string; kind: string; mime: string; name: string };
    expect(file).toMatchObject({ kind: 'image', mime: 'image/png', name: 'parcel.png' });
    // The type is read from the bytes: a script sent as a PNG is refused; so are other sites, empty bodies and huge files.
    expect((await upload('webchat-upload-1', Buffer.from('<script>alert(1)</script>'))).status).toBe(415);
    expect((await upload('webchat-upload-1', PNG, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await upload('webchat-upload-1', Buffer.alloc(0))).status).toBe(400);
    expect((await upload('short', PNG)).status).toBe(400);
    expect((await upload('webchat-upload-1', Buffer.concat([PNG, Buffer.alloc(MAX_UPLOAD_BYTES)]))).status).toBe(413);

    const client = await connectChat(url);
    const other = await connectChat(url);
    try {
      client.send({ type: 'hello', userId: 'webchat-upload-1' });
      other.send({ type: 'hello', userId: 'webchat-upload-2' });
      await client.next((f) => f.type === 'history');
      await other.next((f) => f.type === 'history');
      const frames = await say(client, { type: 'message', clientId: 'u-1', text: '', attachments: [file.ref] });
      const replies = frames.filter((f) => f.type === 'message').map((f) => f.message);
      expect(replies[0].text).toMatch(/can't look at photos/i);
      const ackId = frames.find((f) => f.type === 'ack')!.id;
      expect((await tb.store.message(ackId))?.attachments).toEqual([{ kind: 'image', ref: file.ref, mime: 'image/png', name: 'parcel.png' }]);
      expect((await chat.media(file.ref))?.bytes.equals(PNG)).toBe(true);
      // An upload no message named is gone a day later, at the next upload; a sent one stays.
      const unsent = await uploads.store('webchat-upload-1', PNG);
      await tb.db.query("update webchat_uploads set created_at = now() - interval '25 hours'");
      await uploads.store('webchat-upload-1', PNG);
      expect(await chat.media(unsent.ref!)).toBeUndefined();
      expect(await chat.media(file.ref)).toBeDefined();
      // A customer uploading file after file is stopped for a while.
      for (let i = 0; i < MAX_UPLOADS_PER_HOUR; i++) await uploads.store('webchat-upload-3', PNG).catch(() => undefined);
      const flood = await upload('webchat-upload-3', PNG);
      expect(flood.status).toBe(429);
      expect(flood.headers.get('retry-after')).toBe('600');
      // Another customer cannot send it as theirs.
      other.send({ type: 'message', clientId: 'u-2', text: 'look', attachments: [file.ref] });
      expect(await other.next((f) => f.type === 'error')).toMatchObject({ code: 'bad_frame', clientId: 'u-2' });
    } finally {
      client.close();
      other.close();
    }
  });

  it('shows a customer their own photos and PDFs in the history, and nobody else', async () => {
    const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
    const post = async (body: Buffer, name: string) => (await (await fetch(`${url}/webchat/uploads?userId=webchat-files-1&name=${encodeURIComponent(name)}`, { method: 'POST', headers: { origin: 'https://shop.example' }, body: new Uint8Array(body) })).json()) as { ref: string };
    const photo = await post(PNG, 'parcel.png');
    const receipt = await post(PDF, 'paragon styczeń.pdf');
    const client = await connectChat(url);
    try {
      client.send({ type: 'hello', userId: 'webchat-files-1' });
      await client.next((f) => f.type === 'history');
      // The ack means stored; the bot's replies do not matter here.
      client.send({ type: 'message', clientId: 'f-1', text: 'the box was crushed', attachments: [photo.ref, receipt.ref] });
      await client.next((f) => f.type === 'ack' && f.clientId === 'f-1');
      client.send({ type: 'message', clientId: 'f-2', text: '', attachments: [photo.ref] });
      await client.next((f) => f.type === 'ack' && f.clientId === 'f-2');
    } finally {
      client.close();
    }
    const again = await connectChat(url);
    let history: Array<Record<string, any>>;
    try {
      again.send({ type: 'hello', userId: 'webchat-files-1' });
      history = (await again.next((f) => f.type === 'history')).messages;
    } finally {
      again.close();
    }
    const mine = history.filter((m) => m.role === 'customer');
    expect(mine.map((m) => [m.text, m.attachments])).toEqual([
      ['the box was crushed', [{ kind: 'image', name: 'parcel.png', path: `/webchat/uploads/${photo.ref}` }, { kind: 'file', name: 'paragon styczeń.pdf', path: `/webchat/uploads/${receipt.ref}` }]],
      ['📷', [{ kind: 'image', name: 'parcel.png', path: `/webchat/uploads/${photo.ref}` }]],
    ]);
    const open = (path: string, userId: string) => fetch(`${url}${path}?userId=${userId}`);
    const image = await open(mine[0]!.attachments[0].path, 'webchat-files-1');
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect(image.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true);
    // A PDF is a download, never a page of the chat's origin.
    const pdf = await open(mine[0]!.attachments[1].path, 'webchat-files-1');
    expect(pdf.headers.get('content-disposition')).toBe("attachment; filename=\"paragon_stycze_.pdf\"; filename*=UTF-8''paragon%20stycze%C5%84.pdf");
    expect(Buffer.from(await pdf.arrayBuffer()).equals(PDF)).toBe(true);
    // Another customer, or no customer, gets nothing.
    expect((await open(mine[0]!.attachments[0].path, 'webchat-files-2')).status).toBe(404);
    expect((await fetch(`${url}${mine[0]!.attachments[0].path}`)).status).toBe(400);
    expect((await open('/webchat/uploads/wcu_00000000-0000-4000-8000-000000000000', 'webchat-files-1')).status).toBe(404);
  });

  it('keys repeats by the sender too: another customer\'s same clientId is their own message', async () => {
    const a = await connectChat(url);
    const b = await connectChat(url);
    try {
      a.send({ type: 'hello', userId: 'webchat-runtime-2' });
      b.send({ type: 'hello', userId: 'webchat-runtime-3' });
      await a.next((f) => f.type === 'history');
      await b.next((f) => f.type === 'history');
      const fromA = await say(a, { type: 'message', clientId: 'c-shared', text: 'How much does delivery cost?' });
      const fromB = await say(b, { type: 'message', clientId: 'c-shared', text: 'How much does delivery cost?' });
      const ackA = fromA.find((f) => f.type === 'ack')!.id;
      const ackB = fromB.find((f) => f.type === 'ack')!.id;
      expect(ackB).not.toBe(ackA);
      expect(fromB.find((f) => f.type === 'message')!.message.text).toMatch(/Delivery is free over 50 EUR/);
      expect(await stored('webchat-runtime-3', 'c-shared')).toEqual([{ done: true }]);
    } finally {
      a.close();
      b.close();
    }
  });
});
