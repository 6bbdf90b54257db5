/**
 * The typed-array elementwise kernels against a naive reference written here: each element computed
 * in double from the stored operands and rounded once to dst's type, y indexed as y[i mod m], and
 * relu / threshold_backward by PyTorch's case analysis, the momentum step as the three passes it
 * fuses (b' = g + μ·b, u = b'·c, p' = p + u, each rounded to the arrays' type). Worked examples pin
 * the special values (signed zeros, infinities, NaN, float32 subnormals and overflow, single
 * rounding in axpy, the momentum step's rounding after every pass); an exhaustive sweep covers
 * every length up to 12 with every row length dividing it, every op, both operand orders and every
 * mix of array types. Values compare with Object.is (NaN equals NaN, 0 differs from −0).
 */
import { describe, expect, it } from 'vitest'
import {
  axpyInto, binaryInto, checkRepeat, momentumStepInto, reluBackwardInto, reluInto, rowLoop, scalarLoop, type BinaryCode,
} from '../../src/kernels/elementwise.js'
import type { FloatArray } from '../../src/kernels/mm.js'
import { seeded } from './floatSamples.js'
import { mismatches, show } from './mismatches.js'

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor
const CODES: readonly BinaryCode[] = ['add', 'sub', 'mul', 'div']
const TYPES: readonly Ctor[] = [Float32Array, Float64Array]
/** Every (x, y, dst) mix of array types. */
const MIXES: readonly (readonly [Ctor, Ctor, Ctor])[] = TYPES.flatMap((a) => TYPES.flatMap((b) => TYPES.map((c) => [a, b, c] as const)))
const tag = (t: Ctor): string => (t === Float32Array ? 'f32' : 'f64')

// ---- the reference ----

/** A double rounded to the values `dst` holds. */
const roundFor = (dst: FloatArray) => (v: number): number => (dst instanceof Float32Array ? Math.fround(v) : v)

const apply = (code: BinaryCode, a: number, b: number): number =>
  code === 'add' ? a + b : code === 'sub' ? a - b : code === 'mul' ? a * b : a / b

/** dst[i] = x[i] ∘ y[i mod m] (y ∘ x when swapped), in double, rounded to dst's type. */
const naiveBinary = (code: BinaryCode, x: FloatArray, y: FloatArray, dst: FloatArray, swap: boolean): number[] => {
  const round = roundFor(dst)
  return Array.from({ length: dst.length }, (_, i) => {
    const a = x[i]
    const b = y[i % y.length]
    return round(swap ? apply(code, b, a) : apply(code, a, b))
  })
}

const naiveAxpy = (x: FloatArray, alpha: number, y: FloatArray, dst: FloatArray): number[] =>
  Array.from({ length: dst.length }, (_, i) => roundFor(dst)(x[i] + alpha * y[i]))

/**
 * SGD with momentum as the three passes it replaces, each rounded to the arrays' type: b' = g + μ·b
 * (in double, rounded once, as axpy), u = b'·c, p' = p + u. Returns [p', b'].
 */
const naiveMomentumStep = (p: FloatArray, g: FloatArray, b: FloatArray, mu: number, c: number): [number[], number[]] => {
  const round = roundFor(p)
  const b2 = Array.from({ length: p.length }, (_, i) => round(g[i] + mu * b[i]))
  const u = b2.map((v) => round(v * c))
  return [u.map((v, i) => round(p[i] + v)), b2]
}

/** PyTorch's relu: positive values and NaN pass, a signed zero keeps its sign, negatives give +0. */
const naiveRelu = (x: FloatArray, dst: FloatArray): number[] =>
  Array.from({ length: dst.length }, (_, i) => {
    const v = x[i]
    if (Number.isNaN(v) || v > 0 || v === 0) return roundFor(dst)(v)
    return 0
  })

/** PyTorch's threshold_backward(g, y, 0): g where y > 0 or y is NaN, +0 elsewhere. */
const naiveReluBackward = (g: FloatArray, y: FloatArray, dst: FloatArray): number[] =>
  Array.from({ length: dst.length }, (_, i) => (y[i] > 0 || Number.isNaN(y[i]) ? roundFor(dst)(g[i]) : 0))

// ---- comparison and samples ----


