import { renderPlainText } from './render.ts';
import { normalizeText, UNSPACED_SCRIPT, words } from './segment.ts';
import { isConversationEntry, isSynonymsEntry, type FaqEntry, type MatchCandidate } from './types.ts';
import { editDistance } from './spelling.ts';

/**
 * Below this similarity a message is not taken for a conversation entry's phrasing. Dice over
 * character bigrams: "thank you so much!" and "thank you very much" score 0.79, "hiii" and "hi"
 * (repeats collapsed) 1, unrelated short messages rarely above 0.5.
 */
export const CONVERSATION_MIN_SIMILARITY = 0.7;

/**
 * Confidence given to a short message made only of words of one conversation entry's phrasings
 * ("perfect, very helpful" from "perfect" and "you are very helpful"): below an exact or close
 * match, above CONVERSATION_MIN_SIMILARITY. At least two words: one word a phrasing merely
 * contains ("question", from "you didn't answer my question") is no act of its own. At most
 * COVERED_MAX_WORDS words: a real question has a word small talk lacks ("return", "order").
 */
export const COVERED_CONFIDENCE = 0.75;
export const COVERED_MAX_WORDS = 8;

/**
 * Confidence given to a message spelled by two or three conversation phrasings in a row, several
 * acts in one message ("cool thx", "thx bye", "ok got it, thank you"): answered by the entry of
 * the last, a little below COVERED_CONFIDENCE, still above CONVERSATION_MIN_SIMILARITY.
 */
export const COMBINED_CONFIDENCE = 0.72;
export const COMBINED_MAX_ACTS = 3;
/** The tag of conversation entries whose phrasings may open a question ("hi", "I have a question"): see questionAfterOpening. */
export const OPENING_TAG = 'opening';
/** Longest message read as opening acts then one more (see ConversationMatcher.afterOpening), and the words an opening is looked for in (questionAfterOpening). */
export const OPENING_MAX_WORDS = 16;

/**
 * Customers slip into English (or another shipped language) for small talk: "thanks", "ok", "bye"
 * in a Polish or Arabic conversation. A message of at most CROSS_LANGUAGE_MAX_WORDS words that
 * matches nothing in the conversation's language is compared with the other languages' phrasings,
 * at this stricter similarity (a near-exact phrasing: short words of one language spell other
 * things in another), and answered with that entry in the conversation's language.
 */
export const CROSS_LANGUAGE_MIN_SIMILARITY = 0.85;
export const CROSS_LANGUAGE_MAX_WORDS = 3;

/**
 * A word of at least this many letters (characters in Chinese, where one or two make a word) that
 * FAQ phrasings or answers use and no conversation phrasing of the language does, nor one a typo away
 * ("thnks" for "thanks"), carries a topic: "can you help me with my return?" is near "what can you
 * help me with" letter by letter, but "return" makes it a question. Such a message is small talk
 * only when a phrasing spells it exactly, or when its phrasings spell it whole.
 */
export const TOPIC_WORD_MIN_LETTERS = 4;
export const TOPIC_WORD_MIN_HAN = 2;
/** Fewest letters two forms of a word share (Polish and Arabic inflect, English adds -ing). */
export const TOPIC_STEM_LETTERS = 5;

/**
 * Sentence-final particles that add tone, not meaning: Chinese 啦 呀 哦 吧 呢 嘛 啊 and Thai
 * politeness (ครับ ค่ะ นะ จ้า…). "再见啦" is "再见", "ขอบคุณนะคะ" is "ขอบคุณ". 了 and 哈 stay:
 * "算了" and "哈哈" are words of their own.
 */
const FINAL_PARTICLES = /(?:\s*(?:啦|呀|哦|喔|噢|吧|呢|嘛|啊|咯|ครับ|คับ|ค่ะ|คะ|ค่า|นะ|จ้ะ|จ้า|จ๊ะ|ฮะ|เนอะ))+$/u;

