import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUES, fillPlaceholders } from '../../bot/index.ts';
import { chineseScript, toTraditional } from '../../knowledge/index.ts';
import { MAX_FRAME_ATTACHMENTS } from './types.ts';
import { MAX_UPLOAD_BYTES, UPLOAD_TYPES } from './uploads.ts';
import { widgetConfig, widgetConfigRoute, type WidgetConfigOptions } from './widget-config.ts';

const asked: string[] = [];
const options: WidgetConfigOptions = {
  defaultLang: 'en',
  maxMessageChars: 1200,
  starters: async (lang) => {
    asked.push(lang);
    if (lang === 'pl') throw new Error('ranking unavailable');
    return [{ entryId: 'return-an-item', title: `return (${lang})` }];
  },
};

describe('GET /webchat/config', () => {
  let server: ReturnType<express.Express['listen']>;
  let url: string;
  beforeAll(async () => {
    const app = express();
    app.use(widgetConfigRoute(options));
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webchat/config`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('answers the widget\'s words in the asked language from the catalogue, with the limits and the starter topics, readable from any site', async () => {
    const res = await fetch(`${url}?lang=th-TH`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = await res.json();
    const th = CATALOGUES.th!;
    expect(body).toMatchObject({ lang: 'th', dir: 'ltr', botName: th.botName, maxMessageChars: 1200, starters: [{ entryId: 'return-an-item', title: 'return (th)' }] });
    expect(body.strings.send).toBe(th['widget.send']);
    expect(body.strings.placeholder).toBe(th['widget.placeholder']);
    // What may be attached, as the upload route enforces it, and the refusal saying the size.
    expect(body.uploads).toEqual({ maxBytes: MAX_UPLOAD_BYTES, maxFiles: MAX_FRAME_ATTACHMENTS, types: [...UPLOAD_TYPES] });
    expect(body.strings.errorUploadRefused).toBe(fillPlaceholders(th['error.uploadRefused']!, { maxMb: 10 }));
    expect(body.strings.errorUploadRefused).toContain('10');
    // The bot's name and the limit are filled in; the star number is left for the widget.
    expect(body.strings.welcome).toBe(th['widget.welcome'].replace('{name}', th.botName));
    expect(body.strings.errorTooLong).toBe(th['error.tooLong'].replace('{max}', '1200'));
    expect(body.strings.ratingStar).toContain('{n}');
    // Every widget and error key of the catalogue is there, and nothing is left in English.
    const widgetKeys = Object.keys(th).filter((k) => k.startsWith('widget.') || k.startsWith('error.')).length;
    expect(Object.keys(body.strings)).toHaveLength(widgetKeys);
    for (const [key, text] of Object.entries(body.strings as Record<string, string>)) expect(text.replace('{n}', ''), key).not.toMatch(/[A-Za-z]/);
  });

  it('lays Arabic out right to left', async () => {
    const body = await (await fetch(`${url}?lang=ar`)).json();
    expect(body).toMatchObject({ lang: 'ar', dir: 'rtl', botName: CATALOGUES.ar!.botName });
    expect(body.strings.send).toBe('إرسال');
  });

  it('answers in the default language for a language without a catalogue, a malformed tag, or none', async () => {
    for (const q of ['?lang=de', '?lang=%3Cscript%3E', '']) {
      const body = await (await fetch(`${url}${q}`)).json();
      expect(body.lang).toBe('en');
      expect(body.strings.send).toBe('Send');
    }
  });

  it('still opens when the starter topics fail', async () => {
    const body = await (await fetch(`${url}?lang=pl`)).json();
    expect(body).toMatchObject({ lang: 'pl', starters: [] });
    expect(asked).toContain('pl');
  });
});

describe('widgetConfig', () => {
  it('uses a configured bot name in every language', async () => {
    const c = await widgetConfig('zh', { ...options, botName: 'Kestrel' });
    expect(c.botName).toBe('Kestrel');
    expect(c.strings.welcome).toBe(CATALOGUES.zh!['widget.welcome'].replace('{name}', 'Kestrel'));
    expect(c.strings.typing).toBe('Kestrel正在输入');
  });

  it('falls back to the configured default language, not only to English', async () => {
    expect((await widgetConfig('de', { ...options, defaultLang: 'pl' })).strings.send).toBe('Wyślij');
  });
  it('writes Chinese in Traditional for a Traditional page or browser (zh-TW, zh-HK, zh-Hant), in Simplified otherwise', async () => {
    const zh = CATALOGUES.zh!;
    const chinese = { ...options, starters: async () => [{ entryId: 'return-an-item', title: '如何退货？' }], helpArticles: async (_lang: string, script?: 'traditional') => [{ title: '运费多少钱？', path: script ? '/help/zh-Hant/x' : '/help/zh/x' }] };
    for (const tag of ['zh-TW', 'zh-hk', 'zh-Hant-TW', 'zh_MO']) {
      const cfg = await widgetConfig(tag, chinese);
      expect(cfg.lang, tag).toBe('zh');
      expect(cfg.strings.placeholder, tag).toBe(toTraditional(zh['widget.placeholder']));
      expect(Object.values(cfg.strings).some((text) => chineseScript(text) === 'simplified'), tag).toBe(false);
      expect(cfg.starters, tag).toEqual([{ entryId: 'return-an-item', title: '如何退貨？' }]);
      // Linked to the help center's Traditional pages.
      expect(cfg.helpArticles, tag).toEqual([{ title: '運費多少錢？', path: '/help/zh-Hant/x' }]);
    }
    // An operator's BOT_NAME is theirs, written as given, in the header and in the words alike.
    const named = await widgetConfig('zh-TW', { ...chinese, botName: '凯斯特尔' });
    expect(named.botName).toBe('凯斯特尔');
    expect(named.strings.welcome).toBe(fillPlaceholders(toTraditional(zh['widget.welcome']), { name: '凯斯特尔', max: 1200 }));
    for (const tag of ['zh', 'zh-CN', 'zh-Hans', 'zh-SG']) {
      const cfg = await widgetConfig(tag, chinese);
      expect(cfg.strings.placeholder, tag).toBe(zh['widget.placeholder']);
      expect(cfg.starters[0]!.title, tag).toBe('如何退货？');
    }
  });
});
