/** Longest probe, in characters: about one sentence. */
export const PROBE_MAX_CHARS = 160;

/**
 * A calibration question made from an entry's answer (plain text): its first sentence, at most
 * PROBE_MAX_CHARS long (cut at a space where there is one). An answer's opening sentence names
 * its topic in the knowledge base's own words, as customers' questions do, without repeating
 * the entry's phrasing: asked of a model that has the phrasing but not the answer, it stands in
 * for a real question about an entry that has only one phrasing.
 * @example answerProbe('You can return an item within 30 days. Print the label…') // 'You can return an item within 30 days.'
 */
export function answerProbe(answer: string): string {
  const text = answer.replace(/\s+/g, ' ').trim();
  const end = text.search(/[.!?。！？؟](\s|$)|[。！？]/u);
  let first = end >= 0 ? text.slice(0, end + 1) : text;
  if (first.length > PROBE_MAX_CHARS) {
    const cut = first.lastIndexOf(' ', PROBE_MAX_CHARS);
    first = first.slice(0, cut > PROBE_MAX_CHARS / 2 ? cut : PROBE_MAX_CHARS);
  }
  return first.trim();
}
