/**
 * The bytes of the WebAssembly SIMD matrix-multiply module, emitted from this file. For each float
 * type (f32 with f32x4, f64 with f64x2) it holds a register-tiled micro-kernel, a packing routine,
 * an edge-tile store and the blocked driver `gemm32`/`gemm64`, which computes C = op(A)·op(B)
 * (or a block of C's rows or columns) for operands already in the module's (imported) memory.
 *
 * Why this shape (PERF-NOTES, re-measured here): V8 gives WebAssembly 15 vector registers on x64,
 * and its scheduler issues all of a k-step's loads before the arithmetic, so every broadcast A
 * value, both B vectors, the accumulators and one temporary are live at once. A 4-row × 32-byte
 * tile (4×8 floats, 4×4 doubles) needs 4 + 2 + 8 + 1 = 15 and does not spill; the 5×8 tile the notes
 * recommend needs 18 here and spills an accumulator, which halves the loop's speed (checked with
 * `node --print-wasm-code`). Products are mul + add, since relaxed-SIMD FMA is behind a flag in
 * Node 20. The k-loop is kept plain, one step per iteration: unrolling makes V8 hoist more loads.
 * B is packed into k×(32 bytes) panels and A into 4-row panels, so the micro-kernel reads both at
 * constant offsets (`v128.load` for B, `v128.load32_splat`/`load64_splat` for A); the packing reads
 * op(A), op(B) through strides, which absorbs transposed operands with no transpose pass.
 */
import { ELEM32, ELEM64, PANEL_BYTES, align, bump, ld, st, tileWidth, type Elem } from './elem.js'
import { I32, V128, moduleBytes, type FuncDef, type ValType } from './encode.js'
import {
  add, and, brIf, call, divU, eq, forRange, get, i32, ifElse, loadSplat, loop, minU, mul, ne, seq, set,
  simdBinary, sub, tee, v128Load, v128Store, type Code,
} from './instr.js'
import { pack } from './pack.js'

/** Rows of the register tile. */
export const MR = 4
/** Rows of op(A) packed per block (a multiple of MR). */
export const MC = 80
/** Columns of op(B) packed per block (a multiple of the tile width). */
export const NC = 1024
/** Largest memory the module may see, in 64 KiB pages (1 GiB: byte addresses stay below 2³¹). */
export const MAX_PAGES = 16384

/** Bytes of scratch one thread needs for `e`: packed A block, packed B block, one edge tile. */
export const workspaceBytes = (e: Elem): number => (MC * e.kc + e.kc * NC + MR * tileWidth(e)) * e.size

/**
 * micro(a, b, kc, c, ldc, acc): the MR×NR tile C[c] (row stride ldc bytes) = (or += when acc)
 * packed A panel at a · packed B panel at b over depth kc ≥ 1.
 */
function micro(e: Elem): FuncDef {
  const [a, b, kc, c, ldc, acc, aEnd] = [0, 1, 2, 3, 4, 5, 6]
  const sums = Array.from({ length: MR }, (_, r) => [7 + 2 * r, 8 + 2 * r] as const)
  const [b0, b1, av] = [7 + 2 * MR, 8 + 2 * MR, 9 + 2 * MR]
  const vmac = (s: number, x: Code, y: Code): Code => set(s, simdBinary(e.vadd, get(s), simdBinary(e.vmul, x, y)))
  const step = sums.flatMap(([s0, s1], r) => [
    ...vmac(s0, tee(av, loadSplat(e.splat, align(e), get(a), r * e.size)), get(b0)),
    ...vmac(s1, get(av), get(b1)),
  ])
  const epilogue = sums.flatMap(([s0, s1]) => [
    ...ifElse(get(acc), seq(
      set(s0, simdBinary(e.vadd, get(s0), v128Load(get(c), 0))),
      set(s1, simdBinary(e.vadd, get(s1), v128Load(get(c), 16))),
    )),
    ...v128Store(get(c), get(s0), 0),
    ...v128Store(get(c), get(s1), 16),
    ...bump(c, get(ldc)),
  ])
  return {
    params: [I32, I32, I32, I32, I32, I32],
    results: [],
    locals: [I32, ...new Array<ValType>(2 * MR + 3).fill(V128)],
    body: seq(
      set(aEnd, add(get(a), mul(get(kc), i32(MR * e.size)))),
      loop(
        set(b0, v128Load(get(b), 0)),
        set(b1, v128Load(get(b), 16)),
        step,
        bump(a, i32(MR * e.size)),
        bump(b, i32(PANEL_BYTES)),
        brIf(0, ne(get(a), get(aEnd))),
      ),
      epilogue,
    ),
  }
}

