/**
 * The WebAssembly SIMD matrix kernel: the emitted module validates, and the mm laws (laws/mm.ts,
 * against the naive reference) hold for it on one thread, on two threads and behind its default
 * thresholds, in all four transpose layouts, on shapes from empty to past every blocking boundary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mmCaseArb, mmOffsetCaseArb, mmPairArb, mmTripleArb, type MmShapeOptions } from '../../laws/arbitraries/matrix.js'
import {
  checkAssociative, checkCloseToNaive, checkDistributive, checkEqualsNaive, checkIdentity, checkInputsUnchanged,
  checkOffsetsAgree, checkOverwritesOutput, checkTransposeOfProduct, type MmKernel,
} from '../../laws/mm.js'
import { mmNaiveInto } from '../../src/kernels/mmNaive.js'
import { sleb, uleb } from '../../src/kernels/wasm/encode.js'
import { ELEM32, ELEM64 } from '../../src/kernels/wasm/elem.js'
import { MC, NC, gemmModuleBytes } from '../../src/kernels/wasm/gemmModule.js'
import { createWasmMm, mmWasmIntoAt, wasmSimdAvailable, type WasmMm } from '../../src/kernels/wasm/mmWasm.js'
import { defaultSpawn, type Spawn } from '../../src/kernels/wasm/spawn.js'

const single = createWasmMm({ threads: false, minWork: 1 }) // every non-empty product runs in wasm
const dual = createWasmMm({ minWork: 1, minThreadWork: 1, minWakeWork: 1 }) // every product with max(m, n) ≥ 64 is split
afterAll(() => {
  single.dispose()
  dual.dispose()
})

const at0 = (w: WasmMm['mmIntoAt']): MmKernel => (a, b, out, m, k, n, tA, tB) => w(a, 0, b, 0, out, 0, m, k, n, tA, tB)
const kernels: ReadonlyArray<readonly [string, MmKernel, WasmMm['mmIntoAt']]> = [
  ['wasm, one thread', at0(single.mmIntoAt), single.mmIntoAt],
  ['wasm, two threads', at0(dual.mmIntoAt), dual.mmIntoAt],
  ['mmWasmIntoAt (default thresholds)', at0(mmWasmIntoAt), mmWasmIntoAt],
]

/**
 * Shape classes: small (0- and 1-sized dims, tile edges), C split by rows and by columns between
 * threads (two claims; the wide class takes four), then each blocking boundary crossed.
 */
const deepest = Math.max(ELEM32.kc, ELEM64.kc)
const shapes: ReadonlyArray<readonly [string, MmShapeOptions, number]> = [
  ['small', {}, 120],
  ['tiled', { m: { min: 2, max: 40 }, k: { max: 40 }, n: { min: 2, max: 40 } }, 60],
  ['split rows', { m: { min: 64, max: 150 }, k: { min: 1, max: 40 }, n: { min: 1, max: 64 } }, 25],
  ['split columns', { m: { min: 1, max: 63 }, k: { min: 1, max: 40 }, n: { min: 64, max: 150 } }, 25],
  ['deep (several panels)', { m: { min: 2, max: 20 }, k: { min: deepest - 5, max: 2 * deepest + 9 }, n: { min: 2, max: 20 } }, 12],
  [`tall (past ${MC} rows)`, { m: { min: MC - 3, max: 2 * MC + 7 }, k: { max: 12 }, n: { min: 2, max: 12 } }, 10],
  [`wide (past ${NC} columns)`, { m: { min: 2, max: 18 }, k: { max: 6 }, n: { min: NC - 4, max: NC + 11 } }, 8],
]

const shape = (name: string): MmShapeOptions => (shapes.find(([n]) => n === name) as (typeof shapes)[number])[1]

describe('the emitted module', () => {
  it('validates, unshared and shared, and this engine runs SIMD', () => {
    expect(WebAssembly.validate(gemmModuleBytes(false))).toBe(true)
    expect(WebAssembly.validate(gemmModuleBytes(true))).toBe(true)
    expect(wasmSimdAvailable()).toBe(true)
  })

  it('encodes LEB128 like the published examples', () => {
    // DWARF / Wikipedia "LEB128": 624485 → E5 8E 26, −123456 → C0 BB 78.
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26])
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78])
    expect([uleb(0), uleb(127), uleb(128), sleb(63), sleb(64), sleb(-64), sleb(-65)])
      .toEqual([[0], [0x7f], [0x80, 0x01], [0x3f], [0xc0, 0x00], [0x40], [0xbf, 0x7f]])
  })
})

describe('two threads', () => {
  beforeAll(async () => {
    expect(await dual.startThreads()).toBe(true)
  })
  it('the helper is running, so products with max(m, n) ≥ 64 are shared', () => {
    expect(dual.threadCount()).toBe(2)
  })
  it('a 256³ product agrees with the single-thread kernel bit for bit', () => {
    const m = 256, k = 256, n = 256
    const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i))
    const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i))
    const one = new Float32Array(m * n)
    const two = new Float32Array(m * n)
    single.mmIntoAt(a, 0, b, 0, one, 0, m, k, n, true, false)
    dual.mmIntoAt(a, 0, b, 0, two, 0, m, k, n, true, false)
    expect(two).toEqual(one)
  })
})

describe.each(kernels)('%s against the naive reference', (_, kernel) => {
  it.each(shapes)('close on float entries: %s', (_s, o, runs) => checkCloseToNaive(kernel, mmCaseArb(o), runs))
  it.each(shapes)('exact on small integers: %s', (_s, o, runs) => checkEqualsNaive(kernel, mmCaseArb({ ...o, values: 'smallInt' }), runs))
})

