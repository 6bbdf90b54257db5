/**
 * Running modules: mode as a value, state returned in a new module, keys threaded to children.
 * Eval returns the module itself; train returns a new one and leaves the old one's bytes alone; a
 * BatchNorm shared by two parents is updated by both calls and stays shared; each call of a child
 * gets its own key; missing keys, eval-time buffer writes and unknown children are clear errors.
 */
import { describe, expect, it } from 'vitest'
import { add, nn, ones, random, relu, zeros, type Tensor } from '../../src/index.js'
import { sameBits, snapshot, valuesOf } from './fixtures.js'

const x = random.normal(random.key(1), [6, 3])

const makeNet = () => {
  const [k0, k4] = random.split(random.key(2))
  return nn.Sequential(nn.Linear(3, 3, { key: k0 }), nn.BatchNorm1d(3), nn.ReLU(), nn.Dropout(0.5), nn.Linear(3, 2, { key: k4 }))
}

/** The same tensor bits, as a list of mismatches (empty when equal). */
const bitsOf = (t: Tensor) => ({ dtype: t.dtype, shape: [...t.shape], data: Array.from(t.toTypedArray() as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? String(v) : v)) })
const same = (a: Tensor, b: Tensor): string[] => sameBits(a, bitsOf(b))

describe('nn.run: eval', () => {
  it('returns the module itself, with or without a key', () => {
    const net = makeNet()
    expect(nn.run(net, x, { mode: 'eval' })[1]).toBe(net)
    expect(nn.run(net, x, { mode: 'eval', key: random.key(3) })[1]).toBe(net)
  })

  it('is deterministic and ignores the key', () => {
    const net = makeNet()
    const [a] = nn.run(net, x, { mode: 'eval' })
    const [b] = nn.run(net, x, { mode: 'eval', key: random.key(4) })
    expect(same(a, b)).toEqual([])
  })

  it('rejects a mode other than train and eval', () => {
    expect(() => nn.run(makeNet(), x, { mode: 'test' } as never)).toThrow(/mode must be 'train' or 'eval'/)
  })
})

describe('nn.run: train', () => {
  it('returns a new module with updated statistics and leaves the old one unchanged', () => {
    const net = makeNet()
    const before = snapshot(net)
    const [, net2] = nn.run(net, x, { mode: 'train', key: random.key(5) })
    expect(net2).not.toBe(net)
    expect(snapshot(net)).toEqual(before)
    expect(valuesOf(net.children['1'].buffers.num_batches_tracked!)).toEqual([0])
    expect(valuesOf(net2.children['1'].buffers.num_batches_tracked!)).toEqual([1])
    // Untouched layers are shared between the old and the new module.
    for (const k of ['0', '2', '3', '4'] as const) expect(net2.children[k]).toBe(net.children[k])
    expect(Object.isFrozen(net2)).toBe(true)
  })

  it('is deterministic for a key: same outputs, same buffers', () => {
    const net = makeNet()
    const [a, ma] = nn.run(net, x, { mode: 'train', key: random.key(6) })
    const [b, mb] = nn.run(net, x, { mode: 'train', key: random.key(6) })
    expect(same(a, b)).toEqual([])
    expect(snapshot(ma)).toEqual(snapshot(mb))
  })

  it('draws other dropout masks for other keys', () => {
    const drop = nn.Sequential(nn.Dropout(0.5))
    const [a] = nn.run(drop, ones([200]), { mode: 'train', key: random.key(7) })
    const [b] = nn.run(drop, ones([200]), { mode: 'train', key: random.key(8) })
    expect(valuesOf(a)).not.toEqual(valuesOf(b))
  })

  it('gives a child the key childKey(parent, name, 0)', () => {
    const k = random.key(9)
    const [y] = nn.run(nn.Sequential(nn.Identity(), nn.Dropout(0.5)), ones([100]), { mode: 'train', key: k })
    const [direct] = nn.run(nn.Dropout(0.5), ones([100]), { mode: 'train', key: nn.childKey(k, '1', 0) })
    expect(same(y, direct)).toEqual([])
  })

  it('a child called twice through ctx.call draws two different masks (keys n = 0 and 1)', () => {
    const twice = nn.module('Twice', {
      children: { drop: nn.Dropout(0.5) },
      forward: (_self, t: Tensor, ctx) => [ctx.call('drop', t), ctx.call('drop', t)] as const,
    })
    const k = random.key(10)
    const [[a, b]] = nn.run(twice, ones([400]), { mode: 'train', key: k })
    expect(valuesOf(a)).not.toEqual(valuesOf(b))
    for (const [out, n] of [[a, 0], [b, 1]] as const) {
      const [want] = nn.run(nn.Dropout(0.5), ones([400]), { mode: 'train', key: nn.childKey(k, 'drop', n) })
      expect(same(out, want)).toEqual([])
    }
  })
})

