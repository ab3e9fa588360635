import { describe, expect, it } from 'vitest';
import { renderHtml, renderPlainText } from './render.ts';

describe('renderHtml', () => {
  it('renders Markdown', () => {
    const html = renderHtml('Return within **30 days**:\n\n1. Open [Orders](https://kestrel.example/orders)\n2. Press Return');
    expect(html).toContain('<strong>30 days</strong>');
    expect(html).toContain('<ol>');
    expect(html).toContain('href="https://kestrel.example/orders"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });

  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[click](javascript:alert(1))',
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload=alert(1)>',
    '<div style="background:url(javascript:alert(1))">x</div>',
  ])('neutralises %s', (payload) => {
    const html = renderHtml(`Answer ${payload} end`);
    expect(html).not.toMatch(/<script|<img|<iframe|<svg|<div|javascript:|\son\w+=/i);
  });
});

describe('renderPlainText', () => {
  it('keeps list numbers and link targets, drops markup', () => {
    const text = renderPlainText('Return within **30 days**:\n\n1. Open [Orders](https://kestrel.example/orders)\n2. Press *Return*\n\nMail <b>us</b> at [help](mailto:help@kestrel.example).');
    expect(text).toBe('Return within 30 days:\n\n1. Open Orders (https://kestrel.example/orders)\n2. Press Return\n\nMail us at help (help@kestrel.example).');
  });
});

describe('rendering a text again', () => {
  it('gives the same HTML and plain text, also once the text was pushed out by a thousand others', () => {
    const md = 'Refunds take **5 days**: see [orders](https://kestrel.example/orders).';
    const html = renderHtml(md);
    const text = renderPlainText(md);
    expect(renderHtml(md)).toBe(html);
    expect(renderPlainText(md)).toBe(text);
    for (let i = 0; i < 1001; i++) {
      expect(renderHtml(`Answer number ${i}`)).toBe(`<p>Answer number ${i}</p>`);
      renderPlainText(`Answer number ${i}`);
    }
    expect(renderHtml(md)).toBe(html);
    expect(renderPlainText(md)).toBe(text);
  });
});
