/**
 * The WebAssembly SIMD elementwise kernels against the typed-array kernels (themselves checked
 * against a naive reference in elementwise.test.ts), bit for bit with Object.is (NaN equals NaN):
 * the emitted module validates and exports what it lists; an exhaustive sweep over every length up
 * to 70 (every vector tail) with every row length dividing it, at two chunk sizes so that scalars,
 * rows shorter and longer than a chunk and the same-shape case all run; a fast-check law over
 * random chunk sizes, views and values; large arrays through the default kernels; the fallbacks
 * (short arrays, mixed array types, no SIMD), which are counted through a stand-in WebAssembly;
 * aliasing, untouched inputs and the argument checks. The momentum step (two outputs, five
 * streamed regions) runs in each of these, with its scale c of the arrays' type as the optimiser
 * passes it.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { params } from '../../laws/runs.js'
import type { BinaryCode } from '../../src/kernels/elementwise.js'
import type { FloatArray } from '../../src/kernels/mm.js'
import { F64, I32 } from '../../src/kernels/wasm/encode.js'
import { BINARY_CODES, elementwiseExports, elementwiseModuleBytes } from '../../src/kernels/wasm/elementwiseModule.js'
import {
  createWasmElementwise, typedArrayElementwise as ref, wasmElementwise, type ElementwiseKernels,
} from '../../src/kernels/wasm/elementwiseWasm.js'
import { seeded } from './floatSamples.js'
import { mismatches, show } from './mismatches.js'
import { withGlobal } from './withGlobal.js'

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor
const CODES: readonly BinaryCode[] = ['add', 'sub', 'mul', 'div']
const TYPES: readonly Ctor[] = [Float32Array, Float64Array]
const tag = (t: Ctor | FloatArray): string => (t === Float32Array || t instanceof Float32Array ? 'f32' : 'f64')
const ALPHAS = [0, -1, 1e-3, 3, 0.1, -0, 2 ** -24 + 2 ** -48, Infinity]


const SPECIALS: Readonly<Record<string, readonly number[]>> = {
  f32: [0, -0, Infinity, -Infinity, NaN, 1e-40, -1e-40, 2 ** -149, 3.4e38, -3.4e38, 2 ** -126, 1, -1],
  f64: [0, -0, Infinity, -Infinity, NaN, 5e-324, -1e-310, 1.7e308, -1.7e308, 2 ** -1022, 1, -1, 3.4e38],
}

/** An array of `type` mixing special values (about a third) with random ones of varied scale. */
const sample = (next: () => number, type: Ctor, n: number): FloatArray => {
  const specials = SPECIALS[tag(type)]
  const u = (): number => next() / 2 ** 32
  const a = new type(n)
  for (let i = 0; i < n; i++) a[i] = u() < 1 / 3 ? specials[next() % specials.length] : (u() - 0.5) * 2 ** ((next() % 41) - 20)
  return a
}

/** A fresh array of `type` filled with a sentinel, so missing writes show. */
const blank = (type: Ctor, n: number): FloatArray => new type(n).fill(12345)

/**
 * Runs every kernel of `k` and of the typed-array set on the same inputs and lists the differences
 * (and any change to an input). `row` is y for binary; `z` (x's length) is y for axpy and reluBackward.
 */
function compare(k: ElementwiseKernels, x: FloatArray, row: FloatArray, z: FloatArray, dstType: Ctor,
  ops: { codes?: readonly BinaryCode[]; alphas?: readonly number[]; unary?: boolean } = {}): string[] {
  const { codes = CODES, alphas = ALPHAS, unary = true } = ops
  const n = x.length
  const before = [x, row, z].map((a) => a.slice())
  const bad: string[] = []
  const check = (what: string, run: (kk: ElementwiseKernels, dst: FloatArray) => void): void => {
    const got = blank(dstType, n)
    const want = blank(dstType, n)
    run(k, got)
    run(ref, want)
    const why = mismatches(got, want)
    if (why.length > 0) bad.push(`${what} n=${n} m=${row.length} ${tag(x)},${tag(row)}→${tag(dstType)}: ${why.join('; ')}`)
  }
  for (const code of codes) {
    for (const swap of [false, true]) check(`${code} swap=${swap}`, (kk, d) => kk.binary(code, x, row, d, swap))
  }
  for (const alpha of alphas) check(`axpy α=${show(alpha)}`, (kk, d) => kk.axpy(x, alpha, z, d))
  if (unary) {
    check('relu', (kk, d) => kk.relu(x, d))
    check('reluBackward', (kk, d) => kk.reluBackward(x, z, d))
  }
  const after = [x, row, z]
  before.forEach((b, i) => {
    if (mismatches(after[i], b).length > 0) bad.push(`input ${i} modified, n=${n} m=${row.length}`)
  })
  return bad
}

