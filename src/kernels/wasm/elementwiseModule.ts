/**
 * The bytes of the WebAssembly SIMD elementwise module, emitted from this file: for float32
 * (f32x4) and float64 (f64x2), the kernels of ../elementwise.ts over operands already in the
 * module's (imported) memory. Every function sweeps its arrays a vector at a time and finishes the
 * last n mod (16 / size) elements with scalar instructions; addresses and lengths are in bytes.
 *
 * - `<op>VS<bits>(x, d, nBytes, c)` d = x ∘ c, and `<op>SV<bits>` d = c ∘ x (c an f64, rounded
 *   to float32 for the 32-bit kernels; the caller passes a value already of that type);
 * - `<op>VR<bits>(x, y, d, rows, mBytes)` d[r] = x[r] ∘ y for each of `rows` rows of m elements
 *   (the same-shape case is one row), and `<op>RV<bits>` d[r] = y ∘ x[r];
 * - `axpy<bits>(x, y, d, nBytes, α)` d = x + α·y computed in f64 and rounded once, as the
 *   typed-array kernel computes it;
 * - `relu<bits>(x, d, nBytes)` and `reluBackward<bits>(g, y, d, nBytes)`, with the typed-array
 *   kernels' comparisons, so NaN and −0 come out the same;
 * - `momentumStep<bits>(p, g, b, pOut, bOut, nBytes, μ, c)` SGD with momentum in one pass.
 * IEEE-754 add, sub, mul and div of two float32 values give the same float32 whether computed in
 * f32 or in f64 and rounded, so the lane arithmetic matches JavaScript's double arithmetic stored
 * into a Float32Array bit for bit.
 */
import type { BinaryCode } from '../elementwise.js'
import { F32, F64, I32, V128, moduleBytes, uleb, type FuncDef, type ValType } from './encode.js'
import { add, and, forRange, get, i32, loadOp, seq, set, shuffle32, storeOp, v128Load, v128Store, type Code } from './instr.js'

/** The binary ops, in export order. */
export const BINARY_CODES: readonly BinaryCode[] = ['add', 'sub', 'mul', 'div']

/** What differs between the two float types. */
interface Lanes {
  readonly bits: 32 | 64
  readonly size: 4 | 8
  readonly load: number
  readonly store: number
  /** Scalar add, sub, mul, div. */
  readonly scalar: Readonly<Record<BinaryCode, number>>
  /** Lane add, sub, mul, div. */
  readonly vector: Readonly<Record<BinaryCode, number>>
  /** Lane splat from a scalar of the type. */
  readonly splat: number
  /** Lane and scalar lt, le. */
  readonly vlt: number
  readonly vle: number
  readonly slt: number
  readonly sle: number
  /** Scalar zero constant. */
  readonly zero: Code
  /** Converts an f64 on the stack to the type (f32.demote_f64, or nothing). */
  readonly fromF64: Code
}

const L32: Lanes = {
  bits: 32, size: 4, load: 0x2a, store: 0x38,
  scalar: { add: 0x92, sub: 0x93, mul: 0x94, div: 0x95 },
  vector: { add: 0xe4, sub: 0xe5, mul: 0xe6, div: 0xe7 },
  splat: 0x13, vlt: 0x43, vle: 0x45, slt: 0x5d, sle: 0x5f,
  zero: [0x43, 0, 0, 0, 0], fromF64: [0xb6],
}
const L64: Lanes = {
  bits: 64, size: 8, load: 0x2b, store: 0x39,
  scalar: { add: 0xa0, sub: 0xa1, mul: 0xa2, div: 0xa3 },
  vector: { add: 0xf0, sub: 0xf1, mul: 0xf2, div: 0xf3 },
  splat: 0x14, vlt: 0x49, vle: 0x4b, slt: 0x63, sle: 0x65,
  zero: [0x44, 0, 0, 0, 0, 0, 0, 0, 0], fromF64: [],
}

const simd = (op: number): number[] => [0xfd, ...uleb(op)]
/** A binary lane op on two vectors. */
const v2 = (op: number, x: Code, y: Code): Code => [...x, ...y, ...simd(op)]
/** A unary lane op. */
const v1 = (op: number, x: Code): Code => [...x, ...simd(op)]
/** A scalar binary op. */
const s2 = (op: number, x: Code, y: Code): Code => [...x, ...y, op]
const V128_ANDNOT = 0x4f
const V128_ZERO: Code = [...simd(0x0c), ...new Array<number>(16).fill(0)]
const SELECT = 0x1b
const F64_PROMOTE_F32 = 0xbb
const F32X4_DEMOTE_F64X2_ZERO = 0x5e
const F64X2_PROMOTE_LOW_F32X4 = 0x5f

const ld = (l: Lanes, addr: Code): Code => loadOp(l.load, l.size === 4 ? 2 : 3, addr)
const st = (l: Lanes, addr: Code, v: Code): Code => storeOp(l.store, l.size === 4 ? 2 : 3, addr, v)
/** x + i as an address. */
const at = (base: number, i: number): Code => add(get(base), get(i))

