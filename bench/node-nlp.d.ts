// node-nlp ships no types; bench/nlpjs-baseline.ts declares the few calls it makes.
declare module 'node-nlp';
