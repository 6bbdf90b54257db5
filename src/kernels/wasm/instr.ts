/**
 * WebAssembly instructions as byte arrays, written in folded form: an instruction takes the code
 * that pushes its operands, so `set(x, add(get(x), i32(4)))` reads like the expression it encodes.
 * Only what the matrix kernels use is here: i32 arithmetic, structured control, scalar float
 * loads/stores, and the SIMD (0xFD-prefixed) loads, stores and float lane arithmetic.
 */
import { sleb, uleb } from './encode.js'

/** A run of instructions. */
export type Code = readonly number[]

/** Instructions one after another. */
export const seq = (...parts: readonly Code[]): Code => parts.flat()

/** `local.get`. */
export const get = (local: number): Code => [0x20, ...uleb(local)]
/** `local.set` of the value `v` pushes. */
export const set = (local: number, v: Code): Code => [...v, 0x21, ...uleb(local)]
/** `local.tee`: set and keep the value on the stack. */
export const tee = (local: number, v: Code): Code => [...v, 0x22, ...uleb(local)]
/** `i32.const`. */
export const i32 = (c: number): Code => [0x41, ...sleb(c)]

const binary = (op: number) => (x: Code, y: Code): Code => [...x, ...y, op]
/** i32 arithmetic and unsigned comparisons (addresses and counts here are never negative). */
export const add = binary(0x6a)
/** `i32.sub`. */
export const sub = binary(0x6b)
/** `i32.mul`. */
export const mul = binary(0x6c)
/** `i32.div_u`. */
export const divU = binary(0x6e)
/** `i32.and`. */
export const and = binary(0x71)
/** `i32.eq`. */
export const eq = binary(0x46)
/** `i32.ne`. */
export const ne = binary(0x47)
/** `i32.lt_u`. */
export const ltU = binary(0x49)
/** `i32.ge_u`. */
export const geU = binary(0x4f)
/** `i32.eqz`. */
export const eqz = (x: Code): Code => [...x, 0x45]
/** `select`: x if cond is non-zero, else y. */
export const select = (x: Code, y: Code, cond: Code): Code => [...x, ...y, ...cond, 0x1b]
/** The smaller of two unsigned values (both operands must be side-effect free: each is used twice). */
export const minU = (x: Code, y: Code): Code => select(x, y, ltU(x, y))

/** `block … end` with no result; `br 0` inside leaves it. */
export const block = (...body: readonly Code[]): Code => [0x02, 0x40, ...body.flat(), 0x0b]
/** `loop … end` with no result; `br 0` inside starts the next iteration. */
export const loop = (...body: readonly Code[]): Code => [0x03, 0x40, ...body.flat(), 0x0b]
/** `br_if depth` on `cond`. */
export const brIf = (depth: number, cond: Code): Code => [...cond, 0x0d, ...uleb(depth)]
/** `br depth`. */
export const br = (depth: number): Code => [0x0c, ...uleb(depth)]
/** `if … else … end` with no result. */
export const ifElse = (cond: Code, then: Code, otherwise: Code = []): Code =>
  [...cond, 0x04, 0x40, ...then, ...(otherwise.length > 0 ? [0x05, ...otherwise] : []), 0x0b]
/** `call f` with arguments pushed in order. */
export const call = (f: number, ...args: readonly Code[]): Code => [...args.flat(), 0x10, ...uleb(f)]

/**
 * `for (i = from; i < to; i += step) body`, unsigned: `to` and `step` are re-evaluated each
 * iteration, so they should be locals or constants. Inside `body`, depth 0 is the loop, 1 the exit.
 */
export const forRange = (i: number, from: Code, to: Code, step: Code, ...body: readonly Code[]): Code => seq(
  set(i, from),
  block(loop(brIf(1, geU(get(i), to)), ...body, set(i, add(get(i), step)), br(0))),
)

/** A memory access's immediate: log2 alignment hint and constant byte offset. */
const memarg = (align: number, offset: number): Code => [...uleb(align), ...uleb(offset)]

/** Scalar float load (0x2a f32, 0x2b f64) from `addr` + `offset`. */
export const loadOp = (op: number, align: number, addr: Code, offset = 0): Code => [...addr, op, ...memarg(align, offset)]
/** Scalar float store (0x38 f32, 0x39 f64) of `v` at `addr` + `offset`. */
export const storeOp = (op: number, align: number, addr: Code, v: Code, offset = 0): Code => [...addr, ...v, op, ...memarg(align, offset)]

const simd = (op: number): Code => [0xfd, ...uleb(op)]

/** `v128.load` (no alignment promised). */
export const v128Load = (addr: Code, offset = 0): Code => [...addr, ...simd(0x00), ...memarg(0, offset)]
/** `v128.store` (no alignment promised). */
export const v128Store = (addr: Code, v: Code, offset = 0): Code => [...addr, ...v, ...simd(0x0b), ...memarg(0, offset)]
/** A splatting load: `v128.load32_splat` (0x09) or `v128.load64_splat` (0x0a). */
export const loadSplat = (op: number, align: number, addr: Code, offset = 0): Code => [...addr, ...simd(op), ...memarg(align, offset)]
/** A binary SIMD lane operation, e.g. f32x4.add (0xe4), f32x4.mul (0xe6), f64x2.add (0xf0), f64x2.mul (0xf2). */
export const simdBinary = (op: number, x: Code, y: Code): Code => [...x, ...y, ...simd(op)]
/** The all-zero vector (`v128.const 0`). */
export const v128Zero: Code = [...simd(0x0c), ...new Array<number>(16).fill(0)]
/**
 * `i8x16.shuffle` by 32-bit lanes: lane i of the result is lane `lanes[i]` of x‖y (0–3 from x, 4–7
 * from y). A 64-bit lane j is the 32-bit lanes 2j, 2j + 1.
 */
export const shuffle32 = (x: Code, y: Code, lanes: readonly [number, number, number, number]): Code =>
  [...x, ...y, ...simd(0x0d), ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3])]
