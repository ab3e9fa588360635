/**
 * Training thread entry (see trainOffThread): trains what a publish asks, one request at a time,
 * and sends back each language's model with its classifier as the bytes of its weights file.
 */
import { parentPort } from 'node:worker_threads';
import { trainLanguages, type TrainingInput } from './train-languages.ts';
import { trainedForm, type TrainingReply } from './training-thread.ts';

let queue = Promise.resolve();

parentPort!.on('message', (request: { id: number; input: TrainingInput }) => {
  queue = queue.then(async () => {
    let reply: TrainingReply;
    try {
      const { models, lexical } = await trainLanguages(request.input);
      reply = { id: request.id, ok: true, languages: models.map(trainedForm), lexical: lexical.state() };
    } catch (err) {
      reply = { id: request.id, ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) };
    }
    parentPort!.postMessage(reply, reply.ok ? reply.languages.map((l) => l.weights.buffer as ArrayBuffer) : []);
  });
});
