/**
 * Casts against PyTorch, bit for bit: float64 → float16/bfloat16/float32 and float32 →
 * float16/bfloat16 on random values, exact ties, subnormals, overflow and non-finite values; half
 * types decoded and re-encoded; float → integer truncation; integer and float → bool; bool → every
 * dtype; int64 → narrower integers wrapping; integers → floats rounding to nearest even.
 *
 * float64 → float16/bfloat16 follows the contract (round once, directly from the double, as
 * NumPy's astype does), which differs from PyTorch 1.13 where PyTorch rounds through float32
 * first; those cases are checked against the `direct` reference (NumPy for float16, exact
 * rational rounding for bfloat16) and, everywhere else, against PyTorch.
 */
import { describe, it, expect } from 'vitest'
import * as T from '../../src/tensor/index.js'
import type { DType } from '../../src/tensor/index.js'
import { decodeStorage, decodeTensor, loadFixture, type Encoded } from '../fixtures/load.js'
import { exactMismatches } from './match.js'

interface CastCase { readonly from: Encoded; readonly to: DType; readonly torch: Encoded; readonly direct?: Encoded }

const fx = loadFixture<{ readonly cases: readonly CastCase[] }>('tensor', 'cast')

const title = (c: CastCase): string => `${c.from.dtype} -> ${c.to} (${c.from.data.length} values)`

describe('casts match PyTorch bit for bit', () => {
  it.each(fx.cases.filter((c) => c.direct === undefined).map((c) => [title(c), c] as const))('%s', (_, c) => {
    expect(exactMismatches(T.to(decodeTensor(c.from), c.to), c.torch).join('\n')).toBe('')
  })
})

describe('float64 → float16/bfloat16 round once, directly', () => {
  it.each(fx.cases.filter((c) => c.direct !== undefined).map((c) => [title(c), c] as const))('%s', (_, c) => {
    expect(exactMismatches(T.to(decodeTensor(c.from), c.to), c.direct!).join('\n')).toBe('')
  })

  it('the fixtures contain double-rounding cases where PyTorch (via float32) and the direct rounding differ', () => {
    for (const c of fx.cases.filter((k) => k.direct !== undefined)) {
      const viaTorch = decodeStorage(c.torch) as Uint16Array
      const direct = decodeStorage(c.direct!) as Uint16Array
      const differ = [...direct].filter((v, i) => v !== viaTorch[i] && (v & 0x7fff) <= 0x7c00).length
      expect(differ).toBeGreaterThan(0)
    }
  })
})

describe('shorthand casts', () => {
  it('half, float, double, bfloat16, long, int, bool agree with to()', () => {
    const c = fx.cases.find((k) => k.from.dtype === 'float64' && k.to === 'float16')!
    const x = decodeTensor(c.from)
    const pairs = [
      [x.half(), 'float16'], [x.float(), 'float32'], [x.double(), 'float64'], [x.bfloat16(), 'bfloat16'],
      [T.half(x), 'float16'], [T.float(x), 'float32'], [T.bfloat16(x), 'bfloat16'],
    ] as const
    for (const [y, d] of pairs) expect([y.dtype, y.toTypedArray()]).toEqual([d, T.to(x, d).toTypedArray()])
    const ints = decodeTensor(fx.cases.find((k) => k.from.dtype === 'int64' && k.to === 'int32')!.from)
    expect(ints.int().toTypedArray()).toEqual(T.to(ints, 'int32').toTypedArray())
    expect(ints.bool().toTypedArray()).toEqual(T.bool(ints).toTypedArray())
    expect(ints.long()).toBe(ints)
    expect(T.to(x, { dtype: 'float64', device: 'cpu' })).toBe(x)
  })
})