/** Special values: signed zeros, infinities, NaN, subnormals, values near overflow, ±1. */
const SPECIALS: Readonly<Record<'f32' | 'f64', readonly number[]>> = {
  f32: [0, -0, Infinity, -Infinity, NaN, 1e-40, -1e-40, 2 ** -149, 3.4e38, -3.4e38, 2 ** -126, 1, -1, 0.5],
  f64: [0, -0, Infinity, -Infinity, NaN, 5e-324, -1e-310, 1.7e308, -1.7e308, 2 ** -1022, 1, -1, 0.5, 1e-40, 3.4e38],
}

/** An array of `type` mixing special values (about a third) with random ones of varied scale. */
const sample = (next: () => number, type: Ctor, n: number): FloatArray => {
  const specials = SPECIALS[tag(type) as 'f32' | 'f64']
  const u = (): number => next() / 2 ** 32
  const a = new type(n)
  for (let i = 0; i < n; i++) a[i] = u() < 1 / 3 ? specials[next() % specials.length] : (u() - 0.5) * 2 ** ((next() % 41) - 20)
  return a
}

/** A fresh array of `type` filled with a sentinel, so writes are visible. */
const blank = (type: Ctor, n: number): FloatArray => new type(n).fill(12345)

const copy = (a: FloatArray): FloatArray => a.slice()

// ---- tests ----

describe('worked examples with special values', () => {
  it('signed zeros, infinities and NaN follow IEEE-754', () => {
    const run = (code: BinaryCode, a: number, b: number, swap = false): number => {
      const dst = new Float64Array(1)
      binaryInto(code, Float64Array.of(a), Float64Array.of(b), dst, swap)
      return dst[0]
    }
    expect(run('add', -0, -0)).toBe(-0)
    expect(run('add', -0, 0)).toBe(0)
    expect(run('sub', 0, -0)).toBe(0)
    expect(run('sub', 0, -0, true)).toBe(-0) // y − x = −0 − 0
    expect(run('mul', 0, -1)).toBe(-0)
    expect(run('div', 1, -0)).toBe(-Infinity)
    expect(run('div', 1, -0, true)).toBe(-0) // −0 / 1
    expect(run('div', 0, 0)).toBeNaN()
    expect(run('sub', Infinity, Infinity)).toBeNaN()
    expect(run('mul', 0, Infinity)).toBeNaN()
    expect(run('add', NaN, 1)).toBeNaN()
  })

  it('float32 results overflow to infinity and round in the subnormal range', () => {
    const f32 = (code: BinaryCode, a: number, b: number): number => {
      const dst = new Float32Array(1)
      binaryInto(code, Float32Array.of(a), Float32Array.of(b), dst, false)
      return dst[0]
    }
    expect(f32('add', 3.4e38, 3.4e38)).toBe(Infinity)
    expect(f32('mul', -3.4e38, 2)).toBe(-Infinity)
    // 3·2⁻¹⁴⁹ · ½ lies halfway between 2⁻¹⁴⁹ and 2·2⁻¹⁴⁹: ties to even.
    expect(f32('mul', 3 * 2 ** -149, 0.5)).toBe(2 * 2 ** -149)
    expect(f32('div', 2 ** -149, 2)).toBe(0)
    expect(f32('div', 2 ** -126, 4)).toBe(2 ** -128) // gradual underflow, not flushed
    // In float64 the same operations are exact.
    const d = new Float64Array(2)
    binaryInto('mul', Float64Array.of(3 * 2 ** -149, 3.4e38), Float64Array.of(0.5, 2), d, false)
    expect([...d]).toEqual([1.5 * 2 ** -149, 6.8e38])
  })

  it('scalars, rows and swapped operands', () => {
    const d3 = new Float64Array(3)
    binaryInto('sub', Float64Array.of(1, 2, 3), Float64Array.of(10), d3, false)
    expect([...d3]).toEqual([-9, -8, -7])
    binaryInto('sub', Float64Array.of(1, 2, 3), Float64Array.of(10), d3, true)
    expect([...d3]).toEqual([9, 8, 7])
    const d6 = new Float32Array(6)
    binaryInto('sub', Float32Array.of(1, 2, 3, 4, 5, 6), Float32Array.of(10, 20, 30), d6, false)
    expect([...d6]).toEqual([-9, -18, -27, -6, -15, -24])
    binaryInto('div', Float32Array.of(1, 2, 3, 6, 6, 6), Float32Array.of(6, 12, 18), d6, true)
    expect([...d6]).toEqual([6, 6, 6, 1, 2, 3])
    binaryInto('div', Float32Array.of(1, 2, 3, 6, 6, 6), Float32Array.of(6, 12, 18), d6, false)
    expect([...d6]).toEqual([1 / 6, 1 / 6, 1 / 6, 1, 0.5, 1 / 3].map(Math.fround))
  })

  it('axpy rounds once: float32 from the exact double, float64 without fusing', () => {
    // 1 + (2⁻²⁴ + 2⁻⁴⁸) lies just above the float32 midpoint 1 + 2⁻²⁴, so it rounds up; rounding
    // α (or α·y) to float32 first would give the tie 1 + 2⁻²⁴, which rounds to 1.
    const f = new Float32Array(1)
    axpyInto(Float32Array.of(1), 2 ** -24 + 2 ** -48, Float32Array.of(1), f)
    expect(f[0]).toBe(1 + 2 ** -23)
    // α·y = 1 + 2⁻²⁹ + 2⁻⁶⁰ rounds to 1 + 2⁻²⁹ before the add, so the sum is 0 (a fused
    // multiply-add would give 2⁻⁶⁰).
    const d = new Float64Array(1)
    axpyInto(Float64Array.of(-(1 + 2 ** -29)), 1 + 2 ** -30, Float64Array.of(1 + 2 ** -30), d)
    expect(d[0]).toBe(0)
    axpyInto(Float64Array.of(Infinity), 0, Float64Array.of(Infinity), d)
    expect(d[0]).toBeNaN() // 0 · ∞
  })

  it('relu keeps NaN and −0 and sends negatives to +0', () => {
    const x = Float64Array.of(-0, NaN, -1, 2, -Infinity, Infinity, 0, -5e-324)
    const dst = blank(Float64Array, x.length)
    reluInto(x, dst)
    expect(mismatches(dst, [-0, NaN, 0, 2, 0, Infinity, 0, 0])).toEqual([])
  })

  it('reluBackward passes g where y > 0 or y is NaN, +0 elsewhere', () => {
    const g = Float32Array.of(1, 2, 3, 4, -0, NaN, 5, -7)
    const y = Float32Array.of(0, -0, NaN, 1, 1, -2, -Infinity, 1e-40)
    const dst = blank(Float32Array, g.length)
    reluBackwardInto(g, y, dst)
    expect(mismatches(dst, [0, 0, 3, 4, -0, 0, 0, -7])).toEqual([])
  })
})

