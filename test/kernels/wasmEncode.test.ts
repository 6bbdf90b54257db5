/**
 * The WebAssembly encoder byte for byte: LEB128 at the ends of its ranges (checked against the
 * spec's definition and the published examples), a small module assembled by hand from the binary
 * format's sections, and the instruction builders the kernels are written with.
 */
import { describe, expect, it } from 'vitest'
import { F64, I32, moduleBytes, sleb, uleb, type FuncDef } from '../../src/kernels/wasm/encode.js'
import { eqz, ifElse, v128Load, v128Zero } from '../../src/kernels/wasm/instr.js'

describe('LEB128 at the ends of its ranges', () => {
  it('uleb: 2³² − 1 takes five bytes; 2³², negatives and fractions are refused by name', () => {
    expect(uleb(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f])
    expect(uleb(2 ** 28)).toEqual([0x80, 0x80, 0x80, 0x80, 0x01])
    expect(() => uleb(2 ** 32)).toThrow(new RangeError('uleb: expected an integer in [0, 2^32), got 4294967296'))
    expect(() => uleb(-1)).toThrow(new RangeError('uleb: expected an integer in [0, 2^32), got -1'))
    expect(() => uleb(1.5)).toThrow(new RangeError('uleb: expected an integer in [0, 2^32), got 1.5'))
  })

  it('sleb: −2³¹ and 2³¹ − 1 take five bytes; one beyond either end and fractions are refused', () => {
    expect(sleb(-0x80000000)).toEqual([0x80, 0x80, 0x80, 0x80, 0x78])
    expect(sleb(0x7fffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x07])
    expect(sleb(-1)).toEqual([0x7f])
    expect(() => sleb(0x80000000)).toThrow(new RangeError('sleb: expected an int32, got 2147483648'))
    expect(() => sleb(-0x80000001)).toThrow(new RangeError('sleb: expected an int32, got -2147483649'))
    expect(() => sleb(0.5)).toThrow(new RangeError('sleb: expected an int32, got 0.5'))
  })

  it('uleb and sleb decode back to every value of a sweep (the spec decoding)', () => {
    const decodeU = (bytes: readonly number[]): number => bytes.reduce((acc, b, i) => acc + (b & 0x7f) * 2 ** (7 * i), 0)
    const decodeS = (bytes: readonly number[]): number => {
      const u = decodeU(bytes)
      const bits = 7 * bytes.length
      return (bytes[bytes.length - 1] & 0x40) !== 0 ? u - 2 ** bits : u
    }
    const bitLength = (x: number): number => (x === 0 ? 0 : x.toString(2).length)
    for (let e = 0; e < 32; e++) {
      for (const v of [2 ** e - 1, 2 ** e, 2 ** e + 1]) {
        if (v > 0xffffffff) continue
        const u = uleb(v)
        expect(decodeU(u)).toBe(v)
        expect(u.slice(0, -1).every((b) => b >= 0x80) && u[u.length - 1] < 0x80).toBe(true)
        for (const s of v === 0 ? [0] : [v, -v]) {
          if (s > 0x7fffffff || s < -0x80000000) continue
          const bytes = sleb(s)
          expect(decodeS(bytes)).toBe(s)
          expect(bytes.length).toBe(Math.ceil((bitLength(s >= 0 ? s : -s - 1) + 1) / 7)) // magnitude bits and a sign bit
        }
      }
    }
  })
})

describe('moduleBytes against a module assembled by hand', () => {
  const add: FuncDef = { name: 'add', params: [I32, I32], results: [I32], locals: [I32, I32, F64], body: [0x20, 0, 0x20, 1, 0x6a] }
  const nop: FuncDef = { name: 'nop', params: [], results: [], locals: [], body: [] }
  const hidden: FuncDef = { params: [I32, I32], results: [I32], locals: [], body: [0x20, 0] }

  it('encodes types (shared by equal signatures), the memory import, functions, exports and code', () => {
    const want = [
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      // type: 2 signatures, (i32 i32) → i32 and () → ()
      0x01, 0x0a, 0x02, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x00,
      // import: env.memory, a memory with limits {min 1}
      0x02, 0x0f, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x01,
      // function: type indices 0, 1, 0
      0x03, 0x04, 0x03, 0x00, 0x01, 0x00,
      // export: "add" func 0, "nop" func 1
      0x07, 0x0d, 0x02, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, 0x03, 0x6e, 0x6f, 0x70, 0x00, 0x01,
      // code: add (locals 2×i32, 1×f64), nop, hidden (no locals)
      0x0a, 0x15, 0x03,
      0x0b, 0x02, 0x02, 0x7f, 0x01, 0x7c, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,
      0x02, 0x00, 0x0b,
      0x04, 0x00, 0x20, 0x00, 0x0b,
    ]
    const bytes = moduleBytes([add, nop, hidden], { initial: 1, shared: false })
    expect([...bytes]).toEqual(want)
    const memory = new WebAssembly.Memory({ initial: 1 })
    const x = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as Record<string, (...a: number[]) => number>
    expect(x.add(2, 40)).toBe(42)
    expect(Object.keys(x).sort()).toEqual(['add', 'nop'])
  })

  it('encodes a maximum (flag 1) and a shared memory (flag 3), and refuses a shared one without a maximum', () => {
    const limitsOf = (bytes: Uint8Array): number[] => {
      const at = [...bytes].indexOf(0x72) // the 'r' of "memory", then kind 0x02, then the limits
      return [...bytes.slice(at + 3, at + 6)]
    }
    expect(limitsOf(moduleBytes([nop], { initial: 1, maximum: 2, shared: false }))).toEqual([0x01, 0x01, 0x02])
    expect(limitsOf(moduleBytes([nop], { initial: 1, maximum: 2, shared: true }))).toEqual([0x03, 0x01, 0x02])
    expect(WebAssembly.validate(moduleBytes([nop], { initial: 1, maximum: 2, shared: true }))).toBe(true)
    expect(() => moduleBytes([nop], { initial: 1, shared: true })).toThrow(new TypeError('moduleBytes: a shared memory needs a maximum'))
  })
})

describe('instruction builders', () => {
  it('if without else has no else opcode; with one, it has', () => {
    expect(ifElse([0x41, 1], [0x01])).toEqual([0x41, 1, 0x04, 0x40, 0x01, 0x0b])
    expect(ifElse([0x41, 1], [0x01], [0x01, 0x01])).toEqual([0x41, 1, 0x04, 0x40, 0x01, 0x05, 0x01, 0x01, 0x0b])
  })

  it('eqz, v128.load and v128.const 0 encode as the spec lists them', () => {
    expect(eqz([0x41, 0])).toEqual([0x41, 0, 0x45])
    expect(v128Load([0x41, 0], 16)).toEqual([0x41, 0, 0xfd, 0x00, 0x00, 0x10])
    expect(v128Zero).toEqual([0xfd, 0x0c, ...new Array<number>(16).fill(0)])
  })
})
