/**
 * Loading the WebAssembly kernel's modules inside a test: the instruction tables are built from the
 * encoder when instr.ts loads, so an encoder broken badly enough to throw there shows as this
 * failing test (a file that fails to import runs no test at all). Checked against the spec's bytes.
 */
import { describe, expect, it } from 'vitest'
import { uleb } from '../../src/kernels/wasm/encode.js'

describe('the kernel modules load', () => {
  it('uleb encodes the SIMD opcodes the instruction table uses', () => {
    expect([uleb(0x0c), uleb(0xfd), uleb(0x0b)]).toEqual([[0x0c], [0xfd, 0x01], [0x0b]])
  })

  it('instr.ts loads and its all-zero vector is v128.const 0 (0xfd 0x0c and 16 zero bytes)', async () => {
    const { v128Zero } = await import('../../src/kernels/wasm/instr.js')
    expect(v128Zero).toEqual([0xfd, 0x0c, ...new Array<number>(16).fill(0)])
  })

  it('gemmModule.ts loads and its module validates', async () => {
    const { gemmModuleBytes } = await import('../../src/kernels/wasm/gemmModule.js')
    expect(WebAssembly.validate(gemmModuleBytes(false))).toBe(true)
  })
})