describe('binaryInto against the reference', () => {
  const next = seeded(0x5eed)
  it('every code × swap × (x, y, dst) type, for a scalar, rows and the same shape', () => {
    const bad: string[] = []
    for (const [n, m] of [[37, 1], [37, 37], [36, 6], [40, 8], [45, 15], [1, 1]] as const) {
      for (const [tx, ty, td] of MIXES) {
        const x = sample(next, tx, n)
        const y = sample(next, ty, m)
        const [x0, y0] = [copy(x), copy(y)]
        for (const code of CODES) {
          for (const swap of [false, true]) {
            const dst = blank(td, n)
            binaryInto(code, x, y, dst, swap)
            const why = mismatches(dst, naiveBinary(code, x, y, dst, swap))
            if (why.length > 0) bad.push(`${code} swap=${swap} n=${n} m=${m} ${tag(tx)},${tag(ty)}→${tag(td)}: ${why.join('; ')}`)
          }
        }
        if (mismatches(x, x0).length + mismatches(y, y0).length > 0) bad.push(`inputs modified, n=${n} m=${m}`)
      }
    }
    expect(bad).toEqual([])
  })

  it('every special value against every special value, each code and order', () => {
    const bad: string[] = []
    for (const type of TYPES) {
      const s = SPECIALS[tag(type) as 'f32' | 'f64']
      // x lists every special once per y; y is the specials as a row.
      const x = type.from(s.flatMap((a) => s.map(() => a)))
      const y = type.from(s)
      for (const code of CODES) {
        for (const swap of [false, true]) {
          const dst = blank(type, x.length)
          binaryInto(code, x, y, dst, swap)
          const why = mismatches(dst, naiveBinary(code, x, y, dst, swap))
          if (why.length > 0) bad.push(`${tag(type)} ${code} swap=${swap}: ${why.join('; ')}`)
        }
      }
    }
    expect(bad).toEqual([])
  })

  it('exhaustive: n in 0..12, every m dividing n (and m = 0 at n = 0)', () => {
    const next2 = seeded(12)
    const bad: string[] = []
    let cases = 0
    for (let n = 0; n <= 12; n++) {
      const ms = n === 0 ? [0, 1, 2, 3] : Array.from({ length: n }, (_, i) => i + 1).filter((m) => n % m === 0)
      for (const m of ms) {
        for (const [tx, ty, td] of MIXES) {
          const x = sample(next2, tx, n)
          const y = sample(next2, ty, m)
          for (const code of CODES) {
            for (const swap of [false, true]) {
              const dst = blank(td, n)
              binaryInto(code, x, y, dst, swap)
              cases++
              const why = mismatches(dst, naiveBinary(code, x, y, dst, swap))
              if (why.length > 0) bad.push(`${code} swap=${swap} n=${n} m=${m} ${tag(tx)},${tag(ty)}→${tag(td)}: ${why.join('; ')}`)
            }
          }
        }
      }
    }
    expect(bad).toEqual([])
    expect(cases).toBe(8 * 8 * (4 + [1, 2, 2, 3, 2, 4, 2, 4, 3, 4, 2, 6].reduce((a, b) => a + b))) // d(1..12)
  })
})

