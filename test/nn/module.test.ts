/**
 * nn.module and nn.rebuild: the checks a module's fields get (entry types, names, nonPersistent
 * and frozen naming real entries), each with its exact message; and rebuild, which replaces
 * entries under the same names: the same checks on the new values, a frozen module that owns
 * its records (not the caller's patch), the original untouched, `m` itself when nothing changes,
 * and a changed frozen list going through the full construction.
 */
import { describe, expect, it } from 'vitest'
import { nn, tensor, tree, zeros, type Tensor } from '../../src/index.js'
import { thrown } from '../thrown.js'

const forward = (_self: unknown, x: Tensor): Tensor => x

const scale = () => nn.module('Scale', {
  params: { w: tensor([2]), b: null as Tensor | null },
  buffers: { n: zeros([]), tmp: zeros([]) },
  nonPersistent: ['tmp'],
  frozen: ['b'],
  config: { gain: { value: 2 } },
  forward,
})

describe('nn.module checks its fields', () => {
  it.each([
    ['a parameter that is not a tensor', { params: { w: 3 } }, 'TypeError: Bad: params.w must be a Tensor or null, got [object Number]'],
    ['a buffer that is not a tensor', { buffers: { n: [1] } }, 'TypeError: Bad: buffers.n must be a Tensor or null, got [object Array]'],
    ['a child that is not a module', { children: { c: tensor([1]) } }, 'TypeError: Bad: children.c must be a module or null, got [object Object]'],
    ['a name used twice', { params: { w: tensor([1]) }, buffers: { w: tensor([1]) } }, 'TypeError: Bad: the name "w" is used twice among params, buffers and children'],
    ['a name with a dot', { params: { 'a.b': tensor([1]) } }, 'TypeError: Bad: params name "a.b" must be non-empty and contain no "."'],
    ['nonPersistent naming no buffer', { params: { w: tensor([1]) }, nonPersistent: ['w'] }, 'TypeError: Bad: nonPersistent names "w", which is not a buffer'],
    ['frozen naming no parameter', { buffers: { n: tensor([1]) }, frozen: ['n'] }, 'TypeError: Bad: frozen names "n", which is not a parameter'],
  ])('%s', (_, def, message) => {
    expect(thrown(() => nn.module('Bad', { ...def, forward } as never))).toBe(message)
  })
})

describe('nn.rebuild', () => {
  it('returns the module itself when nothing changes', () => {
    const m = scale()
    expect(nn.rebuild(m, {})).toBe(m)
    expect(nn.rebuild(m, { params: { w: m.params.w, b: null } })).toBe(m)
  })

  it('replaces entries and keeps everything else, frozen, leaving the original as it was', () => {
    const m = scale()
    const w2 = tensor([5])
    const patch = { params: { w: w2, b: null } }
    const m2 = nn.rebuild(m, patch)
    expect(nn.isModule(m2)).toBe(true)
    expect(m2.params.w).toBe(w2)
    expect(m.params.w.toArray()).toEqual([2])
    for (const k of ['kind', 'forward', 'random'] as const) expect(m2[k]).toBe(m[k])
    for (const k of ['children', 'nonPersistent', 'frozen', 'config'] as const) expect(m2[k]).toEqual(m[k])
    expect(m2.buffers.n).toBe(m.buffers.n)
    expect(m2.buffers.tmp).toBe(m.buffers.tmp)
    expect([Object.isFrozen(m2), Object.isFrozen(m2.params)]).toEqual([true, true])
    // The module owns its record: changing the patch afterwards changes nothing.
    ;(patch.params as Record<string, unknown>).w = tensor([9])
    expect(m2.params.w).toBe(w2)
    expect(String(m2)).toBe(String(m))
  })

  it('checks the new values as nn.module does', () => {
    const m = scale()
    expect(thrown(() => nn.rebuild(m, { params: { w: 3, b: null } as never }))).toBe('TypeError: Scale: params.w must be a Tensor or null, got [object Number]')
    expect(thrown(() => nn.rebuild(m, { buffers: { n: 'x', tmp: null } as never }))).toBe('TypeError: Scale: buffers.n must be a Tensor or null, got [object String]')
    expect(thrown(() => tree.map(() => 1, m))).toBe('TypeError: Scale: params.w must be a Tensor or null, got [object Number]')
  })

  it('refuses other names', () => {
    expect(thrown(() => nn.rebuild(scale(), { params: { w: tensor([1]) } as never }))).toBe('TypeError: rebuild Scale: params names [w] differ from the module\'s [w, b]')
  })

  it('a new frozen list goes through the full checks', () => {
    const m = scale()
    expect(nn.rebuild(m, { frozen: ['w', 'b'] }).frozen).toEqual(['w', 'b'])
    expect(thrown(() => nn.rebuild(m, { frozen: ['n'] }))).toBe('TypeError: Scale: frozen names "n", which is not a parameter')
  })
})
