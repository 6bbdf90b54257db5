/**
 * normal against values JAX prints, and erfinv against an independent erf. Sources:
 *   [reuse]   JAX docs, jax.experimental.key_reuse module docstring (JAX 0.4.26+):
 *             `jax.random.normal(jax.random.key(0))` is Array(-0.20584226, dtype=float32)
 *   [gotchas] JAX docs notebook "Common Gotchas in JAX", "🔪 Random Numbers":
 *             normal(PRNGKey(0), (1,)) → [-0.20584226]; subkey [2718843009 1272950319] → [-1.2515389];
 *             next subkey [1278412471 2182328957] → [-0.58665055]; then
 *             `key, *subkeys = random.split(key, 4)` → [-0.37533438] [0.98645043] [0.14553197]
 *   [42]      JAX 101 "Pseudo Random Numbers in JAX" (PRNGKey(42), print(random.normal(key))) and
 *             pangeo-data/pangeo-docker-images test_jax_random_number_generator: -0.18471177
 * Printed float32 values are shortest round-trip decimals, so fround(printed) is JAX's exact value;
 * we allow 1 ulp for XLA's own float32 log1p.
 */
import { describe, expect, it } from 'vitest'
import { key, normal, split, wrapKeyData } from '../../src/random/index.js'
import { erfinvF32, erfinvF64 } from '../../src/random/erfinv.js'

const f32bits = (x: number): number => new Int32Array(Float32Array.of(x).buffer)[0]
const ulps = (a: number, b: number): number => Math.abs(f32bits(a) - f32bits(b)) // same sign here

const scalar = (k: ReturnType<typeof key>): number => normal(k, []).toTypedArray()[0] as number
const expectJax = (actual: number, printed: number) => expect(ulps(actual, Math.fround(printed))).toBeLessThanOrEqual(1)

describe('normal float32 against JAX output', () => {
  it('key(0) [reuse] [gotchas]', () => {
    expectJax(scalar(key(0)), -0.20584226)
    expectJax(normal(key(0), [1]).toTypedArray()[0] as number, -0.20584226)
  })

  it('key(42) [42]', () => {
    expectJax(scalar(key(42)), -0.18471177)
  })

  it('the split chain of the gotchas notebook [gotchas]', () => {
    const [k1, sub1] = split(key(0))
    expectJax(normal(sub1, [1]).toTypedArray()[0] as number, -1.2515389)
    const [k2, sub2] = split(k1)
    expectJax(normal(sub2, [1]).toTypedArray()[0] as number, -0.58665055)
    const [, ...subkeys] = split(k2, 4)
    const printed = [-0.37533438, 0.98645043, 0.14553197]
    subkeys.forEach((s, i) => expectJax(normal(s, [1]).toTypedArray()[0] as number, printed[i]))
    // the subkey printed in the notebook, wrapped from its raw words
    expectJax(scalar(wrapKeyData([1278412471, 2182328957])), -0.58665055)
  })
})

/** erf by its everywhere-positive series (2/√π)·e^(-x²)·Σ 2^n x^(2n+1) / (2n+1)!!: no cancellation. */
function erfRef(x: number): number {
  const ax = Math.abs(x)
  let term = ax
  let sum = ax
  for (let n = 1; n < 500 && term > sum * 1e-18; n++) {
    term *= (2 * ax * ax) / (2 * n + 1)
    sum += term
  }
  const r = (2 / Math.sqrt(Math.PI)) * Math.exp(-ax * ax) * sum
  return x < 0 ? -r : r
}

describe('erfinv', () => {
  it('float64 inverts erf to double precision over (-1, 1)', () => {
    for (let i = -999; i <= 999; i += 7) {
      const y = i / 1000
      expect(Math.abs(erfRef(erfinvF64(y)) - y)).toBeLessThanOrEqual(2 * Number.EPSILON)
    }
    for (const y of [1 - 1e-6, 1 - 1e-9, -(1 - 1e-12), 1e-300, -1e-10]) {
      expect(Math.abs(erfRef(erfinvF64(y)) - y) / Math.max(Math.abs(y) * 1e-3, 1e-300)).toBeLessThan(1e-9)
    }
  })

  it('float32 has Giles single-precision accuracy against the float64 result', () => {
    // Giles' float32 polynomials are accurate to a few ulps for |y| <= 0.99 and to ~6e-6 relative
    // in the tail (w >= 5), where float32's 1 - y² loses digits: XLA's results carry the same error.
    let worstCore = 0
    let worstRel = 0
    for (let i = 1; i < 200000; i++) {
      const y = Math.fround(-1 + i / 100000)
      if (Math.abs(y) >= 1 || y === 0) continue
      const exact = erfinvF64(y)
      if (Math.abs(y) <= 0.99) worstCore = Math.max(worstCore, ulps(erfinvF32(y), Math.fround(exact)))
      worstRel = Math.max(worstRel, Math.abs(erfinvF32(y) - exact) / Math.abs(exact))
    }
    expect(worstCore).toBeLessThanOrEqual(6)
    expect(worstRel).toBeLessThan(1e-5)
  })

  it('maps ±1 to ±(largest finite value) and 0 to 0, as XLA does', () => {
    expect(erfinvF32(1)).toBe(Math.fround(3.4028234663852886e38))
    expect(erfinvF32(-1)).toBe(-Math.fround(3.4028234663852886e38))
    expect(erfinvF64(1)).toBe(Number.MAX_VALUE)
    expect(erfinvF32(0)).toBe(0)
    expect(Number.isNaN(erfinvF32(NaN))).toBe(true)
  })
})

describe('normal in every float dtype', () => {
  for (const dtype of ['float32', 'float64', 'float16', 'bfloat16'] as const) {
    it(`${dtype}: right dtype and shape, deterministic, about N(0, 1)`, () => {
      const k = key(2024)
      const t = normal(k, [100, 100], { dtype })
      expect(t.dtype).toBe(dtype)
      expect(t.shape).toEqual([100, 100])
      expect(t.toTypedArray()).toEqual(normal(k, [100, 100], { dtype }).toTypedArray())
      const vals = [...t.toTypedArray()].map((v) =>
        dtype === 'float16' ? halfValue(v as number) : dtype === 'bfloat16' ? new Float32Array(Uint32Array.of((v as number) << 16).buffer)[0] : (v as number))
      const n = vals.length
      const mean = vals.reduce((a, b) => a + b, 0) / n
      const variance = vals.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)
      expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n)) // 5 standard errors
      expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n) + 0.02) // half types lose a little
      expect(vals.every(Number.isFinite)).toBe(true)
    })
  }

  it('float64 is sqrt(2)·erfinv of the float64 uniform on (nextafter(-1, 0), 1)', async () => {
    const { uniform } = await import('../../src/random/index.js')
    const k = key(9)
    const u = uniform(k, [64], { dtype: 'float64', minval: -(1 - 2 ** -53), maxval: 1 }).toTypedArray() as Float64Array
    const z = normal(k, [64], { dtype: 'float64' }).toTypedArray() as Float64Array
    u.forEach((v, i) => expect(z[i]).toBe(Math.SQRT2 * erfinvF64(v)))
  })
})

const halfValue = (h: number): number => {
  const e = (h >> 10) & 0x1f
  const m = h & 0x3ff
  const v = e === 0 ? m * 2 ** -24 : e === 31 ? Infinity : (1 + m / 1024) * 2 ** (e - 15)
  return h & 0x8000 ? -v : v
}