/**
 * for (i = 0; i < nBytes & ~15; i += 16) vec; then for (; i < nBytes; i += size) one: the sweep
 * every kernel makes, `end` a spare i32 local.
 */
const sweep = (l: Lanes, i: number, nBytes: number, end: number, vec: Code, one: Code): Code => seq(
  set(end, and(get(nBytes), i32(-16))),
  forRange(i, i32(0), get(end), i32(16), vec),
  forRange(i, get(i), get(nBytes), i32(l.size), one),
)

/** d = x ∘ c (or c ∘ x when `swap`): params x, d, nBytes, c. */
function scalarOp(l: Lanes, code: BinaryCode, swap: boolean): FuncDef {
  const [x, d, nBytes, c, i, end, cs, cv] = [0, 1, 2, 3, 4, 5, 6, 7]
  const order = (a: Code, b: Code): [Code, Code] => (swap ? [b, a] : [a, b])
  return {
    name: `${code}${swap ? 'SV' : 'VS'}${l.bits}`,
    params: [I32, I32, I32, F64],
    results: [],
    locals: [I32, I32, l.bits === 32 ? F32 : F64, V128],
    body: seq(
      set(cs, [...get(c), ...l.fromF64]),
      set(cv, v1(l.splat, get(cs))),
      sweep(l, i, nBytes, end,
        v128Store(at(d, i), v2(l.vector[code], ...order(v128Load(at(x, i)), get(cv)))),
        st(l, at(d, i), s2(l.scalar[code], ...order(ld(l, at(x, i)), get(cs))))),
    ),
  }
}

/** d[r] = x[r] ∘ y (or y ∘ x[r]) for rows of mBytes: params x, y, d, rows, mBytes. */
function rowOp(l: Lanes, code: BinaryCode, swap: boolean): FuncDef {
  const [x, y, d, rows, mBytes, r, i, end] = [0, 1, 2, 3, 4, 5, 6, 7]
  const order = (a: Code, b: Code): [Code, Code] => (swap ? [b, a] : [a, b])
  return {
    name: `${code}${swap ? 'RV' : 'VR'}${l.bits}`,
    params: [I32, I32, I32, I32, I32],
    results: [],
    locals: [I32, I32, I32],
    body: forRange(r, i32(0), get(rows), i32(1),
      sweep(l, i, mBytes, end,
        v128Store(at(d, i), v2(l.vector[code], ...order(v128Load(at(x, i)), v128Load(at(y, i))))),
        st(l, at(d, i), s2(l.scalar[code], ...order(ld(l, at(x, i)), ld(l, at(y, i)))))),
      set(x, add(get(x), get(mBytes))),
      set(d, add(get(d), get(mBytes))),
    ),
  }
}

/** d = x + α·y in f64, rounded once: params x, y, d, nBytes, α. */
function axpy(l: Lanes): FuncDef {
  const [x, y, d, nBytes, alpha, i, end, av, lo, hi] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
  const fma2 = (xs: Code, ys: Code): Code => v2(L64.vector.add, xs, v2(L64.vector.mul, get(av), ys))
  // float32: each half of a 4-lane vector promoted to f64x2, computed, demoted, and the halves joined.
  const half = (v: Code, high: boolean): Code => v1(F64X2_PROMOTE_LOW_F32X4, high ? shuffle32(v, v, [2, 3, 2, 3]) : v)
  const vec32 = seq(
    set(lo, fma2(half(v128Load(at(x, i)), false), half(v128Load(at(y, i)), false))),
    set(hi, fma2(half(v128Load(at(x, i)), true), half(v128Load(at(y, i)), true))),
    v128Store(at(d, i), shuffle32(v1(F32X4_DEMOTE_F64X2_ZERO, get(lo)), v1(F32X4_DEMOTE_F64X2_ZERO, get(hi)), [0, 1, 4, 5])),
  )
  const vec64 = v128Store(at(d, i), fma2(v128Load(at(x, i)), v128Load(at(y, i))))
  const wide = (v: Code): Code => (l.bits === 32 ? [...v, F64_PROMOTE_F32] : v)
  const one = st(l, at(d, i), [...s2(L64.scalar.add, wide(ld(l, at(x, i))), s2(L64.scalar.mul, get(alpha), wide(ld(l, at(y, i))))), ...l.fromF64])
  return {
    name: `axpy${l.bits}`,
    params: [I32, I32, I32, I32, F64],
    results: [],
    locals: [I32, I32, V128, V128, V128],
    body: seq(set(av, v1(L64.splat, get(alpha))), sweep(l, i, nBytes, end, l.bits === 32 ? vec32 : vec64, one)),
  }
}

/**
 * SGD with momentum in one pass: bOut = g + μ·b (in f64, as axpy), pOut = p + bOut·c with the
 * product rounded to the type: params p, g, b, pOut, bOut, nBytes, μ, c.
 */
