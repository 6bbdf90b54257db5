/**
 * Elementwise kernels on typed arrays: the four arithmetic ops with a scalar or a repeated row as
 * the second operand, x + α·y, ReLU and its backward. Each loop is written out for its op: one
 * shared loop calling many different functions goes megamorphic in V8 and stops inlining them
 * (about 2.5× slower). These are the reference and the fallback of the WebAssembly kernels
 * (wasm/elementwiseWasm.ts), which give the same values bit for bit.
 */
import type { FloatArray } from './mm.js'

/** The arithmetic ops with kernels of their own. */
export type BinaryCode = 'add' | 'sub' | 'mul' | 'div'

/** Checks that `y` repeats a whole number of times over `x` and `dst`; names the kernel in the error. */
export function checkRepeat(kernel: string, x: FloatArray, y: FloatArray, dst: FloatArray): void {
  const n = dst.length
  const m = y.length
  if (x.length !== n || (m === 0 ? n !== 0 : n % m !== 0)) {
    throw new RangeError(`${kernel}: x (${x.length}) and dst (${n}) must have one length, a whole number of y's (${m})`)
  }
}

/**
 * dst[i] = x[i] ∘ y[i mod m] with m = y.length: m = n is the same-shape case, m = 1 a scalar,
 * otherwise a row repeated along leading dims (a bias). `swap` computes y ∘ x instead.
 */
export function binaryInto(code: BinaryCode, x: FloatArray, y: FloatArray, dst: FloatArray, swap: boolean): void {
  checkRepeat('binaryInto', x, y, dst)
  const n = dst.length
  const m = y.length
  if (m === 1) scalarLoop(code, x, y[0], dst, swap)
  else for (let r = 0; r < n; r += m) rowLoop(code, x, y, dst, r, m, swap)
}

/** dst[i] = x[i] ∘ c (c ∘ x[i] when swapped). */
export function scalarLoop(code: BinaryCode, x: FloatArray, c: number, dst: FloatArray, swap: boolean): void {
  const n = dst.length
  if (code === 'add') for (let i = 0; i < n; i++) dst[i] = x[i] + c
  else if (code === 'mul') for (let i = 0; i < n; i++) dst[i] = x[i] * c
  else if (code === 'sub') {
    if (swap) for (let i = 0; i < n; i++) dst[i] = c - x[i]
    else for (let i = 0; i < n; i++) dst[i] = x[i] - c
  } else if (swap) for (let i = 0; i < n; i++) dst[i] = c / x[i]
  else for (let i = 0; i < n; i++) dst[i] = x[i] / c
}

/** dst[r + j] = x[r + j] ∘ y[j] for j < m (y[j] ∘ x[r + j] when swapped). */
export function rowLoop(code: BinaryCode, x: FloatArray, y: FloatArray, dst: FloatArray, r: number, m: number, swap: boolean): void {
  if (code === 'add') for (let j = 0; j < m; j++) dst[r + j] = x[r + j] + y[j]
  else if (code === 'mul') for (let j = 0; j < m; j++) dst[r + j] = x[r + j] * y[j]
  else if (code === 'sub') {
    if (swap) for (let j = 0; j < m; j++) dst[r + j] = y[j] - x[r + j]
    else for (let j = 0; j < m; j++) dst[r + j] = x[r + j] - y[j]
  } else if (swap) for (let j = 0; j < m; j++) dst[r + j] = y[j] / x[r + j]
  else for (let j = 0; j < m; j++) dst[r + j] = x[r + j] / y[j]
}

/** Checks that every input has dst's length `n`; names the kernel in the error. */
export function checkSame(kernel: string, n: number, ...inputs: FloatArray[]): void {
  for (const a of inputs) if (a.length !== n) throw new RangeError(`${kernel}: every array must have dst's length ${n}, got ${a.length}`)
}

/**
 * dst[i] = x[i] + α·y[i] in double arithmetic (α·y and the sum each rounded to double), then stored
 * into dst's type; the WebAssembly kernel computes the same.
 */
export function axpyInto(x: FloatArray, alpha: number, y: FloatArray, dst: FloatArray): void {
  checkSame('axpy', dst.length, x, y)
  for (let i = 0; i < dst.length; i++) dst[i] = x[i] + alpha * y[i]
}

/** dst[i] = max(x[i], 0), as PyTorch's relu: NaN stays NaN, −0 stays −0. */
export function reluInto(x: FloatArray, dst: FloatArray): void {
  checkSame('relu', dst.length, x)
  for (let i = 0; i < dst.length; i++) {
    const v = x[i]
    dst[i] = v < 0 ? 0 : v
  }
}

/** ReLU's backward as PyTorch's threshold_backward: dst[i] = 0 where y[i] ≤ 0, else g[i]. */
export function reluBackwardInto(g: FloatArray, y: FloatArray, dst: FloatArray): void {
  checkSame('reluBackward', dst.length, g, y)
  for (let i = 0; i < dst.length; i++) dst[i] = y[i] <= 0 ? 0 : g[i]
}

/**
 * One step of SGD with momentum, fused: bOut = g + μ·b (as `axpyInto` rounds it), then
 * pOut = p + bOut·c with c = −lr rounded to the arrays' type, the product rounded to that type
 * before the add. The same values, bit for bit, as the three passes it replaces (the momentum
 * `add(g, b, { alpha: μ })`, the scaling `mul(b', −lr)`, the update `add(p, u)`).
 */
export function momentumStepInto(p: FloatArray, g: FloatArray, b: FloatArray, mu: number, c: number, pOut: FloatArray, bOut: FloatArray): void {
  checkSame('momentumStep', pOut.length, p, g, b, bOut)
  if (pOut instanceof Float32Array) {
    const c32 = Math.fround(c) // as the WebAssembly kernel takes it
    for (let i = 0; i < pOut.length; i++) {
      bOut[i] = g[i] + mu * b[i]
      pOut[i] = p[i] + Math.fround(bOut[i] * c32)
    }
  } else {
    for (let i = 0; i < pOut.length; i++) {
      bOut[i] = g[i] + mu * b[i]
      pOut[i] = p[i] + bOut[i] * c
    }
  }
}
