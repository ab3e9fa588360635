/**
 * Training thread entry (see trainOffThread, lexicalOffThread): trains what a publish asks, or
 * builds a lexical model alone, one request at a time, and sends back each language's model with
 * its classifier as the bytes of its weights file, and the lexical model's state.
 */
import { parentPort } from 'node:worker_threads';
import { lexicalModelFrom, trainLanguages } from './train-languages.ts';
import { trainedForm, type TrainingReply, type TrainingRequest } from './training-thread.ts';

let queue = Promise.resolve();

parentPort!.on('message', (request: TrainingRequest) => {
  queue = queue.then(async () => {
    let reply: TrainingReply;
    try {
      if ('docs' in request) {
        reply = { id: request.id, ok: true, languages: [], lexical: (await lexicalModelFrom(request.docs)).state() };
      } else {
        const { models, lexical } = await trainLanguages(request.input);
        reply = { id: request.id, ok: true, languages: models.map(trainedForm), lexical: lexical.state() };
      }
    } catch (err) {
      reply = { id: request.id, ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) };
    }
    parentPort!.postMessage(reply, reply.ok ? reply.languages.map((l) => l.weights.buffer as ArrayBuffer) : []);
  });
});
