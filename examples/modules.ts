/**
 * The module system, walking PyTorch's nn.Module tutorial in immutorch: a user-defined
 * LinearModel, its parameters, a half-precision copy, and a model with BatchNorm and Dropout run
 * in train and eval mode. Run with `npx tsx examples/modules.ts`.
 */
import { nn, random, tree, type Tensor } from '../src/index.js'
import { runIfMain } from './runIfMain.js'

/** The seed's LinearModel: parameters are data, forward is a pure function of them. */
export const LinearModel = (ndim: number, key: random.Key) => {
  const [kw, kb] = random.split(key)
  return nn.module('LinearModel', {
    params: { weight: random.normal(kw, [ndim, 1]), bias: random.normal(kb, [1]) },
    forward: (self, x: Tensor) => x.mm(self.params.weight).add(self.params.bias),
  })
}

export function main(): void {
  console.log('\n== Modules ==')
  const lm = LinearModel(5, random.key(0))
  const x = random.normal(random.key(1), [4, 5])
  const [y] = nn.run(lm, x, { mode: 'eval' })
  console.log('LinearModel(5) on a [4, 5] batch:', String(y))

  for (const [name, p] of nn.namedParameters(lm)) console.log(' ', name, p.shape, p.dtype)
  console.log('parameters:', [...nn.parameters(lm)].map(String).join(', '))

  const lmHalf = nn.half(lm) // a new module; lm is unchanged
  console.log('after nn.half:')
  for (const [name, p] of nn.namedParameters(lmHalf)) console.log(' ', name, p.shape, p.dtype, String(p))
  console.log('  lm.params.weight is still', lm.params.weight.dtype)

  // Built-in layers take their key as an option; mode is a value; state comes back as a new module.
  const [k1, k2, kd] = random.split(random.key(2), 3)
  const net = nn.Sequential(nn.Linear(4, 3, { key: k1 }), nn.BatchNorm1d(3), nn.ReLU(),
    nn.Dropout(0.5), nn.Linear(3, 2, { key: k2 }))
  console.log(String(net))
  const batch = random.normal(random.key(3), [8, 4])

  const [, same] = nn.run(net, batch, { mode: 'eval' })
  console.log('eval run returns the same module:', same === net)

  const [out, net2] = nn.run(net, batch, { mode: 'train', key: kd })
  console.log('train output:', String(out))
  console.log('running_mean before:', String(nn.getBuffer(net, '1.running_mean')))
  console.log('running_mean after: ', String(nn.getBuffer(net2, '1.running_mean')))
  console.log('num_batches_tracked:', String(nn.getBuffer(net, '1.num_batches_tracked')), '->', String(nn.getBuffer(net2, '1.num_batches_tracked')))
  console.log('same key, same train result:', String(nn.run(net, batch, { mode: 'train', key: kd })[0]) === String(out))
  console.log('tree paths:', tree.paths(net2).join(', '))
  console.log(nn.summary(net2))
}

runIfMain(import.meta.url, main)