const MUS = [0.9, 0, -0, 1, 2 ** -24 + 2 ** -48, -1e-3, Infinity, NaN]

/** Scales c = −lr for the momentum step, of the arrays' type (float32 values for Float32Array). */
const scalesFor = (type: Ctor): number[] =>
  [-0.01, -0, -0.1, 2 ** -30, -Infinity, NaN].map(type === Float32Array ? Math.fround : (v) => v)

/**
 * Runs momentumStep of `k` and of the typed-array set on the same inputs for every (μ, c) and lists
 * the differences in either output (and any change to an input). Outputs are of p's type unless
 * `out` names the (pOut, bOut) types.
 */
function compareMomentum(k: ElementwiseKernels, p: FloatArray, g: FloatArray, b: FloatArray,
  mus: readonly number[], cs: readonly number[], out?: readonly [Ctor, Ctor]): string[] {
  const n = p.length
  const [tp, tb] = out ?? [p instanceof Float32Array ? Float32Array : Float64Array, p instanceof Float32Array ? Float32Array : Float64Array]
  const before = [p, g, b].map((a) => a.slice())
  const bad: string[] = []
  for (const mu of mus) {
    for (const c of cs) {
      const [pGot, bGot, pWant, bWant] = [blank(tp, n), blank(tb, n), blank(tp, n), blank(tb, n)]
      k.momentumStep(p, g, b, mu, c, pGot, bGot)
      ref.momentumStep(p, g, b, mu, c, pWant, bWant)
      const why = [...mismatches(pGot, pWant).map((m) => `p' ${m}`), ...mismatches(bGot, bWant).map((m) => `b' ${m}`)]
      if (why.length > 0) bad.push(`momentumStep μ=${show(mu)} c=${show(c)} n=${n} ${[p, g, b].map(tag).join(',')}→${tag(tp)},${tag(tb)}: ${why.join('; ')}`)
    }
  }
  ;[p, g, b].forEach((a, i) => {
    if (mismatches(a, before[i]).length > 0) bad.push(`momentumStep input ${i} modified, n=${n}`)
  })
  return bad
}

/** Runs `f` with `globalThis.WebAssembly` replaced, then restores it. */
const withWebAssembly = <T>(replacement: unknown, f: () => T): T => withGlobal('WebAssembly', replacement, f)

/** A WebAssembly that counts the memories and instances made through it. */
function countingWebAssembly() {
  const made = { memories: [] as WebAssembly.Memory[], instances: 0 }
  class Memory extends WebAssembly.Memory {
    constructor(d: WebAssembly.MemoryDescriptor) {
      super(d)
      made.memories.push(this)
    }
  }
  class Instance extends WebAssembly.Instance {
    constructor(m: WebAssembly.Module, i?: WebAssembly.Imports) {
      super(m, i)
      made.instances++
    }
  }
  return { wasm: Object.create(WebAssembly, { Memory: { value: Memory }, Instance: { value: Instance } }) as unknown, made }
}

