/**
 * Shape ops against PyTorch, exactly: reshape with -1, permute, transpose, squeeze/unsqueeze,
 * flatten(start, end), Python slices x[..., start:end:step] (clamped, negative bounds), select,
 * narrow, index_select, gather, expand, and cat/stack with dtype promotion across inputs.
 */
import { describe, it, expect } from 'vitest'
import * as T from '../../src/tensor/index.js'
import type { Tensor } from '../../src/tensor/index.js'
import { decodeTensor, loadFixture, type Encoded } from '../fixtures/load.js'
import { exactMismatches } from './match.js'

type Arg = number | null | readonly number[]
interface OpCase { readonly op: string; readonly args: readonly Arg[]; readonly x: Encoded; readonly index?: Encoded; readonly out: Encoded }
interface JoinCase { readonly op: 'cat' | 'stack'; readonly dim: number; readonly xs: readonly Encoded[]; readonly out: Encoded }

const fx = loadFixture<{ readonly ops: readonly OpCase[]; readonly join: readonly JoinCase[] }>('tensor', 'shape')

const n = (a: Arg): number => a as number
const opt = (a: Arg): number | undefined => (a === null ? undefined : (a as number))
const dims = (a: Arg): readonly number[] => a as readonly number[]

const run = (c: OpCase, x: Tensor): Tensor => {
  const [a, b, d, e] = c.args
  switch (c.op) {
    case 'reshape': return T.reshape(x, dims(a))
    case 'permute': return T.permute(x, dims(a))
    case 'transpose': return T.transpose(x, n(a), n(b))
    case 'squeeze': return a === undefined ? T.squeeze(x) : T.squeeze(x, n(a))
    case 'unsqueeze': return T.unsqueeze(x, n(a))
    case 'flatten': return T.flatten(x, n(a), n(b))
    case 'slice': return T.slice(x, n(a), opt(b), opt(d), opt(e))
    case 'select': return T.select(x, n(a), n(b))
    case 'narrow': return T.narrow(x, n(a), n(b), n(d))
    case 'indexSelect': return T.indexSelect(x, n(a), decodeTensor(c.index!))
    case 'gather': return T.gather(x, n(a), decodeTensor(c.index!))
    case 'expand': return T.expand(x, dims(a))
  }
  throw new Error(`unknown op ${c.op}`)
}

describe('shape ops match PyTorch', () => {
  it.each(fx.ops.map((c) => [`${c.op}(${c.x.dtype}[${c.x.shape.join(',')}], ${JSON.stringify(c.args)})`, c] as const))('%s', (_, c) => {
    expect(exactMismatches(run(c, decodeTensor(c.x)), c.out).join('\n')).toBe('')
  })
})

describe('cat and stack match PyTorch, promoting dtypes', () => {
  it.each(fx.join.map((c) => [`${c.op}([${c.xs.map((x) => `${x.dtype}[${x.shape.join(',')}]`).join(', ')}], ${c.dim})`, c] as const))('%s', (_, c) => {
    const xs = c.xs.map(decodeTensor)
    const got = c.op === 'cat' ? T.cat(xs, c.dim) : T.stack(xs, c.dim)
    expect(exactMismatches(got, c.out).join('\n')).toBe('')
  })
})

describe('method forms agree with the functions', () => {
  it('slice, select, narrow, reshape, permute, transpose, flatten, squeeze, unsqueeze, expand', () => {
    const x = decodeTensor(fx.ops.find((c) => c.op === 'permute')!.x)
    const same = (a: Tensor, b: Tensor): void => {
      expect([a.dtype, a.shape, a.toTypedArray()]).toEqual([b.dtype, b.shape, b.toTypedArray()])
    }
    same(x.slice(2, -3, undefined, 2), T.slice(x, 2, -3, undefined, 2))
    same(x.select(1, -1), T.select(x, 1, -1))
    same(x.narrow(2, 1, 3), T.narrow(x, 2, 1, 3))
    same(x.reshape([-1, 5]), T.reshape(x, [-1, 5]))
    same(x.view([12, 5]), T.reshape(x, [12, 5]))
    same(x.permute([2, 0, 1]), T.permute(x, [2, 0, 1]))
    same(x.transpose(0, 2), T.transpose(x, 0, 2))
    same(x.flatten(1), T.flatten(x, 1))
    same(x.unsqueeze(1).squeeze(1), x)
    same(x.select(0, 0).t(), T.transpose(T.select(x, 0, 0), 0, 1))
  })
})
