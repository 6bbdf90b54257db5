/**
 * Learning-rate schedules against torch.optim.lr_scheduler (test/fixtures/optim/optim.json):
 * StepLR, CosineAnnealingLR, LinearLR and SequentialLR over twelve epochs, and the lr each
 * scheduled trajectory used at each of its steps.
 *
 * How the counts line up: torch steps the scheduler once after each optimizer.step(), so the k-th
 * step (k = 0 first) runs at the scheduler's last_epoch = k. Our schedule receives the count of
 * updates made before this one, which is also k. The values agree to 1e-12 relative (torch's
 * chainable forms are recursive products; ours are closed forms).
 *
 * One documented difference: torch's CosineAnnealingLR keeps following the cosine after T_max
 * (the lr climbs back to its base over the next T_max epochs); our cosineDecay stays at etaMin
 * from tMax on, as its doc says (and as optax's cosine_decay_schedule does). Past tMax the
 * test holds ours to etaMin instead of torch.
 */
import { describe, expect, it } from 'vitest'
import { optim } from '../../src/index.js'
import { fixture, scheduleOf, type ScheduleSpec } from './fixtures.js'

const RTOL = 1e-12
const close = (a: number, b: number): boolean => Math.abs(a - b) <= RTOL * Math.abs(b) + 1e-300

const describeSpec = (s: ScheduleSpec): string => (s.kind === 'join'
  ? `join(${s.schedules.map(describeSpec).join(', ')}; ${s.boundaries.join(', ')})`
  : `${s.kind}(${Object.entries(s).filter(([k]) => k !== 'kind').map(([k, v]) => `${k}=${v}`).join(', ')})`)

/** The last count at which our schedule still follows torch's (a cosine part stops at its tMax). */
const followsTorchUpTo = (s: ScheduleSpec): number => {
  if (s.kind === 'cosine') return s.tMax
  if (s.kind !== 'join') return Infinity
  const starts = [0, ...s.boundaries]
  return Math.min(...s.schedules.map((t, i) => {
    const own = starts[i] + followsTorchUpTo(t)
    const end = i < s.boundaries.length ? s.boundaries[i] - 1 : Infinity
    return own < end ? own : Infinity
  }))
}

describe('schedules against torch.optim.lr_scheduler', () => {
  it.each(fixture.schedules.map((c) => [describeSpec(c.schedule), c] as const))('%s', (_, c) => {
    const s = scheduleOf(c.schedule, c.lr)
    const upTo = followsTorchUpTo(c.schedule)
    const bad = c.lrs.flatMap((want, k) => (k > upTo || close(s(k), want) ? [] : [`count ${k}: got ${s(k)}, want ${want}`]))
    expect(bad).toEqual([])
  })

  it.each(fixture.cases.filter((c) => c.schedule !== undefined && c.model === 'record' && c.dtype === 'float64').map((c) => [c.name, c] as const))(
    'trajectory %s: step k used the schedule at count k', (_, c) => {
      const s = scheduleOf(c.schedule!, c.optimizer.lr!)
      expect(c.steps.map((st, k) => close(s(k), st.lr) || `step ${k}: got ${s(k)}, want ${st.lr}`)).toEqual(c.steps.map(() => true))
    })

  it('cosineDecay stays at etaMin after tMax, where torch climbs back', () => {
    const s = optim.cosineDecay(0.1, { tMax: 4, etaMin: 1e-3 })
    expect([5, 6, 8, 100].map(s)).toEqual([1e-3, 1e-3, 1e-3, 1e-3])
    const torchLrs = fixture.schedules.find((c) => c.schedule.kind === 'cosine' && c.schedule.tMax === 4)!.lrs
    expect(torchLrs[8]).toBeCloseTo(0.1, 12)
  })

  it('constant is the same rate at every count', () => {
    expect([0, 1, 7, 1e6].map(optim.constant(0.25))).toEqual([0.25, 0.25, 0.25, 0.25])
  })

  it('refuses malformed schedules with a message', () => {
    expect(() => optim.stepDecay(0.1, { stepSize: 0 })).toThrow(/stepSize must be a positive integer, got 0/)
    expect(() => optim.stepDecay(0.1, { stepSize: 1.5 })).toThrow(/stepSize/)
    expect(() => optim.cosineDecay(0.1, { tMax: 0 })).toThrow(/tMax must be positive, got 0/)
    expect(() => optim.joinSchedules([optim.constant(1), optim.constant(2)], [])).toThrow(/2 schedules need 1 boundaries, got 0/)
  })
})
