/**
 * What every library's training run starts from, made the same way in every process: 60,000
 * synthetic 784-feature samples whose labels a fixed random linear "teacher" assigns (so a network
 * can learn them), a held-out evaluation set from the same teacher, and one set of initial weights
 * (PyTorch's Linear distribution, U(±1/√fan_in)) that every library loads. A seeded 32-bit
 * generator makes all of it deterministic; a checksum lets each process show it had the same data.
 * Also the interface each library's trainer implements.
 */

/** Layer widths of the benchmarked MLP: 784 → 256 → 128 → 10, ReLU between. */
export const LAYERS = [784, 256, 128, 10] as const
/** Samples in one epoch (MNIST's training set size). */
export const EPOCH_SAMPLES = 60_000
/** Samples in the evaluation set the "did it learn" check uses. */
export const EVAL_SAMPLES = 1_024
/** SGD hyper-parameters, the same for every library. */
export const LR = 0.01
/** SGD momentum (torch's form: b = μ·b + g, p −= lr·b; no dampening). */
export const MOMENTUM = 0.9

/** Samples and class labels, row-major [n, features]. */
export interface Dataset {
  readonly x: Float32Array
  readonly y: Int32Array
  readonly n: number
  readonly features: number
}

/** One Linear layer's starting weights, PyTorch's layout: weight [out, in] row-major, bias [out]. */
export interface LayerInit {
  readonly inF: number
  readonly outF: number
  readonly weight: Float32Array<ArrayBuffer>
  readonly bias: Float32Array<ArrayBuffer>
}

/** A library's training loop for the MLP, built from `LayerInit`s. */
export interface Trainer {
  /** One SGD step on a batch (x [b, 784], y [b]); returns the batch's mean loss, read back as a number. */
  step(x: Float32Array, y: Int32Array): number
  /** Mean cross-entropy over (x, y) with the current weights, no training. */
  loss(x: Float32Array, y: Int32Array): number
  /** Threads the library computes on here. */
  readonly threads: number
  /** Library name and version, and anything that qualifies the figure. */
  readonly description: string
}

/** mulberry32: a small, fast, seeded generator of uniform floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The teacher: a [784, 10] matrix of U(−1, 1) entries; a sample's label is argmax(x · T). */
function teacher(seed: number): Float32Array {
  const rand = mulberry32(seed)
  return Float32Array.from({ length: LAYERS[0] * LAYERS[3] }, () => 2 * rand() - 1)
}

/** `n` samples with U(−1, 1) features, labelled by the teacher. */
export function makeDataset(n: number, seed: number, teacherSeed = 7): Dataset {
  const f = LAYERS[0]
  const c = LAYERS[3]
  const t = teacher(teacherSeed)
  const rand = mulberry32(seed)
  const x = new Float32Array(n * f)
  for (let i = 0; i < x.length; i++) x[i] = 2 * rand() - 1
  const y = new Int32Array(n)
  const score = new Float64Array(c)
  for (let s = 0; s < n; s++) {
    score.fill(0)
    for (let i = 0; i < f; i++) {
      const v = x[s * f + i]
      for (let j = 0; j < c; j++) score[j] += v * t[i * c + j]
    }
    let best = 0
    for (let j = 1; j < c; j++) if (score[j] > score[best]) best = j
    y[s] = best
  }
  return { x, y, n, features: f }
}

/** The training set (one epoch's samples) and the evaluation set, from fixed seeds. */
export const trainingData = (): { readonly train: Dataset; readonly evalSet: Dataset } => ({
  train: makeDataset(EPOCH_SAMPLES, 1),
  evalSet: makeDataset(EVAL_SAMPLES, 2),
})

/** Starting weights for every layer, U(±1/√fan_in) for weights and biases as torch.nn.Linear draws them. */
export function initialWeights(seed = 3): readonly LayerInit[] {
  const rand = mulberry32(seed)
  return LAYERS.slice(1).map((outF, l) => {
    const inF = LAYERS[l]
    const bound = 1 / Math.sqrt(inF)
    const u = (len: number): Float32Array<ArrayBuffer> => Float32Array.from({ length: len }, () => (2 * rand() - 1) * bound)
    return { inF, outF, weight: u(outF * inF), bias: u(outF) }
  })
}

/** A row-major [rows, cols] matrix transposed to [cols, rows] (for libraries that store x·W weights). */
export function transposed(a: Float32Array, rows: number, cols: number): Float32Array<ArrayBuffer> {
  const t = new Float32Array(a.length)
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j]
  return t
}

/** FNV-1a over the bytes of the arrays, as 8 hex digits: equal data gives equal checksums. */
export function checksum(...arrays: readonly (Float32Array | Int32Array)[]): string {
  let h = 0x811c9dc5
  for (const a of arrays) {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193)
  }
  return (h >>> 0).toString(16).padStart(8, '0')
}

/** Multiply-add FLOPs of one training sample: forward 2·Σ in·out, backward twice that (input and weight gradients). */
export const flopsPerSample = (): number => 3 * 2 * LAYERS.slice(1).reduce((s, out, l) => s + LAYERS[l] * out, 0)
