/**
 * Multinomial logistic regression (softmax) over sparse lexical features plus an optional
 * dense embedding, trained by seeded SGD. Small, fast and deterministic: it is retrained at
 * every publish on the knowledge base's own phrasings, so it learns which words and
 * character n-grams single out an entry ("退货") and which do not ("该怎么办").
 */

/** One example: sparse features (parallel index/value arrays) and an optional dense vector. */
export interface FeatureVector {
  indices: Int32Array;
  values: Float32Array;
  dense?: Float32Array;
}

export interface TrainOptions {
  /** Passes over the data. Default: enough for ~4k example updates, between 4 and 12. */
  epochs?: number;
  /** Initial learning rate. Default 2. */
  learningRate?: number;
  /** L2 penalty applied to touched weights. Default 1e-5. */
  l2?: number;
  /**
   * Return the average of the weights over the updates after burn-in (averaged SGD) instead
   * of the last ones. Default true: on large knowledge bases, which get few passes, the
   * average is closer to the optimum than the last iterate.
   */
  average?: boolean;
  /** Epochs of plain SGD before averaging starts (the first iterates are far from the optimum). Default: half of them. */
  burnInEpochs?: number;
  seed?: number;
}

/** Deterministic PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of `items` in place, driven by a seeded random source. */
export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Logits of one example into `out`: for training (float64 weights, one row per feature) and the
 * stored model (float32, only the rows of features seen in training, `rows[f]` their position or -1).
 */
function logits(W: Float32Array | Float64Array, D: Float32Array | Float64Array, B: Float32Array | Float64Array, C: number, sparseDim: number, denseDim: number, x: FeatureVector, out: Float64Array, rows?: Int32Array): void {
  for (let c = 0; c < C; c++) out[c] = B[c]!;
  for (let k = 0; k < x.indices.length; k++) {
    const f = x.indices[k]!;
    if (f >= sparseDim) continue;
    const row = rows ? rows[f]! : f;
    // An all-zero row adds nothing: skipping it gives the same logits.
    if (row < 0) continue;
    const v = x.values[k]!;
    const base = row * C;
    for (let c = 0; c < C; c++) out[c]! += v * W[base + c]!;
  }
  const dense = x.dense;
  if (dense && denseDim) {
    for (let d = 0; d < denseDim; d++) {
      const v = dense[d]!;
      if (v === 0) continue;
      const base = d * C;
      for (let c = 0; c < C; c++) out[c]! += v * D[base + c]!;
    }
  }
}

/**
 * One SGD step on one feature's weights (its row `base`) for the active classes, with weight
 * decay; `A` accumulates step·Δw for the lazy average. The training loop spends most of its
 * time here.
 */
function updateRow(W: Float64Array, A: Float64Array, base: number, active: Int32Array, grad: Float64Array, na: number, v: number, decay: number, step: number, average: boolean): void {
  for (let a = 0; a < na; a++) {
    const j = base + active[a]!;
    const w = W[j]!;
    const next = w * decay - grad[a]! * v;
    if (average) A[j]! += step * (next - w);
    W[j] = next;
  }
}

function softmaxInPlace(out: Float64Array, C: number): void {
  let max = -Infinity;
  for (let c = 0; c < C; c++) max = Math.max(max, out[c]!);
  let sum = 0;
  for (let c = 0; c < C; c++) {
    out[c] = Math.exp(out[c]! - max);
    sum += out[c]!;
  }
  for (let c = 0; c < C; c++) out[c]! /= sum;
}

/**
 * Keep only the non-zero rows of feature-major float32 weights (`W[f * C + c]`, or
 * `W[from[f] * C + c]` when the rows are held in another order, -1 for none; rounded to float32
 * first). Training touches the features of the knowledge base's own phrasings, a fifth of the
 * feature space on the sample knowledge base: the other rows are zero, and storing them cost
 * 11 MB per language at rest.
 */
function packRows(W: ArrayLike<number>, sparseDim: number, C: number, from?: Int32Array): { rows: Int32Array; packed: Float32Array } {
  const source = (f: number) => (from ? from[f]! : f);
  const rows = new Int32Array(sparseDim).fill(-1);
  let kept = 0;
  for (let f = 0; f < sparseDim; f++) {
    const r = source(f);
    if (r < 0) continue;
    for (let c = 0; c < C; c++) {
      if (Math.fround(W[r * C + c]!) !== 0) {
        rows[f] = kept++;
        break;
      }
    }
  }
  const packed = new Float32Array(kept * C);
  for (let f = 0; f < sparseDim; f++) {
    const row = rows[f]!;
    if (row < 0) continue;
    const r = source(f);
    for (let c = 0; c < C; c++) packed[row * C + c] = W[r * C + c]!;
  }
  return { rows, packed };
}

/**
 * First word of the packed binary form. The earlier form starts with the number of classes,
 * which never comes near this value.
 */
