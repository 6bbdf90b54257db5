/**
 * The module transforms at their edges: a visit that returns something other than a module (the
 * error names the module's path and kind at any depth), a device-only move (every tensor is already
 * on the one device, so the module comes back as itself), and the messages of nn.to and nn.run for
 * arguments that are not a target or a key.
 */
import { describe, expect, it } from 'vitest'
import { nn, random } from '../../src/index.js'

const linear = () => nn.Linear(3, 2, { key: random.key(0) })

describe('nn.apply with a function that does not return a module', () => {
  it('names the path and kind of the module it was given, at the root, one level down and two', () => {
    const notModule = (kind: string) => (m: nn.AnyModule) => (m.kind === kind ? (null as unknown as nn.AnyModule) : m)
    expect(() => nn.apply(linear(), notModule('Linear'))).toThrow(
      "transform: the function returned null for '' (Linear); it must return a module")
    expect(() => nn.apply(nn.Sequential(linear(), nn.ReLU()), notModule('Linear'))).toThrow(
      "transform: the function returned null for '0' (Linear); it must return a module")
    expect(() => nn.apply(nn.Sequential(nn.ReLU(), nn.Sequential(nn.ReLU(), linear())), notModule('Linear'))).toThrow(
      "transform: the function returned null for '1.1' (Linear); it must return a module")
  })
})

describe('nn.to', () => {
  it('moves a module to the device it is on: the same module back, whatever the form of the target', () => {
    const net = nn.Sequential(linear(), nn.BatchNorm1d(2))
    expect(nn.to(net, 'cpu')).toBe(net)
    expect(nn.to(net, { device: 'cpu' })).toBe(net)
  })

  it('names itself when the target is neither a dtype nor a device', () => {
    expect(() => nn.to(linear(), 'tpu' as never)).toThrow(/^nn\.to: "tpu" is neither a dtype \(.*\) nor a device \(cpu\)$/)
  })
})

describe('nn.run', () => {
  it('names itself when the key is not a key', () => {
    expect(() => nn.run(linear(), random.normal(random.key(1), [4, 3]), { mode: 'eval', key: 42 as never })).toThrow(
      'run: expected a key made by random.key(seed), split or foldIn, got number 42')
  })
})
