/**
 * The WebAssembly kernel's edges: every argument check with its full message, overlap checks at the
 * exact boundary (adjacent ranges of one array are allowed), which path a call takes (the
 * typed-array kernel names itself `mmIntoAt` in its messages, the WebAssembly path `mmWasmIntoAt`),
 * the thread thresholds (counted through a spawner), and the fallbacks when shared memory or
 * cross-origin isolation is missing. Results are checked against the naive reference.
 */
import { describe, expect, it, vi } from 'vitest'
import { mmNaiveInto } from '../../src/kernels/mmNaive.js'
import { createWasmMm, mmWasmIntoAt } from '../../src/kernels/wasm/mmWasm.js'
import { defaultSpawn, type Spawn } from '../../src/kernels/wasm/spawn.js'
import { withGlobal } from './withGlobal.js'

type Arr = Float32Array | Float64Array
const f = (len: number): Float32Array => Float32Array.from({ length: len }, (_, i) => (i % 7) - 3)
const d = (len: number): Float64Array => Float64Array.from(f(len))

/** C = A·B by the naive reference, for row-major A (m × k) and B (k × n). */
const naive = (a: Arr, b: Arr, m: number, k: number, n: number): number[] => {
  const out = new Float64Array(m * n)
  mmNaiveInto(Float64Array.from(a), Float64Array.from(b), out, m, k, n)
  return [...out]
}

/** A real spawner that counts the helpers it starts. */
const countingSpawn = () => {
  const real = defaultSpawn() as Spawn
  const count = { n: 0 }
  const spawn: Spawn = (src, init) => {
    count.n++
    return real(src, init)
  }
  return { spawn, count }
}

