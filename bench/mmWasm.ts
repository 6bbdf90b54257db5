/**
 * The WebAssembly contenders of the mm benchmark: our SIMD kernel on one thread (`wasm1`) and on two
 * (`wasm2`: the calling thread plus one helper, at every shape), and tfjs-backend-wasm's matMul
 * (XNNPACK) held to its non-threaded SIMD binary (`tfjsWasm`). They are timed in alternating rounds
 * of their own: at 1024³ they take tens of milliseconds where the JavaScript contenders take
 * seconds, so they can afford more rounds. Each call allocates its output, and tfjs's includes
 * dataSync (the product read out of its wasm memory, as ours copies out of ours); tensors are
 * disposed every call.
 */
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import { createWasmMm, wasmSimdAvailable, type WasmMm } from '../src/kernels/wasm/mmWasm.js'
import { median, timeOps } from './timing.js'

/** The WebAssembly contenders, in table order. */
export const WASM_IMPLS = ['wasm1', 'wasm2', 'tfjsWasm'] as const
/** One WebAssembly contender's name. */
export type WasmImpl = (typeof WASM_IMPLS)[number]

/** How the WebAssembly contenders ran: what the wasm columns are to be read against. */
export interface WasmSetup {
  /** Our module validated with SIMD on this engine (if not, our kernels fell back to JavaScript). */
  readonly oursSimd: boolean
  /** Threads our kernels ran large products on, read after the runs: wasm1 should be 1, wasm2 2. */
  readonly oursThreads: { readonly wasm1: number; readonly wasm2: number }
  /** The binary tfjs-backend-wasm loaded, chosen from the flags below as the backend chooses it. */
  readonly tfjsWasmBinary: string
  /** tfjs's WASM_HAS_SIMD_SUPPORT. */
  readonly tfjsWasmSimd: boolean
  /** tfjs's WASM_HAS_MULTITHREAD_SUPPORT as detected, before it was set false to keep one thread. */
  readonly tfjsWasmMultithreadDetected: boolean
  /** tfjs's WASM_HAS_MULTITHREAD_SUPPORT as the backend then read it. */
  readonly tfjsWasmMultithread: boolean
  /** XNNPACK's thread count as tfjs-backend-wasm reports it once initialised (getThreadsCount). */
  readonly tfjsWasmThreads: number
}

/** The WebAssembly contenders, made once for every shape. */
export interface WasmContenders {
  readonly one: WasmMm
  readonly two: WasmMm
  /** Ends our helper thread. */
  readonly dispose: () => void
  /** What tfjs-backend-wasm detected and loaded. */
  readonly tfjs: Omit<WasmSetup, 'oursSimd' | 'oursThreads'>
}

/** What one shape measured. */
export interface WasmShapeResult {
  /** Calls per second of each contender (median over the rounds). */
  readonly callsPerSec: Readonly<Record<WasmImpl, number>>
  /** One product from each, for the agreement check. */
  readonly outputs: Readonly<Record<WasmImpl, Float32Array>>
}

/** Which tfjs-backend-wasm binary these flags select (the rule of its getPathToWasmBinary). */
const binaryFor = (simd: boolean, threads: boolean): string =>
  simd && threads ? 'tfjs-backend-wasm-threaded-simd.wasm' : simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm'

/**
 * Makes our two kernels (helper thread started) and initialises tfjs-backend-wasm on one thread,
 * then gives the active tfjs backend back. Throws if tfjs loads anything but the SIMD binary.
 */
export async function setUpWasm(): Promise<WasmContenders> {
  const one = createWasmMm({ threads: false, minWork: 1 })
  const two = createWasmMm({ threads: true, minWork: 1, minThreadWork: 1, minWakeWork: 1 })
  if (!(await two.startThreads())) throw new Error('bench mmWasm: our helper thread did not start; wasm2 would run on one thread')
  const wasm = await import('@tensorflow/tfjs-backend-wasm')
  const simdBinary = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')
  wasm.setWasmPaths(dirname(simdBinary) + '/')
  const env = tf.env()
  const simd = (await env.getAsync('WASM_HAS_SIMD_SUPPORT')) === true
  const detected = (await env.getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true
  // Node reports false already; set it anyway so the threaded binary can never be picked.
  env.set('WASM_HAS_MULTITHREAD_SUPPORT', false)
  wasm.setThreadsCount(1)
  const multithread = (await env.getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true
  const binary = binaryFor(simd, multithread)
  if (binary !== 'tfjs-backend-wasm-simd.wasm') throw new Error(`bench mmWasm: tfjs-backend-wasm would load ${binary}, expected the SIMD binary`)
  const previous = tf.getBackend()
  if (!(await tf.setBackend('wasm'))) throw new Error('bench mmWasm: could not activate the tfjs wasm backend')
  const threads = wasm.getThreadsCount()
  await tf.setBackend(previous)
  return {
    one,
    two,
    dispose: () => {
      two.dispose()
      one.dispose()
    },
    tfjs: { tfjsWasmBinary: binary, tfjsWasmSimd: simd, tfjsWasmMultithreadDetected: detected, tfjsWasmMultithread: multithread, tfjsWasmThreads: threads },
  }
}

/** What the contenders ran on, read after the runs. */
export const wasmSetup = (c: WasmContenders): WasmSetup => ({
  oursSimd: wasmSimdAvailable(),
  oursThreads: { wasm1: c.one.threadCount(), wasm2: c.two.threadCount() },
  ...c.tfjs,
})

/** Times the WebAssembly contenders on one m×k · k×n product; the wasm backend is active only meanwhile. */
export async function benchWasmShape(c: WasmContenders, a: Float32Array, b: Float32Array, m: number, k: number, n: number): Promise<WasmShapeResult> {
  const previous = tf.getBackend()
  if (!(await tf.setBackend('wasm'))) throw new Error('bench mmWasm: could not activate the tfjs wasm backend')
  // Made while wasm is active, so they live in its memory and are never moved between backends.
  const ta = tf.tensor2d(a, [m, k])
  const tb = tf.tensor2d(b, [k, n])
  const ours = (kernel: WasmMm) => (): Float32Array => {
    const out = new Float32Array(m * n)
    kernel.mmIntoAt(a, 0, b, 0, out, 0, m, k, n)
    return out
  }
  const thunks: Record<WasmImpl, () => Float32Array> = {
    wasm1: ours(c.one),
    wasm2: ours(c.two),
    tfjsWasm: () => {
      const t = tf.matMul(ta, tb)
      const d = t.dataSync() as Float32Array
      t.dispose()
      return d
    },
  }
  try {
    const big = 2 * m * k * n > 1e9
    const opts = big ? { budgetMs: 300, warmupMs: 100, minSamples: 3 } : { budgetMs: 150, warmupMs: 60, minSamples: 3 }
    const rates: Record<WasmImpl, number[]> = { wasm1: [], wasm2: [], tfjsWasm: [] }
    for (let r = 0; r < 5; r++) for (const impl of WASM_IMPLS) rates[impl].push(timeOps(thunks[impl], opts).opsPerSec)
    return {
      callsPerSec: { wasm1: median(rates.wasm1), wasm2: median(rates.wasm2), tfjsWasm: median(rates.tfjsWasm) },
      outputs: { wasm1: thunks.wasm1(), wasm2: thunks.wasm2(), tfjsWasm: thunks.tfjsWasm() },
    }
  } finally {
    ta.dispose()
    tb.dispose()
    await tf.setBackend(previous)
  }
}
