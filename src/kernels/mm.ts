/**
 * Matrix multiply on typed arrays: C = op(A)·op(B), blocked for cache and register-tiled, in plain
 * JavaScript. Large products copy ("pack") slivers of A and B into one Float64Array and run a 4×4
 * micro-kernel over them; small ones (the seed's 4×5·5×1, batched products of tiny matrices) take a
 * direct loop that allocates nothing. Transposed operands are absorbed by strided reads in the
 * packing step, so Aᵀ·B and A·Bᵀ cost about what A·B costs, with no transpose pass.
 */

/** The element arrays the float kernels read and write. */
export type FloatArray = Float32Array | Float64Array

const MR = 4 // rows of the register tile
const NR = 4 // columns of the register tile
const KC = 256 // panel depth: a 4×256 sliver of A and of B (8 KB each in doubles) sit in L1 together
const MC = 128 // rows of A packed per block (256 KB of doubles: stays in L2 while B slivers stream past)
const NC = 1024 // columns of B packed per block
const DIRECT_WORK = 1024 // up to this many multiply-adds (about 10³), packing costs more than it saves

/**
 * C[m×n] = op(A)·op(B), where op(A) is m×k (A stored k×m row-major when `transA`) and op(B) is k×n
 * (B stored n×k when `transB`). `out` (length m·n) is fully overwritten and never read; k = 0 gives zeros.
 */
export function mmInto(
  a: FloatArray, b: FloatArray, out: FloatArray,
  m: number, k: number, n: number, transA = false, transB = false,
): void {
  if (a.length !== m * k || b.length !== k * n || out.length !== m * n) {
    throw new RangeError(
      `mmInto: for m=${m}, k=${k}, n=${n} expected lengths a=${m * k}, b=${k * n}, out=${m * n}; ` +
      `got a=${a.length}, b=${b.length}, out=${out.length}`,
    )
  }
  mmIntoAt(a, 0, b, 0, out, 0, m, k, n, transA, transB)
}

/**
 * `mmInto` on matrices that start at element offsets inside larger arrays (one batch of a batched
 * product), so callers need no subarray per batch. Only out[outOff, outOff + m·n) is written. `out`
 * must not overlap a or b: the same array with overlapping ranges is refused; distinct views over
 * one buffer are not checked (reading `.buffer` would cost small arrays a copy).
 */
export function mmIntoAt(
  a: FloatArray, aOff: number, b: FloatArray, bOff: number, out: FloatArray, outOff: number,
  m: number, k: number, n: number, transA = false, transB = false,
): void {
  checkDims(m, k, n, aOff, bOff, outOff)
  checkRange('a', a, aOff, m, k)
  checkRange('b', b, bOff, k, n)
  checkRange('out', out, outOff, m, n)
  if ((out === a && rangesOverlap(outOff, m * n, aOff, m * k)) ||
      (out === b && rangesOverlap(outOff, m * n, bOff, k * n))) {
    throw new RangeError('mmIntoAt: out overlaps a or b in the same array; the product cannot be formed in place')
  }
  if (m === 0 || n === 0) return
  if (k === 0) {
    out.fill(0, outOff, outOff + m * n)
    return
  }
  // op(A)[i, p] = a[aOff + i·ars + p·acs] and op(B)[p, j] = b[bOff + p·brs + j·bcs]: the strides
  // carry the transposes, so every loop below is written once.
  const ars = transA ? 1 : k
  const acs = transA ? m : 1
  const brs = transB ? 1 : n
  const bcs = transB ? k : 1
  // A lone row or column would waste 3/4 of every 4×4 tile: a dot product per element is faster.
  if (m * n * k <= DIRECT_WORK || m === 1 || n === 1) mmDirect(a, aOff, ars, acs, b, bOff, brs, bcs, out, outOff, m, k, n)
  else mmBlocked(a, aOff, ars, acs, b, bOff, brs, bcs, out, outOff, m, k, n)
}

/**
 * C = op(A)·op(B) for whole arrays by one dot product per element, without the argument checks:
 * for tiny products whose sizes the caller has already checked (a tensor's shape), where the
 * checks would cost as much as the arithmetic. Gives exactly what `mmIntoAt` gives for them.
 */
export function mmSmall(a: FloatArray, b: FloatArray, out: FloatArray, m: number, k: number, n: number, transA: boolean, transB: boolean): void {
  mmDirect(a, 0, transA ? 1 : k, transA ? m : 1, b, 0, transB ? 1 : n, transB ? k : 1, out, 0, m, k, n)
}

/** One dot product per output element, summed in a double: no setup cost, for small products. */
function mmDirect(
  a: FloatArray, aOff: number, ars: number, acs: number,
  b: FloatArray, bOff: number, brs: number, bcs: number,
  out: FloatArray, outOff: number, m: number, k: number, n: number,
): void {
  for (let i = 0; i < m; i++) {
    const ai = aOff + i * ars
    const o = outOff + i * n
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let p = 0, x = ai, y = bOff + j * bcs; p < k; p++, x += acs, y += brs) s += a[x] * b[y]
      out[o + j] = s
    }
  }
}

/**
 * The GotoBLAS loop nest. Why this shape: a kc×NC block of B is packed once and reused by every
 * MC-row block of A; inside, each kc×4 sliver of B stays in L1 while 4-row slivers of A stream by,
 * and the micro-kernel keeps its 16 sums in registers across the whole depth kc. The first depth
 * block stores into `out`, later ones add, so `out` is never read before it is written.
 */
