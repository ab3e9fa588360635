/**
 * Test helper: writes a tiny but real BERT-like feature-extraction model in the folder layout
 * transformers.js loads (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx),
 * so the transformers.js embedder can be tested offline. The ONNX file is encoded here by hand
 * (a minimal protobuf writer for the few ONNX messages needed), so no model or protobuf
 * package is required.
 *
 * The graph: last_hidden_state = tanh(gather(table, input_ids) · W) ⊙ attention_mask,
 * with W = 0.8·I. Special tokens embed to zero, [UNK] to dimension 0 and each word to a
 * dimension of its own, so mean pooling gives a bag-of-words vector: texts that share words have a
 * positive cosine, texts that share none have a cosine of exactly 0.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

// ---- minimal protobuf writer --------------------------------------------------------------

class Pb {
  private readonly parts: Uint8Array[] = [];

  private varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    const bytes: number[] = [];
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v) b |= 0x80;
      bytes.push(b);
    } while (v);
    this.parts.push(Uint8Array.from(bytes));
  }

  private key(field: number, wire: 0 | 2 | 5): void { this.varint((field << 3) | wire); }

  int(field: number, value: number | bigint): this { this.key(field, 0); this.varint(value); return this; }
  bytes(field: number, value: Uint8Array): this { this.key(field, 2); this.varint(value.length); this.parts.push(value); return this; }
  string(field: number, value: string): this { return this.bytes(field, new TextEncoder().encode(value)); }
  message(field: number, value: Pb): this { return this.bytes(field, value.finish()); }
  float(field: number, value: number): this {
    this.key(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.parts.push(b);
    return this;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of this.parts) { out.set(p, o); o += p.length; }
    return out;
  }
}

// ---- the ONNX messages needed (field numbers from onnx.proto) -------------------------------

const FLOAT = 1;
const INT64 = 7;
const ATTR_INT = 2;

function tensor(name: string, dims: number[], data: Float32Array | BigInt64Array): Pb {
  const t = new Pb();
  for (const d of dims) t.int(1, d); // dims
  t.int(2, data instanceof Float32Array ? FLOAT : INT64); // data_type
  t.string(8, name); // name
  // raw_data: little-endian bytes (typed arrays are little-endian on every platform Node runs on)
  return t.bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

function valueInfo(name: string, elemType: number, dims: Array<number | string>): Pb {
  const shape = new Pb();
  for (const d of dims) shape.message(1, typeof d === 'number' ? new Pb().int(1, d) : new Pb().string(2, d));
  const tensorType = new Pb().int(1, elemType).message(2, shape);
  return new Pb().string(1, name).message(2, new Pb().message(1, tensorType));
}

function node(op: string, inputs: string[], outputs: string[], attrs: Pb[] = []): Pb {
  const n = new Pb();
  for (const i of inputs) n.string(1, i);
  for (const o of outputs) n.string(2, o);
  n.string(3, `${op}_${outputs[0]}`).string(4, op);
  for (const a of attrs) n.message(5, a);
  return n;
}

const intAttr = (name: string, value: number) => new Pb().string(1, name).int(3, value).int(20, ATTR_INT);

/** The ONNX bytes of the tiny encoder: `table` is [vocabSize, hidden], row-major. */
export function tinyEncoderOnnx(table: Float32Array, vocabSize: number, hidden: number, scale = 0.8): Uint8Array {
  const W = new Float32Array(hidden * hidden);
  for (let i = 0; i < hidden; i++) W[i * hidden + i] = scale;
  const graph = new Pb();
  graph.message(1, node('Gather', ['embeddings', 'input_ids'], ['embedded'], [intAttr('axis', 0)]));
  graph.message(1, node('MatMul', ['embedded', 'projection'], ['projected']));
  graph.message(1, node('Tanh', ['projected'], ['activated']));
  graph.message(1, node('Cast', ['attention_mask'], ['mask_float'], [intAttr('to', FLOAT)]));
  graph.message(1, node('Unsqueeze', ['mask_float', 'unsqueeze_axes'], ['mask_3d']));
  graph.message(1, node('Mul', ['activated', 'mask_3d'], ['last_hidden_state']));
  graph.string(2, 'tiny-bert');
  graph.message(5, tensor('embeddings', [vocabSize, hidden], table));
  graph.message(5, tensor('projection', [hidden, hidden], W));
  graph.message(5, tensor('unsqueeze_axes', [1], BigInt64Array.from([-1n])));
  graph.message(11, valueInfo('input_ids', INT64, ['batch_size', 'sequence_length']));
  graph.message(11, valueInfo('attention_mask', INT64, ['batch_size', 'sequence_length']));
  graph.message(12, valueInfo('last_hidden_state', FLOAT, ['batch_size', 'sequence_length', hidden]));
  return new Pb()
    .int(1, 8) // ir_version
    .string(2, 'faqbot-test')
    .message(7, graph)
    .message(8, new Pb().string(1, '').int(2, 13)) // opset_import: default domain, opset 13
    .finish();
}

// ---- the model folder -------------------------------------------------------------------------

export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

export interface TinyModel {
  dir: string;
  hidden: number;
  vocab: string[];
}

/**
 * Writes a BERT-like model folder at `dir` whose vocabulary is the special tokens followed by
 * `words` (lower-case, as BERT's basic tokenizer splits them). Hidden size is the number of
 * words + 1 (one dimension per word, plus [UNK]'s), unless a larger `hidden` is given.
 * `silent` tokens (e.g. punctuation) are in the vocabulary but embed to zero, like special tokens.
 */
export async function writeTinyBertModel(
  dir: string, words: Iterable<string>, opts: { hidden?: number; fileName?: string; silent?: Iterable<string> } = {},
): Promise<TinyModel> {
  const special = new Set<string>(SPECIAL_TOKENS);
  const silent = [...new Set(opts.silent ?? [])].filter((w) => !special.has(w));
  const wordList = [...new Set(words)].filter((w) => !special.has(w) && !silent.includes(w));
  const vocab = [...SPECIAL_TOKENS, ...silent, ...wordList];
  const firstWord = SPECIAL_TOKENS.length + silent.length;
  const hidden = Math.max(opts.hidden ?? 0, wordList.length + 1);
  const table = new Float32Array(vocab.length * hidden);
  table[1 * hidden + 0] = 1; // [UNK] → dimension 0
  for (let t = firstWord; t < vocab.length; t++) table[t * hidden + (t - firstWord + 1)] = 1;

  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  await writeFile(path.join(dir, 'onnx', opts.fileName ?? 'model.onnx'), tinyEncoderOnnx(table, vocab.length, hidden));
  await writeFile(path.join(dir, 'config.json'), JSON.stringify({
    architectures: ['BertModel'], model_type: 'bert', hidden_size: hidden, vocab_size: vocab.length,
    num_attention_heads: 1, num_hidden_layers: 1, intermediate_size: hidden, max_position_embeddings: 128,
    pad_token_id: 0, type_vocab_size: 1,
  }, null, 2));
  await writeFile(path.join(dir, 'tokenizer_config.json'), JSON.stringify({
    tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 128,
    unk_token: '[UNK]', sep_token: '[SEP]', pad_token: '[PAD]', cls_token: '[CLS]', mask_token: '[MASK]',
    clean_up_tokenization_spaces: true, strip_accents: null, tokenize_chinese_chars: true,
  }, null, 2));
  const id = (t: string) => vocab.indexOf(t);
  await writeFile(path.join(dir, 'tokenizer.json'), JSON.stringify({
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, i) => ({ id: i, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: false, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } }],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [id('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [id('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  }, null, 2));
  return { dir, hidden, vocab };
}
