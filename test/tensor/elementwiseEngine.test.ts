/**
 * The elementwise engine's own contract (src/tensor/elementwise.ts), called directly: asTensor
 * hands a tensor back unchanged and makes bigint scalars exactly; mapUnary and mapBinary take the
 * exact bigint path only for int64 inputs with an int64 or bool result; mapTernary broadcasts all
 * three operands, each against a naive reference written here.
 */
import { describe, it, expect } from 'vitest'
import * as T from '../../src/tensor/index.js'
import type { Tensor } from '../../src/tensor/index.js'
import { asTensor, mapBinary, mapTernary, mapUnary } from '../../src/tensor/elementwise.js'
import { grad } from '../../src/autodiff/index.js'

const big = (vs: readonly bigint[], shape: readonly number[] = [vs.length]): Tensor => T.tensor(BigInt64Array.from(vs), { dtype: 'int64', shape })
const ints = (t: Tensor): bigint[] => Array.from(t.toTypedArray() as BigInt64Array)
const nums = (t: Tensor): number[] => Array.from(t.toTypedArray() as Float64Array, Number)

describe('asTensor', () => {
  it('returns a tensor itself when no dtype is asked or it already has the dtype', () => {
    const x = T.tensor([1, 2], { dtype: 'int32' })
    expect(asTensor(x)).toBe(x)
    expect(asTensor(x, 'int32')).toBe(x)
  })
  it('casts a tensor of another dtype', () => {
    const y = asTensor(T.tensor([1.5, -2.5]), 'int64')
    expect([y.dtype, ints(y)]).toEqual(['int64', [1n, -2n]])
  })
  it('makes a bigint a zero-dim int64 tensor, exactly beyond 2^53', () => {
    // 2^60 + 1 is not a double (the nearest is 2^60), so only a bigint path keeps the 1.
    const v = 2n ** 60n + 1n
    const t = asTensor(v)
    expect([t.dtype, t.shape, ints(t)]).toEqual(['int64', [], [v]])
    expect(ints(asTensor(-v, 'int64'))).toEqual([-v])
    // add(int64 tensor, bigint) keeps every bit: 2^60 + 1 + 1 = 1152921504606846978.
    expect(ints(T.add(big([1n]), v))).toEqual([1152921504606846978n])
  })
  it('makes numbers and booleans zero-dim tensors of their promoted dtype', () => {
    const f = asTensor(2.5)
    const b = asTensor(true)
    expect([f.dtype, f.shape, nums(f)]).toEqual(['float32', [], [2.5]])
    expect([b.dtype, b.shape, Array.from(b.toTypedArray() as Uint8Array)]).toEqual(['bool', [], [1]])
  })
})

describe('mapUnary', () => {
  // Parity on int64 beyond 2^53: the double nearest to 2^53 + 1 is 2^53 (even), so only the bigint op sees that it is odd.
  const odd = (v: number): number => Math.abs(v % 2)
  const oddBig = (v: bigint): bigint => v & 1n
  it('uses the bigint op for int64 input and a bool result', () => {
    const r = mapUnary(big([2n ** 53n + 1n, 4n, -3n]), 'bool', odd, oddBig)
    expect([r.dtype, Array.from(r.toTypedArray() as Uint8Array)]).toEqual(['bool', [1, 0, 1]])
  })
  it('uses the bigint op for int64 input and an int64 result', () => {
    const r = mapUnary(big([2n ** 53n + 1n, 4n]), 'int64', odd, oddBig)
    expect(ints(r)).toEqual([1n, 0n])
  })
  it('uses the number op for other input dtypes, even with an int64 result', () => {
    const r = mapUnary(T.tensor([3, 4, -5], { dtype: 'int32' }), 'int64', (v) => v * 2, (v) => v * 2n)
    expect([r.dtype, ints(r)]).toEqual(['int64', [6n, 8n, -10n]])
  })
  it('uses the number op for a float result of int64 input', () => {
    // Halving in numbers gives 3.5; a bigint halving would truncate to 3.
    const r = mapUnary(big([7n]), 'float64', (v) => v / 2, (v) => v / 2n)
    expect(nums(r)).toEqual([3.5])
  })
})

