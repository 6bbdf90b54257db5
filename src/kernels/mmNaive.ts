/**
 * The reference matrix product: the plain triple loop, one dot product per output element, summed
 * in doubles. It is slow on purpose and obviously right, so the blocked kernel in `mm.ts` (and
 * anything else that multiplies matrices) has something independent to be checked against.
 */
import type { FloatArray } from './mm.js'

/**
 * C[m×n] = op(A)·op(B) by the textbook loop. op(A) is m×k (A stored k×m when `transA`), op(B) is
 * k×n (B stored n×k when `transB`); `out` (length m·n) is fully overwritten and never read.
 */
export function mmNaiveInto(
  a: FloatArray, b: FloatArray, out: FloatArray,
  m: number, k: number, n: number, transA = false, transB = false,
): void {
  if (a.length !== m * k || b.length !== k * n || out.length !== m * n) {
    throw new RangeError(
      `mmNaiveInto: for m=${m}, k=${k}, n=${n} expected lengths a=${m * k}, b=${k * n}, out=${m * n}; ` +
      `got a=${a.length}, b=${b.length}, out=${out.length}`,
    )
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let p = 0; p < k; p++) {
        const aip = transA ? a[p * m + i] : a[i * k + p]
        const bpj = transB ? b[j * k + p] : b[p * n + j]
        s += aip * bpj
      }
      out[i * n + j] = s
    }
  }
}