describe('scalarLoop and rowLoop', () => {
  const next = seeded(77)
  it('scalarLoop computes with the constant as given, rounding the result to dst', () => {
    const bad: string[] = []
    for (const type of TYPES) {
      const x = sample(next, type, 23)
      for (const c of [0.1, -0, NaN, 1e-45, 3.4e38, -Infinity, 1 / 3]) {
        for (const code of CODES) {
          for (const swap of [false, true]) {
            const dst = blank(type, x.length)
            scalarLoop(code, x, c, dst, swap)
            const why = mismatches(dst, naiveBinary(code, x, Float64Array.of(c), dst, swap))
            if (why.length > 0) bad.push(`${tag(type)} ${code} c=${show(c)} swap=${swap}: ${why.join('; ')}`)
          }
        }
      }
    }
    expect(bad).toEqual([])
  })

  it('rowLoop writes dst[r .. r + m) and nothing else', () => {
    const bad: string[] = []
    for (const type of TYPES) {
      const x = sample(next, type, 20)
      const y = sample(next, type, 7)
      for (const code of CODES) {
        for (const swap of [false, true]) {
          for (const r of [0, 6, 13]) {
            const dst = blank(type, 20)
            rowLoop(code, x, y, dst, r, 7, swap)
            const round = roundFor(dst)
            const want = Array.from({ length: 20 }, (_, i) =>
              i < r || i >= r + 7 ? 12345 : round(swap ? apply(code, y[i - r], x[i]) : apply(code, x[i], y[i - r])))
            const why = mismatches(dst, want)
            if (why.length > 0) bad.push(`${tag(type)} ${code} swap=${swap} r=${r}: ${why.join('; ')}`)
          }
        }
      }
    }
    expect(bad).toEqual([])
  })
})

