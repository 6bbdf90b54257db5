/**
 * The WebAssembly binary format, as far as the matrix kernels need it: LEB128 numbers, vectors,
 * sections, and a module made of function types, one imported memory, functions and exports.
 * The kernels' module is generated from TypeScript with this encoder, so the repository holds the
 * source of every byte that runs and needs no external toolchain.
 */

/** Value types: i32, f32, f64 and the 128-bit SIMD vector. */
export const I32 = 0x7f
/** 32-bit float value type. */
export const F32 = 0x7d
/** 64-bit float value type. */
export const F64 = 0x7c
/** 128-bit SIMD value type. */
export const V128 = 0x7b

/** A value type code. */
export type ValType = typeof I32 | typeof F32 | typeof F64 | typeof V128

/** Unsigned LEB128 of a non-negative integer below 2³². */
export function uleb(value: number): number[] {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`uleb: expected an integer in [0, 2^32), got ${value}`)
  const out: number[] = []
  let v = value
  do {
    const byte = v % 128
    v = Math.floor(v / 128)
    out.push(v === 0 ? byte : byte | 0x80)
  } while (v !== 0)
  return out
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(value: number): number[] {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) throw new RangeError(`sleb: expected an int32, got ${value}`)
  const out: number[] = []
  let v = value | 0
  for (;;) {
    const byte = v & 0x7f
    v >>= 7
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)
    out.push(done ? byte : byte | 0x80)
    if (done) return out
  }
}

/** A vector: its length, then its items' bytes. */
const vec = (items: readonly (readonly number[])[]): number[] => [...uleb(items.length), ...items.flat()]

/** A name: UTF-8 bytes with their length (ASCII here). */
const name = (s: string): number[] => vec([...s].map((ch) => [ch.charCodeAt(0)]))

/** A section: id, byte size, contents. */
const section = (id: number, body: readonly number[]): number[] => [id, ...uleb(body.length), ...body]

/** One function: its signature, extra locals (one entry per local), body (without the final `end`). */
export interface FuncDef {
  readonly name?: string
  readonly params: readonly ValType[]
  readonly results: readonly ValType[]
  readonly locals: readonly ValType[]
  readonly body: readonly number[]
}

/** The memory the module imports as `env.memory`, in 64 KiB pages; a shared one needs a maximum. */
export interface MemoryImport {
  readonly initial: number
  readonly maximum?: number
  readonly shared: boolean
}

/** Locals run-length encoded as (count, type) pairs, as the format wants. */
const localGroups = (locals: readonly ValType[]): number[][] => {
  const groups: number[][] = []
  for (const t of locals) {
    const last = groups[groups.length - 1]
    if (last !== undefined && last[1] === t) last[0]++
    else groups.push([1, t])
  }
  return groups.map(([count, t]) => [...uleb(count), t])
}

/** A complete module: functions (indexed in order, exported under their names) and an imported memory. */
export function moduleBytes(funcs: readonly FuncDef[], memory: MemoryImport): Uint8Array<ArrayBuffer> {
  const sig = (f: FuncDef): string => `${f.params.join(',')}>${f.results.join(',')}`
  const sigs = [...new Set(funcs.map(sig))]
  const types = sigs.map((s) => {
    const f = funcs.find((g) => sig(g) === s) as FuncDef
    return [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]
  })
  const { initial, maximum, shared } = memory
  if (shared && maximum === undefined) throw new TypeError('moduleBytes: a shared memory needs a maximum')
  const limits = maximum === undefined
    ? [0x00, ...uleb(initial)]
    : [shared ? 0x03 : 0x01, ...uleb(initial), ...uleb(maximum)]
  const imports = [[...name('env'), ...name('memory'), 0x02, ...limits]]
  const exported = funcs.flatMap((f, i) => (f.name === undefined ? [] : [[...name(f.name), 0x00, ...uleb(i)]]))
  const codes = funcs.map((f) => {
    const body = [...vec(localGroups(f.locals)), ...f.body, 0x0b]
    return [...uleb(body.length), ...body]
  })
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec(imports)),
    ...section(3, vec(funcs.map((f) => uleb(sigs.indexOf(sig(f)))))),
    ...section(7, vec(exported)),
    ...section(10, vec(codes)),
  ])
}
