/**
 * sgd's options checked as torch.optim.SGD checks them at construction: Nesterov needs a momentum
 * and zero dampening. torch 1.13 raises ValueError('Nesterov momentum requires a momentum and zero
 * dampening') for SGD(params, lr=0.1, nesterov=True), whose momentum defaults to 0.
 */
import { describe, expect, it } from 'vitest'
import { optim } from '../../src/index.js'

describe('sgd refuses Nesterov without a momentum, as torch.optim.SGD does', () => {
  it('nesterov with the default momentum (0) is refused, not run as plain SGD', () => {
    expect(() => optim.sgd(0.1, { nesterov: true })).toThrow(new RangeError('sgd: Nesterov momentum requires a momentum and zero dampening'))
    expect(() => optim.sgd(0.1, { momentum: 0, nesterov: true })).toThrow(new RangeError('sgd: Nesterov momentum requires a momentum and zero dampening'))
  })
})

describe('sgd refuses what torch.optim.SGD refuses', () => {
  it('a negative (or NaN) learning rate, momentum or weight decay, naming the value', () => {
    expect(() => optim.sgd(-0.1)).toThrow(new RangeError('sgd: invalid learning rate -0.1 (it must be ≥ 0)'))
    expect(() => optim.sgd(Number.NaN)).toThrow(new RangeError('sgd: invalid learning rate NaN (it must be ≥ 0)'))
    expect(() => optim.sgd(0.1, { momentum: -0.5 })).toThrow(new RangeError('sgd: invalid momentum -0.5 (it must be ≥ 0)'))
    expect(() => optim.sgd(0.1, { weightDecay: -1e-4 })).toThrow(new RangeError('sgd: invalid weight decay -0.0001 (it must be ≥ 0)'))
  })
  it('accepts zeros and a schedule for the learning rate', () => {
    expect(() => optim.sgd(0, { momentum: 0, weightDecay: 0 })).not.toThrow()
    expect(() => optim.sgd(optim.constant(0.1), { momentum: 0.9, nesterov: true })).not.toThrow()
  })
})
