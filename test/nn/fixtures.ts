/**
 * Reading the module-layer fixtures (scripts/fixtures/nn.py) and comparing against them: loading
 * PyTorch's weights into our modules by name, and tensor comparisons that report readable
 * mismatches (an empty list when they agree), so a failing `toEqual([])` says which elements differ.
 */
import { decodeStorage, decodeTensor, decodeValues, loadFixture, type Encoded } from '../fixtures/load.js'
import { nn, type Tensor } from '../../src/index.js'

/** Named tensors in PyTorch's order, as the fixtures store them. */
export type Named = readonly (readonly [string, Encoded])[]

/** Parses `test/fixtures/nn/<name>.json`. */
export const nnFixture = <T>(name: string): T => loadFixture<T>('nn', name)

/** Relative and absolute tolerance by dtype (float32 ops may round in another order than ATen's). */
export const tolerance = (dtype: string): { rtol: number; atol: number } =>
  dtype === 'float64' ? { rtol: 1e-12, atol: 1e-14 } : { rtol: 2e-6, atol: 2e-6 }

const MAX_REPORTED = 8

/** The elements of a tensor as numbers, through the public `toArray`. */
export const valuesOf = (t: Tensor): number[] => (([t.toArray()] as unknown[]).flat(Infinity) as (number | boolean)[]).map(Number)

const header = (got: Tensor, want: Encoded): string[] => [
  ...(got.dtype === want.dtype ? [] : [`dtype: got ${got.dtype}, want ${want.dtype}`]),
  ...(got.shape.join(',') === want.shape.join(',') ? [] : [`shape: got [${got.shape.join(', ')}], want [${want.shape.join(', ')}]`]),
]

/** Dtype, shape, and every element within `atol + rtol·|want|` (NaN meets NaN, infinities equal). */
export function closeTo(got: Tensor, want: Encoded, { rtol, atol }: { rtol: number; atol: number }): string[] {
  const head = header(got, want)
  if (head.length > 0) return head
  const g = valuesOf(got)
  const w = decodeValues(want).map(Number)
  const out: string[] = []
  for (let i = 0; i < w.length && out.length < MAX_REPORTED; i++) {
    const ok = Number.isNaN(w[i]) ? Number.isNaN(g[i]) : Number.isFinite(w[i]) ? Math.abs(g[i] - w[i]) <= atol + rtol * Math.abs(w[i]) : g[i] === w[i]
    if (!ok) out.push(`[${i}]: got ${g[i]}, want ${w[i]} (diff ${Math.abs(g[i] - w[i])})`)
  }
  return out
}

const show = (v: number | bigint): string => (Object.is(v, -0) ? '-0' : String(v))

/** Dtype, shape and storage bit for bit (half types as patterns, -0 differs from 0, NaN meets NaN). */
export function sameBits(got: Tensor, want: Encoded): string[] {
  const head = header(got, want)
  if (head.length > 0) return head
  const g = got.toTypedArray() as ArrayLike<number | bigint>
  const w = decodeStorage(want) as ArrayLike<number | bigint>
  const out: string[] = []
  for (let i = 0; i < w.length && out.length < MAX_REPORTED; i++) {
    const same = Object.is(g[i], w[i]) || (g[i] !== g[i] && w[i] !== w[i])
    if (!same) out.push(`[${i}]: got ${show(g[i])}, want ${show(w[i])}`)
  }
  return out
}

/** Mismatches of a list of named tensors against PyTorch's: names in order, then each tensor. */
export function namedMismatches(got: Iterable<readonly [string, Tensor]>, want: Named, compare: (g: Tensor, w: Encoded) => string[]): string[] {
  const g = [...got]
  const names = g.map(([n]) => n).join(', ')
  const wantNames = want.map(([n]) => n).join(', ')
  if (names !== wantNames) return [`names: got [${names}], want [${wantNames}]`]
  return g.flatMap(([n, t], i) => compare(t, want[i][1]).map((m) => `${n} ${m}`))
}

/**
 * `m` with PyTorch's parameters and buffers (matched by full name; a tied tensor is mapped once, at
 * its first name). Every name of `m` must be in the fixture.
 */
export function loadInto<M extends nn.AnyModule>(m: M, params: Named, buffers: Named = []): M {
  const pick = (table: Named, what: string) => (_: Tensor, name: string): Tensor => {
    const hit = table.find(([n]) => n === name)
    if (hit === undefined) throw new Error(`fixture has no ${what} '${name}' (has ${table.map(([n]) => n).join(', ')})`)
    return decodeTensor(hit[1])
  }
  return nn.mapBuffers(nn.mapParameters(m, pick(params, 'parameter')), pick(buffers, 'buffer'))
}

/** Bytes of every tensor of `m` (aliases included), to check later that nothing wrote into them. */
export function snapshot(m: nn.AnyModule): Map<string, string> {
  const out = new Map<string, string>()
  for (const [n, t] of [...nn.namedParameters(m, { removeDuplicate: false }), ...nn.namedBuffers(m, { removeDuplicate: false })]) {
    out.set(n, `${t.dtype}[${t.shape.join(',')}] ${Array.from(t.toTypedArray() as ArrayLike<number | bigint>, String).join(',')}`)
  }
  return out
}

export { decodeTensor, decodeValues, type Encoded }