describe('argument checks on the WebAssembly path, message by message', () => {
  const w = createWasmMm({ threads: false, minWork: 1 })
  const msg = (s: string): RangeError => new RangeError(`mmWasmIntoAt: ${s}`)

  it('counts and offsets must be non-negative integers', () => {
    expect(() => w.mmIntoAt(f(6), 0, f(6), 0, f(4), 0, -1, -1, 1)).toThrow(msg('m must be a non-negative integer, got -1'))
    expect(() => w.mmIntoAt(f(6), 0, f(6), 0, f(4), 0, 2, 3.5, 2)).toThrow(msg('k must be a non-negative integer, got 3.5'))
    expect(() => w.mmIntoAt(f(6), 0, f(8), 0, f(6), 0, 2, 3, 2.5)).toThrow(msg('n must be a non-negative integer, got 2.5'))
    expect(() => w.mmIntoAt(f(6), -1, f(6), 0, f(4), 0, 2, 3, 2)).toThrow(msg('aOff must be a non-negative integer, got -1'))
    expect(() => w.mmIntoAt(f(6), 0, f(6), 0.5, f(4), 0, 2, 3, 2)).toThrow(msg('bOff must be a non-negative integer, got 0.5'))
    expect(() => w.mmIntoAt(f(6), 0, f(6), 0, f(4), -2, 2, 3, 2)).toThrow(msg('outOff must be a non-negative integer, got -2'))
  })

  it('each operand must hold its elements from its offset', () => {
    expect(() => w.mmIntoAt(f(6), 1, f(12), 0, f(8), 0, 2, 3, 4)).toThrow(msg('a needs 6 elements from offset 1, but its length is 6'))
    expect(() => w.mmIntoAt(f(6), 0, f(12), 2, f(8), 0, 2, 3, 4)).toThrow(msg('b needs 12 elements from offset 2, but its length is 12'))
    expect(() => w.mmIntoAt(f(6), 0, f(12), 0, f(8), 3, 2, 3, 4)).toThrow(msg('out needs 8 elements from offset 3, but its length is 8'))
  })

  it('out may sit right next to a or b in the same array, but not overlap them', () => {
    const [m, k, n] = [2, 3, 4] // a: 6 elements, b: 12, out: 8
    const overlap = msg('out overlaps a or b in the same array; the product cannot be formed in place')
    const b = f(12)
    const check = (x: Float32Array, aOff: number, outOff: number): void => {
      const a = x.slice(aOff, aOff + m * k)
      w.mmIntoAt(x, aOff, b, 0, x, outOff, m, k, n)
      expect([...x.subarray(outOff, outOff + m * n)]).toEqual(naive(a, b, m, k, n))
    }
    check(f(14), 0, 6) // out just after a
    check(f(14), 8, 0) // a just after out
    expect(() => w.mmIntoAt(f(14), 0, b, 0, f(14), 5, m, k, n)).not.toThrow() // different arrays never overlap
    const x = f(14)
    expect(() => w.mmIntoAt(x, 0, b, 0, x, 5, m, k, n)).toThrow(overlap)
    expect(() => w.mmIntoAt(x, 4, b, 0, x, 0, m, k, n)).toThrow(overlap) // a starts inside out, 4 < 8
    const a = f(6)
    const checkB = (y: Float32Array, bOff: number, outOff: number): void => {
      const bb = y.slice(bOff, bOff + k * n)
      w.mmIntoAt(a, 0, y, bOff, y, outOff, m, k, n)
      expect([...y.subarray(outOff, outOff + m * n)]).toEqual(naive(a, bb, m, k, n))
    }
    checkB(f(20), 0, 12) // out just after b
    checkB(f(20), 8, 0) // b just after out
    const y = f(20)
    expect(() => w.mmIntoAt(a, 0, y, 0, y, 5, m, k, n)).toThrow(overlap) // out starts inside b, 5 < 12
    expect(() => w.mmIntoAt(a, 0, y, 4, y, 0, m, k, n)).toThrow(overlap) // b starts inside out, 4 < 8
  })

  it('omitted transpose flags mean no transpose', () => {
    const [m, k, n] = [3, 4, 5]
    const a = f(m * k), b = d(k * n).map((v) => v * 2)
    const out = new Float32Array(m * n)
    w.mmIntoAt(a, 0, Float32Array.from(b), 0, out, 0, m, k, n)
    expect([...out]).toEqual(naive(a, b, m, k, n))
    const out64 = new Float64Array(m * n)
    mmWasmIntoAt(d(m * k), 0, b, 0, out64, 0, m, k, n)
    expect([...out64]).toEqual(naive(a, b, m, k, n))
  })
})

describe('which kernel a call takes', () => {
  const WASM = /^mmWasmIntoAt: a needs/
  const TYPED = /^mmIntoAt: a needs/

  it('products below minWork (and empty ones) take the typed-array kernel; at minWork, WebAssembly', () => {
    const w = createWasmMm({ threads: false, minWork: 8 })
    expect(() => w.mmIntoAt(f(2), 1, f(4), 0, f(2), 0, 1, 2, 2)).toThrow(TYPED) // work 4
    expect(() => w.mmIntoAt(f(4), 1, f(4), 0, f(4), 0, 2, 2, 2)).toThrow(WASM) // work 8
    const z = createWasmMm({ threads: false, minWork: 0 })
    expect(() => z.mmIntoAt(f(4), -1, f(4), 0, f(4), 0, 0, 2, 2)).toThrow(/^mmIntoAt: aOff must be/) // work 0
    expect(() => mmWasmIntoAt(f(4), 1, f(4), 0, f(4), 0, 2, 2, 2)).toThrow(TYPED) // default minWork 128
  })

  it('only all-float32 or all-float64 operands take WebAssembly; mixed ones the typed-array kernel', () => {
    const w = createWasmMm({ threads: false, minWork: 1 })
    const kinds = [f, d] as const
    for (const ka of kinds) for (const kb of kinds) for (const ko of kinds) {
      const call = () => w.mmIntoAt(ka(4), 1, kb(4), 0, ko(4), 0, 2, 2, 2)
      expect(call).toThrow(ka === kb && kb === ko ? WASM : TYPED)
    }
  })
})

