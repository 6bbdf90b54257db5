/**
 * Matrix products against PyTorch: torch.matmul for 1-D·1-D, 2-D·1-D, 1-D·2-D, broadcast batches
 * ([2,1,3,4]·[5,4,2]), column results and empty inner or outer sizes; torch.mm in float64 and
 * float32; bfloat16 products of small integers (exact). The tolerance scales with Σ|a||b| (stored
 * as `absdot`), the quantity that bounds any summation order's rounding error.
 */
import { describe, it, expect } from 'vitest'
import * as T from '../../src/tensor/index.js'
import { decodeTensor, decodeValues, loadFixture, type Encoded } from '../fixtures/load.js'
import { exactMismatches, valuesOf } from './match.js'

interface MatmulCase { readonly op: 'mm' | 'matmul'; readonly a: Encoded; readonly b: Encoded; readonly out: Encoded; readonly absdot: Encoded }

const fx = loadFixture<{ readonly cases: readonly MatmulCase[] }>('tensor', 'matmul')

const title = (c: MatmulCase): string => `${c.op} ${c.a.dtype} [${c.a.shape.join(',')}]·[${c.b.shape.join(',')}]`

/** Per-element bound: a few roundings of the dtype per term of the dot product, relative to Σ|a||b|. */
function mismatches(c: MatmulCase, gotValues: number[]): string[] {
  const want = decodeValues(c.out).map(Number)
  const bound = decodeValues(c.absdot).map(Number)
  const k = c.a.shape[c.a.shape.length - 1]
  const eps = c.out.dtype === 'float64' ? 2 ** -52 : c.out.dtype === 'float32' ? 2 ** -23 : 2 ** -7
  return want.flatMap((w, i) =>
    Math.abs(gotValues[i] - w) <= (k + 2) * eps * bound[i] ? [] : [`[${i}]: got ${gotValues[i]}, want ${w}`])
}

describe('matmul and mm match PyTorch', () => {
  it.each(fx.cases.map((c) => [title(c), c] as const))('%s', (_, c) => {
    const a = decodeTensor(c.a)
    const b = decodeTensor(c.b)
    const got = c.op === 'mm' ? T.mm(a, b) : T.matmul(a, b)
    expect([got.dtype, got.shape]).toEqual([c.out.dtype, c.out.shape])
    expect(mismatches(c, valuesOf(got)).join('\n')).toBe('')
    if (c.out.dtype === 'bfloat16') expect(exactMismatches(got, c.out).join('\n')).toBe('')
  })
})

describe('method and data-last forms', () => {
  it('x.mm(w), x.matmul(w) and mm(w)(x) agree with mm(x, w)', () => {
    const c = fx.cases.find((k) => k.op === 'mm' && k.a.shape.join() === '4,5')!
    const [a, b] = [decodeTensor(c.a), decodeTensor(c.b)]
    const want = T.mm(a, b).toTypedArray()
    expect(a.mm(b).toTypedArray()).toEqual(want)
    expect(a.matmul(b).toTypedArray()).toEqual(want)
    expect((T.mm as (y: T.Tensor) => (x: T.Tensor) => T.Tensor)(b)(a).toTypedArray()).toEqual(want)
  })
})
