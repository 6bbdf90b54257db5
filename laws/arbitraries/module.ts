/**
 * Generators for module laws: keys, small tensors of every dtype (special values and raw half
 * bit patterns included), the built-in layers with random options, and random module trees built
 * with `nn.module`: nested children, a module shared by two parents, a tensor tied between two
 * modules, null entries, mixed dtypes, integer and bool buffers, non-persistent buffers, frozen
 * parameters and children named "0".."11". Trees are drawn as plans (plain data) and built at
 * the end, so sharing is by object identity and fast-check can still shrink them.
 */
import fc from 'fast-check'
import { isFloating, nn, random, tensor, type DType, type FloatDType, type Tensor } from '../../src/index.js'

type AnyModule = nn.AnyModule
type Key = random.Key

/** Any module, layers included (`nn.AnyModule` does not accept a layer whose `random` is a literal). */
export type SomeModule = nn.Module<any, any, any, any, any, any, any>

/** Widens a layer to `AnyModule`. */
const up = (m: SomeModule): AnyModule => m

/** Keys from `random.key(seed)` with integer seeds. */
export const seedKeyArb: fc.Arbitrary<Key> = fc.integer().map((s) => random.key(s))

/** The floating dtypes, the ones casts touch. */
export const floatDTypes: readonly FloatDType[] = ['float32', 'float64', 'float16', 'bfloat16']
/** Integer and bool dtypes a buffer may hold (PyTorch's num_batches_tracked is int64). */
export const integerDTypes: readonly DType[] = ['int64', 'int32', 'uint8', 'bool']
/** Targets a module cast must refuse. */
export const nonFloatingDTypes: readonly DType[] = ['int64', 'int32', 'int16', 'int8', 'uint8', 'bool']

/** A floating dtype. */
export const floatDTypeArb: fc.Arbitrary<FloatDType> = fc.constantFrom(...floatDTypes)
/** A non-floating dtype. */
export const nonFloatingDTypeArb: fc.Arbitrary<DType> = fc.constantFrom(...nonFloatingDTypes)

/** Small shapes: rank 0 to 2, sizes 0 to 3 (zero-size tensors included). */
export const smallShapeArb: fc.Arbitrary<number[]> = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 })

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1)

/**
 * Floating tensors of `dtype` (any floating dtype if omitted): normal draws, arbitrary float32
 * values (NaN, ±Inf, −0, subnormals), or for float16/bfloat16 raw 16-bit patterns.
 */
export const floatTensorArb = (dtype?: FloatDType): fc.Arbitrary<Tensor> =>
  fc.tuple(dtype === undefined ? floatDTypeArb : fc.constant(dtype), smallShapeArb).chain(([d, shape]) => {
    const n = size(shape)
    const normal = seedKeyArb.map((k) => random.normal(k, shape, { dtype: d }) as Tensor)
    const values = fc.array(fc.float(), { minLength: n, maxLength: n })
      .map((xs) => tensor(Float32Array.from(xs), { dtype: d, shape }) as Tensor)
    if (d !== 'float16' && d !== 'bfloat16') return fc.oneof(normal, values)
    const bits = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: n, maxLength: n })
      .map((xs) => tensor(Uint16Array.from(xs), { dtype: d, shape }) as Tensor)
    return fc.oneof(normal, values, bits)
  })

const intValues: { readonly [D in string]: fc.Arbitrary<number | bigint | boolean> } = {
  int64: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  int32: fc.integer(),
  uint8: fc.integer({ min: 0, max: 255 }),
  bool: fc.boolean(),
}

/** Integer or bool tensors (int64 over its full range). */
export const integerTensorArb: fc.Arbitrary<Tensor> = fc.tuple(fc.constantFrom(...integerDTypes), smallShapeArb).chain(([d, shape]) => {
  const n = size(shape)
  return fc.array(intValues[d], { minLength: n, maxLength: n }).map((xs) => tensor(xs as never, { dtype: d, shape }) as Tensor)
})

/** Any tensor a buffer may hold: floating, integer or bool. */
export const bufferTensorArb: fc.Arbitrary<Tensor> = fc.oneof(floatTensorArb(), integerTensorArb)

/** Options of the layer and tree generators. */
export interface ModuleArbOptions {
  /** Trees a run can execute on `[N, features]` float32 input (Linear layers in float32). */
  readonly runnable?: boolean
  /** Feature width of the layers (fixed when given, else 1..3). */
  readonly features?: number
  /** Depth of nested custom modules below the root. */
  readonly maxDepth?: number
  /** Upper bound on entries (params, buffers, children) per custom module. */
  readonly maxEntries?: number
  /** Let a buffer be the very same tensor as a parameter elsewhere (a param/buffer tie). */
  readonly crossTies?: boolean
  /** Include modules shared by two parents. */
  readonly sharedModules?: boolean
}

