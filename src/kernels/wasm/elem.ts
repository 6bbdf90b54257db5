/**
 * What the float32 and float64 kernels of the WebAssembly module differ in (element size, panel
 * depth, opcodes), and the element-sized instructions both the packing and the kernels use.
 */
import { add, get, loadOp, set, storeOp, type Code } from './instr.js'

/** Bytes per packed B step: one row of the register tile, two 128-bit vectors. */
export const PANEL_BYTES = 32

/** What differs between the float32 and float64 kernels. */
export interface Elem {
  readonly size: 4 | 8
  /** Panel depth: A's and B's packed slivers of this depth share L1 (equal bytes for both types). */
  readonly kc: number
  readonly load: number
  readonly store: number
  readonly scalarAdd: number
  readonly zero: Code
  readonly splat: number
  readonly vadd: number
  readonly vmul: number
}

/** float32: f32x4 lanes, 4×8 tile. */
export const ELEM32: Elem = {
  size: 4, kc: 512, load: 0x2a, store: 0x38, scalarAdd: 0x92, zero: [0x43, 0, 0, 0, 0],
  splat: 0x09, vadd: 0xe4, vmul: 0xe6,
}
/** float64: f64x2 lanes, 4×4 tile. */
export const ELEM64: Elem = {
  size: 8, kc: 256, load: 0x2b, store: 0x39, scalarAdd: 0xa0, zero: [0x44, 0, 0, 0, 0, 0, 0, 0, 0],
  splat: 0x0a, vadd: 0xf0, vmul: 0xf2,
}

/** Columns of the register tile for `e`. */
export const tileWidth = (e: Elem): number => PANEL_BYTES / e.size

/** log2 of the element's alignment, for memory immediates. */
export const align = (e: Elem): number => (e.size === 4 ? 2 : 3)
/** A scalar load of one element. */
export const ld = (e: Elem, addr: Code, offset = 0): Code => loadOp(e.load, align(e), addr, offset)
/** A scalar store of one element. */
export const st = (e: Elem, addr: Code, v: Code, offset = 0): Code => storeOp(e.store, align(e), addr, v, offset)
/** local += by. */
export const bump = (local: number, by: Code): Code => set(local, add(get(local), by))