describe('the emitted module', () => {
  it('validates, and an instance exports every listed function with its arity', () => {
    const bytes = elementwiseModuleBytes(1)
    expect(WebAssembly.validate(bytes)).toBe(true)
    const memory = new WebAssembly.Memory({ initial: 1 })
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } })
    const listed = elementwiseExports()
    for (const { name, params: ps } of listed) {
      const f = instance.exports[name]
      expect(typeof f, name).toBe('function')
      expect((f as (...a: number[]) => void).length, name).toBe(ps.length)
    }
    expect(Object.keys(instance.exports).sort()).toEqual(listed.map((e) => e.name).sort())
  })

  it('lists the 40 kernels the wrapper calls, with their parameter types', () => {
    expect(BINARY_CODES).toEqual(['add', 'sub', 'mul', 'div'])
    const want = [32, 64].flatMap((bits) => [
      ...CODES.flatMap((c) => [
        { name: `${c}VS${bits}`, params: [I32, I32, I32, F64] }, { name: `${c}SV${bits}`, params: [I32, I32, I32, F64] },
        { name: `${c}VR${bits}`, params: [I32, I32, I32, I32, I32] }, { name: `${c}RV${bits}`, params: [I32, I32, I32, I32, I32] },
      ]),
      { name: `axpy${bits}`, params: [I32, I32, I32, I32, F64] },
      { name: `relu${bits}`, params: [I32, I32, I32] },
      { name: `reluBackward${bits}`, params: [I32, I32, I32, I32] },
      { name: `momentumStep${bits}`, params: [I32, I32, I32, I32, I32, I32, F64, F64] },
    ])
    const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : 1)
    expect(elementwiseExports().map((e) => ({ name: e.name, params: [...e.params] })).sort(byName)).toEqual(want.sort(byName))
  })

  it('imports a memory of at least the pages it is made for', () => {
    const module = new WebAssembly.Module(elementwiseModuleBytes(3))
    expect(() => new WebAssembly.Instance(module, { env: { memory: new WebAssembly.Memory({ initial: 2 }) } })).toThrow(WebAssembly.LinkError)
    expect(() => new WebAssembly.Instance(module, { env: { memory: new WebAssembly.Memory({ initial: 3 }) } })).not.toThrow()
  })
})

/**
 * Kernels made on their first call, inside a test: a describe body that made them would run the
 * constructor's checks at collection, where a failure stops the whole file rather than a test.
 */
function lazyKernels(options: Parameters<typeof createWasmElementwise>[0]): ElementwiseKernels {
  let made: ElementwiseKernels | undefined
  const get = (): ElementwiseKernels => (made ??= createWasmElementwise(options))
  return {
    binary: (...a) => get().binary(...a),
    axpy: (...a) => get().axpy(...a),
    relu: (...a) => get().relu(...a),
    reluBackward: (...a) => get().reluBackward(...a),
    momentumStep: (...a) => get().momentumStep(...a),
  }
}

describe('exhaustive sweep: n in 0..70, every m dividing n', () => {
  const divisors = (n: number): number[] =>
    n === 0 ? [0, 1, 3] : Array.from({ length: n }, (_, i) => i + 1).filter((m) => n % m === 0)

  for (const chunk of [8, 64]) {
    const k = lazyKernels({ minLength: 0, chunk })
    for (const type of TYPES) {
      it(`chunk ${chunk}, ${tag(type)}: every code × swap, axpy for ${ALPHAS.length} alphas, relu, reluBackward, momentumStep`, () => {
        const next = seeded(chunk * 10 + (type === Float32Array ? 1 : 2))
        const bad: string[] = []
        let pairs = 0
        for (let n = 0; n <= 70; n++) {
          const x = sample(next, type, n)
          const z = sample(next, type, n)
          divisors(n).forEach((m, j) => {
            pairs++
            // axpy and the unary kernels do not depend on m: run them once per n.
            bad.push(...compare(k, x, sample(next, type, m), z, type, { alphas: j === 0 ? ALPHAS : [], unary: j === 0 }))
          })
          // The momentum step does not depend on m either: once per n, p = x, g = z, b fresh.
          bad.push(...compareMomentum(k, x, z, sample(next, type, n), MUS, scalesFor(type)))
        }
        expect(bad.slice(0, 20)).toEqual([])
        expect(pairs).toBe(3 + Array.from({ length: 70 }, (_, i) => divisors(i + 1).length).reduce((a, b) => a + b))
      })
    }
  }
})

