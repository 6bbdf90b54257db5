/**
 * Replaying the torch.optim trajectories of test/fixtures/optim/optim.json (written by
 * scripts/fixtures/optim.py) with our optimisers: the fixture's models rebuilt with PyTorch's
 * initial parameters, the optimiser built from the case's spec, and five steps of valueAndGrad,
 * update and applyUpdates. What each step produced is returned next to what torch recorded, so
 * the tests decide what to compare and how closely.
 */
import { add, mm, nn, optim, random, square, sub, sum, unsqueeze, valueAndGrad, type FloatDType, type Tensor } from '../../src/index.js'
import { decodeTensor, loadFixture, type Encoded } from '../fixtures/load.js'
import { loadInto, type Named } from '../nn/fixtures.js'

/** A schedule as the fixture names it, with our option names. */
export type ScheduleSpec =
  | { readonly kind: 'step'; readonly stepSize: number; readonly gamma?: number }
  | { readonly kind: 'cosine'; readonly tMax: number; readonly etaMin?: number }
  | { readonly kind: 'linear'; readonly startFactor?: number; readonly endFactor?: number; readonly totalIters?: number }
  | { readonly kind: 'join'; readonly boundaries: readonly number[]; readonly schedules: readonly ScheduleSpec[] }

/** An optimiser as the fixture names it; absent options take our (= torch's) defaults. */
export interface OptimizerSpec {
  readonly kind: 'sgd' | 'adam' | 'adamw'
  readonly lr?: number
  readonly momentum?: number
  readonly dampening?: number
  readonly nesterov?: boolean
  readonly weightDecay?: number
  readonly betas?: readonly [number, number]
  readonly eps?: number
  readonly amsgrad?: boolean
}

/** What torch recorded after one step. */
export interface TorchStep {
  readonly loss: number
  readonly lr: number
  readonly params: Named
}

/** One trajectory. */
export interface TrajectoryCase {
  readonly name: string
  readonly model: 'record' | 'sequential' | 'frozen'
  readonly dtype: FloatDType
  readonly optimizer: OptimizerSpec
  readonly clip?: number
  readonly schedule?: ScheduleSpec
  readonly steps: readonly TorchStep[]
}

/** A model's data, initial state, and torch's gradient there (trainable parameters only). */
export interface ModelEntry {
  readonly model: TrajectoryCase['model']
  readonly dtype: FloatDType
  readonly x: Encoded
  readonly y: Encoded
  readonly frozen: readonly string[]
  readonly params: Named
  readonly buffers: Named
  readonly grads: Named
}

/** torch's lr at last_epoch = k, for k = 0..11, of a schedule with base lr `lr`. */
export interface ScheduleCase {
  readonly lr: number
  readonly schedule: ScheduleSpec
  readonly lrs: readonly number[]
}

/** The whole fixture. */
export const fixture = loadFixture<{ models: ModelEntry[]; cases: TrajectoryCase[]; schedules: ScheduleCase[] }>('optim', 'optim')

/** Our schedule for a spec. */
export function scheduleOf(s: ScheduleSpec, lr: number): optim.Schedule {
  switch (s.kind) {
    case 'step': return optim.stepDecay(lr, { stepSize: s.stepSize, gamma: s.gamma })
    case 'cosine': return optim.cosineDecay(lr, { tMax: s.tMax, etaMin: s.etaMin })
    case 'linear': return optim.linearWarmup(lr, { startFactor: s.startFactor, endFactor: s.endFactor, totalIters: s.totalIters })
    case 'join': return optim.joinSchedules(s.schedules.map((t) => scheduleOf(t, lr)), s.boundaries)
  }
}

