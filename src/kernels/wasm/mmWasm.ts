/**
 * Matrix multiply on WebAssembly SIMD, with `mmIntoAt`'s contract and signature. Operands are
 * copied into the module's memory, `gemm32`/`gemm64` (gemmModule.ts) run there, and C is copied
 * back. Large products are split into blocks of C's rows (or columns, when C is wide) that the
 * calling thread and one helper thread claim in turn, over a shared memory (helperThread.ts);
 * mid-size ones only while the helper is awake from a recent product. Small products, mixed array
 * types and engines without SIMD take the typed-array kernel, whose call costs less than a copy in
 * and out.
 *
 * Nothing happens at import: the module is compiled, the memory made and the helper started on the
 * first call that needs them. Each `createWasmMm` owns its memory and helper; `mmWasmIntoAt` uses one
 * made on first use.
 */
import { mmIntoAt, type FloatArray } from '../mm.js'
import { ELEM32, ELEM64 } from './elem.js'
import { MAX_PAGES, gemmModuleBytes, simdValidates, workspaceBytes } from './gemmModule.js'
import { CONTROL_BYTES, canBlock, chunkArgs, startHelper, type Helper } from './helperThread.js'
import { defaultSpawn, type Spawn } from './spawn.js'

/** How a `createWasmMm` kernel runs. */
export interface WasmMmOptions {
  /** Use a helper thread for large products where the platform allows (default true). */
  readonly threads?: boolean
  /** How to start the helper (default: Web Worker or Node worker_threads, detected at run time). */
  readonly spawn?: Spawn
  /** Products with m·k·n below this run the typed-array kernel (default `MIN_WASM_WORK`). */
  readonly minWork?: number
  /**
   * Products with m·k·n at or above this (and max(m, n) ≥ 64) run on two threads (default 2²², about
   * 160³: measured here, two threads lose at 128³ after the hand-off and win 1.3× at 256³).
   */
  readonly minThreadWork?: number
  /**
   * Products below this (and at or above `minThreadWork`) use the helper only while it is awake,
   * looking for work after a recent product: waking a sleeping one costs more than splitting saves
   * at these sizes (default 2²⁴: measured here, products of 2^22.6 multiply-adds gain nothing from
   * a sleeping helper, those of 2^24.6 gain 1.2–1.5×). Runs of products pay one wake-up.
   */
  readonly minWakeWork?: number
}

/** A WebAssembly matrix-multiply kernel and the resources it holds. */
export interface WasmMm {
  /** C = op(A)·op(B) at offsets, exactly `mmIntoAt`'s contract. */
  readonly mmIntoAt: (
    a: FloatArray, aOff: number, b: FloatArray, bOff: number, out: FloatArray, outOff: number,
    m: number, k: number, n: number, transA?: boolean, transB?: boolean,
  ) => void
  /** Starts the helper thread now; resolves true once it takes work (false: one thread only). */
  readonly startThreads: () => Promise<boolean>
  /** How many threads a large product runs on now: 2 once the helper is ready, else 1. */
  readonly threadCount: () => 1 | 2
  /** Ends the helper thread and drops the memory; a later call starts afresh. */
  readonly dispose: () => void
}

type Gemm = (...args: number[]) => void

/** The instantiated module and the views over its memory (renewed after every grow). */
interface Engine {
  readonly memory: WebAssembly.Memory
  readonly module: WebAssembly.Module
  readonly gemm: readonly [Gemm, Gemm]
  readonly shared: boolean
  f32: Float32Array
  f64: Float64Array
  helper: Helper | undefined
}

const PAGE = 65536
const WORKSPACE = Math.ceil(Math.max(workspaceBytes(ELEM32), workspaceBytes(ELEM64)) / 64) * 64
const OPERANDS = CONTROL_BYTES + 2 * WORKSPACE // one workspace per thread, then A, B, C
const roundUp16 = (x: number): number => Math.ceil(x / 16) * 16
const MIN_SPLIT = 64 // rows (or columns) below which a split repacks more than it saves

/** Products with fewer multiply-adds run the typed-array kernel: the measured crossover, about 4³–6³. */
export const MIN_WASM_WORK = 128