describe('axpyInto, reluInto, reluBackwardInto against the reference', () => {
  const next = seeded(2024)
  const ALPHAS = [0, -0, 1, -1, 1e-3, 3, 0.1, 2 ** -24 + 2 ** -48, 1e300, Infinity, NaN]

  it('axpy for n in 0..12 and 41, every alpha and (x, y, dst) type', () => {
    const bad: string[] = []
    for (const n of [...Array.from({ length: 13 }, (_, i) => i), 41]) {
      for (const [tx, ty, td] of MIXES) {
        const x = sample(next, tx, n)
        const y = sample(next, ty, n)
        const [x0, y0] = [copy(x), copy(y)]
        for (const alpha of ALPHAS) {
          const dst = blank(td, n)
          axpyInto(x, alpha, y, dst)
          const why = mismatches(dst, naiveAxpy(x, alpha, y, dst))
          if (why.length > 0) bad.push(`n=${n} α=${show(alpha)} ${tag(tx)},${tag(ty)}→${tag(td)}: ${why.join('; ')}`)
        }
        if (mismatches(x, x0).length + mismatches(y, y0).length > 0) bad.push(`inputs modified, n=${n}`)
      }
    }
    expect(bad).toEqual([])
  })

  it('relu and reluBackward for n in 0..12 and 41, every type mix', () => {
    const bad: string[] = []
    for (const n of [...Array.from({ length: 13 }, (_, i) => i), 41]) {
      for (const [tx, ty, td] of MIXES) {
        const x = sample(next, tx, n)
        const y = sample(next, ty, n)
        const [x0, y0] = [copy(x), copy(y)]
        const r = blank(td, n)
        reluInto(x, r)
        const why = mismatches(r, naiveRelu(x, r))
        if (why.length > 0) bad.push(`relu n=${n} ${tag(tx)}→${tag(td)}: ${why.join('; ')}`)
        const b = blank(td, n)
        reluBackwardInto(x, y, b)
        const why2 = mismatches(b, naiveReluBackward(x, y, b))
        if (why2.length > 0) bad.push(`reluBackward n=${n} ${tag(tx)},${tag(ty)}→${tag(td)}: ${why2.join('; ')}`)
        if (mismatches(x, x0).length + mismatches(y, y0).length > 0) bad.push(`inputs modified, n=${n}`)
      }
    }
    expect(bad).toEqual([])
  })

  it('in place (dst = x, dst = g) gives the out-of-place values', () => {
    for (const type of TYPES) {
      const x = sample(next, type, 30)
      const y = sample(next, type, 30)
      const out = blank(type, 30)
      axpyInto(x, 0.25, y, out)
      const inPlace = copy(x)
      axpyInto(inPlace, 0.25, y, inPlace)
      expect(mismatches(inPlace, out)).toEqual([])
      reluInto(x, out)
      const r = copy(x)
      reluInto(r, r)
      expect(mismatches(r, out)).toEqual([])
      reluBackwardInto(x, y, out)
      const g = copy(x)
      reluBackwardInto(g, y, g)
      expect(mismatches(g, out)).toEqual([])
      for (const m of [1, 5, 30]) {
        for (const code of CODES) {
          const row = y.subarray(0, m)
          binaryInto(code, x, row, out, false)
          const b = copy(x)
          binaryInto(code, b, row, b, false)
          expect(mismatches(b, out)).toEqual([])
        }
      }
    }
  })
})

