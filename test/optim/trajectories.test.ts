/**
 * Five-step trajectories against torch.optim (test/fixtures/optim/optim.json, written by
 * scripts/fixtures/optim.py): SGD (plain, momentum, dampening, Nesterov, weight decay), Adam
 * (defaults, betas, weight decay, eps, AMSGrad), AdamW, clip_grad_norm_ chained before SGD and
 * Adam, and StepLR / CosineAnnealingLR / LinearLR / SequentialLR as our schedules, each on three
 * models (a record {w, b}, Sequential(Linear, Linear), and Sequential(Linear, BatchNorm1d, Linear)
 * in eval with its first Linear frozen) in float32 and float64. Every step computes our gradient
 * with valueAndGrad at our own params, so any drift between the two trajectories accumulates.
 *
 * Tolerance: |ours − torch| ≤ rtol·(|torch| + max|torch tensor|) per element, rtol 1e-6 for
 * float32 and 1e-12 for float64: relative to the element, with a floor relative to its tensor's
 * scale, since an element crossing zero has no useful relative error (in float32 a parameter of
 * 1e-4 next to ones of 0.5 carries the rounding of the others). Gradients and losses are checked
 * too (every step's loss, the first step's gradients), to 1e-5 / 1e-10 on the same scale: float32
 * gradients are sums whose order differs from ATen's.
 */
import { describe, expect, it } from 'vitest'
import type { Tensor } from '../../src/index.js'
import { decodeValues, type Encoded } from '../fixtures/load.js'
import { sameBits } from '../nn/fixtures.js'
import { valuesOf } from '../tensor/match.js'
import { fixture, replay } from './fixtures.js'

const MAX_REPORTED = 6

/** Mismatches of named tensors against torch's, within rtol·(|w| + max|w|). */
function scaledMismatches(got: readonly (readonly [string, Tensor])[], want: readonly (readonly [string, Encoded])[], rtol: number): string[] {
  const names = got.map(([n]) => n).join(', ')
  const wantNames = want.map(([n]) => n).join(', ')
  if (names !== wantNames) return [`names: got [${names}], want [${wantNames}]`]
  const out: string[] = []
  got.forEach(([n, t], i) => {
    const e = want[i][1]
    if (t.dtype !== e.dtype || t.shape.join() !== e.shape.join()) {
      out.push(`${n}: got ${t.dtype}[${t.shape.join(', ')}], want ${e.dtype}[${e.shape.join(', ')}]`)
      return
    }
    const g = valuesOf(t)
    const w = decodeValues(e).map(Number)
    const scale = Math.max(0, ...w.map(Math.abs))
    for (let j = 0; j < w.length && out.length < MAX_REPORTED; j++) {
      const d = Math.abs(g[j] - w[j])
      if (!(d <= rtol * (Math.abs(w[j]) + scale))) out.push(`${n}[${j}]: got ${g[j]}, want ${w[j]} (diff ${d.toExponential(2)}, scale ${scale.toExponential(2)})`)
    }
  })
  return out
}

const label = (c: (typeof fixture.cases)[number]) => `${c.model} ${c.dtype}`

describe.each([...new Set(fixture.cases.map((c) => c.name))])('%s', (name) => {
  it.each(fixture.cases.filter((c) => c.name === name).map((c) => [label(c), c] as const))('%s matches torch.optim over five steps', (_, c) => {
    const { params: pTol, grads: gTol } = c.dtype === 'float64' ? { params: 1e-12, grads: 1e-10 } : { params: 1e-6, grads: 1e-5 }
    const { steps, model, initial } = replay(c)
    const initialNamed = new Map(model.named(initial))
    const { frozen, buffers, grads } = fixture.models.find((m) => m.model === c.model && m.dtype === c.dtype)!
    steps.forEach((ours, k) => {
      const want = c.steps[k]
      const at = `step ${k + 1}`
      expect(Math.abs(ours.loss - want.loss), `${at} loss ${ours.loss} vs ${want.loss}`).toBeLessThanOrEqual(gTol * Math.abs(want.loss))
      if (k === 0) expect(scaledMismatches(ours.grads, grads, gTol), 'gradients at the initial params').toEqual([])
      expect(scaledMismatches(ours.params, want.params, pTol), `${at} params`).toEqual([])
      // Frozen parameters and buffers: untouched, the very same tensors as before the first step.
      for (const n of frozen) expect(new Map(ours.params).get(n), `${at} frozen ${n}`).toBe(initialNamed.get(n))
      expect(ours.buffers.map(([n, b]) => [n, ...sameBits(b, buffers.find(([m]) => m === n)![1])]), `${at} buffers`)
        .toEqual(buffers.map(([n]) => [n]))
      ours.buffers.forEach(([n, b]) => expect(b, `${at} buffer ${n}`).toBe(model.buffers(initial).find(([m]) => m === n)![1]))
    })
  })
})
