/**
 * The elementwise kernels of ../elementwise.ts on WebAssembly SIMD, with the same signatures and
 * the same values bit for bit. Operands stream through a fixed 640 KiB memory in chunks (copied in
 * with `TypedArray.set`, which runs at memcpy speed, and back out the same way), so memory never
 * grows and any length works. Short arrays, mixed array types and engines without SIMD take the
 * typed-array loops, whose call costs less than the copies.
 *
 * Why: on this platform a JavaScript loop over typed arrays costs about 2 ns an element, a copy
 * 0.1 ns and a SIMD sweep 0.2 ns, so an optimiser step over a quarter-million parameters spends
 * most of its time in these loops. Nothing happens at import: the module is compiled and the
 * memory made on the first call that needs them.
 */
import { axpyInto, binaryInto, checkRepeat, checkSame, momentumStepInto, reluBackwardInto, reluInto, type BinaryCode } from '../elementwise.js'
import type { FloatArray } from '../mm.js'
import { elementwiseModuleBytes } from './elementwiseModule.js'

/** The elementwise kernels, one implementation. */
export interface ElementwiseKernels {
  /** dst[i] = x[i] ∘ y[i mod y.length] (y ∘ x when `swap`); see ../elementwise.ts. */
  readonly binary: (code: BinaryCode, x: FloatArray, y: FloatArray, dst: FloatArray, swap: boolean) => void
  /** dst = x + α·y. */
  readonly axpy: (x: FloatArray, alpha: number, y: FloatArray, dst: FloatArray) => void
  /** dst = max(x, 0). */
  readonly relu: (x: FloatArray, dst: FloatArray) => void
  /** dst = y ≤ 0 ? 0 : g. */
  readonly reluBackward: (g: FloatArray, y: FloatArray, dst: FloatArray) => void
  /**
   * SGD with momentum in one pass: bOut = g + μ·b, pOut = p + bOut·c (c = −lr of the arrays' type).
   * pOut may be p and bOut may be b (a donated step writes in place): element i is read before it is written.
   */
  readonly momentumStep: (p: FloatArray, g: FloatArray, b: FloatArray, mu: number, c: number, pOut: FloatArray, bOut: FloatArray) => void
}

/** How a `createWasmElementwise` kernel set runs. */
export interface WasmElementwiseOptions {
  /** Arrays shorter than this take the typed-array loops (default 256: about the measured crossover, where the copies cost what the SIMD sweep saves). */
  readonly minLength?: number
  /** Elements per chunk (default 16,384: the five chunks of float64 a momentum step uses fit in L2); a multiple of 2 below 2²⁰. */
  readonly chunk?: number
}

/** The typed-array kernels, as a set. */
export const typedArrayElementwise: ElementwiseKernels = Object.freeze({
  binary: binaryInto, axpy: axpyInto, relu: reluInto, reluBackward: reluBackwardInto, momentumStep: momentumStepInto,
})

type Fn = (...args: number[]) => void

/** The instance, its exports by name, and views of its memory. */
interface Engine {
  readonly fns: Readonly<Record<string, Fn>>
  readonly f32: Float32Array
  readonly f64: Float64Array
}

const PAGE = 65536

/** `createWasmElementwise` checks its chunk size with this. */
function checkChunk(chunk: number): void {
  if (!Number.isInteger(chunk) || chunk < 2 || chunk % 2 !== 0 || chunk >= 2 ** 20) {
    throw new RangeError(`createWasmElementwise: chunk must be an even integer in [2, 2^20), got ${chunk}`)
  }
}

