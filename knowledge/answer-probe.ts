import { words } from './segment.ts';

/** Longest probe, in characters: about one sentence. */
export const PROBE_MAX_CHARS = 160;
/**
 * Fewest words a probe needs: a shorter opening ("Yes.", a placeholder such as the eval's
 * "Answer for refund.") names no topic. With placeholder probes, HINT3 powerplay11, whose
 * training split has 7 intents with one example, fell from MCC 0.433 to 0.408.
 */
export const PROBE_MIN_WORDS = 5;

/**
 * A calibration question made from an entry's answer (plain text): its first sentence (with the
 * next ones while it has fewer than PROBE_MIN_WORDS words: "Yes. We ship to…"), at most
 * PROBE_MAX_CHARS long (cut at a space where there is one). An answer's opening names its topic
 * in the knowledge base's own words, as customers' questions do, without repeating the entry's
 * phrasing: asked of a model that has the phrasing but not the answer, it stands in for a real
 * question about an entry that has only one phrasing. Empty when the whole answer is shorter
 * than PROBE_MIN_WORDS words.
 * @example answerProbe('You can return an item within 30 days. Print the label…') // 'You can return an item within 30 days.'
 */
export function answerProbe(answer: string, lang = 'und'): string {
  const text = answer.replace(/\s+/g, ' ').trim();
  const sentences = text.split(/(?<=[.!?؟](?:\s|$)|[。！？])/u);
  let probe = '';
  for (const sentence of sentences) {
    probe = `${probe}${probe && !/\s$/.test(probe) && /^\S/.test(sentence) && !/[。！？]$/.test(probe) ? ' ' : ''}${sentence}`.trim();
    if (words(probe, lang).length >= PROBE_MIN_WORDS) break;
  }
  if (probe.length > PROBE_MAX_CHARS) {
    const cut = probe.lastIndexOf(' ', PROBE_MAX_CHARS);
    probe = probe.slice(0, cut > PROBE_MAX_CHARS / 2 ? cut : PROBE_MAX_CHARS).trim();
  }
  return words(probe, lang).length >= PROBE_MIN_WORDS ? probe : '';
}

/**
 * What an entry's answer says after its probe (answerProbe): in the calibration fold that asks
 * the probe, the entry trains on this instead of on no answer at all. Without its answer the
 * entry was weaker there than in the published model (the classifier's probability for it, right
 * or wrong, was as low as for near misses), so the calibrator learned to give the classifier no
 * weight and one-phrasing knowledge bases got too low a confidence. Empty when the probe is not
 * the answer's opening or nothing follows it.
 * @example answerRemainder('You can return an item within 30 days. Print the label…', 'You can return an item within 30 days.') // 'Print the label…'
 */
export function answerRemainder(answer: string, probe: string): string {
  const text = answer.replace(/\s+/g, ' ').trim();
  return probe && text.startsWith(probe) ? text.slice(probe.length).trim() : '';
}