const PACKED_MAGIC = 0x4b504653;
/** Words before the packed form's row features: magic, classes, sparseDim, denseDim, stored rows. */
const PACKED_HEADER_WORDS = 5;

export class SoftmaxClassifier {
  /**
   * Feature-major weights of the features with a non-zero row: sparse[rows[f] * classes + c]
   * (`rows[f]` is -1 for the others).
   */
  private constructor(
    readonly classes: number,
    readonly sparseDim: number,
    readonly denseDim: number,
    private readonly rows: Int32Array,
    private readonly sparse: Float32Array,
    private readonly dense: Float32Array,
    private readonly bias: Float32Array,
  ) {}

  /** Features whose weights are held (the others' are all zero). */
  get storedRows(): number {
    return this.sparse.length / this.classes;
  }

  static create(classes: number, sparseDim: number, denseDim: number): SoftmaxClassifier {
    return new SoftmaxClassifier(classes, sparseDim, denseDim, new Int32Array(sparseDim).fill(-1), new Float32Array(0), new Float32Array(denseDim * classes), new Float32Array(classes));
  }

  /** A model from feature-major weights (sparseDim × classes, or the rows `from` maps features to), their zero rows left out. */
  private static fromWeights(classes: number, sparseDim: number, denseDim: number, W: ArrayLike<number>, D: ArrayLike<number>, B: ArrayLike<number>, from?: Int32Array): SoftmaxClassifier {
    const { rows, packed } = packRows(W, sparseDim, classes, from);
    const dense = new Float32Array(denseDim * classes);
    dense.set(D);
    const bias = new Float32Array(classes);
    bias.set(B);
    return new SoftmaxClassifier(classes, sparseDim, denseDim, rows, packed, dense, bias);
  }

