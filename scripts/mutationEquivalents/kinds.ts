/**
 * The shape of an equivalent-mutant entry (one file per mutation target lists them beside this
 * one). Surviving mutants that no test can kill, each with the reason. A mutant is named by what Stryker
 * reports (file, mutator, the original code of the mutated range with whitespace collapsed, the
 * replacement), not by line, so an entry still matches after unrelated edits; one entry covers
 * every identical mutant in its file. `scripts/mutationReport.ts` lists these apart from the
 * survivors that still need a test. Kinds:
 * - `equivalent`: the mutated program behaves like the original on every input.
 * - `platform`: equivalent on every host and build there is: little-endian hosts (all that Node
 *   and the browsers run on) and a build whose only device is cpu. It would matter on a big-endian
 *   host or with a second device, which cannot be tested here.
 * - `rounding`: changes only speed and the grouping of a dot product's sums, which the kernel's
 *   contract (agree with the naive reference within its rounding bound) leaves free.
 * - `accuracy`: changes a result only in its last bit at one or a few arguments, where both the
 *   original and the mutant are within the function's stated accuracy (erf: one ulp).
 * - `unreachable`: inside a defensive check that no input can reach (the reason says why).
 */

/** How a surviving mutant escapes every test. */
export type EquivalenceKind = 'equivalent' | 'platform' | 'rounding' | 'accuracy' | 'unreachable'

/** One equivalent mutant and why no test can tell it from the original. */
export interface Equivalent {
  readonly file: string
  readonly mutator: string
  readonly original: string
  readonly replacement: string
  readonly kind: EquivalenceKind
  readonly reason: string
  /** Text the mutant's (first) source line must contain, when the original alone is ambiguous. */
  readonly context?: string
}

/** One entry: mutator, original, replacement, kind, reason, and an optional line context. */
export type Entry = readonly [mutator: string, original: string, replacement: string, kind: EquivalenceKind, reason: string, context?: string]

/** The entries of one file. */
export const inFile = (file: string, entries: readonly Entry[]): Equivalent[] =>
  entries.map(([mutator, original, replacement, kind, reason, context]) => ({ file, mutator, original, replacement, kind, reason, context }))