describe('memory', () => {
  it('is made as large as the first product needs and grown only by what a larger one lacks', () => {
    // Layout (mmWasm.ts): 128 control bytes, two workspaces of 2 261 120 bytes (gemmModule's
    // workspaceBytes, equal for both types), then A, B and C, each rounded up to 16 bytes.
    const operands = 128 + 2 * 2_261_120
    const pagesFor = (bytes: number): number => Math.ceil(bytes / 65536)
    const grow = vi.spyOn(WebAssembly.Memory.prototype, 'grow')
    try {
      const w = createWasmMm({ threads: false, minWork: 1 })
      const run = (m: number, k: number, n: number): void => {
        const a = d(m * k), b = d(k * n), out = new Float64Array(m * n)
        w.mmIntoAt(a, 0, b, 0, out, 0, m, k, n)
        expect([...out]).toEqual(naive(a, b, m, k, n))
      }
      run(2, 2, 2)
      run(2, 2, 2)
      run(3, 1, 1)
      expect(grow).not.toHaveBeenCalled()
      run(300, 300, 300)
      const first = pagesFor(operands + 3 * 16)
      expect(grow.mock.calls).toEqual([[pagesFor(operands + 3 * 300 * 300 * 8) - first]])
      run(300, 300, 300)
      run(2, 2, 2)
      expect(grow).toHaveBeenCalledTimes(1)
      w.dispose()
    } finally {
      grow.mockRestore()
    }
  })
})

