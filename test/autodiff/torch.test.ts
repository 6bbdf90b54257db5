/**
 * Gradients against PyTorch's autograd (test/fixtures/grad/*.json, made by scripts/fixtures/grad.py),
 * all in float64: a Linear → BatchNorm1d → ReLU → Linear network under a cross-entropy loss, in train
 * mode (batch statistics) and in eval mode (running statistics); mean(gelu(x·W)) in both gelu forms;
 * LayerNorm over one and two trailing dims under a fixed cotangent. PyTorch's weights are copied into
 * our modules by name through nn.mapParameters / nn.mapBuffers.
 */
import { describe, expect, it } from 'vitest'
import { gelu, grad, logSoftmax, matmul, mul, nn, random, tensor, valueAndGrad, type Tensor } from '../../src/index.js'
import { decodeValues, loadFixture, type Encoded } from '../fixtures/load.js'

type Named = readonly (readonly [string, Encoded])[]

/** Relative agreement asked of float64 gradients; the absolute floor only matters for exact zeros. */
const RTOL = 1e-10
const ATOL = 1e-15

/** A float64 (or int64) tensor from its encoding, through the public `tensor`. */
const load = (e: Encoded): Tensor =>
  e.dtype === 'int64'
    ? tensor(BigInt64Array.from(e.data as string[], (v) => BigInt(v)), { dtype: 'int64', shape: e.shape })
    : tensor(Float64Array.from(decodeValues(e) as number[]), { dtype: 'float64', shape: e.shape })

const flat = (t: Tensor): number[] => [t.toArray()].flat(Infinity as 1) as number[]

/** Mismatches of `got` against PyTorch's `want`: dtype, shape, then elements beyond RTOL. */
function mismatches(name: string, got: Tensor | null, want: Encoded): string[] {
  if (got === null) return [`${name}: no gradient`]
  if (got.dtype !== want.dtype || got.shape.join() !== want.shape.join()) return [`${name}: got ${got.dtype} [${got.shape}], want ${want.dtype} [${want.shape}]`]
  const w = decodeValues(want) as number[]
  return flat(got).flatMap((g, i) => (Math.abs(g - w[i]) <= ATOL + RTOL * Math.abs(w[i]) ? [] : [`${name}[${i}]: got ${g}, want ${w[i]}`]))
}

const scalarClose = (got: Tensor, want: number): boolean => Math.abs(Number(got.item()) - want) <= RTOL * Math.abs(want)

/** Copies PyTorch's named tensors into a module of the same architecture. */
function withWeights<M extends nn.AnyModule>(m: M, params: Named, buffers: Named): M {
  const p = new Map(params.map(([n, e]) => [n, e]))
  const b = new Map(buffers.map(([n, e]) => [n, e]))
  const pick = (table: Map<string, Encoded>) => (t: Tensor, name: string): Tensor => {
    const e = table.get(name)
    if (e === undefined) throw new Error(`fixture has no tensor named ${name}`)
    expect(t.shape).toEqual(e.shape)
    return load(e)
  }
  return nn.mapBuffers(nn.mapParameters(m, pick(p)), pick(b))
}

/** Every parameter's gradient (by name, walking the gradient module) against PyTorch's. */
function gradMismatches(g: nn.AnyModule, want: Named): string[] {
  const mods = new Map(nn.namedModules(g))
  return want.flatMap(([name, e]) => {
    const cut = name.lastIndexOf('.')
    const owner = mods.get(cut < 0 ? '' : name.slice(0, cut))
    const t = owner === undefined ? null : ((owner.params as nn.Tensors)[name.slice(cut + 1)] ?? null)
    return mismatches(name, t, e)
  })
}

describe('a BatchNorm MLP under cross-entropy matches PyTorch', () => {
  const fx = loadFixture<{
    params: Named; buffers: Named; x: Encoded; labels: Encoded
    train: { loss: number; grads: Named }; eval: { loss: number; grads: Named }
  }>('grad', 'mlp')
  const [k1, k2] = random.split(random.key(0))
  const arch = nn.Sequential(nn.Linear(4, 8, { key: k1, dtype: 'float64' }), nn.BatchNorm1d(8, { dtype: 'float64' }), nn.ReLU(),
    nn.Linear(8, 3, { key: k2, dtype: 'float64' }))
  const net = withWeights(arch, fx.params, fx.buffers)
  const x = load(fx.x)
  const labels = load(fx.labels)
  // Cross-entropy written out: −mean(log softmax(y) at each row's label).
  const loss = (mode: nn.Mode) => (m: typeof net): Tensor => {
    const [y] = nn.run(m, x, { mode })
    return logSoftmax(y, 1).gather(1, labels.unsqueeze(1)).neg().mean()
  }

  it.each(['train', 'eval'] as const)('%s mode: the loss and every parameter gradient to 1e-10 relative', (mode) => {
    const [value, g] = valueAndGrad(loss(mode))(net)
    expect(scalarClose(value, fx[mode].loss)).toBe(true)
    expect(fx[mode].grads.map(([n]) => n)).toEqual([...nn.namedParameters(net)].map(([n]) => n))
    expect(gradMismatches(g, fx[mode].grads)).toEqual([])
    // Buffers (running statistics, the int64 step count) get no gradient.
    expect([...nn.namedModules(g)].flatMap(([, m]) => Object.values(m.buffers as nn.Tensors)).every((b) => b === null)).toBe(true)
  })

  it('train and eval gradients differ (the batch statistics are differentiated through)', () => {
    const a = grad(loss('train'))(net) as typeof net
    const b = grad(loss('eval'))(net) as typeof net
    const w = (m: typeof net) => flat((m.children['0'] as nn.AnyModule).params.weight as Tensor)
    expect(w(a)).not.toEqual(w(b))
  })
})

describe('mean(gelu(x·W)) matches PyTorch', () => {
  const fx = loadFixture<{ x: Encoded; w: Encoded; cases: { approximate: 'none' | 'tanh'; loss: number; gx: Encoded; gw: Encoded }[] }>('grad', 'gelu_mm')
  it.each(fx.cases.map((c) => [c.approximate, c] as const))('approximate %s', (approximate, c) => {
    const [value, [gx, gw]] = valueAndGrad((x: Tensor, w: Tensor) => gelu(matmul(x, w), { approximate }).mean(), { argnums: [0, 1] })(load(fx.x), load(fx.w))
    expect(scalarClose(value, c.loss)).toBe(true)
    expect([...mismatches('x', gx, c.gx), ...mismatches('W', gw, c.gw)]).toEqual([])
  })
})

describe('LayerNorm matches PyTorch', () => {
  const fx = loadFixture<{ cases: { normalizedShape: number[]; params: Named; x: Encoded; cotangent: Encoded; loss: number; gx: Encoded; grads: Named }[] }>('grad', 'layernorm')
  it.each(fx.cases.map((c) => [JSON.stringify(c.normalizedShape), c] as const))('normalized_shape %s: gradients of x, weight and bias', (_, c) => {
    const ln = withWeights(nn.LayerNorm(c.normalizedShape, { dtype: 'float64' }), c.params, [])
    const cot = load(c.cotangent)
    const f = (m: typeof ln, x: Tensor): Tensor => mul(nn.run(m, x, { mode: 'eval' })[0], cot).sum()
    const [value, [gm, gx]] = valueAndGrad(f, { argnums: [0, 1] })(ln, load(c.x))
    expect(scalarClose(value, c.loss)).toBe(true)
    expect([...mismatches('x', gx, c.gx), ...gradMismatches(gm, c.grads)]).toEqual([])
  })
})
