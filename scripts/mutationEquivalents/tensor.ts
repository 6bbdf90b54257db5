/** Equivalent mutants of the `tensor` target. */
import type { Equivalent } from './kinds.js'

/** Every equivalent mutant of the `tensor` target, each with its reason. */
export const tensor: readonly Equivalent[] = []