describe('momentumStepInto against the reference', () => {
  const next = seeded(0x30e7)
  const MUS = [0.9, 0, -0, 1, 0.5, 2 ** -24 + 2 ** -48, -1e-3, Infinity, NaN]
  // c = −lr is of the arrays' type, as the optimiser passes it.
  const CS: Readonly<Record<'f32' | 'f64', readonly number[]>> = {
    f32: [Math.fround(-0.01), Math.fround(-0.1), -1, 0, -0, 2 ** -149, -Infinity, NaN, Math.fround(-3.4e38)],
    f64: [-0.01, -0.1, -1, 0, -0, 5e-324, -Infinity, NaN, -1.7e308],
  }

  /** Runs the kernel out of place into sentinel-filled outputs; the differences from the reference. */
  const check = (p: FloatArray, g: FloatArray, b: FloatArray, mu: number, c: number, what: string): string[] => {
    const type = p instanceof Float32Array ? Float32Array : Float64Array
    const pOut = blank(type, p.length)
    const bOut = blank(type, p.length)
    momentumStepInto(p, g, b, mu, c, pOut, bOut)
    const [pWant, bWant] = naiveMomentumStep(p, g, b, mu, c)
    const why = [...mismatches(pOut, pWant).map((m) => `p' ${m}`), ...mismatches(bOut, bWant).map((m) => `b' ${m}`)]
    return why.length > 0 ? [`${what} μ=${show(mu)} c=${show(c)}: ${why.join('; ')}`] : []
  }

  /** One element through the kernel: [p', b']. */
  const one = (type: Ctor, p: number, g: number, b: number, mu: number, c: number): [number, number] => {
    const [pOut, bOut] = [new type(1), new type(1)]
    momentumStepInto(type.of(p), type.of(g), type.of(b), mu, c, pOut, bOut)
    return [pOut[0], bOut[0]]
  }

  it('rounds after every pass: μ·b is not rounded alone, b\'·c is rounded before the add, b\' is stored before the product', () => {
    // b' = 1 + (2⁻²⁴ + 2⁻⁴⁸) rounds up to 1 + 2⁻²³ in float32 (rounding μ·b alone first gives the tie 1 + 2⁻²⁴ → 1).
    expect(one(Float32Array, 0, 1, 1, 2 ** -24 + 2 ** -48, -1)).toEqual([-(1 + 2 ** -23), 1 + 2 ** -23])
    // b'·c = (1 + 2⁻²³)² = 1 + 2⁻²² + 2⁻⁴⁶ rounds to 1 + 2⁻²² before p is added: p' = 0, not 2⁻⁴⁶.
    expect(one(Float32Array, -(1 + 2 ** -22), 1 + 2 ** -23, 0, 0.9, 1 + 2 ** -23)).toEqual([0, 1 + 2 ** -23])
    // The same in float64, without a fused multiply-add: (1 + 2⁻³⁰)² rounds to 1 + 2⁻²⁹.
    expect(one(Float64Array, -(1 + 2 ** -29), 1 + 2 ** -30, 0, 0.5, 1 + 2 ** -30)).toEqual([0, 1 + 2 ** -30])
    // b' = 6.8e38 overflows float32 when stored, so p' = −∞; float64 keeps it finite.
    const c32 = Math.fround(-0.01)
    expect(one(Float32Array, 1, 3.4e38, 3.4e38, 1, c32)).toEqual([-Infinity, Infinity])
    expect(one(Float64Array, 1, 3.4e38, 3.4e38, 1, -0.01)).toEqual([1 + 6.8e38 * -0.01, 6.8e38])
  })

  it('signed zeros, infinities and NaN follow IEEE-754 through the three passes', () => {
    for (const type of TYPES) {
      // b' = −0 + 1·(−0) = −0; u = −0·(−0.5) = +0; p' = −0 + 0 = +0.
      expect(one(type, -0, -0, -0, 1, -0.5).map(show)).toEqual(['0', '-0'])
      // u = −0·0.5 = −0; p' = −0 + −0 = −0.
      expect(one(type, -0, -0, -0, 1, 0.5).map(show)).toEqual(['-0', '-0'])
      // μ·b = 0·∞ = NaN.
      expect(one(type, 1, 1, Infinity, 0, -0.5).map(show)).toEqual(['NaN', 'NaN'])
      // ∞ − ∞ in b', and u = ∞·0 in p'.
      expect(one(type, 1, Infinity, -Infinity, 1, -0.5).map(show)).toEqual(['NaN', 'NaN'])
      expect(one(type, 1, Infinity, 0, 0.9, 0).map(show)).toEqual(['NaN', 'Infinity'])
      expect(one(type, -Infinity, 2, 1, 0.5, -0.5).map(show)).toEqual(['-Infinity', '2.5'])
    }
  })

  it(`n in 0..12 and 41, both types, ${MUS.length} momenta × 9 scales`, () => {
    const bad: string[] = []
    let cases = 0
    for (const n of [...Array.from({ length: 13 }, (_, i) => i), 41]) {
      for (const type of TYPES) {
        const [p, g, b] = [sample(next, type, n), sample(next, type, n), sample(next, type, n)]
        const before = [p, g, b].map(copy)
        for (const mu of MUS) {
          for (const c of CS[tag(type) as 'f32' | 'f64']) {
            cases++
            bad.push(...check(p, g, b, mu, c, `n=${n} ${tag(type)}`))
          }
        }
        ;[p, g, b].forEach((a, i) => { if (mismatches(a, before[i]).length > 0) bad.push(`input ${i} modified, n=${n} ${tag(type)}`) })
      }
    }
    expect(bad).toEqual([])
    expect(cases).toBe(14 * 2 * MUS.length * 9)
  })

  it('every special value as g against every special value as b, p cycling through them', () => {
    const bad: string[] = []
    for (const type of TYPES) {
      const s = SPECIALS[tag(type) as 'f32' | 'f64']
      const g = type.from(s.flatMap((a) => s.map(() => a)))
      const b = type.from(s.flatMap(() => s))
      const p = type.from(Array.from(g, (_, i) => s[(i * 7) % s.length]))
      for (const mu of [0.9, 1, 0, NaN]) {
        for (const c of [CS[tag(type) as 'f32' | 'f64'][0], -0, -Infinity]) bad.push(...check(p, g, b, mu, c, tag(type)))
      }
    }
    expect(bad).toEqual([])
  })

  it('in place (pOut = p, bOut = b) gives the out-of-place values', () => {
    for (const type of TYPES) {
      for (const n of [0, 1, 7, 41]) {
        const [p, g, b] = [sample(next, type, n), sample(next, type, n), sample(next, type, n)]
        const c = CS[tag(type) as 'f32' | 'f64'][0]
        const [pOut, bOut] = [blank(type, n), blank(type, n)]
        momentumStepInto(p, g, b, 0.9, c, pOut, bOut)
        const [pIn, bIn] = [copy(p), copy(b)]
        momentumStepInto(pIn, g, bIn, 0.9, c, pIn, bIn)
        expect(mismatches(pIn, pOut), `${tag(type)} n=${n} p`).toEqual([])
        expect(mismatches(bIn, bOut), `${tag(type)} n=${n} b`).toEqual([])
      }
    }
  })
})