let simd: boolean | undefined // a cache of a fact about the engine
/** True when this engine runs WebAssembly SIMD (checked once, by validating the kernel module). */
export function wasmSimdAvailable(): boolean {
  simd ??= simdValidates()
  return simd
}

/** Whether to back the kernel with a shared memory: threads wanted, allowed and startable. */
const threadsPossible = (spawn: Spawn | undefined): spawn is Spawn =>
  spawn !== undefined && typeof SharedArrayBuffer === 'function' &&
  (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false && canBlock()

function makeEngine(shared: boolean, pages: number): Engine {
  const memory = shared
    ? new WebAssembly.Memory({ initial: pages, maximum: MAX_PAGES, shared: true })
    : new WebAssembly.Memory({ initial: pages })
  const module = new WebAssembly.Module(gemmModuleBytes(shared))
  const x = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, Gemm>
  return { memory, module, gemm: [x.gemm32, x.gemm64], shared, f32: new Float32Array(memory.buffer), f64: new Float64Array(memory.buffer), helper: undefined }
}

/** A WebAssembly SIMD kernel with its own memory and (optionally) helper thread. */
export function createWasmMm({ threads = true, spawn, minWork = MIN_WASM_WORK, minThreadWork = 2 ** 22, minWakeWork = 2 ** 24 }: WasmMmOptions = {}): WasmMm {
  let engine: Engine | undefined
  const spawner = threads ? spawn ?? defaultSpawn() : undefined

  const ensure = (bytes: number): Engine | undefined => {
    const pages = Math.ceil(bytes / PAGE)
    if (pages > MAX_PAGES) return undefined
    if (engine === undefined) {
      let shared = threadsPossible(spawner)
      try {
        engine = makeEngine(shared, pages)
      } catch {
        shared = false // e.g. a page without cross-origin isolation refusing shared memory
        engine = makeEngine(shared, pages)
      }
    }
    const have = engine.f64.length / (PAGE / 8) // only this closure grows the memory, and it renews the views
    if (pages > have) {
      engine.memory.grow(pages - have)
      engine.f32 = new Float32Array(engine.memory.buffer)
      engine.f64 = new Float64Array(engine.memory.buffer)
    }
    return engine
  }

  const helperOf = (e: Engine): Helper | undefined => {
    if (e.shared && e.helper === undefined && spawner !== undefined) e.helper = startHelper(spawner, e.module, e.memory)
    return e.helper
  }

  const mm: WasmMm['mmIntoAt'] = (a, aOff, b, bOff, out, outOff, m, k, n, transA = false, transB = false) => {
    const work = m * k * n
    // Tiny products first and cheaply: they are call-bound, and the typed-array kernel validates.
    if (work === 0 || work < minWork) {
      mmIntoAt(a, aOff, b, bOff, out, outOff, m, k, n, transA, transB)
      return
    }
    const f32 = a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array
    const f64 = a instanceof Float64Array && b instanceof Float64Array && out instanceof Float64Array
    if (!(f32 || f64) || !wasmSimdAvailable()) {
      mmIntoAt(a, aOff, b, bOff, out, outOff, m, k, n, transA, transB)
      return
    }
    checkArgs(a, aOff, b, bOff, out, outOff, m, k, n)
    const size = f32 ? 4 : 8
    const aPtr = OPERANDS
    const bPtr = aPtr + roundUp16(m * k * size)
    const cPtr = bPtr + roundUp16(k * n * size)
    const e = ensure(cPtr + m * n * size)
    if (e === undefined) {
      mmIntoAt(a, aOff, b, bOff, out, outOff, m, k, n, transA, transB) // beyond the memory's maximum
      return
    }
    const view = f32 ? e.f32 : e.f64
    copyIn(view, aPtr / size, a, aOff, m * k)
    copyIn(view, bPtr / size, b, bOff, k * n)
    // op(A)[i, p] at aPtr + i·ars + p·acs, op(B)[p, j] at bPtr + p·brs + j·bcs, in bytes.
    const ars = (transA ? 1 : k) * size
    const acs = (transA ? m : 1) * size
    const brs = (transB ? 1 : n) * size
    const bcs = (transB ? k : 1) * size
    const gemm = e.gemm[f32 ? 0 : 1]
    const args = [aPtr, ars, acs, bPtr, brs, bcs, cPtr, n * size, m, k, n, CONTROL_BYTES]
    const byRows = m >= n // split the longer side: each chunk repacks the other operand whole
    const extent = byRows ? m : n
    const helper = work >= minThreadWork && extent >= MIN_SPLIT ? helperOf(e) : undefined
    if (helper?.ready() === true && (work >= minWakeWork || helper.awake())) {
      // Chunks of whole tiles (8 divides both tile widths); a few claims keep both threads busy to
      // the end, and each claim beyond a thread's first repacks the other operand once more.
      const claims = Math.min(4, Math.max(2, Math.floor(extent / 128)))
      const chunk = Math.ceil(extent / claims / 8) * 8
      const job = { dtype: f32 ? 0 : 1, args, byRows, chunk, helperWorkspace: CONTROL_BYTES + WORKSPACE } as const
      const done = helper.share(job, (r0, len) => gemm(...chunkArgs(args, size, byRows, r0, len)))
      if (!done) gemm(...args) // the helper threw: redo it all here
    } else {
      gemm(...args)
    }
    copyOut(out, outOff, view, cPtr / size, m * n)
  }

  return {
    mmIntoAt: mm,
    startThreads: async () => {
      const e = ensure(OPERANDS + PAGE)
      const h = e === undefined ? undefined : helperOf(e)
      return h === undefined ? false : h.whenReady()
    },
    threadCount: () => (engine?.helper?.ready() === true ? 2 : 1),
    dispose: () => {
      engine?.helper?.close()
      engine = undefined
    },
  }
}

/** Copies len elements of src from `from` into dst at `to`: a loop for short runs, where set's setup costs more. */
function copyIn(dst: FloatArray, to: number, src: FloatArray, from: number, len: number): void {
  if (len > 64) dst.set(src.subarray(from, from + len), to)
  else for (let i = 0; i < len; i++) dst[to + i] = src[from + i]
}

/** `copyIn` with the roles named for the way back. */
const copyOut = (dst: FloatArray, to: number, src: FloatArray, from: number, len: number): void => copyIn(dst, to, src, from, len)

function checkCount(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`mmWasmIntoAt: ${name} must be a non-negative integer, got ${v}`)
}

