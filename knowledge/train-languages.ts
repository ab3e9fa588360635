import { loadDictionaries } from './dictionaries.ts';
import { LexicalModel, type LexicalState } from './lexical-model.ts';
import { trainLanguage, type LanguageModel, type TrainOptions, type TrainingRow } from './ranker.ts';

/** A text the lexical model is built from: every phrasing, then every answer, of the published entries. */
export interface LexicalDoc {
  text: string;
  lang: string;
  /** An entry's answer (not a phrasing): typo correction may read a word only answers use as a phrasing's form of it. */
  answer?: true;
}

/** The lexical model of `docs` (vocabulary and IDF in their order), with their languages' dictionaries for typo correction. */
export async function lexicalModelFrom(docs: ReadonlyArray<LexicalDoc>): Promise<LexicalModel> {
  return new LexicalModel([...docs], { dictionaries: await loadDictionaries(docs.map((d) => d.lang)) });
}

/** The lexical model another thread built from `docs` (its `state()`), with the same dictionaries as lexicalModelFrom. */
export async function lexicalModelOfState(state: LexicalState, docs: ReadonlyArray<LexicalDoc>): Promise<LexicalModel> {
  return LexicalModel.fromState(state, { dictionaries: await loadDictionaries(docs.map((d) => d.lang)) });
}

/** A text and its embedding (empty in a language the embedder does not cover). */
interface EmbeddedText {
  text: string;
  vector: Float32Array;
}

/**
 * What one language trains on, as plain data (it crosses to the training thread as it is):
 * phrasings, answers, the questions made from answers (answerProbe) and the generic outliers.
 */
export interface LanguageTrainingInput {
  lang: string;
  /** The embedder covers the language: phrasings' vectors are features. */
  covered: boolean;
  rows: Array<EmbeddedText & { rowId: string; entryId: string }>;
  answers: Array<{ entryId: string; text: string }>;
  probes: Array<EmbeddedText & { entryId: string }>;
  outliers: EmbeddedText[];
}

/** Everything a publish trains on. */
export interface TrainingInput {
  /** The lexical model's texts (see lexicalModelFrom). */
  docs: LexicalDoc[];
  options: Omit<TrainOptions, 'outliers' | 'probes'>;
  languages: LanguageTrainingInput[];
}

/**
 * Train every language of `input`, in its order (see trainLanguage), and return the models with
 * the lexical model they were trained with. Deterministic: the same input gives the same models
 * on any thread.
 */
export async function trainLanguages(input: TrainingInput): Promise<{ models: LanguageModel[]; lexical: LexicalModel }> {
  const model = await lexicalModelFrom(input.docs);
  const models: LanguageModel[] = [];
  for (const l of input.languages) {
    const lex = (text: string) => model.vectorize(text, l.lang);
    const rows: TrainingRow[] = l.rows.map((r) => ({ rowId: r.rowId, entryId: r.entryId, text: r.text, vector: r.vector, lex: lex(r.text) }));
    // Answers carry no embedding: the dense part of their features stays empty.
    for (const a of l.answers) rows.push({ rowId: `${a.entryId}|${l.lang}|answer`, entryId: a.entryId, text: a.text, vector: new Float32Array(0), lex: lex(a.text), isAnswer: true });
    const probes: TrainingRow[] = l.probes.map((p) => ({ rowId: `${p.entryId}|${l.lang}|probe`, entryId: p.entryId, text: p.text, vector: p.vector, lex: lex(p.text) }));
    const outliers: TrainingRow[] = l.outliers.map((o, i) => ({ rowId: `outlier|${l.lang}|${i}`, entryId: '', text: o.text, vector: o.vector, lex: lex(o.text) }));
    models.push(await trainLanguage(l.lang, rows, model, l.covered, { ...input.options, outliers, probes }));
  }
  return { models, lexical: model };
}