describe.each(kernels)('%s algebra on small integers (exact)', (_, kernel) => {
  it('(AB)C = A(BC)', () => checkAssociative(kernel, mmTripleArb({ m: { max: 30 }, k: { max: 30 }, n: { max: 30 }, q: { max: 30 } }), 40))
  it('A(B+C) = AB + AC', () => checkDistributive(kernel, mmPairArb({ m: { max: 30 }, k: { max: 30 }, n: { max: 30 } }), 40))
  it('I·A = A = A·I', () => checkIdentity(kernel, mmCaseArb({ m: { max: 40 }, k: { max: 40 }, values: 'smallInt' }), 60))
  it('(AB)ᵀ = BᵀAᵀ', () => checkTransposeOfProduct(kernel, mmCaseArb({ ...shape('split rows'), values: 'smallInt' }), 40))
  it('(AB)ᵀ = BᵀAᵀ past a panel', () => checkTransposeOfProduct(kernel, mmCaseArb({ ...shape('deep (several panels)'), values: 'smallInt' }), 8))
})

describe.each(kernels)('%s leaves inputs alone, writes all of out, honours offsets', (_, kernel, kernelAt) => {
  it.each(shapes.slice(0, 4))('inputs unchanged: %s', (_s, o, runs) => checkInputsUnchanged(kernel, mmCaseArb(o), runs))
  it.each(shapes.slice(0, 4))('out fully overwritten: %s', (_s, o, runs) => checkOverwritesOutput(kernel, mmCaseArb(o), runs))
  it.each(shapes.slice(0, 4))('offsets agree with offset 0: %s', (_s, o, runs) => checkOffsetsAgree(kernelAt, kernel, mmOffsetCaseArb(o), runs))
})

describe('resources and fallbacks', () => {
  /** A 70×24·24×20 product (large enough to share with minThreadWork ≤ 70·24·20) and its reference. */
  const case70 = (): [Float32Array, Float32Array, Float32Array] => {
    const a = Float32Array.from({ length: 70 * 24 }, (_, i) => (i % 7) - 3)
    const b = Float32Array.from({ length: 24 * 20 }, (_, i) => (i % 5) - 2)
    const want = new Float32Array(70 * 20)
    mmNaiveInto(a, b, want, 70, 24, 20)
    return [a, b, want]
  }

  it('starts no thread before a product large enough to want one', () => {
    let spawned = 0
    const real = defaultSpawn() as Spawn
    const w = createWasmMm({ spawn: (src, init) => { spawned++; return real(src, init) }, minWork: 1, minThreadWork: 70 * 24 * 20, minWakeWork: 70 * 24 * 20 })
    const [a, b, want] = case70()
    const out = new Float32Array(70 * 20)
    w.mmIntoAt(a, 0, b, 0, out, 0, 70, 24, 19, false, false) // below the thread threshold
    w.mmIntoAt(a, 0, b, 0, out, 0, 63, 24, 20, false, false) // neither side reaches 64
    expect(spawned).toBe(0)
    w.mmIntoAt(a, 0, b, 0, out, 0, 70, 24, 20, false, false)
    expect(spawned).toBe(1)
    expect(out).toEqual(want)
    w.dispose()
  })

  it('stays on one thread, still right, when the helper cannot start or threads are off', async () => {
    const broken = createWasmMm({ spawn: () => { throw new Error('no workers here') }, minWork: 1, minThreadWork: 1, minWakeWork: 1 })
    const off = createWasmMm({ threads: false, minWork: 1, minThreadWork: 1, minWakeWork: 1 })
    for (const w of [broken, off]) {
      expect(await w.startThreads()).toBe(false)
      expect(w.threadCount()).toBe(1)
      const [a, b, want] = case70()
      const out = new Float32Array(70 * 20)
      w.mmIntoAt(a, 0, b, 0, out, 0, 70, 24, 20, false, false)
      expect(out).toEqual(want)
      w.dispose()
    }
  })

  it('works again after dispose, and on mixed array types (typed-array fallback)', () => {
    const w = createWasmMm({ threads: false, minWork: 1 })
    const [a, b, want] = case70()
    const out = new Float32Array(70 * 20)
    w.mmIntoAt(a, 0, b, 0, out, 0, 70, 24, 20, false, false)
    w.dispose()
    out.fill(NaN)
    w.mmIntoAt(a, 0, b, 0, out, 0, 70, 24, 20, false, false)
    expect(out).toEqual(want)
    const mixed = new Float64Array(70 * 20)
    w.mmIntoAt(a, 0, Float64Array.from(b), 0, mixed, 0, 70, 24, 20, false, false)
    expect([...mixed]).toEqual([...want])
    w.dispose()
  })

  it('refuses bad arguments with a clear message', () => {
    const f = (len: number) => new Float32Array(len)
    expect(() => single.mmIntoAt(f(6), 1, f(6), 0, f(4), 0, 2, 3, 2)).toThrow(/a needs 6 elements from offset 1, but its length is 6/)
    expect(() => single.mmIntoAt(f(6), 0, f(6), 0, f(4), 0, 2, 3.5, 2)).toThrow(/k must be a non-negative integer, got 3.5/)
    const shared = f(20)
    expect(() => single.mmIntoAt(shared, 0, f(6), 0, shared, 4, 2, 3, 2)).toThrow(/out overlaps a or b/)
  })
})
