/**
 * Printing against PyTorch's `repr(t)` with default print options: fixed and scientific notation,
 * integer-valued floats, non-finite values, -0, every dtype's suffix, 0-dim and empty tensors,
 * 2-D to 4-D layouts, rows wrapped at 80 columns, summaries past 1000 elements, and a dtype suffix
 * pushed onto its own line. Character for character.
 */
import { inspect } from 'node:util'
import { describe, it, expect } from 'vitest'
import * as T from '../../src/tensor/index.js'
import { decodeTensor, loadFixture, type Encoded } from '../fixtures/load.js'

interface FormatFixture {
  readonly repr: readonly { readonly name: string; readonly x: Encoded; readonly repr: string }[]
}

const fx = loadFixture<FormatFixture>('tensor', 'format')

describe('toString matches repr(t)', () => {
  it('has the cases the brief asks for', () => {
    expect(fx.repr.length).toBeGreaterThanOrEqual(40)
    expect(fx.repr.some((c) => /\n\s+dtype=torch\.\w+\)$/.test(c.repr))).toBe(true)
    expect(fx.repr.some((c) => c.repr.includes('...'))).toBe(true)
  })

  it.each(fx.repr.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const t = decodeTensor(c.x)
    expect(t.toString()).toBe(c.repr)
  })
})

describe('other ways to print agree', () => {
  it('util.inspect, formatTensor and template strings give the same text as toString', () => {
    for (const c of fx.repr) {
      const t = decodeTensor(c.x)
      const s = t.toString()
      expect([inspect(t), T.formatTensor(t), `${t}`]).toEqual([s, s, s])
    }
  })
})