function momentumStep(l: Lanes): FuncDef {
  const [p, g, b, pOut, bOut, nBytes, mu, c, i, end, muv, cv, lo, hi, bv, cs, bs] = Array.from({ length: 17 }, (_, k) => k)
  const fma2 = (xs: Code, ys: Code): Code => v2(L64.vector.add, xs, v2(L64.vector.mul, get(muv), ys))
  const half = (v: Code, high: boolean): Code => v1(F64X2_PROMOTE_LOW_F32X4, high ? shuffle32(v, v, [2, 3, 2, 3]) : v)
  const momentum = l.bits === 32
    ? seq(
      set(lo, fma2(half(v128Load(at(g, i)), false), half(v128Load(at(b, i)), false))),
      set(hi, fma2(half(v128Load(at(g, i)), true), half(v128Load(at(b, i)), true))),
      set(bv, shuffle32(v1(F32X4_DEMOTE_F64X2_ZERO, get(lo)), v1(F32X4_DEMOTE_F64X2_ZERO, get(hi)), [0, 1, 4, 5])),
    )
    : set(bv, fma2(v128Load(at(g, i)), v128Load(at(b, i))))
  const vec = seq(
    momentum,
    v128Store(at(bOut, i), get(bv)),
    v128Store(at(pOut, i), v2(l.vector.add, v128Load(at(p, i)), v2(l.vector.mul, get(bv), get(cv)))),
  )
  const wide = (v: Code): Code => (l.bits === 32 ? [...v, F64_PROMOTE_F32] : v)
  const one = seq(
    set(bs, [...s2(L64.scalar.add, wide(ld(l, at(g, i))), s2(L64.scalar.mul, get(mu), wide(ld(l, at(b, i))))), ...l.fromF64]),
    st(l, at(bOut, i), get(bs)),
    st(l, at(pOut, i), s2(l.scalar.add, ld(l, at(p, i)), s2(l.scalar.mul, get(bs), get(cs)))),
  )
  const scalarType = l.bits === 32 ? F32 : F64
  return {
    name: `momentumStep${l.bits}`,
    params: [I32, I32, I32, I32, I32, I32, F64, F64],
    results: [],
    locals: [I32, I32, V128, V128, V128, V128, V128, scalarType, scalarType],
    body: seq(
      set(muv, v1(L64.splat, get(mu))),
      set(cs, [...get(c), ...l.fromF64]),
      set(cv, v1(l.splat, get(cs))),
      sweep(l, i, nBytes, end, vec, one),
    ),
  }
}

/** d = x < 0 ? 0 : x: params x, d, nBytes. */
function relu(l: Lanes): FuncDef {
  const [x, d, nBytes, i, end, v] = [0, 1, 2, 3, 4, 5]
  return {
    name: `relu${l.bits}`,
    params: [I32, I32, I32],
    results: [],
    locals: [I32, I32, V128],
    body: sweep(l, i, nBytes, end,
      seq(set(v, v128Load(at(x, i))), v128Store(at(d, i), v2(V128_ANDNOT, get(v), v2(l.vlt, get(v), V128_ZERO)))),
      st(l, at(d, i), [...l.zero, ...ld(l, at(x, i)), ...s2(l.slt, ld(l, at(x, i)), l.zero), SELECT])),
  }
}

/** d = y ≤ 0 ? 0 : g: params g, y, d, nBytes. */
function reluBackward(l: Lanes): FuncDef {
  const [g, y, d, nBytes, i, end] = [0, 1, 2, 3, 4, 5]
  return {
    name: `reluBackward${l.bits}`,
    params: [I32, I32, I32, I32],
    results: [],
    locals: [I32, I32],
    body: sweep(l, i, nBytes, end,
      v128Store(at(d, i), v2(V128_ANDNOT, v128Load(at(g, i)), v2(l.vle, v128Load(at(y, i)), V128_ZERO))),
      st(l, at(d, i), [...l.zero, ...ld(l, at(g, i)), ...s2(l.sle, ld(l, at(y, i)), l.zero), SELECT])),
  }
}

/** Every function of the module, for both float types. */
function functions(): FuncDef[] {
  return [L32, L64].flatMap((l) => [
    ...BINARY_CODES.flatMap((code) => [scalarOp(l, code, false), scalarOp(l, code, true), rowOp(l, code, false), rowOp(l, code, true)]),
    axpy(l), relu(l), reluBackward(l), momentumStep(l),
  ])
}

/** The module's bytes, importing a (non-shared) memory of at least `pages` 64 KiB pages. */
export const elementwiseModuleBytes = (pages: number): Uint8Array<ArrayBuffer> => moduleBytes(functions(), { initial: pages, shared: false })

/** The exports' names and parameter types, for checks. */
export const elementwiseExports = (): readonly { readonly name: string; readonly params: readonly ValType[] }[] =>
  functions().map((f) => ({ name: f.name as string, params: f.params }))
