import { Marked, type Token, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { RecentValues } from '../shared/index.ts';

const markdown = new Marked({ gfm: true, breaks: false, async: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'b', 'i', 'del', 'ul', 'ol', 'li', 'a', 'code', 'pre', 'blockquote',
    'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'title', 'target', 'rel'], ol: ['start'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    // Answers open links outside the chat, without giving the target page a handle on ours.
    a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer nofollow' }),
    h1: 'h3',
    h2: 'h4',
  },
};

/**
 * Markdown → HTML that is safe to insert into the web chat, help center or admin UI.
 * marked does not sanitize, so its output always goes through sanitize-html:
 * scripts, event handlers and javascript: URLs are removed or escaped.
 */
export function renderHtml(md: string): string {
  return htmlOf.get(md, () => sanitizeHtml(markdown.parse(md) as string, SANITIZE).trim());
}

/**
 * Texts rendered lately, per renderer, at most 1,000: the same answer was parsed and sanitized
 * again for every message it answered; anything else passes through.
 */
const htmlOf = new RecentValues<string>(1000);
const plainOf = new RecentValues<string>(1000);

/** Escape text for an HTML text node or attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function inline(tokens: Token[] | undefined): string {
  if (!tokens) return '';
  return tokens.map((t) => {
    switch (t.type) {
      case 'link': {
        const link = t as Tokens.Link;
        const text = inline(link.tokens);
        const href = link.href.replace(/^mailto:|^tel:/, '');
        return text && text !== href ? `${text} (${href})` : href;
      }
      case 'strong': case 'em': case 'del':
        return inline((t as Tokens.Strong).tokens);
      case 'codespan':
        return (t as Tokens.Codespan).text;
      case 'br':
        return '\n';
      case 'text': {
        const text = t as Tokens.Text;
        return text.tokens ? inline(text.tokens) : decodeEntities(text.text);
      }
      case 'escape':
        return (t as Tokens.Escape).text;
      case 'html':
        return '';
      default:
        return 'text' in t ? String((t as { text: unknown }).text) : '';
    }
  }).join('');
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}

function block(tokens: Token[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    switch (t.type) {
      case 'paragraph': case 'heading':
        out.push(inline((t as Tokens.Paragraph).tokens));
        break;
      case 'list': {
        const l = t as Tokens.List;
        const start = typeof l.start === 'number' ? l.start : 1;
        out.push(l.items.map((item, i) => `${l.ordered ? `${start + i}.` : '-'} ${block(item.tokens).join(' ')}`).join('\n'));
        break;
      }
      case 'code':
        out.push((t as Tokens.Code).text);
        break;
      case 'blockquote':
        out.push(block((t as Tokens.Blockquote).tokens).join('\n'));
        break;
      case 'text': {
        const text = t as Tokens.Text;
        out.push(text.tokens ? inline(text.tokens) : decodeEntities(text.text));
        break;
      }
      case 'table': {
        const table = t as Tokens.Table;
        out.push([table.header, ...table.rows].map((row) => row.map((c) => inline(c.tokens)).join(' | ')).join('\n'));
        break;
      }
      default:
        break; // space, hr, raw html: nothing to say in plain text
    }
  }
  return out;
}

/**
 * Markdown → plain text for channels without rich text (SMS, WhatsApp bodies):
 * lists keep their bullets or numbers, links become "text (url)", raw HTML is dropped.
 */
export function renderPlainText(md: string): string {
  return plainOf.get(md, () => block(markdown.lexer(md)).join('\n\n').replace(/\n{3,}/g, '\n\n').trim());
}