/** Layers that map `[N, f]` to `[N, f]`, so they chain inside Sequential. */
export const flowLayerArb = (f: number, { runnable = false }: ModuleArbOptions = {}): fc.Arbitrary<AnyModule> => {
  const dt = runnable ? fc.constant<FloatDType>('float32') : floatDTypeArb
  const linear = runnable
    ? fc.record({ key: seedKeyArb, bias: fc.boolean(), dtype: dt }).map((o) => nn.Linear(f, f, o) as AnyModule)
    : fc.record({ i: fc.nat(3), o: fc.nat(3), key: seedKeyArb, bias: fc.boolean(), dtype: dt }).map(({ i, o, ...rest }) => nn.Linear(i, o, rest) as AnyModule)
  // In a run, float64 norms would promote the batch and then fail a float32 Linear.
  const norm = runnable ? fc.constantFrom<FloatDType>('float32', 'float16', 'bfloat16') : floatDTypeArb
  return fc.oneof(
    linear,
    fc.constantFrom<() => SomeModule>(nn.Identity, nn.ReLU, nn.Tanh, nn.Sigmoid, () => nn.Flatten()).map((make) => up(make())),
    fc.constantFrom<'none' | 'tanh'>('none', 'tanh').map((approximate) => nn.GELU({ approximate }) as AnyModule),
    fc.constantFrom(-1, 1).map((dim) => nn.Softmax({ dim }) as AnyModule),
    fc.constantFrom(0, 0.25, 0.5, 1).map((p) => nn.Dropout(p) as AnyModule),
    fc.record({ momentum: fc.constantFrom(0.1, 0.5, null), affine: fc.boolean(), trackRunningStats: fc.boolean(), dtype: norm })
      .map((o) => nn.BatchNorm1d(f, o) as AnyModule),
    fc.record({ elementwiseAffine: fc.boolean(), dtype: norm }).map((o) => nn.LayerNorm(f, o) as AnyModule),
  )
}

/** An Embedding of width `f` (any floating dtype, with or without a padding row). */
export const embeddingArb = (f: number): fc.Arbitrary<AnyModule> =>
  fc.record({ n: fc.integer({ min: 1, max: 4 }), key: seedKeyArb, pad: fc.boolean(), dtype: floatDTypeArb })
    .map(({ n, key, pad, dtype }) => nn.Embedding(n, f, { key, paddingIdx: pad ? 0 : null, dtype }) as AnyModule)

/** Any built-in layer of width `f`, Sequential included (Embedding only if `embedding`). */
export const layerArb = (f: number, options: ModuleArbOptions = {}, embedding = true): fc.Arbitrary<AnyModule> =>
  fc.oneof(
    { arbitrary: flowLayerArb(f, options), weight: 6 },
    { arbitrary: embedding ? embeddingArb(f) : flowLayerArb(f, options), weight: 1 },
    { arbitrary: fc.array(flowLayerArb(f, options), { maxLength: 12 }).map((ls) => nn.Sequential(...ls) as unknown as AnyModule), weight: 1 },
  )

/** Static configuration of a random custom module: whether it draws noise and updates buffers in train. */
export interface CustomConfig {
  readonly draws: boolean
  readonly stateful: boolean
}

/** Integer indices a child Embedding can look up, one per row of `x`. */
const indicesFor = (e: AnyModule, x: Tensor): Tensor => {
  const n = (e.config as { numEmbeddings: number }).numEmbeddings
  return tensor(Array.from({ length: x.shape[0] ?? 1 }, (_, i) => i % n), { dtype: 'int64' }) as Tensor
}

/**
 * The forward of every random custom module: sums of its floating tensors, each child's output
 * on the same input (indices for an Embedding), in train a normal draw from its key when
 * `draws`, and `b + 1` for its floating buffers when `stateful`.
 */
export const customForward = (self: AnyModule, x: Tensor, ctx: nn.Context): unknown => {
  const cfg = self.config as CustomConfig
  const own = [...Object.values(self.params as nn.Tensors), ...Object.values(self.buffers as nn.Tensors)]
    .filter((t): t is Tensor => t !== null && isFloating(t.dtype))
    .map((t) => t.sum())
  const kids: Record<string, unknown> = {}
  for (const [name, c] of Object.entries(self.children as nn.Children)) {
    if (c !== null) kids[name] = ctx.call(name as never, (c.kind === 'Embedding' ? indicesFor(c, x) : x) as never)
  }
  const noise = cfg.draws && ctx.mode === 'train' ? random.normal(ctx.requireKey(self.kind), [2]) : null
  if (cfg.stateful && ctx.mode === 'train') {
    const updates: Record<string, Tensor> = {}
    for (const [k, b] of Object.entries(self.buffers as nn.Tensors)) if (b !== null && isFloating(b.dtype)) updates[k] = b.add(1)
    ctx.setBuffers(updates as never)
  }
  return { own, kids, noise }
}