describe('law: the WebAssembly kernels equal the typed-array kernels', () => {
  const valueArb = fc.oneof(
    fc.double(),
    fc.constantFrom(0, -0, Infinity, -Infinity, NaN, 1e-40, 5e-324, 3.4e38, 1.7e308),
    fc.double({ min: -4, max: 4, noNaN: true }),
  )
  const caseArb = fc.record({
    m: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 150 })),
    rows: fc.integer({ min: 0, max: 4 }),
    chunk: fc.integer({ min: 1, max: 64 }).map((h) => 2 * h),
    code: fc.constantFrom(...CODES),
    alpha: valueArb,
    f32: fc.boolean(),
    offset: fc.integer({ min: 0, max: 3 }),
    pool: fc.array(valueArb, { minLength: 1, maxLength: 40 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  })

  it('for random lengths, chunk sizes, codes, views at an offset and values', () => {
    fc.assert(fc.property(caseArb, ({ m, rows, chunk, code, alpha, f32, offset, pool, seed }) => {
      const type = f32 ? Float32Array : Float64Array
      const n = m * rows
      const next = seeded(seed)
      const view = (len: number): FloatArray => {
        const a = new type(len + offset)
        for (let i = 0; i < a.length; i++) a[i] = pool[next() % pool.length]
        return a.subarray(offset)
      }
      const k = createWasmElementwise({ minLength: 0, chunk })
      expect(compare(k, view(n), view(m), view(n), type, { codes: [code], alphas: [alpha] })).toEqual([])
      // The momentum step with μ = alpha and c = the first pool value, of the arrays' type.
      const c = f32 ? Math.fround(pool[0]) : pool[0]
      expect(compareMomentum(k, view(n), view(n), view(n), [alpha], [c])).toEqual([])
    }), params(100))
  })
})

describe('large arrays through the default kernels', () => {
  const next = seeded(99)
  for (const type of TYPES) {
    it(`${tag(type)}: 200,003 elements (scalar, same shape), rows of 784 and of 20,000`, () => {
      const bad: string[] = []
      for (const [n, m] of [[200_003, 1], [200_003, 200_003], [784 * 256, 784], [20_000 * 10, 20_000]] as const) {
        const x = sample(next, type, n)
        const z = m === n ? sample(next, type, n) : x
        bad.push(...compare(wasmElementwise, x, m === n ? z : sample(next, type, m), z, type,
          { alphas: m === n ? [-1e-3] : [], unary: m === n }))
      }
      expect(bad.slice(0, 20)).toEqual([])
    })

    it(`${tag(type)}: the momentum step on 200,704 (784 × 256) and 200,003 elements`, () => {
      const bad: string[] = []
      for (const n of [784 * 256, 200_003]) {
        const [p, g, b] = [sample(next, type, n), sample(next, type, n), sample(next, type, n)]
        bad.push(...compareMomentum(wasmElementwise, p, g, b, [0.9, NaN], scalesFor(type).slice(0, 2)))
      }
      expect(bad.slice(0, 20)).toEqual([])
    })
  }
})