describe('nn.run: a BatchNorm shared by two parents', () => {
  const bn = nn.BatchNorm1d(3)
  const twin = nn.module('Twin', {
    children: { left: nn.Sequential(bn), right: nn.Sequential(nn.ReLU(), bn) },
    forward: (_self, t: Tensor, ctx) => ctx.call('right', ctx.call('left', t)),
  })
  const [y, twin2] = nn.run(twin, x, { mode: 'train' })

  it('is updated by both calls, in order (the second call sees the first call\'s statistics)', () => {
    const [y1, bn1] = nn.run(bn, x, { mode: 'train' })
    const [y2, bn2] = nn.run(bn1, relu(y1), { mode: 'train' })
    expect(same(y, y2)).toEqual([])
    const shared = twin2.children.left.children['0']
    for (const [name, t] of nn.namedBuffers(bn2)) expect(same(nn.getBuffer(shared, name), t), name).toEqual([])
    expect(valuesOf(shared.buffers.num_batches_tracked!)).toEqual([2])
  })

  it('has running_mean = 0.9·(0.1·mean(x)) + 0.1·mean(relu(y1)) per channel (computed here by hand)', () => {
    const rows = x.toArray() as number[][]
    const [y1] = nn.run(bn, x, { mode: 'train' })
    const h = (relu(y1).toArray() as number[][])
    const colMean = (m: number[][], c: number) => m.reduce((s, r) => s + r[c], 0) / m.length
    const want = [0, 1, 2].map((c) => 0.9 * (0.1 * colMean(rows, c)) + 0.1 * colMean(h, c))
    const got = valuesOf(twin2.children.right.children['1'].buffers.running_mean!)
    got.forEach((g, c) => expect(g).toBeCloseTo(want[c], 6))
  })

  it('stays one object at both paths in the new module', () => {
    expect(twin2.children.left.children['0']).toBe(twin2.children.right.children['1'])
    expect([...nn.namedModules(twin2)].map(([n]) => n)).toEqual([...nn.namedModules(twin)].map(([n]) => n))
  })

  it('leaves the original shared BatchNorm unchanged', () => {
    expect(valuesOf(bn.buffers.num_batches_tracked!)).toEqual([0])
    expect(twin.children.left.children['0']).toBe(bn)
  })
})

describe('nn.run: errors', () => {
  it('Dropout in train without a key is a type error and a run-time error naming the fix', () => {
    const net = makeNet()
    // @ts-expect-error a train run of a module with Dropout needs a key
    expect(() => nn.run(net, x, { mode: 'train' })).toThrow(/needs a key: run\(m, x, \{ mode: 'train', key \}\)/)
    // @ts-expect-error likewise for the layer alone
    expect(() => nn.run(nn.Dropout(0.1), x, { mode: 'train' })).toThrow(/Dropout/)
  })

  it('a forward that asks for a key without one names the module and its path', () => {
    const noisy = nn.module('Noisy', { forward: (_self, t: Tensor, ctx) => add(t, random.normal(ctx.requireKey('Noisy'), t.shape)) })
    const net = nn.Sequential(nn.Identity(), noisy)
    expect(() => nn.run(net, x, { mode: 'train' })).toThrow(/Noisy at '1'.*needs a key/)
    expect(() => nn.run(net, x, { mode: 'train', key: random.key(1) })).not.toThrow()
  })

  it('ctx.setBuffers in eval is an error; in train it returns the new buffer in the new module', () => {
    const counter = nn.module('Counter', {
      buffers: { n: zeros([]) },
      forward: (self, t: Tensor, ctx) => {
        ctx.setBuffers({ n: add(self.buffers.n, 1) })
        return t
      },
    })
    expect(() => nn.run(counter, x, { mode: 'eval' })).toThrow(/Counter.*setBuffers is only allowed in train mode/)
    const [, c2] = nn.run(counter, x, { mode: 'train' })
    expect(valuesOf(c2.buffers.n)).toEqual([1])
    expect(valuesOf(counter.buffers.n)).toEqual([0])
  })

  it('ctx.setBuffers naming something that is not a buffer is an error', () => {
    const bad = nn.module('Bad', {
      buffers: { n: zeros([]) },
      forward: (_self, t: Tensor, ctx) => {
        ctx.setBuffers({ m: zeros([]) } as never)
        return t
      },
    })
    expect(() => nn.run(bad, x, { mode: 'train' })).toThrow(/'m', which is not a buffer/)
  })

  it('calling an unknown child is a type error and a run-time error naming it and the children', () => {
    const bad = nn.module('Bad', {
      children: { fc: nn.Identity() },
      // @ts-expect-error 'fx' is not a child of this module
      forward: (_self, t: Tensor, ctx) => ctx.call('fx', t),
    })
    expect(() => nn.run(bad, x, { mode: 'eval' })).toThrow(/ctx\.call\('fx'\): no child module named 'fx' \(children: fc\)/)
  })
})
