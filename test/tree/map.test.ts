import { describe, expect, it } from 'vitest'
import { leaves, map, mapWithPath } from '../../src/tree/index.js'
import { Labelled } from '../../laws/arbitraries/tree.js'

class Param {
  constructor(readonly value: number) {}
}

describe('map', () => {
  it('applies f to every leaf and keeps the shape', () => {
    const t = { a: 1, b: [2, { c: 3 }], d: null }
    expect(map((x: number) => x * 10, t)).toStrictEqual({ a: 10, b: [20, { c: 30 }], d: null })
  })

  it('zips several trees of one structure (JAX argument order)', () => {
    const p = { w: [1, 2], b: 3 }
    const g = { w: [10, 20], b: 30 }
    const m = { w: [100, 200], b: 300 }
    expect(map((x: number, y: number, z: number) => x + y + z, p, g, m)).toEqual({ w: [111, 222], b: 333 })
  })

  it('names the path where trees differ', () => {
    const p = { layers: [{ weight: 1, bias: 2 }] }
    expect(() => map((x: number) => x, p, { layers: [{ weight: 1 }] })).toThrow(
      "tree.map: tree 1 does not have the structure of tree 0 at 'layers.0': expected a record with keys [weight, bias], got a record with keys [weight]",
    )
    expect(() => map((x: number) => x, p, p, { layers: [{ weight: [1], bias: 2 }] })).toThrow(
      "tree.map: tree 2 does not have the structure of tree 0 at 'layers.0.weight': expected a leaf, got an array of length 1",
    )
    expect(() => map((x: number) => x, [1, 2], [1])).toThrow('at <root>: expected an array of length 2, got an array of length 1')
    expect(() => map((x: number) => x, { a: null }, { a: undefined })).toThrow("at 'a': expected null, got undefined")
  })

  it('treats node kinds as structure: a different label is a mismatch', () => {
    const a = { m: new Labelled('P', ['x'], [1]) }
    const b = { m: new Labelled('Q', ['x'], [1]) }
    expect(() => map((x: number) => x, a, b)).toThrow("at 'm': expected a Labelled node with children [x], got a Labelled node with children [x] whose static data differ (sameKind is false)")
    expect(map((x: number, y: number) => x + y, a, { m: new Labelled('P', ['x'], [5]) }).m.kids).toEqual([6])
  })

  it('rebuilds nodes through their protocol, keeping static data', () => {
    const n = new Labelled('P', ['10', '2'], [1, 2])
    const out = map((x: number) => -x, n)
    expect(out).toBeInstanceOf(Labelled)
    expect(out.label).toBe('P')
    expect(out.names).toEqual(['10', '2'])
    expect(out.kids).toEqual([-1, -2])
  })

  it('maps a tied object once and puts the one result at every path', () => {
    const shared = new Param(1)
    const t = { enc: { embed: shared }, dec: [shared, new Param(2)], lr: 0.1, lr2: 0.1 }
    const seen: unknown[] = []
    const out = map((x: unknown) => {
      seen.push(x)
      return x instanceof Param ? new Param(x.value + 1) : x
    }, t)
    expect(seen).toEqual([shared, new Param(2), 0.1, 0.1]) // primitives are not memoised
    expect(out.enc.embed).toBe(out.dec[0])
    expect((out.enc.embed as Param).value).toBe(2)
    expect(out.dec[1]).not.toBe(out.dec[0])
  })

  it('with several trees, reuses a result only when the other trees agree at the tied positions', () => {
    const w = new Param(1)
    const g = new Param(0.5)
    let calls = 0
    const sub = (p: Param, d: Param) => { calls++; return new Param(p.value - d.value) }
    const same = map(sub, { a: w, b: w }, { a: g, b: g })
    expect(calls).toBe(1)
    expect(same.a).toBe(same.b)
    const differ = map(sub, { a: w, b: w }, { a: g, b: new Param(0.25) })
    expect(calls).toBe(3)
    expect([(differ.a as Param).value, (differ.b as Param).value]).toEqual([0.5, 0.75])
  })
})

describe('mapWithPath', () => {
  it('passes dotted paths in leaf order', () => {
    const t = { layers: [{ weight: 1, bias: 2 }], head: new Labelled('P', ['10', '2'], [3, 4]) }
    const out = mapWithPath((p: string, x: number) => `${p}=${x}`, t)
    expect(leaves(out)).toEqual(['layers.0.weight=1', 'layers.0.bias=2', 'head.10=3', 'head.2=4'])
  })

  it('passes the root path as the empty string and the other trees after the leaf', () => {
    expect(mapWithPath((p: string, x: number, y: number) => [p, x + y].join('|'), 1, 2)).toBe('|3')
  })

  it('calls f once for a tied object, with its first path', () => {
    const shared = new Param(7)
    const calls: string[] = []
    const out = mapWithPath((p: string, x: unknown) => { calls.push(p); return { path: p, x } }, { z: shared, a: [shared] })
    expect(calls).toEqual(['z'])
    expect(out.a[0]).toBe(out.z)
  })
})

describe('map over several trees with a tied object', () => {
  it('reuses an earlier result only where every other tree holds the same leaf as there', () => {
    const o = new Param(1)
    let calls = 0
    const out = map((x: Param, y: number) => { calls++; return { x, y } }, [o, o, o, o], [1, 2, 1, 2]) as unknown as object[]
    expect(calls).toBe(2)
    expect([out[2] === out[0], out[3] === out[1], out[0] === out[1]]).toEqual([true, true, false])
  })
})
