/**
 * Running a module: `run(m, input, { mode, key })` returns `[output, m2]`. In eval `m2` is `m`
 * itself; in train, buffers that forwards updated (BatchNorm's running statistics) come back in
 * `m2`, at every path the updated module sits at, and `m` is unchanged.
 */
import { checkKey, type Key } from '../random/key.js'
import { makeContext, type RunState } from './context.js'
import { rebuild, type AnyModule, type InputOf, type Mode, type OutputOf, type RandomOf } from './module.js'
import { transformModules } from './transform.js'

/** Run options; a module that draws random numbers in train mode needs a key there. */
export type RunOptions<R = boolean> = true extends R
  ? { readonly mode: 'train'; readonly key: Key } | { readonly mode: 'eval'; readonly key?: Key }
  : { readonly mode: Mode; readonly key?: Key }

/**
 * Runs `m` on `input`.
 * @example
 * import { nn, random } from 'immutorch'
 *
 * const [k1, kd] = random.split(random.key(0))
 * const net = nn.Sequential(nn.Linear(4, 2, { key: k1 }), nn.BatchNorm1d(2), nn.Dropout(0.5))
 * const x = random.normal(random.key(1), [8, 4])
 * const [y, net2] = nn.run(net, x, { mode: 'train', key: kd })  // Dropout in train needs a key
 * y.shape // [8, 2]
 * nn.getBuffer(net2, '1.num_batches_tracked') // 1
 * nn.getBuffer(net, '1.num_batches_tracked') // 0
 * nn.run(net, x, { mode: 'eval' })[1] === net // true
 */
export function run<M extends AnyModule>(m: M, input: InputOf<M>, options: RunOptions<RandomOf<M>>): [OutputOf<M>, M] {
  const { mode, key } = (options ?? {}) as { mode?: unknown; key?: unknown }
  if (mode !== 'train' && mode !== 'eval') throw new TypeError(`run: mode must be 'train' or 'eval', got ${JSON.stringify(mode)}`)
  const k = key === undefined ? undefined : checkKey(key, 'run')
  if (mode === 'train' && m.random && k === undefined) {
    throw new TypeError(`run: ${m.kind} draws random numbers in train mode (Dropout or similar) and needs a key: run(m, x, { mode: 'train', key })`)
  }
  const state: RunState = { mode, patches: undefined, current: undefined }
  const go = (orig: AnyModule, x: unknown, key: Key | undefined, path: string): unknown => {
    const cur = state.current?.get(orig) ?? orig
    const out = cur.forward(cur, x, makeContext(orig, key, path, state, go))
    const patch = state.patches?.get(orig)
    if (patch !== undefined) (state.current ??= new Map()).set(orig, rebuild(orig, { buffers: { ...orig.buffers, ...patch } }))
    return out
  }
  const out = go(m, input, k, '') as OutputOf<M>
  const patches = state.patches
  if (patches === undefined) return [out, m]
  const next = transformModules(m, (orig, rebuilt) => {
    const patch = patches.get(orig)
    return patch === undefined ? rebuilt : rebuild(rebuilt, { buffers: { ...rebuilt.buffers, ...patch } })
  })
  return [out, next]
}
