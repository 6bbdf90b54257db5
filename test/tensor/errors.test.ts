/**
 * Bad input gets a clear error, never a wrong answer: each case names the error type and the facts
 * its message must carry (the op, the shapes, the dim, the offending value), so a vague or
 * misleading message fails as surely as a missing one.
 */
import { describe, it, expect } from 'vitest'
import * as T from '../../src/tensor/index.js'
import type { DType } from '../../src/tensor/index.js'

type ErrorClass = typeof TypeError | typeof RangeError
type Row = readonly [string, () => unknown, readonly RegExp[]]

/** Runs `f`, which must throw an instance of `type` whose message matches every pattern. */
function expectError(f: () => unknown, type: ErrorClass, ...patterns: readonly RegExp[]): void {
  let caught: unknown
  try {
    f()
  } catch (e) {
    caught = e
  }
  expect(caught, 'expected a throw').toBeInstanceOf(type)
  const message = (caught as Error).message
  for (const p of patterns) expect(message).toMatch(p)
}

const z = (shape: readonly number[], dtype: DType = 'float32') => T.zeros(shape, { dtype })
const idx = (values: readonly number[], shape?: readonly number[]) => T.tensor(values, { dtype: 'int64', shape: shape ?? [values.length] })

describe('shape mismatches name the op, both shapes and the dim', () => {
  it.each([
    ['add', () => T.add(z([2, 3]), z([4, 3])), [/add/, /\[2, 3\]/, /\[4, 3\]/, /dim -2/]],
    ['mul', () => T.mul(z([5]), z([2, 4])), [/mul/, /\[5\]/, /\[2, 4\]/, /dim -1/]],
    ['eq', () => T.eq(z([3, 2]), z([3])), [/eq/, /\[3, 2\]/, /\[3\]/, /dim -1/]],
    ['where', () => T.where(z([2], 'bool'), z([3]), 1), [/where/, /\[2\]/, /\[3\]/, /dim/]],
    ['mm inner', () => T.mm(z([2, 3]), z([4, 2])), [/mm/, /\[2, 3\]/, /\[4, 2\]/, /dim/]],
    ['matmul inner', () => T.matmul(z([2, 3]), z([4])), [/matmul/, /\[2, 3\]/, /\[4\]/]],
    ['matmul batch', () => T.matmul(z([2, 2, 3]), z([3, 3, 2])), [/matmul/, /\[2, 2, 3\]/, /\[3, 3, 2\]/, /dim/]],
    ['cat', () => T.cat([z([2, 3]), z([2, 4])], 0), [/cat/, /\[2, 3\]/, /\[2, 4\]/, /dim 0/]],
    ['cat ranks', () => T.cat([z([2, 3]), z([3])], 1), [/cat/, /\[2, 3\]/, /\[3\]/]],
    ['stack', () => T.stack([z([2, 3]), z([3, 2])]), [/stack/, /\[2, 3\]/, /\[3, 2\]/]],
    ['reshape', () => T.reshape(z([2, 3]), [4, 2]), [/reshape/, /\[4, 2\]/, /\[2, 3\]/]],
    ['expand', () => T.expand(z([2, 3]), [4, 3]), [/expand/, /\[2, 3\]/, /\[4, 3\]/, /dim 0/]],
    ['gather rank', () => T.gather(z([2, 3]), 0, idx([0, 1])), [/gather/, /\[2\]/, /\[2, 3\]/]],
  ] satisfies Row[])('%s', (_, f, patterns) => expectError(f, RangeError, ...patterns))
})

describe('mm refuses other ranks and mixed dtypes', () => {
  it('1-D and 3-D operands', () => {
    expectError(() => T.mm(z([3]), z([3, 2])), RangeError, /mm/, /2-D/, /\[3\]/)
    expectError(() => T.mm(z([2, 2, 3]), z([3, 2])), RangeError, /mm/, /2-D/, /\[2, 2, 3\]/)
  })
  it('float32 with float64', () => {
    expectError(() => T.mm(z([2, 2]), z([2, 2], 'float64')), TypeError, /mm/, /float32/, /float64/)
  })
})

describe('unknown dtypes and devices', () => {
  it('constructors and casts name the bad dtype and list the known ones', () => {
    expectError(() => T.zeros([2], { dtype: 'float8' as DType }), TypeError, /zeros/, /float8/, /float16/)
    expectError(() => T.tensor([1], { dtype: 'complex64' as DType }), TypeError, /tensor/, /complex64/, /bfloat16/)
    expectError(() => T.to(z([2]), { dtype: 'float8' as DType }), TypeError, /to/, /float8/)
  })
  it('to() with a misspelt dtype string says it is neither a dtype nor a device', () => {
    expectError(() => T.to(z([2]), 'flaot16'), TypeError, /to/, /flaot16/, /dtype/)
  })
  it('unknown devices', () => {
    expectError(() => T.to(z([2]), 'cuda'), TypeError, /cuda/, /cpu/)
    expectError(() => T.zeros([2], { device: 'tpu' }), TypeError, /tpu/, /cpu/)
  })
})