describe('length checks', () => {
  const f = (n: number): Float32Array => new Float32Array(n).fill(1)
  const msg = (kernel: string, x: number, n: number, m: number): RangeError =>
    new RangeError(`${kernel}: x (${x}) and dst (${n}) must have one length, a whole number of y's (${m})`)

  it('binaryInto throws a RangeError naming itself and the lengths, before writing', () => {
    const dst = f(6)
    expect(() => binaryInto('add', f(5), f(1), dst, false)).toThrow(msg('binaryInto', 5, 6, 1))
    expect(() => binaryInto('sub', f(6), f(4), dst, true)).toThrow(msg('binaryInto', 6, 6, 4))
    expect(() => binaryInto('mul', f(6), f(0), dst, false)).toThrow(msg('binaryInto', 6, 6, 0))
    expect(() => binaryInto('div', f(6), f(12), dst, false)).toThrow(msg('binaryInto', 6, 6, 12))
    expect(() => binaryInto('add', f(7), f(7), dst, false)).toThrow(msg('binaryInto', 7, 6, 7))
    expect(() => binaryInto('add', f(6), f(6), dst, false)).not.toThrow() // wrote dst: refill below
    dst.fill(1)
    expect(() => binaryInto('add', f(6), f(4), dst, false)).toThrow(RangeError)
    expect([...dst]).toEqual([1, 1, 1, 1, 1, 1])
  })

  it('empty arrays are fine with any row length, including 0', () => {
    for (const m of [0, 1, 3]) expect(() => binaryInto('add', f(0), f(m), f(0), false)).not.toThrow()
  })

  it('axpy, relu and reluBackward refuse an input whose length is not dst\'s, before writing', () => {
    const dst = f(4)
    const same = (kernel: string, got: number): RangeError => new RangeError(`${kernel}: every array must have dst's length 4, got ${got}`)
    expect(() => axpyInto(f(3), 2, f(4), dst)).toThrow(same('axpy', 3))
    expect(() => axpyInto(f(4), 2, f(5), dst)).toThrow(same('axpy', 5))
    expect(() => reluInto(f(8), dst)).toThrow(same('relu', 8))
    expect(() => reluBackwardInto(f(4), f(1), dst)).toThrow(same('reluBackward', 1))
    expect([...dst]).toEqual([1, 1, 1, 1])
  })

  it('momentumStep refuses any array whose length is not pOut\'s, before writing either output', () => {
    const [pOut, bOut] = [f(4), f(4)]
    const same = (got: number, n = 4): RangeError => new RangeError(`momentumStep: every array must have dst's length ${n}, got ${got}`)
    expect(() => momentumStepInto(f(3), f(4), f(4), 0.9, -0.5, pOut, bOut)).toThrow(same(3))
    expect(() => momentumStepInto(f(4), f(5), f(4), 0.9, -0.5, pOut, bOut)).toThrow(same(5))
    expect(() => momentumStepInto(f(4), f(4), f(0), 0.9, -0.5, pOut, bOut)).toThrow(same(0))
    expect(() => momentumStepInto(f(4), f(4), f(4), 0.9, -0.5, pOut, f(6))).toThrow(same(6))
    expect(() => momentumStepInto(f(4), f(4), f(4), 0.9, -0.5, f(2), bOut)).toThrow(same(4, 2))
    expect([...pOut, ...bOut]).toEqual([1, 1, 1, 1, 1, 1, 1, 1])
    expect(() => momentumStepInto(f(0), f(0), f(0), 0.9, -0.5, f(0), f(0))).not.toThrow()
  })

  it('checkRepeat names the kernel it is given', () => {
    expect(() => checkRepeat('someKernel', f(3), f(2), f(3))).toThrow(msg('someKernel', 3, 3, 2))
    expect(() => checkRepeat('someKernel', f(9), f(3), f(9))).not.toThrow()
    expect(() => checkRepeat('someKernel', f(3), f(0), f(3))).toThrow(msg('someKernel', 3, 3, 0))
  })
})