/** Our optimiser for a case: the recipe, its lr (or schedule), and clipping chained in front. */
export function optimizerOf(c: Pick<TrajectoryCase, 'optimizer' | 'clip' | 'schedule'>): optim.GradientTransformation<any> {
  const { kind, lr: rate, momentum, dampening, nesterov, weightDecay, betas, eps, amsgrad } = c.optimizer
  const lr = rate === undefined || c.schedule === undefined ? rate : scheduleOf(c.schedule, rate)
  const base = kind === 'sgd'
    ? optim.sgd(lr!, { momentum, dampening, nesterov, weightDecay })
    : (kind === 'adam' ? optim.adam : optim.adamw)(lr, { betas, eps, weightDecay, amsgrad })
  return c.clip === undefined ? base : optim.chain(optim.clipByGlobalNorm(c.clip), base)
}

/** A model's params tree and its loss sum((f(x) − y)²), as the fixture defines them. */
export interface Model {
  readonly params: unknown
  readonly loss: (params: any) => Tensor
  /** Named parameters of a params tree (names as torch's named_parameters). */
  readonly named: (params: any) => [string, Tensor][]
  /** Named buffers of a params tree. */
  readonly buffers: (params: any) => [string, Tensor][]
}

/** Widens a layer to `nn.AnyModule` (a layer whose `random` is a literal is not one as typed). */
export const up = (m: nn.Module<any, any, any, any, any, any, any>): nn.AnyModule => m

const sse = (a: Tensor, b: Tensor): Tensor => sum(square(sub(a, b)))

/** Builds a model from its fixture entry (PyTorch's initial parameters and buffers). */
export function modelOf(e: ModelEntry): Model {
  const x = decodeTensor(e.x)
  const y = decodeTensor(e.y)
  if (e.model === 'record') {
    const get = (n: string) => decodeTensor(e.params.find(([k]) => k === n)![1])
    return {
      params: { w: get('w'), b: get('b') },
      loss: (p: { w: Tensor; b: Tensor }) => sse(add(mm(p.w, x), unsqueeze(p.b, 1)), y),
      named: (p: { w: Tensor; b: Tensor }) => [['w', p.w], ['b', p.b]],
      buffers: () => [],
    }
  }
  const [k0, k1] = random.split(random.key(0))
  const dtype = e.dtype
  const fresh = e.model === 'sequential'
    ? nn.Sequential(up(nn.Linear(4, 3, { key: k0, dtype })), up(nn.Linear(3, 2, { key: k1, dtype }))) as unknown as nn.AnyModule
    : nn.Sequential(up(nn.Linear(4, 3, { key: k0, dtype })), up(nn.BatchNorm1d(3, { dtype })), up(nn.Linear(3, 2, { key: k1, dtype }))) as unknown as nn.AnyModule
  const loaded = loadInto(fresh, e.params, e.buffers)
  return {
    params: e.frozen.length === 0 ? loaded : nn.freeze(loaded, e.frozen),
    loss: (m: nn.AnyModule) => sse(nn.run(m, x as never, { mode: 'eval' })[0] as Tensor, y),
    named: (m: nn.AnyModule) => [...nn.namedParameters(m)] as [string, Tensor][],
    buffers: (m: nn.AnyModule) => [...nn.namedBuffers(m)] as [string, Tensor][],
  }
}

/** What our step k produced. */
export interface OurStep {
  readonly loss: number
  readonly grads: [string, Tensor][]
  readonly params: [string, Tensor][]
  readonly buffers: [string, Tensor][]
}

/** Replays a case: our loss, gradients (named, trainable only) and params after every step. */
export function replay(c: TrajectoryCase): { readonly initial: unknown; readonly model: Model; readonly steps: OurStep[] } {
  const entry = fixture.models.find((m) => m.model === c.model && m.dtype === c.dtype)!
  const model = modelOf(entry)
  const opt = optimizerOf(c)
  let params = model.params
  let state = opt.init(params)
  const steps: OurStep[] = []
  for (let k = 0; k < c.steps.length; k++) {
    const [value, g] = valueAndGrad(model.loss)(params)
    const [updates, next] = opt.update(g, state, params)
    state = next
    params = optim.applyUpdates(params, updates)
    const grads = model.named(g).filter(([, t]) => t !== null)
    steps.push({ loss: Number(value.item()), grads, params: model.named(params), buffers: model.buffers(params) })
  }
  return { initial: model.params, model, steps }
}