/** Where a tensor slot's tensor comes from: a shared pool (ties), a fresh tensor, or null. */
type Slot = { readonly pool: number; readonly from: 'params' | 'buffers' } | { readonly fresh: Tensor } | null

type Entry =
  | { readonly name: string; readonly section: 'param'; readonly slot: Slot; readonly frozen: boolean }
  | { readonly name: string; readonly section: 'buffer'; readonly slot: Slot; readonly persistent: boolean }
  | { readonly name: string; readonly section: 'child'; readonly node: NodePlan | null }

type NodePlan =
  | { readonly tag: 'layer'; readonly layer: AnyModule }
  | { readonly tag: 'shared'; readonly i: number; readonly custom: boolean }
  | { readonly tag: 'seq'; readonly items: readonly NodePlan[] }
  | { readonly tag: 'custom'; readonly kind: string; readonly entries: readonly Entry[]; readonly draws: boolean; readonly stateful: boolean }

/** Entry names: PyTorch's, words, and "0".."11". */
const nameArb = fc.constantFrom('weight', 'bias', 'running_mean', 'scale', 'fc', 'block', 'layers', 'a', 'b',
  ...Array.from({ length: 12 }, (_, i) => String(i)))

interface Built {
  readonly params: readonly Tensor[]
  readonly buffers: readonly Tensor[]
  readonly layers: readonly AnyModule[]
  readonly customs: AnyModule[]
}

function buildSlot(s: Slot, b: Built): Tensor | null {
  if (s === null) return null
  if ('fresh' in s) return s.fresh
  const pool = b[s.from]
  return pool[s.pool % pool.length]
}

function build(p: NodePlan, b: Built): AnyModule {
  switch (p.tag) {
    case 'layer': return p.layer
    case 'shared': return p.custom && b.customs.length > 0 ? b.customs[p.i % b.customs.length] : b.layers[p.i % b.layers.length]
    case 'seq': return nn.Sequential(...p.items.map((q) => build(q, b))) as unknown as AnyModule
    case 'custom': {
      const params: Record<string, Tensor | null> = {}
      const buffers: Record<string, Tensor | null> = {}
      const children: Record<string, AnyModule | null> = {}
      const nonPersistent: string[] = []
      const frozen: string[] = []
      for (const e of p.entries) {
        if (e.section === 'child') children[e.name] = e.node === null ? null : build(e.node, b)
        else if (e.section === 'param') {
          params[e.name] = buildSlot(e.slot, b)
          if (e.frozen && params[e.name] !== null) frozen.push(e.name)
        } else {
          buffers[e.name] = buildSlot(e.slot, b)
          if (!e.persistent) nonPersistent.push(e.name)
        }
      }
      const config: CustomConfig = Object.freeze({ draws: p.draws, stateful: p.stateful })
      return nn.module(p.kind, { params, buffers, children, nonPersistent, frozen, config, random: p.draws, forward: customForward as never }) as AnyModule
    }
  }
}

/** Plans for custom modules down to `depth`, with children drawn from `child`. */
function customPlanArb(depth: number, f: number, o: Required<ModuleArbOptions>, shared: boolean): fc.Arbitrary<NodePlan> {
  const pool = (from: 'params' | 'buffers') => fc.record({ pool: fc.nat(7), from: fc.constant(from) })
  const paramSlot: fc.Arbitrary<Slot> = fc.oneof(
    { arbitrary: fc.constant(null), weight: 1 }, { arbitrary: pool('params'), weight: 3 }, { arbitrary: floatTensorArb().map((t) => ({ fresh: t })), weight: 3 })
  const bufferSlot: fc.Arbitrary<Slot> = fc.oneof(
    { arbitrary: fc.constant(null), weight: 1 }, { arbitrary: pool('buffers'), weight: 2 },
    { arbitrary: o.crossTies ? pool('params') : pool('buffers'), weight: 1 }, { arbitrary: bufferTensorArb.map((t) => ({ fresh: t })), weight: 3 })
  const leafChild: fc.Arbitrary<NodePlan> = fc.oneof(
    { arbitrary: layerArb(f, o).map((layer) => ({ tag: 'layer' as const, layer })), weight: 3 },
    ...(shared ? [{ arbitrary: fc.record({ tag: fc.constant('shared' as const), i: fc.nat(3), custom: fc.boolean() }), weight: 3 }] : []),
  )
  const child: fc.Arbitrary<NodePlan> = depth <= 0 ? leafChild
    : fc.oneof({ arbitrary: leafChild, weight: 2 }, { arbitrary: customPlanArb(depth - 1, f, o, shared), weight: 1 })
  const entry: fc.Arbitrary<Entry> = fc.oneof(
    { arbitrary: fc.record({ name: nameArb, section: fc.constant('param' as const), slot: paramSlot, frozen: fc.boolean() }), weight: 2 },
    { arbitrary: fc.record({ name: nameArb, section: fc.constant('buffer' as const), slot: bufferSlot, persistent: fc.boolean() }), weight: 1 },
    { arbitrary: fc.record({ name: nameArb, section: fc.constant('child' as const), node: fc.option(child, { freq: 6, nil: null }) }), weight: 2 },
  )
  return fc.record({
    tag: fc.constant('custom' as const),
    kind: fc.constantFrom('Block', 'Custom'),
    entries: fc.uniqueArray(entry, { selector: (e) => e.name, minLength: 1, maxLength: o.maxEntries, size: 'max' }),
    draws: fc.boolean(),
    stateful: fc.boolean(),
  })
}