function mmBlocked(
  a: FloatArray, aOff: number, ars: number, acs: number,
  b: FloatArray, bOff: number, brs: number, bcs: number,
  out: FloatArray, outOff: number, m: number, k: number, n: number,
): void {
  const kStep = Math.ceil(k / Math.ceil(k / KC)) // equal depth blocks: no thin last block
  const aLen = Math.min(MC, roundUp(m, MR)) * kStep
  // Packed A then packed B in one array: the micro-kernel's loads then guard a single array.
  const buf = new Float64Array(aLen + Math.min(NC, roundUp(n, NR)) * kStep)
  const tile = new Float64Array(MR * NR)
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = Math.min(NC, n - j0)
    for (let p0 = 0; p0 < k; p0 += kStep) {
      const kc = Math.min(kStep, k - p0)
      packPanels(b, bOff + p0 * brs + j0 * bcs, bcs, brs, nc, kc, NR, buf, aLen)
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = Math.min(MC, m - i0)
        packPanels(a, aOff + i0 * ars + p0 * acs, ars, acs, mc, kc, MR, buf, 0)
        for (let jr = 0; jr < nc; jr += NR) {
          const w = Math.min(NR, nc - jr)
          for (let ir = 0; ir < mc; ir += MR) {
            microTile(buf, ir * kc, aLen + jr * kc, kc, tile)
            storeTile(tile, out, outOff + (i0 + ir) * n + j0 + jr, n, Math.min(MR, mc - ir), w, p0 === 0)
          }
        }
      }
    }
  }
}

/**
 * Copies `len` lines (rows of op(A) or columns of op(B)) of depth kc into slivers of `width` lines,
 * interleaved so that step p of a sliver is `width` consecutive doubles; a short last sliver is
 * padded with zeros. `ls` is the stride between lines and `ds` the stride along the depth.
 */
function packPanels(
  src: FloatArray, base: number, ls: number, ds: number,
  len: number, kc: number, width: number, buf: Float64Array, o: number,
): void {
  for (let l0 = 0; l0 < len; l0 += width) {
    const h = Math.min(width, len - l0)
    let s = base + l0 * ls
    if (h === 4 && width === 4) {
      for (let p = 0; p < kc; p++, s += ds, o += 4) {
        buf[o] = src[s]
        buf[o + 1] = src[s + ls]
        buf[o + 2] = src[s + 2 * ls]
        buf[o + 3] = src[s + 3 * ls]
      }
    } else {
      for (let p = 0; p < kc; p++, s += ds, o += width) {
        let t = 0
        for (; t < h; t++) buf[o + t] = src[s + t * ls]
        for (; t < width; t++) buf[o + t] = 0
      }
    }
  }
}

/**
 * tile = (4-row sliver of A at `ai`)·(4-column sliver of B at `bi`) over depth kc. The sixteen sums
 * are locals so they live in registers; `| 0` keeps index arithmetic in int32 without overflow checks.
 */
function microTile(buf: Float64Array, ai: number, bi: number, kc: number, tile: Float64Array): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0
  // Literal 4s, not MR/NR: a module constant would be reloaded (with a TDZ check) every step.
  for (const end = (ai + 4 * kc) | 0; ai < end; ai = (ai + 4) | 0, bi = (bi + 4) | 0) {
    const a0 = buf[ai], a1 = buf[(ai + 1) | 0], a2 = buf[(ai + 2) | 0], a3 = buf[(ai + 3) | 0]
    let b = buf[bi]
    c00 += a0 * b; c10 += a1 * b; c20 += a2 * b; c30 += a3 * b
    b = buf[(bi + 1) | 0]
    c01 += a0 * b; c11 += a1 * b; c21 += a2 * b; c31 += a3 * b
    b = buf[(bi + 2) | 0]
    c02 += a0 * b; c12 += a1 * b; c22 += a2 * b; c32 += a3 * b
    b = buf[(bi + 3) | 0]
    c03 += a0 * b; c13 += a1 * b; c23 += a2 * b; c33 += a3 * b
  }
  tile[0] = c00; tile[1] = c01; tile[2] = c02; tile[3] = c03
  tile[4] = c10; tile[5] = c11; tile[6] = c12; tile[7] = c13
  tile[8] = c20; tile[9] = c21; tile[10] = c22; tile[11] = c23
  tile[12] = c30; tile[13] = c31; tile[14] = c32; tile[15] = c33
}

/** Writes (first depth block) or adds the valid h×w corner of a 4×4 tile into `out` at row stride n. */
function storeTile(
  tile: Float64Array, out: FloatArray, o: number, n: number, h: number, w: number, first: boolean,
): void {
  for (let r = 0; r < h; r++, o += n) {
    const t = r * NR
    if (first) for (let c = 0; c < w; c++) out[o + c] = tile[t + c]
    else for (let c = 0; c < w; c++) out[o + c] += tile[t + c]
  }
}

const roundUp = (x: number, step: number): number => Math.ceil(x / step) * step

function checkDims(m: number, k: number, n: number, aOff: number, bOff: number, outOff: number): void {
  checkCount('m', m)
  checkCount('k', k)
  checkCount('n', n)
  checkCount('aOff', aOff)
  checkCount('bOff', bOff)
  checkCount('outOff', outOff)
}

function checkCount(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`mmIntoAt: ${name} must be a non-negative integer, got ${v}`)
}

function checkRange(name: string, x: FloatArray, off: number, rows: number, cols: number): void {
  if (off + rows * cols > x.length) {
    throw new RangeError(
      `mmIntoAt: ${name} needs ${rows}×${cols} = ${rows * cols} elements from offset ${off}, but its length is ${x.length}`,
    )
  }
}

const rangesOverlap = (x0: number, xLen: number, y0: number, yLen: number): boolean =>
  xLen > 0 && yLen > 0 && x0 < y0 + yLen && y0 < x0 + xLen
