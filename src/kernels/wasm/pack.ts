/**
 * The packing routine of the WebAssembly matrix multiply: copies blocks of op(A) and op(B), read
 * through strides (so transposed operands cost no extra pass), into the interleaved slivers the
 * micro-kernel reads at constant offsets.
 */
import { I32, V128, type FuncDef, type ValType } from './encode.js'
import { PANEL_BYTES, bump, ld, st, tileWidth, type Elem } from './elem.js'
import { add, and, eq, forRange, get, i32, ifElse, minU, mul, select, seq, set, shuffle32, sub, v128Load, v128Store, type Code } from './instr.js'

/**
 * pack(src, ls, ds, len, kc, width, dst): copies `len` lines (rows of op(A) or columns of op(B)),
 * each `kc` deep, into slivers of `width` lines, interleaved so a sliver's step p is `width`
 * consecutive elements; a short last sliver is padded with zeros. `ls` is the byte stride between
 * lines and `ds` along the depth. Two layouts are copied a vector at a time: slivers of contiguous
 * lines that make 32 bytes a step (B's; A's too in float64) two vectors per step, and full slivers
 * whose lines are contiguous along the depth (a row-major A, a transposed B) by loading one vector
 * from each of a block of lines and transposing the block in registers. The rest goes element by
 * element.
 */
export function pack(e: Elem): FuncDef {
  const [src, ls, ds, len, kc, width, dst, l0, h, s, p, t, q, g, pEnd, stepBytes] = Array.from({ length: 16 }, (_, i) => i)
  const regs = Array.from({ length: 8 }, (_, i) => 16 + i)
  const nr = tileWidth(e)
  const lanes = 16 / e.size
  const contiguousFull = and(and(eq(get(h), i32(nr)), eq(get(width), i32(nr))), eq(get(ls), i32(e.size)))
  const depthContiguousFull = and(eq(get(h), get(width)), eq(get(ds), i32(e.size)))
  return {
    params: [I32, I32, I32, I32, I32, I32, I32],
    results: [],
    locals: [...new Array<ValType>(9).fill(I32), ...new Array<ValType>(8).fill(V128)],
    body: seq(
      set(stepBytes, mul(get(width), i32(e.size))),
      forRange(l0, i32(0), get(len), get(width),
        set(h, minU(get(width), sub(get(len), get(l0)))),
        set(s, add(get(src), mul(get(l0), get(ls)))),
        ifElse(contiguousFull,
          forRange(p, i32(0), get(kc), i32(1),
            v128Store(get(dst), v128Load(get(s), 0), 0),
            v128Store(get(dst), v128Load(get(s), 16), 16),
            bump(s, get(ds)),
            bump(dst, i32(PANEL_BYTES)),
          ),
          seq(
            // Whole blocks of `lanes` depth steps by transposes, then the rest element by element.
            set(pEnd, select(and(get(kc), i32(-lanes)), i32(0), depthContiguousFull)),
            forRange(p, i32(0), get(pEnd), i32(lanes),
              forRange(g, i32(0), get(width), i32(lanes),
                set(q, add(get(s), mul(get(g), get(ls)))),
                transposeBlock(e, q, ls, add(get(dst), mul(get(g), i32(e.size))), stepBytes, regs),
              ),
              bump(s, i32(16)),
              bump(dst, mul(get(stepBytes), i32(lanes))),
            ),
            forRange(p, get(pEnd), get(kc), i32(1),
              set(q, get(s)),
              forRange(t, i32(0), get(h), i32(1), st(e, get(dst), ld(e, get(q))), bump(q, get(ls)), bump(dst, i32(e.size))),
              forRange(t, get(h), get(width), i32(1), st(e, get(dst), e.zero), bump(dst, i32(e.size))),
              bump(s, get(ds)),
            ),
          ),
        ),
      ),
    ),
  }
}

/**
 * One vector from each of `lanes` lines (line i at q + i·ls, each holding `lanes` consecutive depth
 * steps), transposed: step j's vector (lane i from line i) is stored at out + j·stepBytes.
 */
function transposeBlock(e: Elem, q: number, ls: number, out: Code, stepBytes: number, regs: readonly number[]): Code {
  const at = (j: number): Code => (j === 0 ? out : add(out, mul(get(stepBytes), i32(j))))
  const line = (i: number): Code => v128Load(i === 0 ? get(q) : add(get(q), mul(get(ls), i32(i))))
  const LO: [number, number, number, number] = [0, 1, 4, 5]
  const HI: [number, number, number, number] = [2, 3, 6, 7]
  if (e.size === 8) {
    const [r0, r1] = regs
    return seq(
      set(r0, line(0)), set(r1, line(1)),
      v128Store(at(0), shuffle32(get(r0), get(r1), LO)),
      v128Store(at(1), shuffle32(get(r0), get(r1), HI)),
    )
  }
  const [r0, r1, r2, r3, t0, t1, t2, t3] = regs
  return seq(
    set(r0, line(0)), set(r1, line(1)), set(r2, line(2)), set(r3, line(3)),
    // Interleave pairs of lines, then pairs of pairs: the 4×4 transpose.
    set(t0, shuffle32(get(r0), get(r1), [0, 4, 1, 5])),
    set(t1, shuffle32(get(r2), get(r3), [0, 4, 1, 5])),
    set(t2, shuffle32(get(r0), get(r1), [2, 6, 3, 7])),
    set(t3, shuffle32(get(r2), get(r3), [2, 6, 3, 7])),
    v128Store(at(0), shuffle32(get(t0), get(t1), LO)),
    v128Store(at(1), shuffle32(get(t0), get(t1), HI)),
    v128Store(at(2), shuffle32(get(t2), get(t3), LO)),
    v128Store(at(3), shuffle32(get(t2), get(t3), HI)),
  )
}