describe('malformed data', () => {
  it('ragged nested arrays name where the nesting breaks', () => {
    expectError(() => T.tensor([[1, 2], [3]]), RangeError, /ragged/, /\[1\]/, /length 2/)
    expectError(() => T.tensor([[1, 2], 3] as never), RangeError, /ragged/, /\[1\]/)
    expectError(() => T.tensor([1, [2, 3]] as never), TypeError, /\[1\]/, /ragged|array/)
    expectError(() => T.tensor(['a'] as never), TypeError, /tensor/, /string/)
  })
  it('a typed array whose length does not fit the shape', () => {
    expectError(() => T.tensor(new Float32Array(5), { shape: [2, 3] }), RangeError, /tensor/, /5/, /\[2, 3\]/, /6/)
    expectError(() => T.tensor([[1, 2], [3, 4]], { shape: [3] }), RangeError, /tensor/, /4/, /\[3\]/)
  })
  it('a Uint16Array needs to be told which half type it holds', () => {
    expectError(() => T.tensor(new Uint16Array(2)), TypeError, /Uint16Array/, /float16/, /bfloat16/)
  })
  it('negative, non-integer and non-finite sizes', () => {
    expectError(() => T.zeros([2, -1]), RangeError, /zeros/, /dim 1/, /-1/)
    expectError(() => T.ones([2.5]), RangeError, /2\.5/)
    expectError(() => T.full([-2], 1), RangeError, /full/, /-2/)
    expectError(() => T.tensor([1, 2], { shape: [2, NaN] }), RangeError, /NaN/)
    expectError(() => T.reshape(z([4]), [2.5, 1.6]), RangeError, /reshape/, /2\.5/)
    expectError(() => T.reshape(z([2, 3]), [-1, -1]), RangeError, /reshape/, /-1/)
    expectError(() => T.reshape(z([0, 4]), [0, -1]), RangeError, /reshape/, /-1/)
    expectError(() => T.arange(0, NaN), RangeError, /arange/, /NaN/)
    expectError(() => T.arange(0, 5, 0), RangeError, /arange/, /step/)
  })
})

describe('dims out of range or not integers', () => {
  it.each([
    ['sum', () => T.sum(z([2, 3]), { dim: 2 }), [/sum/, /dim 2/, /2 dims/]],
    ['sum fractional', () => T.sum(z([2, 3]), { dim: 0.5 }), [/sum/, /0\.5/]],
    ['argmax', () => T.argmax(z([2, 3]), { dim: -3 }), [/argmax/, /-3/]],
    ['var repeated', () => T.var(z([2, 3]), { dim: [0, -2] }), [/var/, /repeat/]],
    ['softmax', () => T.softmax(z([2, 3]), 3), [/softmax/, /dim 3/]],
    ['transpose', () => T.transpose(z([2, 3]), 0, 2), [/transpose/, /dim 2/]],
    ['unsqueeze', () => T.unsqueeze(z([2, 3]), 4), [/unsqueeze/, /dim 4/]],
    ['unsqueeze fractional', () => T.unsqueeze(z([2, 3]), -1.5), [/unsqueeze/, /-1\.5/]],
    ['squeeze', () => T.squeeze(z([2, 3]), 5), [/squeeze/, /dim 5/]],
    ['permute repeated', () => T.permute(z([2, 3]), [0, 0]), [/permute/, /\[0, 0\]/]],
    ['permute short', () => T.permute(z([2, 3]), [0]), [/permute/, /\[0\]/]],
    ['flatten order', () => T.flatten(z([2, 3, 4]), 2, 1), [/flatten/, /2/, /1/]],
    ['cat', () => T.cat([z([2, 3])], 2), [/cat/, /dim 2/]],
    ['stack', () => T.stack([z([2, 3])], 4), [/stack/, /dim 4/]],
    ['select', () => T.select(z([2, 3]), 2, 0), [/select/, /dim 2/]],
    ['slice', () => T.slice(z([2, 3]), -3), [/slice/, /dim -3/]],
  ] satisfies Row[])('%s', (_, f, patterns) => expectError(f, RangeError, ...patterns))
})

describe('indices out of range or not integers', () => {
  it.each([
    ['select', () => T.select(z([2, 3]), 1, 3), [/select/, /index 3/, /dim 1/, /size 3/]],
    ['select fractional', () => T.select(z([4]), 0, 1.5), [/select/, /1\.5/]],
    ['narrow', () => T.narrow(z([2, 3]), 1, 2, 2), [/narrow/, /dim 1/, /size 3/]],
    ['narrow fractional length', () => T.narrow(z([4]), 0, 0, 1.5), [/narrow/, /1\.5/]],
    ['narrow fractional start', () => T.narrow(z([4]), 0, 0.5, 2), [/narrow/, /0\.5/]],
    ['slice fractional start', () => T.slice(z([4]), 0, 0.5, 3), [/slice/, /0\.5/]],
    ['slice fractional end', () => T.slice(z([4]), 0, 0, 2.5), [/slice/, /2\.5/]],
    ['slice NaN start', () => T.slice(z([4]), 0, NaN, 3), [/slice/, /NaN/]],
    ['slice step 0', () => T.slice(z([2, 3]), 1, 0, 3, 0), [/slice/, /step/]],
    ['indexSelect', () => T.indexSelect(z([2, 3]), 0, idx([0, 2])), [/indexSelect/, /index 2/, /size 2/]],
    ['gather', () => T.gather(z([2, 3]), 1, idx([3, 0], [1, 2])), [/gather/, /index 3/, /size 3/]],
    ['item', () => z([2]).item(), [/item/, /2 elements/]],
    ['max over empty', () => T.max(z([0, 3]), { dim: 0 }), [/max/, /empty/]],
  ] satisfies Row[])('%s', (_, f, patterns) => expectError(f, RangeError, ...patterns))

  it('float index tensors are refused', () => {
    expectError(() => T.indexSelect(z([2, 3]), 0, T.tensor([0.5])), TypeError, /indexSelect/, /float32/)
    expectError(() => T.indexSelect(z([2, 3]), 0, idx([0], [1, 1])), RangeError, /indexSelect/, /1-D/)
  })
})

describe('ops undefined for a dtype say so', () => {
  it('mean of integers, neg of bool', () => {
    expectError(() => T.mean(z([2], 'int32')), TypeError, /mean/, /int32/)
    expectError(() => T.neg(z([2], 'bool')), TypeError, /neg/, /bool/)
  })
})
