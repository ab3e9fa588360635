/** Times as the console shows them. */

/** How long ago: "12 s", "5 min", "3 h". */
export function ago(iso: string | null | undefined): string {
  if (!iso) return '';
  const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.round(s / 60) + ' min';
  return Math.round(s / 3600) + ' h';
}

/** A short local date and time. */
export function time(iso: string | null | undefined): string {
  const d = new Date(iso ?? '');
  return isNaN(d.getTime()) ? '' : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

/** Tell screen-reader users what just happened. */
export function announce(text: string): void {
  document.getElementById('live-status')!.textContent = text;
}