describe('fallbacks', () => {
  const next = seeded(5)

  it('nothing is made at creation; short arrays and mixed types take the typed-array loops', () => {
    const { wasm, made } = countingWebAssembly()
    withWebAssembly(wasm, () => {
      const k = createWasmElementwise({ minLength: 40, chunk: 16 })
      expect(made.instances).toBe(0)
      // Below minLength: the same values, and no instance.
      const x = sample(next, Float32Array, 39)
      expect(compare(k, x, sample(next, Float32Array, 13), sample(next, Float32Array, 39), Float32Array)).toEqual([])
      expect(made.instances).toBe(0)
      // Mixed array types, long enough: still the typed-array loops (x and dst differ, so relu mixes too).
      const long = 60
      for (const [tx, ty, td] of [[Float32Array, Float64Array, Float64Array], [Float64Array, Float32Array, Float32Array],
        [Float32Array, Float32Array, Float64Array], [Float64Array, Float64Array, Float32Array]] as const) {
        for (const m of [1, 12, long]) {
          expect(compare(k, sample(next, tx, long), sample(next, ty, m), sample(next, ty, long), td)).toEqual([])
        }
      }
      expect(made.instances).toBe(0)
      // One type and long enough: one instance and one memory, kept for every later call.
      expect(compare(k, sample(next, Float64Array, 40), sample(next, Float64Array, 40), sample(next, Float64Array, 40), Float64Array)).toEqual([])
      expect(made.instances).toBe(1)
      expect(made.memories.length).toBe(1)
      const bytes = made.memories[0].buffer.byteLength
      for (const [n, m] of [[4000, 1], [4000, 8], [4000, 40], [4000, 4000]]) {
        expect(compare(k, sample(next, Float32Array, n), sample(next, Float32Array, m), sample(next, Float32Array, n), Float32Array)).toEqual([])
      }
      expect([made.instances, made.memories.length, made.memories[0].buffer.byteLength]).toEqual([1, 1, bytes])
    })
  })

  it('the momentum step: short arrays and mixed types take the typed-array loop, one type and long enough the module', () => {
    const { wasm, made } = countingWebAssembly()
    withWebAssembly(wasm, () => {
      const k = createWasmElementwise({ minLength: 40, chunk: 16 })
      const c32 = scalesFor(Float32Array)
      expect(compareMomentum(k, ...[0, 1, 2].map(() => sample(next, Float32Array, 39)) as [FloatArray, FloatArray, FloatArray], MUS, c32)).toEqual([])
      expect(made.instances).toBe(0)
      // Each of the five arrays of the other type in turn.
      const long = 60
      for (let odd = 0; odd < 5; odd++) {
        for (const base of TYPES) {
          const other = base === Float32Array ? Float64Array : Float32Array
          const t = (i: number): Ctor => (i === odd ? other : base)
          const [p, g, b] = [0, 1, 2].map((i) => sample(next, t(i), long))
          // A scale of neither type: the typed-array loop takes it as given.
          expect(compareMomentum(k, p, g, b, [0.9, -0], [-0.01, Math.fround(-0.01)], [t(3), t(4)])).toEqual([])
        }
      }
      expect(made.instances).toBe(0)
      const [p, g, b] = [0, 1, 2].map(() => sample(next, Float64Array, 40))
      expect(compareMomentum(k, p, g, b, MUS, scalesFor(Float64Array))).toEqual([])
      expect([made.instances, made.memories.length]).toEqual([1, 1])
      // At the default chunk the memory is the documented 640 KiB: five regions of 16,384 float64s.
      const big = createWasmElementwise()
      const [p2, g2, b2] = [0, 1, 2].map(() => sample(next, Float64Array, 300))
      expect(compareMomentum(big, p2, g2, b2, [0.9], [-0.01])).toEqual([])
      expect(made.memories.map((m) => m.buffer.byteLength)).toEqual([65536, 640 * 1024])
    })
  })

  it('without SIMD (the module does not compile) or without WebAssembly, the typed-array loops serve', () => {
    class Module {
      constructor() {
        throw new WebAssembly.CompileError('no SIMD here')
      }
    }
    const noSimd = Object.create(WebAssembly, { Module: { value: Module } }) as unknown
    for (const stand of [noSimd, undefined]) {
      withWebAssembly(stand, () => {
        const k = createWasmElementwise({ minLength: 0, chunk: 8 })
        for (const type of TYPES) {
          for (const m of [1, 5, 30]) {
            expect(compare(k, sample(next, type, 30), sample(next, type, m), sample(next, type, 30), type)).toEqual([])
          }
          expect(compareMomentum(k, sample(next, type, 30), sample(next, type, 30), sample(next, type, 30), MUS, scalesFor(type))).toEqual([])
        }
      })
    }
  })
})

