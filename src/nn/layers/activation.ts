/**
 * Parameter-free layers: Identity, ReLU, GELU, Tanh, Sigmoid, Softmax, Flatten, each a module
 * with PyTorch's name and extra_repr around the tensor op of the same name.
 */
import { gelu, relu, sigmoid, tanh, type GeluApproximate } from '../../tensor/math.js'
import { softmax } from '../../tensor/softmax.js'
import type { Tensor } from '../../tensor/tensor.js'
import { flatten } from '../../tensor/view.js'
import { module, type Module } from '../module.js'

/** A module with no parameters mapping a tensor to a tensor. */
export type Stateless<Cfg = undefined> = Module<{}, {}, {}, Cfg, Tensor, Tensor, false>

const stateless = <Cfg>(kind: string, config: Cfg, f: (x: Tensor, c: Cfg) => Tensor, extra?: (c: Cfg) => string): Stateless<Cfg> =>
  module(kind, {
    config,
    forward: (self, x: Tensor) => f(x, self.config as Cfg),
    ...(extra === undefined ? {} : { extraRepr: (self: Stateless<Cfg>) => extra(self.config) }),
  }) as Stateless<Cfg>

/** Returns its input (torch.nn.Identity). */
export const Identity = (): Stateless => stateless('Identity', undefined, (x) => x)
/**
 * max(x, 0).
 * @example
 * import { nn, tensor } from 'immutorch'
 *
 * nn.run(nn.ReLU(), tensor([-1, 2]), { mode: 'eval' })[0] // [0, 2]
 */
export const ReLU = (): Stateless => stateless('ReLU', undefined, relu)
/** Hyperbolic tangent. */
export const Tanh = (): Stateless => stateless('Tanh', undefined, tanh)
/** Logistic sigmoid. */
export const Sigmoid = (): Stateless => stateless('Sigmoid', undefined, sigmoid)

/** GELU, exact (`'none'`, default) or `'tanh'`-approximated, as torch.nn.GELU(approximate). */
export const GELU = ({ approximate = 'none' }: { readonly approximate?: GeluApproximate } = {}): Stateless<{ approximate: GeluApproximate }> =>
  stateless('GELU', { approximate }, (x, c) => gelu(x, c), (c) => `approximate='${c.approximate}'`)

/** Softmax along `dim` (required: PyTorch's implicit dim is deprecated). */
export const Softmax = ({ dim }: { readonly dim: number }): Stateless<{ dim: number }> => {
  if (!Number.isInteger(dim)) throw new TypeError(`Softmax: dim must be an integer, got ${String(dim)}`)
  return stateless('Softmax', { dim }, (x, c) => softmax(x, c.dim), (c) => `dim=${c.dim}`)
}

/**
 * Flattens dims startDim..endDim (defaults 1..−1, keeping the batch dim), as torch.nn.Flatten.
 * @example
 * import { nn, zeros } from 'immutorch'
 *
 * nn.run(nn.Flatten(), zeros([2, 3, 4]), { mode: 'eval' })[0].shape // [2, 12]
 */
export const Flatten = ({ startDim = 1, endDim = -1 }: { readonly startDim?: number; readonly endDim?: number } = {}): Stateless<{ startDim: number; endDim: number }> =>
  stateless('Flatten', { startDim, endDim }, (x, c) => flatten(x, c.startDim, c.endDim), (c) => `start_dim=${c.startDim}, end_dim=${c.endDim}`)
