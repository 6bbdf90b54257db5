/**
 * A tour of immutorch's tensors: creation, dtypes, broadcasting, reductions, mm, casts and
 * PyTorch-style printing. Run with `npx tsx examples/tensors.ts` (or `npm start` for every demo).
 */
import { pipe } from 'fp-ts/lib/function.js'
import { add, arange, mm, random, relu, tensor, zeros } from '../src/index.js'
import { runIfMain } from './runIfMain.js'

export function main(): void {
  console.log('== Tensors ==')
  const x = tensor([[1, 2, 3], [4, 5, 6]])
  console.log('x =', String(x), ' shape', x.shape, x.dtype)

  // Broadcasting and type promotion follow NumPy and PyTorch.
  console.log('x + [10, 20, 30] =', String(x.add(tensor([10, 20, 30]))))
  console.log('int64 arange / 2 =', String(arange(6).div(2)), '(true division gives float32)')

  // Methods chain; the same ops are data-last functions for pipe.
  const w = random.normal(random.key(0), [3, 2])
  console.log('x.mm(w).relu() =', String(x.mm(w).relu()))
  console.log('pipe(x, mm(w), add(1), relu) =', String(pipe(x, mm(w), add(1), relu)))

  // Reductions over dims, with keepdim.
  console.log('x.sum({ dim: 1 }) =', String(x.sum({ dim: 1 })), ' x.mean() =', String(x.mean()))
  console.log('x.var({ dim: 0 }) =', String(x.var({ dim: 0 })), ' x.argmax({ dim: 1 }) =', String(x.argmax({ dim: 1 })))

  // Casts: float16 and bfloat16 are stored as 16-bit patterns, rounded to nearest even.
  const third = tensor([1 / 3, 65504, 70000, 1e-8])
  console.log('float16:', String(third.half()))
  console.log('bfloat16:', String(third.bfloat16()))

  // Immutable: ops return new tensors; toTypedArray returns a copy.
  const data = x.toTypedArray()
  data[0] = 100
  console.log('after writing into a copy, x[0][0] is still', (x.toArray() as number[][])[0][0])
  console.log('zeros([2, 2], { dtype: "int32" }) =', String(zeros([2, 2], { dtype: 'int32' })))
}

runIfMain(import.meta.url, main)
