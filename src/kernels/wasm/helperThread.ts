/**
 * One helper thread for large products, over the module's shared memory. The calling thread posts
 * a job (gemm's arguments) into control words at the start of the memory; then both threads claim
 * chunks of C's rows (or columns) from an atomic counter until none is left, and the caller waits
 * for the helper only if the helper took the job. Why this shape (PERF-NOTES): a hand-off with
 * wait/notify costs less than postMessage, and spinning is worse on two cores; the caller working
 * as one of the two threads wastes no core. After a job the helper looks for the next one for
 * `SPIN_MS` before it sleeps, and the caller notifies only a sleeping helper, so a run of products
 * pays one wake-up. Claiming chunks, rather than a fixed half each, keeps
 * a product from waiting long on a helper the OS has not scheduled: when the other core is busy,
 * the caller takes every chunk and cancels the job the helper has not woken for.
 *
 * `Atomics.wait` is refused on a browser's main thread, so there `canBlock()` is false and the
 * kernel stays on one thread; inside a worker (browser or Node) and on Node's main thread it
 * works. The helper is used only once it has reported ready, so a slow start never blocks a call.
 */
import type { Spawn, WorkerHandle } from './spawn.js'

/** Bytes of control words at address 0 of the shared memory. */
export const CONTROL_BYTES = 128

// Int32 indices of the control words.
const SEQ = 0 // job number, bumped by the caller to wake the helper
const DONE = 1 // job number the helper finished (negated if it threw)
const STATE = 2 // 0 starting, 1 ready, -1 failed to start
const QUIT = 3 // non-zero: the next wake-up means "exit"
const TAKE = 4 // job number open for the helper; the helper negates it to take it, the caller zeroes it to cancel
const NEXT = 5 // first row (column) not yet claimed
const JOB = 6 // dtype (0 f32, 1 f64), gemm's 12 arguments, 1 to split rows (0 columns), chunk
const SLEEPING = 21 // 1 while the helper sleeps in Atomics.wait: only then does a job need a notify

/**
 * How long the helper looks for the next job before it sleeps, in ms. Products come in runs (a
 * layer's forward, then its two backward products), and waking a sleeping thread costs far more
 * than the spin: the futex wake-up can put the helper on the caller's core, preempting the caller
 * for as long as the helper's chunk runs (measured here: 40–260 µs a notify).
 */
export const SPIN_MS = 1

/**
 * The helper's body, as source (it runs in another realm, so it cannot close over anything).
 * It reads the job number before reporting ready, so a job posted right after cannot be missed.
 */
const START_SOURCE = `(module, memory) => {
  const ctl = new Int32Array(memory.buffer, 0, ${CONTROL_BYTES / 4})
  let gemm
  try {
    const x = new WebAssembly.Instance(module, { env: { memory } }).exports
    gemm = [x.gemm32, x.gemm64]
  } catch (e) {
    Atomics.store(ctl, ${STATE}, -1)
    return
  }
  let seen = Atomics.load(ctl, ${SEQ})
  Atomics.store(ctl, ${STATE}, 1)
  for (;;) {
    let s = Atomics.load(ctl, ${SEQ})
    for (const until = performance.now() + ${SPIN_MS}; s === seen && performance.now() < until;) s = Atomics.load(ctl, ${SEQ})
    if (s === seen) {
      Atomics.store(ctl, ${SLEEPING}, 1)
      Atomics.wait(ctl, ${SEQ}, seen) // returns at once if a job was posted since the spin
      Atomics.store(ctl, ${SLEEPING}, 0)
      s = Atomics.load(ctl, ${SEQ})
      if (s === seen) continue
    }
    seen = s
    if (Atomics.load(ctl, ${QUIT}) !== 0) return
    const t = Atomics.load(ctl, ${TAKE})
    if (t <= 0 || Atomics.compareExchange(ctl, ${TAKE}, t, -t) !== t) continue
    let ok = true
    try {
      const j = ctl.slice(${JOB}, ${JOB + 15})
      const g = gemm[j[0]], size = j[0] === 0 ? 4 : 8, byRows = j[13] === 1, chunk = j[14]
      const [a, ars, acs, b, brs, bcs, c, ldc, m, k, n, ws] = j.subarray(1, 13)
      const extent = byRows ? m : n
      for (let r0 = Atomics.add(ctl, ${NEXT}, chunk); r0 < extent; r0 = Atomics.add(ctl, ${NEXT}, chunk)) {
        const len = Math.min(extent, r0 + chunk) - r0
        if (byRows) g(a + r0 * ars, ars, acs, b, brs, bcs, c + r0 * ldc, ldc, len, k, n, ws)
        else g(a, ars, acs, b + r0 * bcs, brs, bcs, c + r0 * size, ldc, m, k, len, ws)
      }
    } catch (e) {
      ok = false
    }
    Atomics.store(ctl, ${DONE}, ok ? t : -t)
    Atomics.notify(ctl, ${DONE})
  }
}`