  /** Train on examples with labels in [0, classes). Same data and seed → same model. */
  static train(examples: FeatureVector[], labels: number[], classes: number, sparseDim: number, denseDim: number, o: TrainOptions = {}): SoftmaxClassifier {
    const n = examples.length;
    if (n === 0) return SoftmaxClassifier.create(classes, sparseDim, denseDim);
    // A weight row only for the features the examples use (nothing else is ever updated, so the
    // other rows would stay zero): rows[f] is feature f's row, -1 for none. The full matrix was
    // sparseDim × classes × 8 bytes, twice with averaging (44 MB a language on the sample).
    const rows = new Int32Array(sparseDim).fill(-1);
    let used = 0;
    for (const x of examples) {
      for (let k = 0; k < x.indices.length; k++) {
        const f = x.indices[k]!;
        if (f < sparseDim && rows[f]! < 0) rows[f] = used++;
      }
    }
    // Train in double precision (faster in V8 than float32 arithmetic), store as float32.
    const W = new Float64Array(used * classes);
    const D = new Float64Array(denseDim * classes);
    const B = new Float64Array(classes);
    const epochs = o.epochs ?? Math.max(4, Math.min(12, Math.round(4_000 / n)));
    const lr0 = o.learningRate ?? 2;
    const l2 = o.l2 ?? 1e-5;
    const random = seededRandom(o.seed ?? 42);
    const order = Array.from({ length: n }, (_, i) => i);
    const probs = new Float64Array(classes);
    // Classes the model already rules out contribute (almost) nothing: only the others are updated.
    const active = new Int32Array(classes);
    const grad = new Float64Array(classes);
    // Averaged SGD, kept lazily: A accumulates step·Δw, so the mean of the iterates is
    // W − A / steps without touching every weight at every step.
    const average = o.average ?? true;
    const AW = average ? new Float64Array(W.length) : W;
    const AD = average ? new Float64Array(D.length) : D;
    const AB = average ? new Float64Array(B.length) : B;
    const burnIn = Math.min(epochs - 1, o.burnInEpochs ?? Math.floor(epochs / 2));
    // Averaged updates so far. The mean of the iterates w_1..w_N is w_N − Σ (s−1)·Δ_s / N,
    // so each update adds (its index − 1)·Δ to A; during burn-in the factor stays 0.
    let step = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      const averaging = average && epoch >= burnIn;
      shuffleInPlace(order, random);
      const lr = lr0 / (1 + epoch * 0.5);
      const decay = 1 - lr * l2;
      for (const idx of order) {
        const x = examples[idx]!;
        logits(W, D, B, classes, sparseDim, denseDim, x, probs, rows);
        softmaxInPlace(probs, classes);
        probs[labels[idx]!]! -= 1; // gradient of cross-entropy w.r.t. logits
        // Classes the model already rules out contribute (almost) nothing: skip them.
        let na = 0;
        for (let c = 0; c < classes; c++) {
          if (Math.abs(probs[c]!) > 1e-4) {
            active[na] = c;
            grad[na++] = probs[c]!;
          }
        }
        for (let k = 0; k < x.indices.length; k++) {
          const f = x.indices[k]!;
          if (f < sparseDim) updateRow(W, AW, rows[f]! * classes, active, grad, na, lr * x.values[k]!, decay, step, average);
        }
        const dense = x.dense;
        if (dense && denseDim) {
          for (let d = 0; d < denseDim; d++) {
            const v = lr * dense[d]!;
            if (v !== 0) updateRow(D, AD, d * classes, active, grad, na, v, decay, step, average);
          }
        }
        for (let a = 0; a < na; a++) {
          const c = active[a]!;
          const delta = -lr * grad[a]!;
          if (average) AB[c]! += step * delta;
          B[c]! += delta;
        }
        if (averaging) step++;
      }
    }
    if (average && step > 0) {
      for (let j = 0; j < W.length; j++) W[j]! -= AW[j]! / step;
      for (let j = 0; j < D.length; j++) D[j]! -= AD[j]! / step;
      for (let j = 0; j < B.length; j++) B[j]! -= AB[j]! / step;
    }
    return SoftmaxClassifier.fromWeights(classes, sparseDim, denseDim, W, D, B, rows);
  }

  /** Class probabilities into `out` (allocated when omitted). */
  forward(x: FeatureVector, out: Float64Array = new Float64Array(this.classes)): Float64Array {
    logits(this.sparse, this.dense, this.bias, this.classes, this.sparseDim, this.denseDim, x, out, this.rows);
    softmaxInPlace(out, this.classes);
    return out;
  }

  /**
   * Binary form, little-endian 32-bit words: PACKED_MAGIC, classes, sparseDim, denseDim, the
   * number of stored rows; then the feature of each stored row (ascending, int32); then float32
   * weights: the stored rows, the dense part, the bias. Only the rows of features seen in
   * training are written: the full sparseDim × classes matrix was mostly zeros, 9.4 MB per
   * language per published version on the sample knowledge base, read and scanned at every start.
   */
  toBuffer(): Buffer {
    const C = this.classes;
    const stored = this.storedRows;
    const out = Buffer.alloc(4 * (PACKED_HEADER_WORDS + stored + this.sparse.length + this.dense.length + C));
    const words = new Uint32Array(out.buffer, out.byteOffset, PACKED_HEADER_WORDS);
    words.set([PACKED_MAGIC, C, this.sparseDim, this.denseDim, stored]);
    const features = new Int32Array(out.buffer, out.byteOffset + 4 * PACKED_HEADER_WORDS, stored);
    for (let f = 0; f < this.sparseDim; f++) {
      const row = this.rows[f]!;
      if (row >= 0) features[row] = f;
    }
    const floats = new Float32Array(out.buffer, out.byteOffset + 4 * (PACKED_HEADER_WORDS + stored), this.sparse.length + this.dense.length + C);
    floats.set(this.sparse, 0);
    floats.set(this.dense, this.sparse.length);
    floats.set(this.bias, this.sparse.length + this.dense.length);
    return out;
  }

  /** A model from `toBuffer`'s form, or from the earlier form that held the full matrix (versions published before). */
  static fromBuffer(buf: Buffer): SoftmaxClassifier {
    // Typed arrays need 4-byte alignment: a file read into its own buffer is aligned, else one copy.
    const aligned = buf.byteOffset % 4 === 0 ? buf : Buffer.from(buf);
    const word = (i: number) => aligned.readUInt32LE(4 * i);
    if (word(0) !== PACKED_MAGIC) return SoftmaxClassifier.fromFullMatrix(aligned);
    const [classes, sparseDim, denseDim, stored] = [word(1), word(2), word(3), word(4)];
    const features = new Int32Array(aligned.buffer, aligned.byteOffset + 4 * PACKED_HEADER_WORDS, stored);
    const rows = new Int32Array(sparseDim).fill(-1);
    for (let r = 0; r < stored; r++) rows[features[r]!] = r;
    const floats = new Float32Array(aligned.buffer, aligned.byteOffset + 4 * (PACKED_HEADER_WORDS + stored), (stored + denseDim + 1) * classes);
    const s = stored * classes;
    const d = denseDim * classes;
    return new SoftmaxClassifier(classes, sparseDim, denseDim, rows, floats.slice(0, s), floats.slice(s, s + d), floats.slice(s + d, s + d + classes));
  }

  /** The earlier binary form: header (classes, sparseDim, denseDim), then the full sparse matrix (zero rows included), the dense part and the bias. */
  private static fromFullMatrix(buf: Buffer): SoftmaxClassifier {
    const classes = buf.readUInt32LE(0);
    const sparseDim = buf.readUInt32LE(4);
    const denseDim = buf.readUInt32LE(8);
    const floats = new Float32Array(buf.buffer, buf.byteOffset + 12, (buf.byteLength - 12) / 4);
    const s = sparseDim * classes;
    const d = denseDim * classes;
    return SoftmaxClassifier.fromWeights(classes, sparseDim, denseDim, floats.subarray(0, s), floats.subarray(s, s + d), floats.subarray(s + d, s + d + classes));
  }
}