/**
 * Random module trees. The root is a custom module (its children: built-in layers, Sequentials,
 * nested custom modules, shared modules), now and then a bare layer, and one time in three a
 * `Tied` module holding a random tree at two paths and one tensor at two parameter names.
 */
export const moduleTreeArb = (options: ModuleArbOptions = {}): fc.Arbitrary<AnyModule> =>
  moduleTreeWithWidthArb(options).map(([m]) => m)

/** A module holding `sub` at children "0" and "1" and one tensor at params `w` and `v`. */
function tiedRoot(sub: AnyModule, b: Built, crossTies: boolean): AnyModule {
  const t = b.params[0]
  return nn.module('Tied', {
    params: { w: t, v: t },
    buffers: { r: b.buffers[0], ...(crossTies ? { s: t } : {}) },
    children: { 0: sub, 1: sub },
    config: Object.freeze({ draws: false, stateful: true }),
    forward: customForward as never,
  }) as AnyModule
}

/** Random module trees with the feature width their layers take. */
export const moduleTreeWithWidthArb = (options: ModuleArbOptions = {}): fc.Arbitrary<readonly [AnyModule, number]> => {
  const o: Required<ModuleArbOptions> = { runnable: false, features: 0, maxDepth: 2, maxEntries: 4, crossTies: false, sharedModules: true, ...options }
  const width = o.features > 0 ? fc.constant(o.features) : fc.integer({ min: 1, max: 3 })
  return width.chain((f) => fc.record({
    params: fc.array(floatTensorArb(), { minLength: 1, maxLength: 3 }),
    buffers: fc.array(bufferTensorArb, { minLength: 1, maxLength: 3 }),
    layers: fc.array(flowLayerArb(f, o), { minLength: 1, maxLength: 2 }),
    customs: fc.array(customPlanArb(0, f, o, false), { maxLength: 2 }),
    root: fc.oneof({ arbitrary: customPlanArb(o.maxDepth, f, o, o.sharedModules), weight: 5 }, { arbitrary: layerArb(f, o, !o.runnable).map((layer) => ({ tag: 'layer' as const, layer })), weight: 1 }),
    tied: o.sharedModules ? fc.nat(2).map((n) => n === 0) : fc.constant(false),
  }).map(({ params, buffers, layers, customs, root, tied }) => {
    const b: Built = { params, buffers, layers, customs: [] }
    for (const c of customs) b.customs.push(build(c, b))
    const m = build(root, b)
    return [tied ? tiedRoot(m, b, o.crossTies) : m, f] as const
  }))
}

/** A module, an input it accepts and a key for a train run. */
export interface RunCase {
  readonly module: AnyModule
  readonly input: unknown
  readonly key: Key
}

/** Float32 inputs `[N, f]` with N in 2..4 (BatchNorm needs two rows to train). */
export const batchArb = (f: number): fc.Arbitrary<Tensor> =>
  fc.tuple(fc.integer({ min: 2, max: 4 }), seedKeyArb).map(([n, k]) => random.normal(k, [n, f]) as Tensor)

/** Random runnable module trees with an input and a run key. */
export const runCaseArb = (options: ModuleArbOptions = {}): fc.Arbitrary<RunCase> =>
  moduleTreeWithWidthArb({ ...options, runnable: true }).chain(([module, f]) =>
    fc.record({ module: fc.constant(module), input: batchArb(f), key: seedKeyArb }))