/** A product for two threads: C's rows (or columns) are claimed in chunks by both. */
export interface SharedJob {
  /** 0 float32, 1 float64. */
  readonly dtype: 0 | 1
  /** gemm's 12 arguments for the whole product (a, ars, acs, b, brs, bcs, c, ldc, m, k, n, work). */
  readonly args: readonly number[]
  /** Split C's rows (else its columns). */
  readonly byRows: boolean
  /** Rows (columns) per claim. */
  readonly chunk: number
  /** The helper's workspace address (replaces `work`). */
  readonly helperWorkspace: number
}

/**
 * gemm's arguments for rows (or columns) [r0, r0 + len) of the product `args`: the same call with
 * shifted pointers and a smaller m (or n). The helper's source repeats this rule.
 */
export function chunkArgs(args: readonly number[], size: number, byRows: boolean, r0: number, len: number): number[] {
  const [a, ars, acs, b, brs, bcs, c, ldc, m, k, n, work] = args
  return byRows
    ? [a + r0 * ars, ars, acs, b, brs, bcs, c + r0 * ldc, ldc, len, k, n, work]
    : [a, ars, acs, b + r0 * bcs, brs, bcs, c + r0 * size, ldc, m, k, len, work]
}

/** A started helper thread. */
export interface Helper {
  /** True once the helper has instantiated the module and waits for jobs. */
  readonly ready: () => boolean
  /** True while the helper is looking for the next job (after one, for SPIN_MS), not asleep. */
  readonly awake: () => boolean
  /** Resolves true when ready, false if it failed to start or did not start within `timeoutMs`. */
  readonly whenReady: (timeoutMs?: number) => Promise<boolean>
  /**
   * Posts `job`, then calls `run(r0, len)` here for every chunk this thread claims, and waits for
   * the helper if it took the job. Returns false if the helper's part threw (some of C unwritten).
   */
  readonly share: (job: SharedJob, run: (r0: number, len: number) => void) => boolean
  /** Tells the helper to exit and ends it. */
  readonly close: () => void
}

/** True when this thread may block in `Atomics.wait` (not a browser's main thread). */
export function canBlock(): boolean {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return false
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0) // value differs: returns at once
    return true
  } catch {
    return false
  }
}

/** Starts a helper on `memory` (shared, with CONTROL_BYTES free at address 0) running `module`. */
export function startHelper(spawn: Spawn, module: WebAssembly.Module, memory: WebAssembly.Memory): Helper {
  // The control words never move: after a grow, this old view still sees the first bytes.
  const ctl = new Int32Array(memory.buffer, 0, CONTROL_BYTES / 4)
  ctl.fill(0)
  let handle: WorkerHandle | undefined
  try {
    handle = spawn(START_SOURCE, { module, memory })
  } catch {
    Atomics.store(ctl, STATE, -1)
  }
  const ready = (): boolean => Atomics.load(ctl, STATE) === 1
  const nextSeq = (): number => {
    const s = Atomics.load(ctl, SEQ)
    return s === 0x7fffffff ? 1 : s + 1
  }
  const wake = (s: number): void => {
    Atomics.store(ctl, SEQ, s)
    // The helper sets SLEEPING before it waits, and its wait returns at once if SEQ moved: reading
    // 0 here means it will see this job without a notify (sequentially consistent atomics).
    if (Atomics.load(ctl, SLEEPING) !== 0) Atomics.notify(ctl, SEQ)
  }
  return {
    ready,
    awake: () => ready() && Atomics.load(ctl, SLEEPING) === 0,
    whenReady: (timeoutMs = 10_000) => new Promise((resolve) => {
      const until = Date.now() + timeoutMs
      const poll = (): void => {
        const state = Atomics.load(ctl, STATE)
        if (state !== 0 || Date.now() > until) resolve(state === 1)
        else setTimeout(poll, 2)
      }
      poll()
    }),
    share: ({ dtype, args, byRows, chunk, helperWorkspace }, run) => {
      ctl[JOB] = dtype
      for (let i = 0; i < 11; i++) ctl[JOB + 1 + i] = args[i]
      ctl[JOB + 12] = helperWorkspace
      ctl[JOB + 13] = byRows ? 1 : 0
      ctl[JOB + 14] = chunk
      const extent = byRows ? args[8] : args[10]
      Atomics.store(ctl, NEXT, 0)
      const s = nextSeq()
      Atomics.store(ctl, TAKE, s)
      wake(s)
      try {
        for (let r0 = Atomics.add(ctl, NEXT, chunk); r0 < extent; r0 = Atomics.add(ctl, NEXT, chunk)) run(r0, Math.min(extent, r0 + chunk) - r0)
      } finally {
        // A helper that has not woken yet never will for this job: no need to wait for it.
        if (Atomics.compareExchange(ctl, TAKE, s, 0) !== s) {
          for (let d = Atomics.load(ctl, DONE); d !== s && d !== -s; d = Atomics.load(ctl, DONE)) Atomics.wait(ctl, DONE, d)
        }
      }
      return Atomics.load(ctl, DONE) !== -s
    },
    close: () => {
      Atomics.store(ctl, QUIT, 1)
      wake(nextSeq())
      Atomics.store(ctl, STATE, -1)
      handle?.terminate()
    },
  }
}
