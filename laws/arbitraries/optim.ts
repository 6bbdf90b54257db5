/**
 * Generators for optimiser laws: params trees (plain records of tensors with integer leaves and
 * nesting, random module trees with frozen parameters, buffers, ties and every floating dtype,
 * and records mixing both) and, for a params tree, a run of gradient trees of its gradient shape,
 * one per step. Gradients are normal draws in each parameter's dtype, now and then scaled up so
 * that clipping engages; a tensor tied at several paths gets one gradient, as `grad` gives it.
 */
import fc from 'fast-check'
import { mul, nn, random, tensor, type FloatDType, type Tensor } from '../../src/index.js'
import { integerTensorArb, moduleTreeArb, seedKeyArb } from './module.js'

/** A params tree and the gradients of several successive steps. */
export interface OptimCase {
  readonly params: unknown
  readonly grads: readonly unknown[]
}

const floatDType: fc.Arbitrary<FloatDType> = fc.constantFrom('float32', 'float64', 'float16', 'bfloat16')
const shape: fc.Arbitrary<number[]> = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 })

/** A floating tensor of normal draws (any floating dtype, rank 0 to 3, zero-size included). */
export const paramTensorArb: fc.Arbitrary<Tensor> = fc.tuple(seedKeyArb, shape, floatDType)
  .map(([k, s, dtype]) => random.normal(k, s, { dtype }) as Tensor)

const names = fc.constantFrom('w', 'b', 'weight', 'bias', 'scale', 'emb', '0', '1')

/** Plain records of tensors: floating leaves, an occasional integer leaf, one level of nesting. */
export const recordParamsArb: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof({ arbitrary: paramTensorArb, weight: 5 }, { arbitrary: integerTensorArb, weight: 1 }),
  node: fc.dictionary(names, fc.oneof({ arbitrary: tie('leaf'), weight: 4 }, { arbitrary: tie('inner'), weight: 1 }), { minKeys: 1, maxKeys: 4 }),
  inner: fc.dictionary(names, tie('leaf'), { minKeys: 1, maxKeys: 3 }),
})).node

/** Random module trees, kept small (nested custom modules, layers, frozen params, buffers, ties). */
export const moduleParamsArb: fc.Arbitrary<unknown> = moduleTreeArb({ maxDepth: 1, maxEntries: 3 })

/** Any params tree: a record, a module, or a record holding a module next to a tensor. */
export const paramsArb: fc.Arbitrary<unknown> = fc.oneof(
  recordParamsArb,
  moduleParamsArb,
  fc.record({ net: moduleParamsArb, scale: paramTensorArb }),
)

/** A gradient tree for `params` from `key`: normal draws at every trainable tensor, times `gain`. */
export function gradsFor(params: unknown, key: random.Key, gain = 1): unknown {
  const seen = new Map<Tensor, Tensor>()
  let i = 0
  return nn.mapTrainable(params, (t) => {
    let g = seen.get(t)
    if (g === undefined) {
      g = random.normal(random.foldIn(key, i++), t.shape, { dtype: t.dtype as FloatDType }) as Tensor
      if (gain !== 1) g = mul(g, tensor(gain, { dtype: t.dtype }))
      seen.set(t, g)
    }
    return g
  })
}

/** A params tree from `params` with `steps` gradient trees (1 to 4 by default). */
export const optimCaseArb = (params: fc.Arbitrary<unknown> = paramsArb, steps = fc.integer({ min: 1, max: 4 })): fc.Arbitrary<OptimCase> =>
  fc.tuple(params, seedKeyArb, steps, fc.constantFrom(1, 1, 100)).map(([p, key, n, gain]) => ({
    params: p,
    grads: Array.from({ length: n }, (_, s) => gradsFor(p, random.foldIn(key, s), gain)),
  }))
