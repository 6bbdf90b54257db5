/**
 * The helper thread's protocol and the spawners, word by word: what `share` writes into the
 * control words and which chunks the caller claims (with a spawner that starts nothing, so the
 * caller is alone and every step is determined), a real helper that takes a chunk, one that throws,
 * the ready/timeout/close states, `canBlock` where blocking is missing, and the platform spawners
 * over fake Worker / worker_threads globals.
 */
import { describe, expect, it } from 'vitest'
import { mmNaiveInto } from '../../src/kernels/mmNaive.js'
import { gemmModuleBytes } from '../../src/kernels/wasm/gemmModule.js'
import { CONTROL_BYTES, SPIN_MS, canBlock, chunkArgs, startHelper, type SharedJob } from '../../src/kernels/wasm/helperThread.js'
import { browserSpawn, defaultSpawn, nodeSpawnFrom, type NodeWorkerThreads, type Spawn } from '../../src/kernels/wasm/spawn.js'
import { withGlobal } from './withGlobal.js'

const sharedModule = new WebAssembly.Module(gemmModuleBytes(true))
const sharedMemory = (pages: number): WebAssembly.Memory => new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true })
/** Blocks this thread for `ms` milliseconds. */
const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)

// Control word indices (helperThread.ts): SEQ 0, DONE 1, STATE 2, QUIT 3, TAKE 4, NEXT 5, JOB 6…20, SLEEPING 21.
const [SEQ, DONE, STATE, QUIT, TAKE, NEXT, JOB, SLEEPING] = [0, 1, 2, 3, 4, 5, 6, 21]

/** A spawner that starts nothing and records what it was handed and how often it was ended. */
const inertSpawn = () => {
  const seen: { source?: string; init?: Parameters<Spawn>[1]; terminated: number } = { terminated: 0 }
  const spawn: Spawn = (source, init) => {
    seen.source = source
    seen.init = init
    return { terminate: () => void seen.terminated++ }
  }
  return { spawn, seen }
}

