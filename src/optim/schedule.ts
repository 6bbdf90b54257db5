/**
 * Learning-rate schedules: functions of the step count (0 for the first update), shaped like
 * torch.optim.lr_scheduler's, stepped per update.
 */

/** A learning rate as a function of the step count. */
export type Schedule = (count: number) => number

/** The same rate at every step. */
export const constant = (lr: number): Schedule => () => lr

/**
 * lr · γ^⌊count / stepSize⌋ (torch's StepLR).
 * @example
 * import { optim } from 'immutorch'
 *
 * const lr = optim.stepDecay(1, { stepSize: 2, gamma: 0.5 })
 * Array.from({ length: 5 }, (_, count) => lr(count)) // [1, 1, 0.5, 0.5, 0.25]
 */
export const stepDecay = (lr: number, { stepSize, gamma = 0.1 }: { stepSize: number; gamma?: number }): Schedule => {
  if (!Number.isInteger(stepSize) || stepSize <= 0) throw new RangeError(`stepDecay: stepSize must be a positive integer, got ${stepSize}`)
  return (count) => lr * gamma ** Math.floor(count / stepSize)
}

/**
 * Cosine from lr to etaMin over tMax steps (torch's CosineAnnealingLR, closed form), then etaMin.
 * @example
 * import { optim } from 'immutorch'
 *
 * const lr = optim.cosineDecay(1, { tMax: 2 })
 * Array.from({ length: 4 }, (_, count) => lr(count)) // ≈ [1.0, 0.5, 0.0, 0.0]
 */
export const cosineDecay = (lr: number, { tMax, etaMin = 0 }: { tMax: number; etaMin?: number }): Schedule => {
  if (!(tMax > 0)) throw new RangeError(`cosineDecay: tMax must be positive, got ${tMax}`)
  return (count) => etaMin + ((lr - etaMin) * (1 + Math.cos((Math.PI * Math.min(count, tMax)) / tMax))) / 2
}

/**
 * lr · (start + (end − start)·min(count, total)/total) (torch's LinearLR): a linear warm-up.
 * @example
 * import { optim } from 'immutorch'
 *
 * const lr = optim.linearWarmup(1, { startFactor: 0.5, totalIters: 2 })
 * Array.from({ length: 4 }, (_, count) => lr(count)) // [0.5, 0.75, 1, 1]
 */
export const linearWarmup = (lr: number, { startFactor = 1 / 3, endFactor = 1, totalIters = 5 }: { startFactor?: number; endFactor?: number; totalIters?: number } = {}): Schedule =>
  (count) => lr * (startFactor + ((endFactor - startFactor) * Math.min(count, totalIters)) / totalIters)

/**
 * Runs `schedules[i]` from `boundaries[i-1]` on, each counting from its own start (torch's SequentialLR).
 * @example
 * import { optim } from 'immutorch'
 *
 * const lr = optim.joinSchedules([optim.linearWarmup(1, { startFactor: 0.5, totalIters: 2 }), optim.stepDecay(1, { stepSize: 2 })], [2])
 * Array.from({ length: 6 }, (_, count) => lr(count)) // ≈ [0.5, 0.75, 1.0, 1.0, 0.1, 0.1]
 */
export const joinSchedules = (schedules: readonly Schedule[], boundaries: readonly number[]): Schedule => {
  if (boundaries.length !== schedules.length - 1) throw new RangeError(`joinSchedules: ${schedules.length} schedules need ${schedules.length - 1} boundaries, got ${boundaries.length}`)
  return (count) => {
    let i = 0
    while (i < boundaries.length && count >= boundaries[i]) i++
    return schedules[i](count - (i === 0 ? 0 : boundaries[i - 1]))
  }
}
