/**
 * Under the welcome: the starter topics and links to the help center's most asked articles,
 * both for the first question only.
 */
import { el } from '../../../browser/shared/index.ts';
import { words } from './i18n.ts';
import { SERVER_BASE } from './page.ts';
import { topicButton } from './rows.ts';
import { view } from './view.ts';

export function renderStarters(): void {
  const box = view.starters;
  box.textContent = '';
  for (const s of words.starters) {
    if (s && s.entryId != null) box.appendChild(topicButton(s, 'kc-suggestion kc-starter', 'kc-starter'));
  }
  updateStarters();
}

/** Links to the help center's most asked articles (same server as the widget). */
export function renderHelpArticles(): void {
  const list = view.helpList;
  list.textContent = '';
  for (const a of words.helpArticles) {
    if (!a || typeof a.path !== 'string' || a.path.charAt(0) !== '/') continue;
    const link = el('a', { class: 'kc-help-link', href: SERVER_BASE + a.path, target: '_blank', rel: 'noopener', dir: 'auto', 'data-testid': 'kc-help-link' });
    link.textContent = a.title == null ? '' : String(a.title);
    list.appendChild(link);
  }
}

/** Hides both once the customer has asked something. */
export function updateStarters(): void {
  const asked = !!view.log.querySelector('.kc-row--customer');
  view.starters.hidden = !view.starters.firstChild || asked;
  view.help.hidden = !view.helpList.firstChild || asked;
}