describe('mapBinary dispatch', () => {
  const add = (x: number, y: number): number => x + y
  const addBig = (x: bigint, y: bigint): bigint => x + y
  it('computes int32 ⊕ int64 in numbers (the bigint op needs both int64)', () => {
    const i32 = T.tensor([1, 2], { dtype: 'int32' })
    const i64 = big([10n, 20n])
    expect(ints(mapBinary('add', i32, i64, 'int64', add, addBig))).toEqual([11n, 22n])
    expect(ints(mapBinary('add', i64, i32, 'int64', add, addBig))).toEqual([11n, 22n])
  })
  it('computes a float result of int64 operands in numbers', () => {
    // 7 / 2 = 3.5 in numbers; bigint division would give 3.
    const r = mapBinary('div', big([7n]), big([2n]), 'float64', (x, y) => x / y, (x, y) => x / y)
    expect(nums(r)).toEqual([3.5])
  })
  it('computes int64 ⊕ int64 exactly with broadcasting', () => {
    const r = mapBinary('add', big([2n ** 62n, 1n], [2, 1]), big([1n, 2n, 3n]), 'int64', add, addBig)
    expect([r.shape, ints(r)]).toEqual([[2, 3], [2n ** 62n + 1n, 2n ** 62n + 2n, 2n ** 62n + 3n, 2n, 3n, 4n]])
  })
})

describe('mapTernary broadcasts all three operands', () => {
  const shapes: number[][] = [[], [1], [2], [3], [1, 1], [2, 1], [1, 3], [2, 3], [3, 3], [1, 2, 1], [2, 2, 3]]
  const bcast = (...ss: number[][]): number[] | undefined => {
    const n = Math.max(...ss.map((s) => s.length))
    const out: number[] = []
    for (let i = 0; i < n; i++) {
      const dims = ss.map((s) => s[s.length - n + i] ?? 1)
      const big = Math.max(...dims)
      if (dims.some((d) => d !== 1 && d !== big)) return undefined
      out.push(big)
    }
    return out
  }
  const at = (shape: number[], idx: number[]): number => {
    let flat = 0
    const off = idx.length - shape.length
    for (let d = 0; d < shape.length; d++) flat = flat * shape[d] + (shape[d] === 1 ? 0 : idx[off + d])
    return flat
  }
  const unflatten = (k: number, shape: number[]): number[] => {
    const idx = new Array<number>(shape.length)
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = k % shape[d]
      k = Math.floor(k / shape[d])
    }
    return idx
  }
  it('agrees with the naive reference on every triple of small shapes', () => {
    const bad: string[] = []
    let cases = 0
    for (const sa of shapes) for (const sb of shapes) for (const sc of shapes) {
      const out = bcast(sa, sb, sc)
      if (out === undefined) continue
      cases++
      const vals = (s: number[], base: number): number[] => Array.from({ length: s.reduce((p, v) => p * v, 1) }, (_, i) => base + i)
      const [va, vb, vc] = [vals(sa, 1), vals(sb, 20), vals(sc, 300)]
      const f = (x: number, y: number, z: number): number => x * 1e6 + y * 1e3 + z // each operand's value stays readable
      const r = mapTernary('t', T.tensor(va, { dtype: 'float64', shape: sa }), T.tensor(vb, { dtype: 'float64', shape: sb }),
        T.tensor(vc, { dtype: 'float64', shape: sc }), 'float64', f)
      const n = out.reduce((p, v) => p * v, 1)
      const want = Array.from({ length: n }, (_, k) => {
        const idx = unflatten(k, out)
        return f(va[at(sa, idx)], vb[at(sb, idx)], vc[at(sc, idx)])
      })
      if (r.shape.join(',') !== out.join(',') || nums(r).join(',') !== want.join(',')) bad.push(`[${sa}] [${sb}] [${sc}]: got ${nums(r)}, want ${want}`)
    }
    expect(cases).toBeGreaterThan(300)
    expect(bad.slice(0, 5)).toEqual([])
  })
  it('gives a bool result of 0/1', () => {
    const r = mapTernary('t', T.tensor([1, 0]), T.tensor([[1], [0]]), T.tensor(1), 'bool', (x, y, z) => x * y * z)
    expect([r.dtype, r.shape, Array.from(r.toTypedArray() as Uint8Array)]).toEqual(['bool', [2, 2], [1, 0, 0, 0]])
  })
  it('names the op when shapes do not broadcast', () => {
    expect(() => mapTernary('where', T.zeros([2]), T.zeros([3]), T.zeros([1]), 'float32', (x) => x))
      .toThrow('where: shapes [2] and [3] cannot be broadcast: size 2 vs 3 at dim -1 (counting from the end)')
  })
})