describe('share with no helper running: the caller claims every chunk', () => {
  const args = [101, 102, 103, 104, 105, 106, 107, 108, 16, 110, 20, 112]
  const job = (byRows: boolean): SharedJob => ({ dtype: 1, args, byRows, chunk: 8, helperWorkspace: 999 })

  it('clears only the control words, hands over module and memory, and is not ready', () => {
    const memory = sharedMemory(1)
    new Uint8Array(memory.buffer, 0, 1024).fill(7)
    const { spawn, seen } = inertSpawn()
    const h = startHelper(spawn, sharedModule, memory)
    const words = new Int32Array(memory.buffer, 0, 64)
    expect([...words.subarray(0, CONTROL_BYTES / 4)]).toEqual(new Array<number>(32).fill(0))
    expect([...words.subarray(32, 64)]).toEqual(new Array<number>(32).fill(0x07070707))
    expect(seen.init?.module).toBe(sharedModule)
    expect(seen.init?.memory).toBe(memory)
    expect(seen.source).toMatch(/^\(module, memory\) => \{/)
    expect(h.ready()).toBe(false)
  })

  it('writes the job, claims rows then columns in chunks, cancels the job, and bumps the job number', () => {
    const memory = sharedMemory(1)
    const h = startHelper(inertSpawn().spawn, sharedModule, memory)
    const ctl = new Int32Array(memory.buffer, 0, 32)
    const runs: [number, number][] = []
    expect(h.share(job(true), (r0, len) => runs.push([r0, len]))).toBe(true)
    expect(runs).toEqual([[0, 8], [8, 8]]) // m = 16: no empty chunk at the end
    expect([...ctl.subarray(JOB, JOB + 15)]).toEqual([1, ...args.slice(0, 11), 999, 1, 8])
    expect([ctl[SEQ], ctl[TAKE], ctl[NEXT], ctl[DONE]]).toEqual([1, 0, 24, 0])
    runs.length = 0
    expect(h.share(job(false), (r0, len) => runs.push([r0, len]))).toBe(true)
    expect(runs).toEqual([[0, 8], [8, 8], [16, 4]]) // n = 20
    expect([ctl[JOB + 13], ctl[SEQ], ctl[TAKE], ctl[NEXT]]).toEqual([0, 2, 0, 32])
    ctl[SEQ] = 0x7fffffff // the job number wraps to 1, never 0 or negative
    h.share(job(true), () => undefined)
    expect(ctl[SEQ]).toBe(1)
  })

  it('notifies the helper only while its SLEEPING word is set (a spinning helper sees the job by itself)', () => {
    const memory = sharedMemory(1)
    const h = startHelper(inertSpawn().spawn, sharedModule, memory)
    const ctl = new Int32Array(memory.buffer, 0, 32)
    const real = Atomics
    const notified: number[] = []
    const counting = Object.assign(Object.create(real) as typeof Atomics, {
      notify: (a: Int32Array, i: number, count?: number) => {
        notified.push(i)
        return real.notify(a, i, count)
      },
    })
    withGlobal('Atomics', counting, () => {
      h.share(job(true), () => undefined) // SLEEPING is 0: no notify
      ctl[SLEEPING] = 1
      h.share(job(true), () => undefined) // one notify, on the job number
      ctl[SLEEPING] = 0
      h.close() // not sleeping: the raised job number and QUIT are enough
    })
    expect(notified).toEqual([SEQ])
    expect([ctl[SEQ], ctl[QUIT]]).toEqual([3, 1])
  })

  it('is awake once ready and while its SLEEPING word is clear', () => {
    const memory = sharedMemory(1)
    const h = startHelper(inertSpawn().spawn, sharedModule, memory)
    const ctl = new Int32Array(memory.buffer, 0, 32)
    expect(h.awake()).toBe(false) // not ready yet
    Atomics.store(ctl, STATE, 1)
    expect(h.awake()).toBe(true)
    Atomics.store(ctl, SLEEPING, 1)
    expect(h.awake()).toBe(false)
    Atomics.store(ctl, SLEEPING, 0)
    h.close()
    expect(h.awake()).toBe(false) // closed: the state word says failed
  })

  it('whenReady times out to false; reports ready once the state word says so; close ends it', async () => {
    const memory = sharedMemory(1)
    const { spawn, seen } = inertSpawn()
    const h = startHelper(spawn, sharedModule, memory)
    const ctl = new Int32Array(memory.buffer, 0, 32)
    const t0 = Date.now()
    expect(await h.whenReady(30)).toBe(false)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(30)
    Atomics.store(ctl, STATE, 1)
    expect(h.ready()).toBe(true)
    expect(await h.whenReady(30)).toBe(true)
    h.close()
    expect([h.ready(), ctl[QUIT], ctl[STATE], ctl[SEQ], seen.terminated]).toEqual([false, 1, -1, 1, 1])
  })

  it('a spawner that throws leaves a helper that is never ready and closes quietly', async () => {
    const h = startHelper(() => { throw new Error('no workers') }, sharedModule, sharedMemory(1))
    expect(await h.whenReady(5000)).toBe(false) // at once: the state says failed
    expect(h.ready()).toBe(false)
    expect(() => h.close()).not.toThrow()
  })
})

describe('a real helper thread', () => {
  it('takes the chunk the caller leaves (or both), and the caller waits for it to finish', async () => {
    // 16 rows of a (16 × K)·(K × N) float32 product in two chunks; the caller's chunk does nothing
    // but wait until the helper has claimed the other, so the helper computes that one alone.
    const K = 512, N = 512, size = 4
    const memory = sharedMemory(Math.ceil((3 * 2 ** 21 + (16 * K + K * N + 16 * N) * size) / 65536) + 2)
    const h = startHelper(defaultSpawn() as Spawn, sharedModule, memory)
    expect(await h.whenReady()).toBe(true)
    const a = Float32Array.from({ length: 16 * K }, (_, i) => (i % 5) - 2)
    const b = Float32Array.from({ length: K * N }, (_, i) => (i % 3) - 1)
    const aPtr = 3 * 2 ** 21, bPtr = aPtr + a.length * size, cPtr = bPtr + b.length * size
    const f32 = new Float32Array(memory.buffer)
    f32.set(a, aPtr / size)
    f32.set(b, bPtr / size)
    f32.fill(NaN, cPtr / size, cPtr / size + 16 * N)
    const args = [aPtr, K * size, size, bPtr, N * size, size, cPtr, N * size, 16, K, N, CONTROL_BYTES]
    const ctl = new Int32Array(memory.buffer, 0, 32)
    // With no job for SPIN_MS the helper goes to sleep, and says so: this job has to wake it.
    for (const until = Date.now() + 20_000; Date.now() < until && Atomics.load(ctl, SLEEPING) !== 1;) sleep(SPIN_MS + 1)
    expect(Atomics.load(ctl, SLEEPING)).toBe(1)
    const runs: [number, number][] = []
    const ok = h.share({ dtype: 0, args, byRows: true, chunk: 8, helperWorkspace: CONTROL_BYTES + 2 ** 21 + 2 ** 20 }, (r0, len) => {
      runs.push([r0, len])
      for (let i = 0; i < 2000 && Atomics.load(ctl, NEXT) < 16; i++) sleep(1)
    })
    expect(ok).toBe(true)
    // The helper took at least the chunk the caller left. Usually the caller claims one first, but
    // the wake-up can preempt the caller until the helper has claimed both: then it did all 16 rows.
    expect(runs.length).toBeLessThanOrEqual(1)
    const mine = runs.length === 0 ? -1 : runs[0][0]
    if (runs.length === 1) expect([[0, 8], [8, 8]]).toContainEqual(runs[0])
    const want = new Float32Array(16 * N)
    mmNaiveInto(a, b, want, 16, K, N)
    for (const r0 of [0, 8].filter((r) => r !== mine)) {
      expect(f32.slice(cPtr / size + r0 * N, cPtr / size + (r0 + 8) * N)).toEqual(want.slice(r0 * N, (r0 + 8) * N))
    }
    expect(Atomics.load(ctl, DONE)).toBe(Atomics.load(ctl, SEQ))
    h.close()
    expect(h.ready()).toBe(false)
  })

  it('reports a helper that threw (its gemm trapped) as false, after waiting for it', async () => {
    const memory = sharedMemory(1)
    const h = startHelper(defaultSpawn() as Spawn, sharedModule, memory)
    expect(await h.whenReady()).toBe(true)
    const ctl = new Int32Array(memory.buffer, 0, 32)
    const beyond = 0x7ff00000 // far outside the one page: the helper's gemm traps
    const args = [beyond, 4, 4, beyond, 4, 4, beyond, 4, 16, 1, 1, CONTROL_BYTES]
    const runs: [number, number][] = []
    const ok = h.share({ dtype: 0, args, byRows: true, chunk: 8, helperWorkspace: CONTROL_BYTES }, (r0, len) => {
      runs.push([r0, len])
      for (let i = 0; i < 2000 && Atomics.load(ctl, NEXT) < 16; i++) sleep(1)
    })
    expect(ok).toBe(false)
    expect(runs.length).toBe(1)
    expect(Atomics.load(ctl, DONE)).toBe(-Atomics.load(ctl, SEQ))
    h.close()
  })
})

describe('chunkArgs', () => {
  it('shifts A and C by rows, or B and C by columns, and shrinks m or n', () => {
    const args = [1000, 40, 4, 2000, 80, 4, 3000, 80, 30, 10, 20, 64]
    expect(chunkArgs(args, 4, true, 8, 5)).toEqual([1000 + 8 * 40, 40, 4, 2000, 80, 4, 3000 + 8 * 80, 80, 5, 10, 20, 64])
    expect(chunkArgs(args, 4, false, 8, 5)).toEqual([1000, 40, 4, 2000 + 8 * 4, 80, 4, 3000 + 8 * 4, 80, 30, 10, 5, 64])
  })
})

describe('canBlock', () => {
  it('is true here, false without SharedArrayBuffer, without Atomics, or where Atomics.wait refuses', () => {
    expect(canBlock()).toBe(true)
    expect(withGlobal('SharedArrayBuffer', undefined, canBlock)).toBe(false)
    expect(withGlobal('Atomics', undefined, canBlock)).toBe(false)
    const refusing = { ...Object.fromEntries(Object.getOwnPropertyNames(Atomics).map((k) => [k, (Atomics as unknown as Record<string, unknown>)[k]])), wait: () => { throw new TypeError('Atomics.wait cannot be called in this context') } }
    expect(withGlobal('Atomics', refusing, canBlock)).toBe(false)
  })
})

describe('spawners', () => {
  const init = { module: sharedModule, memory: sharedMemory(1) }

  it('nodeSpawnFrom: evaluates the glue, unrefs, swallows errors, posts init once, terminates', () => {
    const log: unknown[] = []
    let onError: ((e: unknown) => unknown) | undefined
    const wt: NodeWorkerThreads = {
      Worker: class {
        constructor(source: string, options: { eval: true }) { log.push(['new', source, options]) }
        postMessage(message: unknown) { log.push(['post', message]) }
        terminate() { log.push(['terminate']); return Promise.resolve(0) }
        unref() { log.push(['unref']) }
        on(event: 'error', listener: (e: unknown) => unknown) { log.push(['on', event]); onError = listener }
      },
    }
    const handle = nodeSpawnFrom(wt)('(m, mem) => 1', init)
    const glue = "const start = (m, mem) => 1\nrequire('node:worker_threads').parentPort.once('message', (d) => start(d.module, d.memory))"
    expect(log).toEqual([['new', glue, { eval: true }], ['unref'], ['on', 'error'], ['post', init]])
    expect(onError?.(new Error('x'))).toBeUndefined()
    handle.terminate()
    expect(log[log.length - 1]).toEqual(['terminate'])
  })

  it('browserSpawn: none without Worker, Blob or URL; else a classic worker from a Blob URL, revoked on terminate', () => {
    const log: unknown[] = []
    const Worker = class {
      constructor(url: string) { log.push(['new', url]) }
      postMessage(message: unknown) { log.push(['post', message]) }
      terminate() { log.push(['terminate']) }
    }
    const Blob = class {
      constructor(parts: string[], options: { type: string }) { log.push(['blob', parts, options]) }
    }
    const URL = {
      createObjectURL: (blob: unknown) => { log.push(['url', blob instanceof Blob]); return 'blob:1' },
      revokeObjectURL: (url: string) => void log.push(['revoke', url]),
    }
    expect(browserSpawn({ Blob, URL })).toBeUndefined()
    expect(browserSpawn({ Worker, URL })).toBeUndefined()
    expect(browserSpawn({ Worker, Blob })).toBeUndefined()
    const spawn = browserSpawn({ Worker, Blob, URL }) as Spawn
    expect(log).toEqual([])
    const handle = spawn('(m, mem) => 1', init)
    const glue = 'const start = (m, mem) => 1\nself.onmessage = (e) => start(e.data.module, e.data.memory)'
    expect(log).toEqual([['blob', [glue], { type: 'text/javascript' }], ['url', true], ['new', 'blob:1'], ['post', init]])
    handle.terminate()
    expect(log.slice(4)).toEqual([['terminate'], ['revoke', 'blob:1']])
  })

  it('defaultSpawn: Node worker_threads when getBuiltinModule gives them, else the browser spawner (none here)', () => {
    const p = process as unknown as { getBuiltinModule?: unknown }
    const real = p.getBuiltinModule
    expect(typeof defaultSpawn()).toBe('function')
    try {
      for (const fake of [undefined, () => undefined, () => ({})]) {
        p.getBuiltinModule = fake
        expect(defaultSpawn()).toBeUndefined() // Node has Blob and URL but no Worker global
        expect(typeof withGlobal('Worker', class {}, defaultSpawn)).toBe('function') // then the browser spawner
      }
      expect(withGlobal('process', undefined, defaultSpawn)).toBeUndefined()
    } finally {
      p.getBuiltinModule = real
    }
  })
})
