/** Equivalent mutants of the `optim` target (src/optim). */
import { inFile, type Equivalent } from './kinds.js'

const ONE_DEVICE = 'This build has one device, cpu: every tensor\'s device is \'cpu\', so the test is always true.'
const PAST_END = 'At i = boundaries.length, boundaries[i] is undefined and count >= undefined is false for every count (undefined converts to NaN), so the loop stops at the same i.'

/** Optimisers: a shortcut around a multiplication by one, a loop bound the next test repeats, a check made twice, and device tests with one device. */
export const optim: readonly Equivalent[] = [
  ...inFile('src/optim/schedule.ts', [
    ['ConditionalExpression', 'i < boundaries.length', 'true', 'equivalent', PAST_END],
    ['EqualityOperator', 'i < boundaries.length', 'i <= boundaries.length', 'equivalent', PAST_END],
  ]),
  ...inFile('src/optim/momentumStep.ts', [
    ['ConditionalExpression', 'g.device === p.device', 'true', 'equivalent', ONE_DEVICE],
    ['ConditionalExpression', 'b.device === p.device', 'true', 'equivalent', ONE_DEVICE],
    ['ConditionalExpression', 'count === 0', 'false', 'equivalent', 'Reached only for a gradient no parameter took, where the params hold no trainable tensor; the state was made by init from the same params, which put null there, so on the first step b === null decides alone.'],
    ['ArrowFunction', '() => false', '() => undefined', 'equivalent', 'The undonated step\'s donatable is only ever read as a condition (donatable(t) ? …), where undefined is as false as false.'],
  ]),
  ...inFile('src/optim/sgd.ts', [
    ['ConditionalExpression', 'dampening !== 0', 'false', 'equivalent', 'In sgd(), the mutant goes on to traceMomentum (momentum > 0 here), which makes the same check and throws the same RangeError with the same message. (traceMomentum\'s own copy of the line is killed: tests call it directly.)', 'Nesterov momentum requires'],
    ['ConditionalExpression', 'dampening === 0', 'false', 'equivalent', 'A shortcut: with dampening 0 (or −0) the mutant multiplies the gradient by 1 − 0 = 1, which gives every element back bit for bit in every floating dtype (float32/float64 exactly; float16/bfloat16 values are exact in float64 and round back to themselves; a number operand keeps the tensor\'s dtype); only one more tensor is allocated.'],
  ]),
]