function checkRange(name: string, x: FloatArray, off: number, len: number): void {
  if (off + len > x.length) throw new RangeError(`mmWasmIntoAt: ${name} needs ${len} elements from offset ${off}, but its length is ${x.length}`)
}

function checkArgs(
  a: FloatArray, aOff: number, b: FloatArray, bOff: number, out: FloatArray, outOff: number, m: number, k: number, n: number,
): void {
  checkCount('m', m)
  checkCount('k', k)
  checkCount('n', n)
  checkCount('aOff', aOff)
  checkCount('bOff', bOff)
  checkCount('outOff', outOff)
  checkRange('a', a, aOff, m * k)
  checkRange('b', b, bOff, k * n)
  checkRange('out', out, outOff, m * n)
  if ((out === a && outOff < aOff + m * k && aOff < outOff + m * n) || (out === b && outOff < bOff + k * n && bOff < outOff + m * n)) {
    throw new RangeError('mmWasmIntoAt: out overlaps a or b in the same array; the product cannot be formed in place')
  }
}

let lazyDefault: WasmMm | undefined // a cache, made on first call: importing does nothing
/**
 * `mmIntoAt` on WebAssembly SIMD (two threads for large products where allowed), falling back to
 * the typed-array kernel for small products and where SIMD is missing. Same arguments and contract.
 */
export const mmWasmIntoAt: WasmMm['mmIntoAt'] = (a, aOff, b, bOff, out, outOff, m, k, n, transA, transB) => {
  lazyDefault ??= createWasmMm()
  lazyDefault.mmIntoAt(a, aOff, b, bOff, out, outOff, m, k, n, transA, transB)
}