/**
 * A message's words as acts are read from them: a particle after a word is tone, not an act of its
 * own ("สวัสดีครับ มีคำถามครับ" is a greeting and a question, not four acts ending with "ครับ",
 * "yes"). A particle alone stays ("ค่ะ" is "yes").
 */
function actWords(text: string, lang: string): string[] {
  return words(text, lang).filter(isActWord);
}

/** A message's words (`all`), which of them are acts (`acts`), and the act words alone (`ws`). */
function actsOf(text: string, lang: string): { all: readonly string[]; acts: boolean[]; ws: readonly string[] } {
  const all = words(text, lang);
  const acts = all.map(isActWord);
  return { all, acts, ws: all.filter((_, i) => acts[i]) };
}

/** The index in a message's words just after its first `n` act words (particles between them kept before it). */
function afterActs(acts: readonly boolean[], n: number): number {
  let at = 0;
  for (let seen = 0; seen < n; at++) if (acts[at]) seen++;
  return at;
}

/** Words as their script writes them: Chinese and Thai without spaces. */
function joined(ws: readonly string[]): string {
  return ws.join(UNSPACED_SCRIPT.test(ws[0] ?? '') ? '' : ' ');
}

/** Whether the i-th word of a message counts as an act's word (a particle after a word does not). */
function isActWord(w: string, i: number): boolean {
  return i === 0 || w.replace(FINAL_PARTICLES, '') !== '';
}

/**
 * A message as compared: folded like every lexical signal, punctuation dropped, final particles
 * dropped (unless that leaves nothing), repeated letters collapsed ("hiii" = "hi", "5555" = "555").
 */
function key(text: string): string {
  // Tildes are symbols, not punctuation, but read as a drawn-out tone ("拜拜～", "thanks~").
  const bare = normalizeText(text).replace(/[\p{P}~～]+/gu, ' ').replace(/\s+/g, ' ').trim();
  return collapse(bare.replace(FINAL_PARTICLES, '') || bare);
}

/**
 * A run of words as the phrasings that spell it are looked up: joined without spaces (Thai and
 * Chinese phrasings are written without them, and segmented into several words) and repeated
 * letters collapsed, as in `key` ("thank youu" = "thank you", "บายย" = "บาย").
 */
function spelling(ws: readonly string[]): string {
  return collapse(ws.join(''));
}

/** Repeated letters collapsed ("thanksss" = "thanks", "5555" = "5"), as every comparison here reads text. */
function collapse(text: string): string {
  return text.replace(/(.)\1+/gu, '$1');
}