describe('aliasing and argument checks', () => {
  const next = seeded(8)
  const k = lazyKernels({ minLength: 0, chunk: 8 })

  it('dst = x (in place) gives the out-of-place values, in every regime', () => {
    const bad: string[] = []
    for (const type of TYPES) {
      for (const [n, m] of [[30, 1], [30, 3], [30, 15], [30, 30], [7, 7]]) {
        const x = sample(next, type, n)
        const y = sample(next, type, m)
        const z = sample(next, type, n)
        const cases: [string, (d: FloatArray) => void, (d: FloatArray) => void][] = [
          ...CODES.map((code): [string, (d: FloatArray) => void, (d: FloatArray) => void] =>
            [code, (d) => k.binary(code, x, y, d, false), (d) => k.binary(code, d, y, d, false)]),
          ...CODES.map((code): [string, (d: FloatArray) => void, (d: FloatArray) => void] =>
            [`${code} swapped`, (d) => k.binary(code, x, y, d, true), (d) => k.binary(code, d, y, d, true)]),
          ['axpy', (d) => k.axpy(x, -0.5, z, d), (d) => k.axpy(d, -0.5, z, d)],
          ['relu', (d) => k.relu(x, d), (d) => k.relu(d, d)],
          ['reluBackward', (d) => k.reluBackward(x, z, d), (d) => k.reluBackward(d, z, d)],
        ]
        for (const [what, outOfPlace, inPlace] of cases) {
          const out = blank(type, n)
          outOfPlace(out)
          const d = x.slice()
          inPlace(d)
          const why = mismatches(d, out)
          if (why.length > 0) bad.push(`${what} ${tag(type)} n=${n} m=${m}: ${why.join('; ')}`)
        }
        // dst = y when the shapes match.
        if (m === n) {
          const out = blank(type, n)
          k.binary('sub', x, y, out, false)
          const d = y.slice()
          k.binary('sub', x, d, d, false)
          expect(mismatches(d, out)).toEqual([])
        }
      }
    }
    expect(bad).toEqual([])
  })

  it('momentumStep in place (pOut = p, bOut = b) gives the out-of-place values, within one chunk and across several', () => {
    const bad: string[] = []
    for (const type of TYPES) {
      for (const n of [7, 8, 30, 67]) {
        const [p, g, b] = [sample(next, type, n), sample(next, type, n), sample(next, type, n)]
        const c = scalesFor(type)[0]
        const [pOut, bOut] = [blank(type, n), blank(type, n)]
        k.momentumStep(p, g, b, 0.9, c, pOut, bOut)
        const [pIn, bIn] = [p.slice(), b.slice()]
        k.momentumStep(pIn, g, bIn, 0.9, c, pIn, bIn)
        const why = [...mismatches(pIn, pOut), ...mismatches(bIn, bOut)]
        if (why.length > 0) bad.push(`${tag(type)} n=${n}: ${why.join('; ')}`)
      }
    }
    expect(bad).toEqual([])
  })

  it('invalid chunk sizes throw a RangeError', () => {
    for (const chunk of [3, 0, -2, 2 ** 20, 2 ** 21, 2.5, NaN, Infinity]) {
      expect(() => createWasmElementwise({ chunk }), String(chunk))
        .toThrow(new RangeError(`createWasmElementwise: chunk must be an even integer in [2, 2^20), got ${chunk}`))
    }
    for (const chunk of [2, 2 ** 20 - 2]) expect(() => createWasmElementwise({ chunk })).not.toThrow()
  })

  it('length errors throw a RangeError naming the kernel, on every path', () => {
    const f = (n: number): Float32Array => new Float32Array(n).fill(1)
    const d = (n: number): Float64Array => new Float64Array(n).fill(1)
    const repeat = (x: number, n: number, m: number): RangeError =>
      new RangeError(`binary: x (${x}) and dst (${n}) must have one length, a whole number of y's (${m})`)
    const same = (kernel: string, n: number, got: number): RangeError =>
      new RangeError(`${kernel}: every array must have dst's length ${n}, got ${got}`)
    const short = createWasmElementwise({ minLength: 1000 })
    for (const kk of [k, short, wasmElementwise]) {
      expect(() => kk.binary('add', f(5), f(1), f(6), false)).toThrow(repeat(5, 6, 1))
      expect(() => kk.binary('sub', f(6), f(4), f(6), true)).toThrow(repeat(6, 6, 4))
      expect(() => kk.binary('mul', f(6), f(0), f(6), false)).toThrow(repeat(6, 6, 0))
      expect(() => kk.binary('div', d(6), f(12), f(6), false)).toThrow(repeat(6, 6, 12))
      expect(() => kk.axpy(f(5), 2, f(6), f(6))).toThrow(same('axpy', 6, 5))
      expect(() => kk.axpy(f(6), 2, d(7), f(6))).toThrow(same('axpy', 6, 7))
      expect(() => kk.relu(f(5), f(6))).toThrow(same('relu', 6, 5))
      expect(() => kk.reluBackward(f(6), f(5), f(6))).toThrow(same('reluBackward', 6, 5))
      expect(() => kk.reluBackward(f(4), f(6), f(6))).toThrow(same('reluBackward', 6, 4))
      const [pOut, bOut] = [f(300), f(300)]
      expect(() => kk.momentumStep(f(299), f(300), f(300), 0.9, -0.5, pOut, bOut)).toThrow(same('momentumStep', 300, 299))
      expect(() => kk.momentumStep(f(300), d(301), f(300), 0.9, -0.5, pOut, bOut)).toThrow(same('momentumStep', 300, 301))
      expect(() => kk.momentumStep(f(300), f(300), f(3), 0.9, -0.5, pOut, bOut)).toThrow(same('momentumStep', 300, 3))
      expect(() => kk.momentumStep(f(300), f(300), f(300), 0.9, -0.5, pOut, f(8))).toThrow(same('momentumStep', 300, 8))
      expect(() => kk.momentumStep(f(300), f(300), f(300), 0.9, -0.5, f(30), bOut)).toThrow(same('momentumStep', 30, 300))
      expect([...pOut, ...bOut].every((v) => v === 1)).toBe(true)
    }
  })
})