/** Elementwise kernels on WebAssembly SIMD with their own memory (made on first use). */
export function createWasmElementwise({ minLength = 256, chunk = 16384 }: WasmElementwiseOptions = {}): ElementwiseKernels {
  checkChunk(chunk)
  // Five regions of `chunk` float64s: x, y (or a repeated row), d, and a third input and second
  // output for the momentum step. Byte addresses.
  const region = chunk * 8
  const [X, Y, D, Z, E] = [0, region, 2 * region, 3 * region, 4 * region]
  let engine: Engine | null | undefined // null: tried and unavailable

  const ready = (): Engine | null => {
    if (engine !== undefined) return engine
    const pages = Math.ceil((5 * region) / PAGE)
    try {
      const memory = new WebAssembly.Memory({ initial: pages })
      const instance = new WebAssembly.Instance(new WebAssembly.Module(elementwiseModuleBytes(pages)), { env: { memory } })
      engine = { fns: instance.exports as Record<string, Fn>, f32: new Float32Array(memory.buffer), f64: new Float64Array(memory.buffer) }
    } catch {
      engine = null // no WebAssembly, or no SIMD: the typed-array loops serve
    }
    return engine
  }

  /** The engine and the view for this call's arrays, or null when the typed-array loop should run. */
  const route = (n: number, ...arrays: FloatArray[]): { e: Engine; view: FloatArray; bits: 32 | 64 } | null => {
    if (n < minLength) return null
    const f32 = arrays.every((a) => a instanceof Float32Array)
    if (!f32 && !arrays.every((a) => a instanceof Float64Array)) return null
    const e = ready()
    return e === null ? null : { e, view: f32 ? e.f32 : e.f64, bits: f32 ? 32 : 64 }
  }

  /** For each chunk [i, i + len) of [0, n): copy what `load` names in, `run` it, copy d out. */
  const chunks = (view: FloatArray, size: number, n: number, step: number, dst: FloatArray,
    load: (i: number, len: number) => void, run: (i: number, len: number) => void): void => {
    for (let i = 0; i < n; i += step) {
      const len = Math.min(step, n - i)
      load(i, len)
      run(i, len)
      dst.set(view.subarray(D / size, D / size + len), i)
    }
  }

  const put = (view: FloatArray, at: number, src: FloatArray, i: number, len: number): void => {
    view.set(src.subarray(i, i + len), at)
  }

  const binary: ElementwiseKernels['binary'] = (code, x, y, dst, swap) => {
    checkRepeat('binary', x, y, dst)
    const n = dst.length
    const m = y.length
    const r = route(n, x, y, dst)
    if (r === null) return binaryInto(code, x, y, dst, swap)
    const { e, view, bits } = r
    const size = bits / 8
    if (m === 1) {
      const f = e.fns[`${code}${swap ? 'SV' : 'VS'}${bits}`]
      const c = y[0]
      return chunks(view, size, n, chunk, dst, (i, len) => put(view, X / size, x, i, len), (_, len) => f(X, D, len * size, c))
    }
    const f = e.fns[`${code}${swap ? 'RV' : 'VR'}${bits}`]
    if (m === n || m > chunk) {
      // Row by row (one row when the shapes match): x and y chunks side by side.
      for (let r0 = 0; r0 < n; r0 += m) {
        chunks(view, size, m, chunk, dst.subarray(r0, r0 + m), (i, len) => {
          put(view, X / size, x, r0 + i, len)
          put(view, Y / size, y, i, len)
        }, (_, len) => f(X, Y, D, 1, len * size))
      }
      return
    }
    // A row shorter than a chunk: copied in once, then whole rows per chunk.
    put(view, Y / size, y, 0, m)
    const rows = Math.floor(chunk / m)
    chunks(view, size, n, rows * m, dst, (i, len) => put(view, X / size, x, i, len), (_, len) => f(X, Y, D, len / m, m * size))
  }

  /**
   * A kernel whose arrays all have dst's length: the inputs go to X, Y, Z chunk by chunk, `call`
   * runs `<name><bits>` over a chunk's bytes, and d comes back into dst (and e into `second`).
   * False when the typed-array loop should run instead.
   */
  const sweep = (name: string, inputs: readonly FloatArray[], dst: FloatArray, second: FloatArray | null,
    call: (f: Fn, bytes: number) => void): boolean => {
    const r = route(dst.length, ...inputs, dst, ...(second === null ? [] : [second]))
    if (r === null) return false
    const { e, view, bits } = r
    const size = bits / 8
    const f = e.fns[`${name}${bits}`]
    const regions = [X, Y, Z]
    chunks(view, size, dst.length, chunk, dst, (i, len) => inputs.forEach((a, k) => put(view, regions[k] / size, a, i, len)), (i, len) => {
      call(f, len * size)
      if (second !== null) second.set(view.subarray(E / size, E / size + len), i)
    })
    return true
  }

  const axpy: ElementwiseKernels['axpy'] = (x, alpha, y, dst) => {
    checkSame('axpy', dst.length, x, y)
    if (!sweep('axpy', [x, y], dst, null, (f, bytes) => f(X, Y, D, bytes, alpha))) axpyInto(x, alpha, y, dst)
  }

  const relu: ElementwiseKernels['relu'] = (x, dst) => {
    checkSame('relu', dst.length, x)
    if (!sweep('relu', [x], dst, null, (f, bytes) => f(X, D, bytes))) reluInto(x, dst)
  }

  const reluBackward: ElementwiseKernels['reluBackward'] = (g, y, dst) => {
    checkSame('reluBackward', dst.length, g, y)
    if (!sweep('reluBackward', [g, y], dst, null, (f, bytes) => f(X, Y, D, bytes))) reluBackwardInto(g, y, dst)
  }

  const momentumStep: ElementwiseKernels['momentumStep'] = (p, g, b, mu, c, pOut, bOut) => {
    checkSame('momentumStep', pOut.length, p, g, b, bOut)
    if (!sweep('momentumStep', [p, g, b], pOut, bOut, (f, bytes) => f(X, Y, Z, D, E, bytes, mu, c))) momentumStepInto(p, g, b, mu, c, pOut, bOut)
  }

  return { binary, axpy, relu, reluBackward, momentumStep }
}

let lazyDefault: ElementwiseKernels | undefined // a cache, made on first call: importing does nothing
const wasmDefault = (): ElementwiseKernels => (lazyDefault ??= createWasmElementwise())

/**
 * The elementwise kernels on WebAssembly SIMD where the engine has it (one instance, made on first
 * use), the typed-array loops for short arrays and elsewhere.
 */
export const wasmElementwise: ElementwiseKernels = Object.freeze<ElementwiseKernels>({
  binary: (code, x, y, dst, swap) => wasmDefault().binary(code, x, y, dst, swap),
  axpy: (x, alpha, y, dst) => wasmDefault().axpy(x, alpha, y, dst),
  relu: (x, dst) => wasmDefault().relu(x, dst),
  reluBackward: (g, y, dst) => wasmDefault().reluBackward(g, y, dst),
  momentumStep: (p, g, b, mu, c, pOut, bOut) => wasmDefault().momentumStep(p, g, b, mu, c, pOut, bOut),
})
