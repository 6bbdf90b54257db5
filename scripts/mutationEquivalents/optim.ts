/** Equivalent mutants of the `optim` target. */
import type { Equivalent } from './kinds.js'

/** Every equivalent mutant of the `optim` target, each with its reason. */
export const optim: readonly Equivalent[] = []
