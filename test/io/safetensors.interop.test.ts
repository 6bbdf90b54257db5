/**
 * safetensors against files written and read by an independent implementation
 * (scripts/fixtures/safetensors.py, from PyTorch tensors' bytes, following the reference writer's
 * layout): every dtype decodes to the values in the JSON sidecar; our encoder gives the script's
 * bytes exactly (ordering, header text, padding); the script's strict reader reads our file back
 * to the same values; and PyTorch state dicts cross in both directions for the same architecture.
 */
import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { io, nn, random, type Tensor } from '../../src/index.js'
import { decode, encode, type Decoded } from '../../src/io/safetensors/index.js'
import { decodeStorage, decodeTensor, loadFixture, type Encoded } from '../fixtures/load.js'
import { exactMismatches } from '../tensor/match.js'
import { closeTo } from '../nn/fixtures.js'

type NamedEncoded = Encoded & { readonly name: string }
interface DtypesFixture { readonly metadata: [string, string][]; readonly order: string[]; readonly tensors: NamedEncoded[] }
interface OursInput { readonly metadata: [string, string][]; readonly tensors: (NamedEncoded | { readonly name: string; readonly tie: string })[] }
interface OursRead { readonly metadata: [string, string][]; readonly aliases: [string, string][]; readonly order: string[]; readonly tensors: NamedEncoded[] }
interface ModelFixture { readonly keys?: string[]; readonly input: Encoded; readonly output: Encoded }

const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/safetensors/${name}`, import.meta.url)))
const fixture = <T>(name: string): T => loadFixture<T>('safetensors', name)

const decoded = (bytes: Uint8Array, copy = true): Decoded => {
  const r = decode(bytes, { copy })
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

const mismatches = (got: ReadonlyMap<string, Tensor>, want: readonly NamedEncoded[]): string[] =>
  want.flatMap((w) => {
    const g = got.get(w.name)
    return g === undefined ? [`${w.name}: missing`] : exactMismatches(g, w).map((m) => `${w.name} ${m}`)
  })

describe('(a) every dtype, written by the script', () => {
  const fx = fixture<DtypesFixture>('dtypes')
  const bytes = bytesOf('dtypes.safetensors')

  it.each([true, false])('decodes to the sidecar values bit for bit (copy: %s)', (copy) => {
    const d = decoded(bytes, copy)
    expect(mismatches(d.tensors, fx.tensors)).toEqual([])
    expect([...d.tensors.keys()]).toEqual(fx.order)
    expect([...d.metadata]).toEqual(fx.metadata)
  })

  it('our encoder writes the same bytes as the script for the same dict', () => {
    const dict = new Map(fx.tensors.map((t) => [t.name, decodeTensor(t)]))
    const ours = encode(dict, Object.fromEntries(fx.metadata))
    expect(ours.length).toBe(bytes.length)
    expect(Buffer.from(ours).equals(Buffer.from(bytes))).toBe(true)
  })
})

describe('(b) unsigned dtypes, widened', () => {
  it('U16 → int32, U32 → int64, U64 → int64 with the script\'s values', () => {
    const fx = fixture<{ tensors: NamedEncoded[] }>('unsigned')
    const d = decoded(bytesOf('unsigned.safetensors'))
    expect(fx.tensors.map((t) => [t.name, t.dtype])).toEqual([['u64', 'int64'], ['u32', 'int64'], ['i32', 'int32'], ['u16', 'int32']])
    expect(mismatches(d.tensors, fx.tensors)).toEqual([])
  })
})

describe('(c) a dict with ties, written by us and read by the script', () => {
  const spec = fixture<OursInput>('ours.input')
  const dict = new Map<string, Tensor>()
  for (const e of spec.tensors) dict.set(e.name, 'tie' in e ? dict.get(e.tie)! : decodeTensor(e))
  const ours = encode(dict, Object.fromEntries(spec.metadata))

  it('is byte-identical to the script\'s writer (alias table included)', () => {
    expect(Buffer.from(ours).equals(Buffer.from(bytesOf('ours.script.safetensors')))).toBe(true)
  })

  it('is the file the script read (the committed output of our encoder)', () => {
    expect(Buffer.from(ours).equals(Buffer.from(bytesOf('ours.safetensors')))).toBe(true)
  })

  it('the script\'s reader found every stored tensor with our values, and the aliases', () => {
    const read = fixture<OursRead>('ours.read')
    const stored = spec.tensors.filter((e): e is NamedEncoded => !('tie' in e))
    for (const w of stored) {
      const r = read.tensors.find((t) => t.name === w.name)!
      expect([r.dtype, r.shape, [...decodeStorage(r)]], w.name).toEqual([w.dtype, w.shape, [...decodeStorage(w)]])
    }
    expect(read.tensors.map((t) => t.name).sort()).toEqual(stored.map((t) => t.name).sort())
    expect(read.aliases).toEqual(spec.tensors.flatMap((e) => ('tie' in e ? [[e.name, e.tie]] : [])))
    expect(read.metadata).toEqual(spec.metadata)
  })

  it('decodes back with the ties as one object', () => {
    const t = decoded(ours).tensors
    expect(t.get('lm_head.weight')).toBe(t.get('embed.weight'))
    expect(t.get('zz.tied')).toBe(t.get('embed.weight'))
    expect(new Set(t.keys())).toEqual(new Set(dict.keys()))
  })
})

describe('(d) PyTorch state dicts, both ways', () => {
  const build = (seed: number) => {
    const [k0, k3] = random.split(random.key(seed))
    return nn.Sequential(nn.Linear(4, 3, { key: k0 }), nn.BatchNorm1d(3), nn.ReLU(), nn.Linear(3, 2, { key: k3 }))
  }
  const tol = { rtol: 2e-6, atol: 2e-6 }

  it('a PyTorch state dict loads into our module and gives PyTorch\'s eval output', () => {
    const fx = fixture<ModelFixture>('torch_model')
    const d = decoded(bytesOf('torch_model.safetensors'))
    expect([...d.tensors.keys()].sort()).toEqual([...fx.keys!].sort())
    expect(d.tensors.get('1.num_batches_tracked')?.dtype).toBe('int64')
    const loaded = io.loadStateDict(build(0), d.tensors)
    if (E.isLeft(loaded)) throw new Error(JSON.stringify(loaded.left))
    const [y] = nn.run(loaded.right, decodeTensor(fx.input), { mode: 'eval' })
    expect(closeTo(y, fx.output, tol)).toEqual([])
  })

  it('our state dict loads into PyTorch (strict) and PyTorch\'s output matches ours', () => {
    const fx = fixture<ModelFixture>('ours_model')
    const net = build(5)
    expect(Buffer.from(encode(io.stateDict(net), { format: 'pt' })).equals(Buffer.from(bytesOf('ours_model.safetensors')))).toBe(true)
    const [y] = nn.run(net, decodeTensor(fx.input), { mode: 'eval' })
    expect(closeTo(y, fx.output, tol)).toEqual([])
  })
})