describe('threads: thresholds, start, dispose, fallbacks', () => {
  it('a fresh kernel has one thread and disposes without having started', () => {
    const w = createWasmMm()
    expect(w.threadCount()).toBe(1)
    expect(() => w.dispose()).not.toThrow()
  })

  it('starts one helper, only once the longer side of C reaches 64, and reuses it', () => {
    const { spawn, count } = countingSpawn()
    const w = createWasmMm({ spawn, minWork: 1, minThreadWork: 1, minWakeWork: 1 })
    const run = (m: number, k: number, n: number): void => {
      const a = f(m * k), b = f(k * n), out = new Float32Array(m * n)
      w.mmIntoAt(a, 0, b, 0, out, 0, m, k, n)
      expect([...out]).toEqual(naive(a, b, m, k, n))
    }
    run(63, 40, 63)
    expect(count.n).toBe(0)
    run(64, 3, 5)
    expect(count.n).toBe(1)
    run(5, 3, 64)
    run(70, 8, 70)
    expect(count.n).toBe(1)
    w.dispose()
  })

  it('mid-size products wake no sleeping helper; large ones do; an awake helper takes both', async () => {
    // A stand-in helper: the test plays its part through the control words (helperThread.ts:
    // SEQ 0, STATE 2, SLEEPING 21). A product that shares bumps SEQ; the caller then claims every
    // chunk itself and cancels the job, so C is complete either way.
    let ctl: Int32Array | undefined
    const spawn = ((_: string, init: { memory: WebAssembly.Memory }) => {
      ctl = new Int32Array(init.memory.buffer, 0, 32)
      return { terminate: () => undefined }
    }) as unknown as Spawn
    const w = createWasmMm({ spawn, minWork: 1, minThreadWork: 64 * 8 * 64, minWakeWork: 64 * 16 * 64 })
    const started = w.startThreads() // spawns at once, then waits for the ready word
    const c = ctl as Int32Array
    Atomics.store(c, 2, 1) // ready
    expect(await started).toBe(true)
    const shares = (k: number, sleeping: 0 | 1): boolean => {
      Atomics.store(c, 21, sleeping)
      const before = Atomics.load(c, 0)
      const a = f(64 * k), b = f(k * 64), out = new Float32Array(64 * 64)
      w.mmIntoAt(a, 0, b, 0, out, 0, 64, k, 64)
      expect([...out]).toEqual(naive(a, b, 64, k, 64))
      return Atomics.load(c, 0) !== before
    }
    expect([shares(4, 0), shares(4, 1)]).toEqual([false, false]) // below minThreadWork
    expect([shares(8, 0), shares(8, 1)]).toEqual([true, false]) // mid-size: only an awake helper
    expect([shares(16, 0), shares(16, 1)]).toEqual([true, true]) // at minWakeWork: wakes it
    w.dispose()
  })

  it('dispose ends the helper: back to one thread, and a new one on the next start', async () => {
    const { spawn, count } = countingSpawn()
    const w = createWasmMm({ spawn })
    expect(await w.startThreads()).toBe(true)
    expect(w.threadCount()).toBe(2)
    w.dispose()
    expect(w.threadCount()).toBe(1)
    expect(await w.startThreads()).toBe(true)
    expect(count.n).toBe(2)
    w.dispose()
  })

  it('no helper without cross-origin isolation or SharedArrayBuffer', async () => {
    for (const [key, value] of [['crossOriginIsolated', false], ['SharedArrayBuffer', undefined]] as const) {
      const { spawn, count } = countingSpawn()
      const w = createWasmMm({ spawn, minWork: 1, minThreadWork: 1, minWakeWork: 1 })
      expect(await withGlobal(key, value, () => w.startThreads())).toBe(false)
      expect(count.n).toBe(0)
      w.dispose()
    }
    const { spawn } = countingSpawn()
    const isolated = createWasmMm({ spawn })
    expect(await withGlobal('crossOriginIsolated', true, () => isolated.startThreads())).toBe(true)
    isolated.dispose()
  })

  it('two threads at once keep to their own workspaces: C agrees with one thread bit for bit', async () => {
    // k = 256 fills a float64 A block, and n not a multiple of the tile width makes every row
    // block end in an edge tile, the last thing in a thread's workspace: overlapping workspaces
    // would show here as soon as both threads run together.
    const single = createWasmMm({ threads: false, minWork: 1 })
    const dual = createWasmMm({ minWork: 1, minThreadWork: 1, minWakeWork: 1 })
    expect(await dual.startThreads()).toBe(true)
    for (const [m, k, n, F] of [[512, 256, 250, Float64Array], [512, 256, 252, Float32Array]] as const) {
      const a = new F(Array.from({ length: m * k }, (_, i) => ((i * 7) % 11) - 5))
      const b = new F(Array.from({ length: k * n }, (_, i) => ((i * 3) % 13) - 6))
      const one = new F(m * n), two = new F(m * n)
      single.mmIntoAt(a, 0, b, 0, one, 0, m, k, n)
      dual.mmIntoAt(a, 0, b, 0, two, 0, m, k, n)
      expect(two).toEqual(one)
    }
    single.dispose()
    dual.dispose()
  })

  it('an engine that refuses shared memory gets an unshared one: right results, no helper', async () => {
    const Real = WebAssembly.Memory
    const refusing = Object.create(WebAssembly, {
      Memory: {
        value: function Memory(desc: WebAssembly.MemoryDescriptor) {
          if (desc.shared === true) throw new RangeError('shared memory is not allowed here')
          return new Real(desc)
        },
      },
    }) as typeof WebAssembly
    const { spawn, count } = countingSpawn()
    const w = createWasmMm({ spawn, minWork: 1, minThreadWork: 1, minWakeWork: 1 })
    const [m, k, n] = [80, 6, 70]
    const a = f(m * k), b = f(k * n), out = new Float32Array(m * n)
    withGlobal('WebAssembly', refusing, () => w.mmIntoAt(a, 0, b, 0, out, 0, m, k, n))
    expect([...out]).toEqual(naive(a, b, m, k, n))
    expect(await w.startThreads()).toBe(false)
    expect(count.n).toBe(0)
    w.dispose()
  })
})
