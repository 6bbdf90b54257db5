/**
 * Sequential: children named "0", "1", … run in order, each on the previous one's output.
 */
import { module, type AnyModule, type ChildrenRandom, type InputOf, type Module, type OutputOf } from '../module.js'

type Last<T extends readonly unknown[]> = T extends readonly [...unknown[], infer L] ? L : never
type Indexed<T extends readonly AnyModule[]> = { readonly [K in keyof T & `${number}`]: T[K] }

/** The Sequential module type for a tuple of layers. */
export type Sequential<T extends readonly AnyModule[] = AnyModule[]> = Module<
  {}, {}, Indexed<T>, undefined, InputOf<T[0]>, OutputOf<Last<T>>, ChildrenRandom<T[number] extends infer U ? { x: U } : never>
>

/**
 * Runs `layers` in order, as torch.nn.Sequential.
 * @example
 * import { nn, random } from 'immutorch'
 *
 * const net = nn.Sequential(nn.Linear(2, 3, { key: random.key(0) }), nn.ReLU())
 * nn.repr(net) // 'Sequential(\n  (0): Linear(in_features=2, out_features=3, bias=True)\n  (1): ReLU()\n)'
 */
export function Sequential<const T extends readonly AnyModule[]>(...layers: T): Sequential<T> {
  const children = Object.fromEntries(layers.map((m, i) => [String(i), m]))
  const names = Object.keys(children)
  return module('Sequential', {
    children,
    forward: (_self, x: unknown, ctx) => names.reduce((h, name) => ctx.call(name, h), x),
  }) as unknown as Sequential<T>
}
