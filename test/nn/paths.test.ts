/**
 * Dotted paths into a module: getSubmodule, getParameter, getBuffer find the object at the path
 * (as torch's get_submodule / get_parameter / get_buffer); a missing segment is a run-time error
 * naming it; on a typed model a literal path with a typo does not compile (each `@ts-expect-error`
 * line fails type-checking if the error disappears), while a `string` variable compiles and is
 * checked at run time.
 */
import { describe, expect, it } from 'vitest'
import { nn, random, type Tensor } from '../../src/index.js'

const [k1, k2, k3] = random.split(random.key(12), 3)
const model = nn.module('MLP', {
  children: {
    fc1: nn.Linear(4, 8, { key: k1 }),
    act: nn.ReLU(),
    block: nn.Sequential(nn.Linear(8, 8, { key: k2, bias: false }), nn.BatchNorm1d(8)),
    fc2: nn.Linear(8, 2, { key: k3 }),
  },
  forward: (_self, x: Tensor, ctx) => ctx.call('fc2', ctx.call('block', ctx.call('act', ctx.call('fc1', x)))),
})

describe('dotted paths find the object at the path', () => {
  it('getSubmodule', () => {
    expect(nn.getSubmodule(model, '')).toBe(model)
    expect(nn.getSubmodule(model, 'fc1')).toBe(model.children.fc1)
    expect(nn.getSubmodule(model, 'block')).toBe(model.children.block)
    expect(nn.getSubmodule(model, 'block.1')).toBe(model.children.block.children['1'])
    expect(nn.getSubmodule(model, 'block.1').kind).toBe('BatchNorm1d')
  })

  it('getParameter', () => {
    expect(nn.getParameter(model, 'fc1.weight')).toBe(model.children.fc1.params.weight)
    expect(nn.getParameter(model, 'fc2.bias')).toBe(model.children.fc2.params.bias)
    expect(nn.getParameter(model, 'block.0.weight')).toBe(model.children.block.children['0'].params.weight)
    expect(nn.getParameter(model, 'block.1.bias')).toBe(model.children.block.children['1'].params.bias)
  })

  it('getBuffer', () => {
    const bn = model.children.block.children['1']
    expect(nn.getBuffer(model, 'block.1.running_mean')).toBe(bn.buffers.running_mean)
    expect(nn.getBuffer(model, 'block.1.num_batches_tracked')).toBe(bn.buffers.num_batches_tracked)
  })

  it('every name the traversals give resolves to the same object', () => {
    for (const [n, p] of nn.namedParameters(model)) expect(nn.getParameter(model, n)).toBe(p)
    for (const [n, b] of nn.namedBuffers(model)) expect(nn.getBuffer(model, n)).toBe(b)
    for (const [n, m] of nn.namedModules(model)) expect(nn.getSubmodule(model, n)).toBe(m)
  })
})

describe('a missing path is a run-time error naming the missing segment', () => {
  const at = (p: string) => p // a plain string: compiles for any path
  it.each([
    ['getParameter', 'fc1.wieght', /getParameter\('fc1\.wieght'\): Linear has no parameter 'wieght' \(parameters: weight, bias\)/],
    ['getParameter', 'fc3.weight', /has no submodule 'fc3' \(children: fc1, act, block, fc2\)/],
    ['getParameter', 'block.2.weight', /Sequential at 'block' has no submodule '2'/],
    ['getParameter', 'block.0.bias', /no parameter 'bias' \(it is registered as null\)/],
    ['getParameter', 'block.1.running_mean', /BatchNorm1d has no parameter 'running_mean'/],
    ['getBuffer', 'block.1.weight', /BatchNorm1d has no buffer 'weight'/],
    ['getBuffer', 'fc1.running_mean', /Linear has no buffer 'running_mean' \(buffers: none\)/],
    ['getSubmodule', 'block.0.weight', /Linear at 'block\.0' has no submodule 'weight'/],
    ['getSubmodule', 'fc1.', /has no submodule ''/],
  ] as const)('%s(%j)', (fn, path, message) => {
    const call = { getParameter: nn.getParameter, getBuffer: nn.getBuffer, getSubmodule: nn.getSubmodule }[fn] as (m: nn.AnyModule, p: string) => unknown
    expect(() => call(model, at(path))).toThrow(message)
  })

  it('refuses prototype keys', () => {
    expect(() => nn.getSubmodule(model, at('__proto__'))).toThrow(/__proto__/)
    expect(() => nn.getParameter(model, at('fc1.constructor'))).toThrow(/constructor/)
  })
})

describe('literal paths are checked at compile time', () => {
  it('rejects typos and wrong sections, and still throws at run time', () => {
    // @ts-expect-error 'wieght' is not a parameter of fc1
    expect(() => nn.getParameter(model, 'fc1.wieght')).toThrow(/wieght/)
    // @ts-expect-error there is no child fc3
    expect(() => nn.getSubmodule(model, 'fc3')).toThrow(/fc3/)
    // @ts-expect-error weight is a parameter, not a buffer
    expect(() => nn.getBuffer(model, 'fc1.weight')).toThrow(/no buffer 'weight'/)
    // @ts-expect-error running_var is a buffer, not a parameter
    expect(() => nn.getParameter(model, 'block.1.running_var')).toThrow(/no parameter 'running_var'/)
    // @ts-expect-error block has children 0 and 1 only
    expect(() => nn.getSubmodule(model, 'block.2')).toThrow(/'2'/)
  })

  it('accepts every correct literal path (these lines compile)', () => {
    const found: unknown[] = [
      nn.getParameter(model, 'fc1.weight'), nn.getParameter(model, 'block.0.weight'), nn.getParameter(model, 'block.1.weight'),
      nn.getBuffer(model, 'block.1.running_var'), nn.getSubmodule(model, 'block.0'), nn.getSubmodule(model, 'act'),
    ]
    expect(found.every((x) => x !== undefined)).toBe(true)
  })

  it('accepts a string variable at compile time and checks it at run time', () => {
    const good: string = 'block.1.running_var'
    const bad: string = 'block.1.running_vra'
    expect(nn.getBuffer(model, good)).toBe(model.children.block.children['1'].buffers.running_var)
    expect(() => nn.getBuffer(model, bad)).toThrow(/no buffer 'running_vra'/)
  })
})
