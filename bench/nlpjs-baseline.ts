import { OOS, computeMetrics, type Example, type Metrics, type Prediction } from '../eval/index.ts';

/**
 * NLP.js (`node-nlp`), the intent matcher most JavaScript chatbots use, trained on the same
 * train split and asked the same test questions. It is used as its users use it: one
 * document per training text, out-of-scope training texts as its "None" intent, and its
 * own "None" answer (its built-in threshold) counted as not answering.
 */
export async function runNlpjs(examples: Example[]): Promise<Metrics & { trainSeconds: number }> {
  const { NlpManager } = (await import('node-nlp')) as unknown as { NlpManager: new (o: object) => NlpManager };
  const train = examples.filter((e) => e.split === 'train');
  const test = examples.filter((e) => e.split === 'test');
  const languages = [...new Set(examples.map((e) => e.lang))];
  const manager = new NlpManager({ languages, forceNER: false, autoSave: false, autoLoad: false, nlu: { log: false } });
  for (const e of train) manager.addDocument(e.lang, e.text, e.label === OOS ? 'None' : e.label);
  const started = performance.now();
  await manager.train();
  const trainSeconds = (performance.now() - started) / 1000;
  const preds: Prediction[] = [];
  for (const e of test) {
    const t0 = performance.now();
    const r = await manager.process(e.lang, e.text);
    const latencyMs = performance.now() - t0;
    const intent = !r.intent || r.intent === 'None' ? OOS : r.intent;
    const ranked = (r.classifications ?? []).map((c) => c.intent).filter((i) => i !== 'None');
    preds.push({ label: e.label, predicted: intent, confidence: r.score ?? 0, ranked, latencyMs });
  }
  return { ...computeMetrics(preds), trainSeconds };
}

interface NlpManager {
  addDocument(lang: string, text: string, intent: string): void;
  train(): Promise<void>;
  process(lang: string, text: string): Promise<{ intent?: string; score?: number; classifications?: Array<{ intent: string; score: number }> }>;
}
