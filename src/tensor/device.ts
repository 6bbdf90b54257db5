/**
 * Devices: a fixed registry of named entries, each with the kernels that run on its storage.
 * `'cpu'` is always there; moving a tensor to an unknown device is a clear error. Its matrix
 * kernel and its elementwise kernels are the WebAssembly SIMD ones where the engine has SIMD (they
 * fall back to the typed-array kernels for small sizes and where SIMD is missing).
 */
import type { FloatArray } from '../kernels/mm.js'
import { mmWasmIntoAt } from '../kernels/wasm/mmWasm.js'
import { wasmElementwise, type ElementwiseKernels } from '../kernels/wasm/elementwiseWasm.js'

/** The kernels a device provides. */
export interface Kernels {
  /** C = op(A)·op(B) for one matrix at the given offsets (see kernels/mm.ts). */
  readonly mm: (a: FloatArray, aOff: number, b: FloatArray, bOff: number, out: FloatArray, outOff: number,
    m: number, k: number, n: number, transA: boolean, transB: boolean) => void
  /** The float elementwise loops the arithmetic ops and ReLU run (see kernels/elementwise.ts). */
  readonly elementwise: ElementwiseKernels
}

/** A device: its name and its kernels. */
export interface Device {
  readonly name: string
  readonly kernels: Kernels
}

const registry: ReadonlyMap<string, Device> = new Map([
  ['cpu', Object.freeze({ name: 'cpu', kernels: Object.freeze({ mm: mmWasmIntoAt, elementwise: wasmElementwise }) })],
])

/** The names of the devices this build knows. */
export const deviceNames = (): string[] => [...registry.keys()]

/** The device named `name`, or a clear error listing the known ones. */
export function device(name: unknown, where = 'device'): Device {
  const d = typeof name === 'string' ? registry.get(name) : undefined
  if (d === undefined) {
    throw new TypeError(`${where}: unknown device ${JSON.stringify(name)}; available: ${deviceNames().join(', ')}`)
  }
  return d
}
