/**
 * The Threefry-2x32-20 block function against Random123's published known-answer vectors, and
 * both kernels against a naive twin written from the Random123 specification (a round loop with a
 * rotation table, BigInt-free but shaped differently from the unrolled kernel).
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { params } from '../../laws/runs.js'
import { threefry2x32, threefryIota } from '../../src/random/threefry.js'

/** Naive Threefry-2x32 with `rounds` rounds: rotation table, key injection after every 4 rounds. */
function naiveBlock(k0: number, k1: number, c0: number, c1: number, rounds = 20): [number, number] {
  const R = [13, 15, 26, 6, 17, 29, 16, 24]
  const ks = [k0 >>> 0, k1 >>> 0, (k0 ^ k1 ^ 0x1bd11bda) >>> 0]
  let x0 = (c0 + ks[0]) >>> 0
  let x1 = (c1 + ks[1]) >>> 0
  for (let r = 0; r < rounds; r++) {
    x0 = (x0 + x1) >>> 0
    const rot = R[r % 8]
    x1 = ((x1 << rot) | (x1 >>> (32 - rot))) >>> 0
    x1 = (x1 ^ x0) >>> 0
    if (r % 4 === 3) {
      const s = (r + 1) / 4
      x0 = (x0 + ks[s % 3]) >>> 0
      x1 = (x1 + ks[(s + 1) % 3] + s) >>> 0
    }
  }
  return [x0, x1]
}

/** JAX's `threefry_2x32(key, counts)` written directly from prng.py: pad odd, split halves, concat, drop. */
function naiveJaxHash(k0: number, k1: number, counts: number[]): number[] {
  const odd = counts.length % 2
  const padded = odd ? [...counts, 0] : counts
  const h = padded.length / 2
  const out0: number[] = []
  const out1: number[] = []
  for (let i = 0; i < h; i++) {
    const [a, b] = naiveBlock(k0, k1, padded[i], padded[h + i])
    out0.push(a)
    out1.push(b)
  }
  const out = [...out0, ...out1]
  return odd ? out.slice(0, -1) : out
}

const block = (k0: number, k1: number, c0: number, c1: number): [number, number] => {
  const y0 = new Uint32Array(1)
  const y1 = new Uint32Array(1)
  threefry2x32(k0, k1, Uint32Array.of(c0), Uint32Array.of(c1), y0, y1)
  return [y0[0], y1[0]]
}

// Random123's tests/kat_vectors, lines "threefry2x32 20 <ctr0> <ctr1> <key0> <key1> <out0> <out1>";
// the same three are asserted by JAX's tests/random_test.py::testThreefry2x32, which cites
// https://github.com/DEShawResearch/Random123-Boost/blob/65e3d874b67aa7b3e02d5ad8306462f52d2079c0/libs/random/test/test_threefry.cpp#L30-L32
const KAT_20 = [
  { ctr: [0x00000000, 0x00000000], key: [0x00000000, 0x00000000], out: [0x6b200159, 0x99ba4efe] },
  { ctr: [0xffffffff, 0xffffffff], key: [0xffffffff, 0xffffffff], out: [0x1cb996fc, 0xbb002be7] },
  { ctr: [0x243f6a88, 0x85a308d3], key: [0x13198a2e, 0x03707344], out: [0xc4923a9c, 0x483df7a0] },
]
// The 13-round lines of the same file, for the naive twin's round structure.
const KAT_13 = [
  { ctr: [0x00000000, 0x00000000], key: [0x00000000, 0x00000000], out: [0x9d1c5ec6, 0x8bd50731] },
  { ctr: [0xffffffff, 0xffffffff], key: [0xffffffff, 0xffffffff], out: [0xfd36d048, 0x2d17272c] },
  { ctr: [0x243f6a88, 0x85a308d3], key: [0x13198a2e, 0x03707344], out: [0xba3e4725, 0xf27d669e] },
]

const word = fc.integer({ min: 0, max: 0xffffffff })

describe('threefry2x32', () => {
  it('matches Random123 known-answer vectors (20 rounds)', () => {
    for (const { ctr, key, out } of KAT_20) expect(block(key[0], key[1], ctr[0], ctr[1])).toEqual(out)
  })

  it('has a naive twin that also matches the vectors (13 and 20 rounds)', () => {
    for (const { ctr, key, out } of KAT_13) expect(naiveBlock(key[0], key[1], ctr[0], ctr[1], 13)).toEqual(out)
    for (const { ctr, key, out } of KAT_20) expect(naiveBlock(key[0], key[1], ctr[0], ctr[1])).toEqual(out)
  })

  it('agrees with the naive twin on random keys and counters', () => {
    fc.assert(
      fc.property(word, word, fc.array(fc.tuple(word, word), { maxLength: 20 }), (k0, k1, ctrs) => {
        const x0 = Uint32Array.from(ctrs.map((c) => c[0]))
        const x1 = Uint32Array.from(ctrs.map((c) => c[1]))
        const y0 = new Uint32Array(ctrs.length)
        const y1 = new Uint32Array(ctrs.length)
        threefry2x32(k0, k1, x0, x1, y0, y1)
        ctrs.forEach(([c0, c1], i) => expect([y0[i], y1[i]]).toEqual(naiveBlock(k0, k1, c0, c1)))
      }),
      params(100),
    )
  })

  it('does not touch its inputs, and may write over them', () => {
    const x0 = Uint32Array.of(1, 2, 3)
    const x1 = Uint32Array.of(4, 5, 6)
    const y0 = new Uint32Array(3)
    const y1 = new Uint32Array(3)
    threefry2x32(7, 8, x0, x1, y0, y1)
    expect([...x0, ...x1]).toEqual([1, 2, 3, 4, 5, 6])
    threefry2x32(7, 8, x0, x1, x0, x1) // aliased outputs
    expect([...x0]).toEqual([...y0])
    expect([...x1]).toEqual([...y1])
  })
})

describe('threefryIota (JAX threefry_2x32 of iota(n))', () => {
  it('equals the naive JAX layout for every n up to 64', () => {
    for (let n = 0; n <= 64; n++) {
      const out = new Uint32Array(n)
      threefryIota(0x13198a2e, 0x03707344, n, out)
      expect([...out]).toEqual(naiveJaxHash(0x13198a2e, 0x03707344, Array.from({ length: n }, (_, i) => i)))
    }
  })

  it('equals the naive JAX layout for random keys and sizes', () => {
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 300 }), (k0, k1, n) => {
        const out = new Uint32Array(n + 1).fill(0xdeadbeef)
        threefryIota(k0, k1, n, out)
        expect([...out.subarray(0, n)]).toEqual(naiveJaxHash(k0, k1, Array.from({ length: n }, (_, i) => i)))
        expect(out[n]).toBe(0xdeadbeef) // nothing written past n, even for odd n
      }),
      params(50),
    )
  })
})
