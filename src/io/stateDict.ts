/**
 * State dicts with PyTorch's keys and order: `stateDict(m)` lists, for every path (shared modules
 * and tied tensors under each of their names), own parameters, then own persistent buffers, then
 * children. `loadStateDict` builds a new module from a dict, casting values to the module's dtypes
 * and device; missing keys, unexpected keys and shape mismatches are gathered into one LoadError
 * that renders PyTorch's message. Ties survive: a tensor shared by several keys stays one tensor.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { AnyModule, Children, Tensors } from '../nn/module.js'
import { mapBuffers, mapParameters } from '../nn/transform.js'
import { to } from '../tensor/cast.js'
import type { DType } from '../tensor/dtype.js'
import { Tensor } from '../tensor/tensor.js'
import { detach } from '../tensor/trace.js'
import { loadError, type LoadError } from './loadError.js'

/** Named tensors in PyTorch's state-dict order. */
export type StateDict = ReadonlyMap<string, Tensor>

const join = (prefix: string, name: string): string => (prefix === '' ? name : `${prefix}.${name}`)

/** Every state-dict entry with the module-owned tensor it names, in PyTorch's order. */
function* entries(m: AnyModule, prefix = ''): Generator<[string, Tensor]> {
  for (const [k, t] of Object.entries(m.params as Tensors)) if (t !== null) yield [join(prefix, k), t]
  for (const [k, t] of Object.entries(m.buffers as Tensors)) {
    if (t !== null && !m.nonPersistent.includes(k)) yield [join(prefix, k), t]
  }
  for (const [k, c] of Object.entries(m.children as Children)) if (c !== null) yield* entries(c, join(prefix, k))
}

/**
 * The state dict of `m`: every alias of a tied tensor, persistent buffers only.
 * @example
 * import { io, nn, random } from 'immutorch'
 *
 * const net = nn.Sequential(nn.Linear(4, 3, { key: random.key(0) }), nn.BatchNorm1d(3))
 * Array.from(io.stateDict(net).keys()) // ['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked']
 */
export const stateDict = (m: AnyModule): StateDict => new Map([...entries(m)].map(([k, t]) => [k, detach(t)]))

/** A cast made while loading: the key, the dtype in the dict and the module's. */
export interface Cast {
  readonly key: string
  readonly from: DType
  readonly to: DType
}

/** What a load did besides building the module. */
export interface Loaded<M> {
  readonly module: M
  readonly missingKeys: readonly string[]
  readonly unexpectedKeys: readonly string[]
  readonly casts: readonly Cast[]
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((s, i) => s === b[i])

/**
 * Loads `dict` (a Map or a record of tensors) into a new module shaped like `m`, with the lists
 * PyTorch returns. With `strict` (default) missing or unexpected keys are errors; shape
 * mismatches always are.
 */
export function loadStateDictReport<M extends AnyModule>(
  m: M, dict: StateDict | Readonly<Record<string, Tensor>>, { strict = true }: { readonly strict?: boolean } = {},
): E.Either<LoadError, Loaded<M>> {
  const given: ReadonlyMap<string, unknown> = dict instanceof Map ? dict : new Map(Object.entries(dict))
  const expected = [...entries(m)]
  const expectedKeys = new Set(expected.map(([k]) => k))
  const missingKeys = expected.map(([k]) => k).filter((k) => !given.has(k))
  const unexpectedKeys = [...given.keys()].filter((k) => !expectedKeys.has(k))
  const mismatches: { key: string; checkpoint: readonly number[]; model: readonly number[] }[] = []
  const notTensors: string[] = []
  const casts: Cast[] = []
  // Last alias wins for a tied tensor, as PyTorch's in-place copies do.
  const next = new Map<Tensor, Tensor>()
  for (const [key, own] of expected) {
    const v = given.get(key)
    if (v === undefined) continue
    if (!(v instanceof Tensor)) {
      notTensors.push(key)
      continue
    }
    if (!sameShape(v.shape, own.shape)) {
      mismatches.push({ key, checkpoint: v.shape, model: own.shape })
      continue
    }
    if (v.dtype !== own.dtype) casts.push({ key, from: v.dtype, to: own.dtype })
    next.set(own, detach(to(v, { dtype: own.dtype, device: own.device })))
  }
  const failed = mismatches.length > 0 || notTensors.length > 0 || (strict && (missingKeys.length > 0 || unexpectedKeys.length > 0))
  if (failed) {
    return E.left(loadError(m.kind, strict ? missingKeys : [], strict ? unexpectedKeys : [], mismatches, notTensors))
  }
  const swap = (t: Tensor): Tensor => next.get(t) ?? t
  const module = mapBuffers(mapParameters(m, swap), swap)
  return E.right({ module, missingKeys, unexpectedKeys, casts })
}

/**
 * Loads `dict` into a new module shaped like `m` (see loadStateDictReport for the lists).
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { io, nn, random } from 'immutorch'
 *
 * const trained = nn.Linear(2, 1, { key: random.key(0) })
 * const fresh = nn.Linear(2, 1, { key: random.key(1) })
 * const loaded = io.loadStateDict(fresh, io.stateDict(trained))
 * E.isRight(loaded) && loaded.right.params.weight.eq(trained.params.weight).all().item() // true
 * const wide = io.loadStateDict(nn.Linear(2, 3, { key: random.key(2) }), io.stateDict(trained))
 * E.isLeft(wide) && wide.left.message // 'Error(s) in loading state_dict for Linear:\n\tsize mismatch for weight: copying a param with shape torch.Size([1, 2]) from checkpoint, the shape in current model is torch.Size([3, 2]).\n\tsize mismatch for bias: copying a param with shape torch.Size([1]) from checkpoint, the shape in current model is torch.Size([3]).'
 */
export const loadStateDict = <M extends AnyModule>(m: M, dict: StateDict | Readonly<Record<string, Tensor>>, options: { readonly strict?: boolean } = {}): E.Either<LoadError, M> =>
  E.map((r: Loaded<M>) => r.module)(loadStateDictReport(m, dict, options))