function bigrams(s: string): Map<string, number> {
  const padded = [...` ${s} `];
  const out = new Map<string, number>();
  for (let i = 0; i < padded.length - 1; i++) {
    const g = padded[i]! + padded[i + 1]!;
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/**
 * Whether a message's key says "no" or "not": small talk turns on it ("no problem" against
 * "problem", "not helpful" against "helpful"), so a message only near a phrasing must agree with it
 * here. Keys are folded and unpunctuated ("don't" is "don t"); Thai and Chinese write the
 * negation inside their words (ไม่ช่วย, 没问题). Arabic "ما" is left out: it is also "what" (ما اسمك).
 */
const NEGATION: Record<string, RegExp> = {
  en: /(^| )(no|not|never|nothing|nope|nah|dont|cant|isnt|doesnt|didnt|wont|arent|wasnt)( |$)|n t( |$)/u,
  pl: /(^| )(nie|nic|zaden|zadna|zadne)( |$)/u,
  ar: /(^| )(لا|مو|مش|ليس|لم|لن|مب|مهو)( |$)/u,
  th: /ไม่/u,
  zh: /[不没沒别別无無]/u,
};
const negated = (k: string, lang: string): boolean => NEGATION[lang]?.test(k) ?? false;

/** A conversation entry's phrasing: its text, as compared (`key`), and the entry's title in its language. */
interface Phrasing {
  entryId: string;
  title: string;
  text: string;
  key: string;
}

/** One language's phrasings, and their bigrams as postings: which phrasings hold a bigram, how many times. */
interface Phrasings {
  list: Phrasing[];
  /** Bigrams per phrasing (with repeats), by position in `list`. */
  totals: number[];
  postings: Map<string, { at: number[]; count: number[] }>;
  /** Bigrams a message shares with each phrasing: scratch, zeroed by each match. */
  shared: Int32Array;
}

/** Add a phrasing to its language's list and postings. */
function add(phrasings: Phrasings, p: Phrasings['list'][number]): void {
  const at = phrasings.list.length;
  phrasings.list.push(p);
  let total = 0;
  for (const [g, n] of bigrams(p.key)) {
    total += n;
    const hits = phrasings.postings.get(g) ?? phrasings.postings.set(g, { at: [], count: [] }).get(g)!;
    hits.at.push(at);
    hits.count.push(n);
  }
  phrasings.totals.push(total);
}

/**
 * Matches small talk ("ok", "thx", "555", "哈哈", "are you a bot?") to the knowledge base's
 * conversation entries, by the similarity of the whole message to their phrasings.
 *
 * Why not the trained matcher: conversation phrasings are short and made of the words every
 * question has ("ok", "你好", "ได้", "nie"). In the classifier they took probability and
 * similarity from real questions: on the sample knowledge base, questions answered right fell
 * from 49.4% to 36.5% (and to 39.8% with calibration changes to compensate). Kept apart, the FAQ
 * matcher is exactly what it was, and small talk is recognised as whole messages.
 */
export class ConversationMatcher {
  private readonly phrasings = new Map<string, Phrasings>();
  /** Per language and entry: every word of its phrasings, and its title. */
  private readonly vocabulary = new Map<string, Map<string, { title: string; words: Set<string> }>>();
  /** Per language: each phrasing's `spelling`, and its entry (the first entry's, should two share one). */
  private readonly spellings = new Map<string, Map<string, string>>();
  /** The same, of entries tagged OPENING_TAG only: acts a question may open with ("hi", "I want to know"). */
  private readonly openings = new Map<string, Map<string, string>>();
  /** Per language: every word of every conversation phrasing, repeated letters collapsed. */
  private readonly words = new Map<string, Set<string>>();
  /** Per language: every word of the FAQ entries' phrasings and answers (what customers ask about), repeated letters collapsed. */
  private readonly topics = new Map<string, Set<string>>();
  /** Per language: every word of the FAQ entries' phrasings and synonym groups (what questions are compared with). */
  private readonly asked = new Map<string, Set<string>>();
  /** Per language: the FAQ words of TOPIC_STEM_LETTERS or more by their first TOPIC_STEM_LETTERS letters (inflected forms, see sharesStem). */
  private readonly topicStems = new Map<string, Map<string, string[]>>();

  constructor(entries: readonly FaqEntry[]) {
    for (const e of entries) {
      if (e.status !== 'published') continue;
      if (isSynonymsEntry(e)) {
        // Customers' words for what the FAQ speaks of ("ชำรุด" where it says "เสียหาย") name a topic too.
        for (const v of e.variants) {
          const topics = this.topics.get(v.lang) ?? this.topics.set(v.lang, new Set()).get(v.lang)!;
          const asked = this.asked.get(v.lang) ?? this.asked.set(v.lang, new Set()).get(v.lang)!;
          for (const group of v.alternates) for (const w of words(group.replace(/\*/g, ' '), v.lang)) { topics.add(collapse(w)); asked.add(collapse(w)); }
        }
        continue;
      }
      if (!isConversationEntry(e)) {
        for (const v of e.variants) {
          const topics = this.topics.get(v.lang) ?? this.topics.set(v.lang, new Set()).get(v.lang)!;
          const asked = this.asked.get(v.lang) ?? this.asked.set(v.lang, new Set()).get(v.lang)!;
          for (const text of [v.question, ...v.alternates]) for (const w of words(text, v.lang)) asked.add(collapse(w));
          // Answers too: customers name what the answer speaks of ("hasło" where the phrasings say "hasła").
          for (const text of [v.question, ...v.alternates, renderPlainText(v.answer)]) for (const w of words(text, v.lang)) topics.add(collapse(w));
        }
        continue;
      }
      for (const v of e.variants) {
        const langPhrasings = this.phrasings.get(v.lang) ?? this.phrasings.set(v.lang, { list: [], totals: [], postings: new Map(), shared: new Int32Array(0) }).get(v.lang)!;
        const vocab = this.vocabulary.get(v.lang) ?? this.vocabulary.set(v.lang, new Map()).get(v.lang)!;
        const own = vocab.get(e.id) ?? vocab.set(e.id, { title: v.question, words: new Set() }).get(e.id)!;
        const spelled = this.spellings.get(v.lang) ?? this.spellings.set(v.lang, new Map()).get(v.lang)!;
        const opening = e.tags.includes(OPENING_TAG) ? this.openings.get(v.lang) ?? this.openings.set(v.lang, new Map()).get(v.lang)! : undefined;
        for (const text of [v.question, ...v.alternates]) {
          for (const w of words(text, v.lang)) own.words.add(w);
          const acts = actWords(text, v.lang);
          if (acts.length && !spelled.has(spelling(acts))) spelled.set(spelling(acts), e.id);
          if (acts.length && opening && !opening.has(spelling(acts))) opening.set(spelling(acts), e.id);
          const k = key(text);
          if (k) add(langPhrasings, { entryId: e.id, title: v.question, text, key: k });
        }
      }
    }
    for (const p of this.phrasings.values()) p.shared = new Int32Array(p.list.length);
    for (const [lang, vocab] of this.vocabulary) {
      this.words.set(lang, new Set([...vocab.values()].flatMap((v) => [...v.words].map(collapse))));
    }
    for (const [lang, topics] of this.topics) {
      const stems = new Map<string, string[]>();
      for (const w of topics) {
        const letters = [...w];
        if (letters.length < TOPIC_STEM_LETTERS) continue;
        const stem = letters.slice(0, TOPIC_STEM_LETTERS).join('');
        (stems.get(stem) ?? stems.set(stem, []).get(stem)!).push(w);
      }
      this.topicStems.set(lang, stems);
    }
  }

  /**
   * Whether an FAQ word is another form of `word`: they share all of it but its last three letters,
   * and at least TOPIC_STEM_LETTERS ("reklamacją" and "reklamację", "returning" and "return").
   */
  private sharesStem(word: string, lang: string): boolean {
    const letters = [...word];
    if (letters.length < TOPIC_STEM_LETTERS) return false;
    const need = Math.max(TOPIC_STEM_LETTERS, letters.length - 3);
    return (this.topicStems.get(lang)?.get(letters.slice(0, TOPIC_STEM_LETTERS).join('')) ?? []).some((t) => {
      const other = [...t];
      let same = 0;
      while (same < letters.length && same < other.length && letters[same] === other[same]) same++;
      return same >= need && other.length >= need;
    });
  }

  /**
   * The message's words, long enough to name something (TOPIC_WORD_MIN_LETTERS letters,
   * TOPIC_WORD_MIN_HAN Chinese characters), that neither the FAQ entries' phrasings and synonym
   * groups nor the small talk of `lang` use, nor another form of an FAQ word: the words an editor
   * may add as synonyms. A word only answers use counts (questions are compared with phrasings
   * first: see Synonyms). Normalised, each once, in the message's order.
   */
  unknownWords(text: string, lang: string): string[] {
    const asked = this.asked.get(lang) ?? new Set<string>();
    const known = this.words.get(lang) ?? new Set<string>();
    const out: string[] = [];
    for (const w of words(text, lang)) {
      const c = collapse(w);
      const han = /\p{Script=Han}/u.test(c);
      if ([...c].length < (han ? TOPIC_WORD_MIN_HAN : TOPIC_WORD_MIN_LETTERS) || !/\p{L}/u.test(c)) continue;
      if (asked.has(c) || known.has(c) || (!han && !this.topics.get(lang)?.has(c) && this.sharesStem(c, lang)) || out.includes(w)) continue;
      out.push(w);
    }
    return out;
  }

  /** Whether `lang`'s small talk uses the word as written (repeated letters collapsed). */
  smallTalkUses(word: string, lang: string): boolean {
    return this.writtenIn(word, lang, this.words.get(lang));
  }

  /**
   * Whether `lang` uses the word itself (repeated letters collapsed), no other form of it: in its
   * FAQ phrasings, synonym groups or small talk, and with `answers` in FAQ answers too.
   */
  usesWord(word: string, lang: string, o: { answers?: boolean } = {}): boolean {
    return this.writtenIn(word, lang, (o.answers ? this.topics : this.asked).get(lang), this.words.get(lang));
  }

  /** Whether the word, as `lang` segments it, is in one of the word sets as written (repeated letters collapsed). */
  private writtenIn(word: string, lang: string, ...sets: Array<ReadonlySet<string> | undefined>): boolean {
    const read = words(word, lang).map(collapse);
    return read.length > 0 && read.every((c) => sets.some((s) => s?.has(c)));
  }

  /**
   * Whether the message has a word of TOPIC_WORD_MIN_LETTERS or more (TOPIC_WORD_MIN_HAN Chinese
   * characters) that FAQ phrasings or answers of `lang` use and no conversation phrasing does, nor one a typo away.
   */
  mentionsTopic(text: string, lang: string): boolean {
    const known = this.words.get(lang) ?? new Set<string>();
    const topics = this.topics.get(lang);
    if (!topics) return false;
    const sharesStemOf = (c: string) => !/\p{Script=Han}/u.test(c) && this.sharesStem(c, lang);
    return words(text, lang).some((w) => {
      const c = collapse(w);
      const long = [...c].length >= (/\p{Script=Han}/u.test(c) ? TOPIC_WORD_MIN_HAN : TOPIC_WORD_MIN_LETTERS);
      if (!long || known.has(c) || !(topics.has(c) || sharesStemOf(c))) return false;
      // An FAQ word as the FAQ writes it, of a stem's length, is that word even one letter from
      // small talk ("hasło" is "password", not a typo of "halo"); shorter or inflected, it may be a typo.
      if (topics.has(c) && [...c].length >= TOPIC_STEM_LETTERS) return true;
      for (const k of known) if (editDistance(c, k, 1) <= 1) return false;
      return true;
    });
  }

  /** Whether there are conversation entries in `lang`. */
  has(lang: string): boolean {
    return (this.phrasings.get(lang)?.list.length ?? 0) > 0;
  }

  /**
   * The conversation entry whose phrasing is most like the whole message, in `lang`, with the
   * similarity (0-1) as its confidence; undefined below CONVERSATION_MIN_SIMILARITY.
   */
  match(text: string, lang: string): MatchCandidate | undefined {
    const k = key(text);
    if (!this.has(lang) || !k) return undefined;
    const own = this.closest(k, lang);
    const near = own && (own.score === 1 || (negated(k, lang) === negated(own.phrasing.key, lang) && !this.mentionsTopic(text, lang) && !this.onlyContains(text, own.phrasing, lang)));
    if (own && own.score >= CONVERSATION_MIN_SIMILARITY && near) {
      // A message that whole phrasings spell as several acts is those acts, even when it also looks
      // like one phrasing: "great, bye" is "great" then "bye" (a goodbye), not merely near "great".
      return (own.score < 1 && this.combined(text, lang)) || this.candidate(own.phrasing, lang, own.score);
    }
    return this.covered(text, lang) ?? this.combined(text, lang) ?? this.afterOpening(text, lang) ?? this.inAnotherLanguage(k, text, lang);
  }

  /**
   * A one-word message that a longer phrasing merely contains ("question" in "quick question",
   * "问题" in "问个问题"): no act of its own, as in `covered`.
   */
  private onlyContains(text: string, phrasing: Phrasing, lang: string): boolean {
    const ws = actWords(text, lang);
    if (ws.length !== 1) return false;
    // Chinese and Thai phrasings may be one segmenter word ("问个问题"): compare the letters.
    if (UNSPACED_SCRIPT.test(ws[0]!)) return phrasing.key.length > ws[0]!.length && phrasing.key.includes(ws[0]!);
    const own = words(phrasing.text, lang);
    return own.length > 1 && own.includes(ws[0]!);
  }

  /** Small talk written in another shipped language, answered by the same entry in `lang` (CROSS_LANGUAGE_MIN_SIMILARITY). */
  private inAnotherLanguage(k: string, text: string, lang: string): MatchCandidate | undefined {
    if (words(text, lang).length > CROSS_LANGUAGE_MAX_WORDS) return undefined;
    let best: { phrasing: Phrasing; score: number } | undefined;
    for (const other of [...this.phrasings.keys()].sort()) {
      if (other === lang) continue;
      const found = this.closest(k, other);
      // Only entries the conversation's language has a reply for.
      if (found && (!best || found.score > best.score) && this.vocabulary.get(lang)?.has(found.phrasing.entryId)) best = found;
    }
    if (!best || best.score < CROSS_LANGUAGE_MIN_SIMILARITY) return undefined;
    const title = this.vocabulary.get(lang)!.get(best.phrasing.entryId)!.title;
    return this.candidate({ ...best.phrasing, title }, lang, best.score);
  }

  private candidate(p: Phrasing, lang: string, score: number): MatchCandidate {
    return {
      entryId: p.entryId, lang, title: p.title, matchedText: p.text, score, confidence: score,
      signals: { dense: 0, lexical: score, bm25: 0, coverage: score },
    };
  }

  /** The phrasing of `lang` most like the message's key, and its similarity. */
  private closest(k: string, lang: string): { phrasing: Phrasing; score: number } | undefined {
    const phrasings = this.phrasings.get(lang);
    if (!phrasings?.list.length) return undefined;
    const { list, totals, postings, shared } = phrasings;
    // Dice over bigram counts, 2·shared / (the message's bigrams + the phrasing's), with the shared
    // counts summed from the postings of the message's bigrams instead of comparing every phrasing's.
    const grams = bigrams(k);
    let own = 0;
    shared.fill(0);
    for (const [g, n] of grams) {
      own += n;
      const hits = postings.get(g);
      if (!hits) continue;
      for (let j = 0; j < hits.at.length; j++) shared[hits.at[j]!] += Math.min(n, hits.count[j]!);
    }
    let best: (typeof list)[number] | undefined;
    let score = 0;
    for (let i = 0; i < list.length; i++) {
      const p = list[i]!;
      const total = own + totals[i]!;
      const s = p.key === k ? 1 : total ? (2 * shared[i]!) / total : 0;
      if (s > score) {
        score = s;
        best = p;
      }
    }
    return best && { phrasing: best, score };
  }

  /**
   * A message spelled by two to COMBINED_MAX_ACTS phrasings in a row, each whole ("cool" "thx",
   * "ok" "got it" "thank you"), answered by the last one's entry: the last act is where the
   * customer leaves the conversation ("cool thx, bye" is a goodbye). The fewest phrasings that
   * spell it are taken ("ok thanks" "bye" before "ok" "thanks" "bye"). Asked only when no single
   * phrasing is near the whole message (CONVERSATION_MIN_SIMILARITY). Whole phrasings only:
   * words that small talk merely contains ("how to take", "can I talk to you") spell no phrasing.
   */
  private combined(text: string, lang: string): MatchCandidate | undefined {
    const ws = actWords(text, lang);
    if (ws.length < 2) return undefined;
    const all = this.spelledPrefixes(ws, lang)[ws.length];
    if (!all || all.acts < 2 || all.acts > COMBINED_MAX_ACTS) return undefined;
    return this.actsCandidate(all.entryId, lang);
  }

  /**
   * fewest[i]: the fewest whole phrasings of `lang` that spell the first i words, and the entry of
   * the last of them (undefined where none do).
   */
  private spelledPrefixes(ws: readonly string[], lang: string, phrasings = this.spellings): Array<{ acts: number; entryId: string } | undefined> {
    const spelled = phrasings.get(lang);
    const fewest: Array<{ acts: number; entryId: string } | undefined> = [{ acts: 0, entryId: '' }];
    if (!spelled) return fewest;
    for (let i = 1; i <= ws.length; i++) {
      for (let j = 0; j < i; j++) {
        const before = fewest[j];
        const entryId = before && spelled.get(spelling(ws.slice(j, i)));
        if (entryId && (!fewest[i] || before.acts + 1 < fewest[i]!.acts)) fewest[i] = { acts: before.acts + 1, entryId };
      }
    }
    return fewest;
  }

  /** A message of several acts, answered by `entryId` at COMBINED_CONFIDENCE. */
  private actsCandidate(entryId: string, lang: string): MatchCandidate {
    const title = this.vocabulary.get(lang)!.get(entryId)!.title;
    return {
      entryId, lang, title, matchedText: title, score: COMBINED_CONFIDENCE, confidence: COMBINED_CONFIDENCE,
      signals: { dense: 0, lexical: COMBINED_CONFIDENCE, bm25: 0, coverage: 1 },
    };
  }

  /**
   * Opening acts spelled by whole phrasings ("hi", "你好 在吗", "sorry to bother you"), then a rest
   * near one phrasing as a whole message would be (CONVERSATION_MIN_SIMILARITY, the same "no",
   * no FAQ topic in the message): "你好，在吗？想问个问题" is a greeting, then "有个问题想问". The
   * rest's entry answers, as the last act does in `combined`. The acts are at most
   * COMBINED_MAX_ACTS (the rest one, or as many as whole phrasings spell it); the message at most
   * OPENING_MAX_WORDS words.
   */
  private afterOpening(text: string, lang: string): MatchCandidate | undefined {
    const ws = actWords(text, lang);
    if (ws.length < 2 || ws.length > OPENING_MAX_WORDS || this.mentionsTopic(text, lang)) return undefined;
    const fewest = this.spelledPrefixes(ws, lang);
    // The longest opening first: the shortest rest.
    for (let j = ws.length - 1; j >= 1; j--) {
      const opening = fewest[j];
      if (!opening || opening.acts >= COMBINED_MAX_ACTS) continue;
      const restWords = ws.slice(j);
      const spelledRest = this.spelledPrefixes(restWords, lang)[restWords.length];
      if (opening.acts + (spelledRest?.acts ?? 1) > COMBINED_MAX_ACTS) continue;
      // Chinese and Thai write words without spaces, as their phrasings' keys are.
      const rest = key(restWords.join(UNSPACED_SCRIPT.test(restWords[0]!) ? '' : ' '));
      const near = rest && this.closest(rest, lang);
      if (near && near.score >= CONVERSATION_MIN_SIMILARITY && negated(rest, lang) === negated(near.phrasing.key, lang)) return this.actsCandidate(near.phrasing.entryId, lang);
    }
    return undefined;
  }

  /**
   * The question after opening acts ("hi, I want to know", "ابي اعرف", "sorry to bother you, can
   * you tell me"), spelled by whole phrasings of the entries tagged OPENING_TAG (greetings, a
   * question announced; never "no", "ok" or "可以", with which questions start), when what
   * follows mentions an FAQ topic: those words say nothing about which entry is asked, yet they
   * dilute every signal of the words that do, so the FAQ is also matched on the rest
   * (KnowledgeBase.match). The longest such opening, of at most COMBINED_MAX_ACTS acts within the
   * first OPENING_MAX_WORDS words; undefined when the message opens with none.
   * @example questionAfterOpening('hello, I want to know the payment methods', 'en') // 'the payment methods'
   */
  questionAfterOpening(text: string, lang: string): string | undefined {
    const { all, acts, ws } = actsOf(text, lang);
    if (ws.length < 2) return undefined;
    // The question after the opening may be long: only the opening is looked for in the first words.
    const fewest = this.spelledPrefixes(ws.slice(0, OPENING_MAX_WORDS), lang, this.openings);
    for (let j = Math.min(ws.length - 1, OPENING_MAX_WORDS); j >= 1; j--) {
      const opening = fewest[j];
      if (!opening || opening.acts > COMBINED_MAX_ACTS) continue;
      // The rest keeps every word the opening did not spell, particles included: Thai "ค่า" is
      // also the first half of "ค่าส่ง" (shipping cost), and a polite "ครับ" left in front of the
      // question costs the FAQ matcher little.
      const rest = joined(all.slice(afterActs(acts, j)));
      return rest && this.mentionsTopic(rest, lang) ? rest : undefined;
    }
    return undefined;
  }

  /**
   * The question before a closing act that says there is a problem ("我的账户 | 有问题", "บัญชี |
   * มีปัญหา", "z kontem | jest problem"), spelled by whole phrasings of the OPENING_TAG entries as
   * questionAfterOpening spells openings, when what comes before mentions an FAQ topic. Chinese and
   * Thai name the thing first and the trouble last, where English and Polish open with it.
   * @example questionBeforeClosing('我的账户有问题', 'zh') // '我的账户'
   */
  questionBeforeClosing(text: string, lang: string): string | undefined {
    const { all, acts, ws } = actsOf(text, lang);
    if (ws.length < 2) return undefined;
    const spelled = this.openings.get(lang);
    if (!spelled) return undefined;
    // fewest[i]: the fewest whole phrasings that spell the words from i to the end.
    const last = ws.length;
    const fewest: Array<number | undefined> = [];
    fewest[last] = 0;
    for (let i = last - 1; i >= Math.max(1, last - OPENING_MAX_WORDS); i--) {
      for (let j = i + 1; j <= last; j++) {
        const after = fewest[j];
        if (after !== undefined && spelled.has(spelling(ws.slice(i, j))) && (fewest[i] === undefined || after + 1 < fewest[i]!)) fewest[i] = after + 1;
      }
    }
    // The longest closing first: the shortest question before it.
    for (let i = 1; i < last; i++) {
      const closing = fewest[i];
      if (closing === undefined || closing > COMBINED_MAX_ACTS) continue;
      const rest = joined(all.slice(0, afterActs(acts, i)));
      return rest && this.mentionsTopic(rest, lang) ? rest : undefined;
    }
    return undefined;
  }

  /** Whether two texts read as the same words here (a clause that is already the question after its opening). */
  sameWords(a: string, b: string, lang: string): boolean {
    return actWords(a, lang).join(' ') === actWords(b, lang).join(' ');
  }

  /** The conversation entry whose phrasings hold every word of a short message, if exactly one does. */
  private covered(text: string, lang: string): MatchCandidate | undefined {
    const ws = words(text, lang);
    if (ws.length < 2 || ws.length > COVERED_MAX_WORDS) return undefined;
    const hits = [...(this.vocabulary.get(lang) ?? [])].filter(([, v]) => ws.every((w) => v.words.has(w)));
    if (hits.length !== 1) return undefined;
    const [entryId, v] = hits[0]!;
    return {
      entryId, lang, title: v.title, matchedText: v.title, score: COVERED_CONFIDENCE, confidence: COVERED_CONFIDENCE,
      signals: { dense: 0, lexical: COVERED_CONFIDENCE, bm25: 0, coverage: 1 },
    };
  }
}