/** edge(tile, c, ldc, h, w, acc): stores (or adds when acc) the h×w corner of a full tile into C. */
function edge(e: Elem): FuncDef {
  const [tile, c, ldc, h, w, acc, r, j, x] = [0, 1, 2, 3, 4, 5, 6, 7, 8]
  const at = (base: number): Code => add(get(base), mul(get(j), i32(e.size)))
  return {
    params: [I32, I32, I32, I32, I32, I32],
    results: [],
    locals: [I32, I32, I32],
    body: forRange(r, i32(0), get(h), i32(1),
      forRange(j, i32(0), get(w), i32(1),
        set(x, at(c)),
        ifElse(get(acc),
          st(e, get(x), [...ld(e, get(x)), ...ld(e, at(tile)), e.scalarAdd]),
          st(e, get(x), ld(e, at(tile)))),
      ),
      bump(tile, i32(PANEL_BYTES)),
      bump(c, get(ldc)),
    ),
  }
}

/**
 * gemm(a, ars, acs, b, brs, bcs, c, ldc, m, k, n, work): the m×n matrix C at c (row stride ldc,
 * fully overwritten) = op(A)·op(B) with op(A)[i,p] at a + i·ars + p·acs and op(B)[p,j] at
 * b + p·brs + j·bcs (all strides in bytes). Needs m, k, n ≥ 1 and `workspaceBytes` at `work`.
 * A block of C's rows or columns is the same call with shifted pointers and a smaller m or n.
 * The GotoBLAS loop nest: a kc×NC block of B is packed once and reused by every MC-row block of A;
 * each kc×NR sliver of B stays in L1 while the 4-row slivers of A stream by. The first depth block
 * stores into C and later ones add, so C is never read before it is written.
 */
function gemm(e: Elem, microF: number, packF: number, edgeF: number): FuncDef {
  const [a, ars, acs, b, brs, bcs, c, ldc, m, k, n, work] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
  const [kStep, j0, nc, p0, kc, i0, mc, packA, packB, tile, jr, ir, w, h, cTile, ap, bp, blocks] =
    Array.from({ length: 18 }, (_, i) => 12 + i)
  const nr = tileWidth(e)
  const later = ne(get(p0), i32(0))
  const tileLoop = forRange(ir, i32(0), get(mc), i32(MR),
    set(h, minU(i32(MR), sub(get(mc), get(ir)))),
    set(ap, add(get(packA), mul(mul(get(ir), get(kc)), i32(e.size)))),
    set(cTile, add(add(get(c), mul(add(get(i0), get(ir)), get(ldc))), mul(add(get(j0), get(jr)), i32(e.size)))),
    ifElse(and(eq(get(h), i32(MR)), eq(get(w), i32(nr))),
      call(microF, get(ap), get(bp), get(kc), get(cTile), get(ldc), later),
      seq(
        call(microF, get(ap), get(bp), get(kc), get(tile), i32(PANEL_BYTES), i32(0)),
        call(edgeF, get(tile), get(cTile), get(ldc), get(h), get(w), later),
      )),
  )
  return {
    params: new Array<ValType>(12).fill(I32),
    results: [],
    locals: new Array<ValType>(18).fill(I32),
    body: seq(
      // Equal depth blocks, so the last one is not a thin remainder.
      set(blocks, divU(add(get(k), i32(e.kc - 1)), i32(e.kc))),
      set(kStep, divU(add(get(k), sub(get(blocks), i32(1))), get(blocks))),
      set(packA, get(work)),
      set(packB, add(get(work), i32(MC * e.kc * e.size))),
      set(tile, add(get(packB), i32(e.kc * NC * e.size))),
      forRange(j0, i32(0), get(n), i32(NC),
        set(nc, minU(i32(NC), sub(get(n), get(j0)))),
        forRange(p0, i32(0), get(k), get(kStep),
          set(kc, minU(get(kStep), sub(get(k), get(p0)))),
          call(packF, add(add(get(b), mul(get(p0), get(brs))), mul(get(j0), get(bcs))),
            get(bcs), get(brs), get(nc), get(kc), i32(nr), get(packB)),
          forRange(i0, i32(0), get(m), i32(MC),
            set(mc, minU(i32(MC), sub(get(m), get(i0)))),
            call(packF, add(add(get(a), mul(get(i0), get(ars))), mul(get(p0), get(acs))),
              get(ars), get(acs), get(mc), get(kc), i32(MR), get(packA)),
            forRange(jr, i32(0), get(nc), i32(nr),
              set(w, minU(i32(nr), sub(get(nc), get(jr)))),
              set(bp, add(get(packB), mul(mul(get(jr), get(kc)), i32(e.size)))),
              tileLoop,
            ),
          ),
        ),
      ),
    ),
  }
}

/** The four functions for one element type, given the index of the first. */
const kernelsFor = (e: Elem, base: number, name: string): FuncDef[] => [
  micro(e), pack(e), edge(e), { ...gemm(e, base, base + 1, base + 2), name },
]

/** The module's bytes: exports `gemm32` and `gemm64`; imports `env.memory` (shared or not). */
export function gemmModuleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  return moduleBytes(
    [...kernelsFor(ELEM32, 0, 'gemm32'), ...kernelsFor(ELEM64, 4, 'gemm64')],
    shared ? { initial: 1, maximum: MAX_PAGES, shared } : { initial: 1, shared },
  )
}

/** True when this engine validates a module using SIMD (v128) instructions. */
export const simdValidates = (): boolean =>
  typeof WebAssembly === 'object' && WebAssembly.validate(gemmModuleBytes(false))
