/**
 * Loads the handwritten digits shipped in examples/data (1,797 8×8 images, labels 0–9) as
 * tensors, with pixels scaled to [0, 1], and splits them into training and test sets.
 */
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { random, tensor, type Tensor } from '../src/index.js'

/** Images [n, 64] float32 and labels [n] int64. */
export interface Digits {
  readonly x: Tensor
  readonly y: Tensor
}

/** Every digit in the file. */
export function loadDigits(): Digits {
  const text = gunzipSync(readFileSync(new URL('./data/digits.csv.gz', import.meta.url))).toString('utf8')
  const rows = text.trim().split('\n').map((line) => line.split(',').map(Number))
  if (rows.some((r) => r.length !== 65 || r.some((v) => !Number.isFinite(v)))) throw new Error('digits.csv.gz: expected 65 numbers a row')
  const x = new Float32Array(rows.length * 64)
  rows.forEach((r, i) => r.slice(0, 64).forEach((v, j) => (x[i * 64 + j] = v / 16)))
  return { x: tensor(x, { shape: [rows.length, 64] }), y: tensor(rows.map((r) => r[64]), { dtype: 'int64' }) }
}

/** A shuffled split: the first `testFraction` of a permutation is the test set. */
export function split({ x, y }: Digits, key: random.Key, testFraction = 0.2): { train: Digits; test: Digits } {
  const order = random.permutation(key, x.shape[0], { dtype: 'int64' })
  const nTest = Math.round(x.shape[0] * testFraction)
  const pick = (idx: Tensor): Digits => ({ x: x.indexSelect(0, idx), y: y.indexSelect(0, idx) })
  return { test: pick(order.slice(0, 0, nTest)), train: pick(order.slice(0, nTest)) }
}