describe('f sees each output element once, and only real elements', () => {
  /** A scalar function that records its arguments. */
  const recorder = () => {
    const calls: number[][] = []
    return { calls, f: (...args: number[]): number => (calls.push(args), args.reduce((p, v) => p + v, 0)) }
  }
  const allNumbers = (calls: number[][]): boolean => calls.every((c) => c.every((v) => typeof v === 'number' && !Number.isNaN(v)))
  it('mapUnary', () => {
    const r = recorder()
    mapUnary(T.tensor([1, 2, 3]), 'float32', r.f)
    expect(r.calls).toEqual([[1], [2], [3]])
  })
  it('mapBinary: same shape, a one-element operand on either side, and general broadcasting', () => {
    const cases: [Tensor, Tensor, number][] = [
      [T.tensor([1, 2, 3]), T.tensor([4, 5, 6]), 3],
      [T.tensor([1, 2, 3]), T.tensor(4), 3],
      [T.tensor([4]), T.tensor([1, 2, 3]), 3],
      [T.tensor([[1], [2]]), T.tensor([3, 4, 5]), 6],
    ]
    for (const [a, b, n] of cases) {
      const r = recorder()
      mapBinary('t', a, b, 'float64', r.f)
      expect([r.calls.length, allNumbers(r.calls)]).toEqual([n, true])
    }
  })
  it('mapTernary: all full, and broadcasting', () => {
    for (const [a, b, c, n] of [[T.tensor([1, 2]), T.tensor([3, 4]), T.tensor([5, 6]), 2], [T.tensor([[1], [2]]), T.tensor([3, 4]), T.tensor(5), 4]] as const) {
      const r = recorder()
      mapTernary('t', a, b, c, 'float64', r.f)
      expect([r.calls.length, allNumbers(r.calls)]).toEqual([n, true])
    }
  })
})

describe('gradients of mul and div with broadcast operands (the vjps run mapTernary on unequal shapes)', () => {
  it('match hand-derived sums over the broadcast dims', () => {
    // f(x, y) = Σ x·y with x: [2, 3], y: [3] → ∂f/∂x[i, j] = y[j], ∂f/∂y[j] = Σ_i x[i, j].
    const x = T.tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' })
    const y = T.tensor([10, 20, 30], { dtype: 'float64' })
    const [gx, gy] = grad((a: Tensor, b: Tensor) => T.mul(a, b).sum(), { argnums: [0, 1] })(x, y) as [Tensor, Tensor]
    expect(nums(gx)).toEqual([10, 20, 30, 10, 20, 30])
    expect(nums(gy)).toEqual([5, 7, 9])
    // g(x, y) = Σ x / y with y: [2, 1] → ∂g/∂x[i, j] = 1 / y[i], ∂g/∂y[i] = −Σ_j x[i, j] / y[i]²:
    // y = [2, 4]: ∂/∂y = [−(1+2+3)/4, −(4+5+6)/16] = [−1.5, −0.9375].
    const yc = T.tensor([[2], [4]], { dtype: 'float64' })
    const [hx, hy] = grad((a: Tensor, b: Tensor) => T.div(a, b).sum(), { argnums: [0, 1] })(x, yc) as [Tensor, Tensor]
    expect(nums(hx)).toEqual([0.5, 0.5, 0.5, 0.25, 0.25, 0.25])
    expect([hy.shape, nums(hy)]).toEqual([[2, 1], [-1.5, -0.9375]])
  })
})
