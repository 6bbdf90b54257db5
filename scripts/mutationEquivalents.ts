/**
 * Surviving mutants that no test can kill, each with the reason. A mutant is named by what Stryker
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

type Entry = readonly [mutator: string, original: string, replacement: string, kind: EquivalenceKind, reason: string, context?: string]

const inFile = (file: string, entries: readonly Entry[]): Equivalent[] =>
  entries.map(([mutator, original, replacement, kind, reason, context]) => ({ file, mutator, original, replacement, kind, reason, context }))

const PAST_END = 'The extra pass reads past the end of the input (undefined) and writes past the end of the output view, which a typed array ignores.'
const TABLE_END = 'The extra pass writes index 65536 of a 65,536-element table, which a typed array ignores.'
const ZERO_SIGN = 'Without `x === 0` the test is `x < 0 || 1 / x < 0`, and for x ≠ 0 the sign of 1/x is the sign of x.'
const ZERO_RECIP = 'Reached only with x = ±0, where 1/x is ±Infinity, never 0.'
const LOW_WORD = '`lo` is 0 on a little-endian host, so the high word is word 1 either way.'

/** The two 16-bit float codecs: boundary comparisons where both branches give the same pattern. */
const codecs: readonly Equivalent[] = [
  ...inFile('src/kernels/float16.ts', [
    ['ConditionalExpression', 'x === 0', 'true', 'equivalent', ZERO_SIGN],
    ['EqualityOperator', '1 / x < 0', '1 / x <= 0', 'equivalent', ZERO_RECIP],
    ['EqualityOperator', 'a >= 65520', 'a > 65520', 'equivalent', 'At a = 65520 the general path rounds the significand 2047.5 to 2048, whose carry into the exponent field gives 0x7c00 (Infinity) too.'],
    ['EqualityOperator', 'a < 1.220703125e-4', 'a <= 1.220703125e-4', 'equivalent', 'At a = 2^-13 both paths give 0x0800: the quantum is 2^-24 on both sides of the boundary.'],
    ['EqualityOperator', 'h < 65536', 'h <= 65536', 'equivalent', TABLE_END],
    ['EqualityOperator', 'i < n', 'i <= n', 'equivalent', PAST_END],
    ['ArithmeticOperator', '1 - lo', '1 + lo', 'platform', LOW_WORD],
    ['ArithmeticOperator', '2 * i + lo', '2 * i - lo', 'platform', LOW_WORD],
    ['EqualityOperator', 'a >= 0x38800000', 'a > 0x38800000', 'equivalent', 'At 2^-14 the subnormal path shifts by s = 13 and gives 0x0400, as the normal path does.'],
    ['EqualityOperator', 'a < 0x47800000', 'a <= 0x47800000', 'equivalent', 'At 2^16 the rounding path gives 0x7c00 (Infinity), as the overflow branch does.'],
    ['EqualityOperator', 'a > 0x33000000', 'a >= 0x33000000', 'equivalent', 'At 2^-25 (the tie with zero) the subnormal path rounds to even, 0, as the zero branch does.'],
    ['EqualityOperator', 'a >= 0x3f100000', 'a > 0x3f100000', 'equivalent', 'At 2^-14 (low word zero) the subnormal path shifts by s = 10 and gives 0x0400, as the normal path does.'],
    ['EqualityOperator', 'a < 0x40f00000', 'a <= 0x40f00000', 'equivalent', 'At 2^16 (low word zero) the rounding path gives 0x7c00 (Infinity), as the overflow branch does.'],
    ['EqualityOperator', 'a > 0x3e600000', 'a >= 0x3e600000', 'equivalent', 'At 2^-25 (low word zero, a tie) the subnormal path rounds to even, 0, as the zero branch does.'],
  ]),
  ...inFile('src/kernels/bfloat16.ts', [
    ['ConditionalExpression', 'x === 0', 'true', 'equivalent', ZERO_SIGN],
    ['EqualityOperator', '1 / x < 0', '1 / x <= 0', 'equivalent', ZERO_RECIP],
    ['EqualityOperator', 'a >= OVERFLOW', 'a > OVERFLOW', 'equivalent', 'At the overflow tie the general path rounds the significand 255.5 to 256, whose carry gives 0x7f80 (Infinity) too.'],
    ['EqualityOperator', 'a < FIRST_BINADES', 'a <= FIRST_BINADES', 'equivalent', 'At 2^-125 both paths give 0x0100: the quantum is 2^-133 on both sides of the boundary.'],
    ['EqualityOperator', 'h < 65536', 'h <= 65536', 'equivalent', TABLE_END],
    ['EqualityOperator', 'i < n', 'i <= n', 'equivalent', PAST_END],
    ['ArithmeticOperator', '1 - lo', '1 + lo', 'platform', LOW_WORD],
    ['ArithmeticOperator', '2 * i + lo', '2 * i - lo', 'platform', LOW_WORD],
    ['EqualityOperator', 'a >= 0x38100000', 'a > 0x38100000', 'equivalent', 'At 2^-126 (low word zero) the subnormal path shifts by s = 13 and gives 0x0080, as the normal path does.'],
    ['EqualityOperator', 'a < 0x47f00000', 'a <= 0x47f00000', 'equivalent', 'At 2^128 (low word zero) the rounding path gives 0x7f80 (Infinity), as the overflow branch does.'],
    ['EqualityOperator', 'a > 0x37900000', 'a >= 0x37900000', 'equivalent', 'At 2^-134 (low word zero, a tie) the subnormal path rounds to even, 0, as the zero branch does.'],
  ]),
  ...inFile('src/kernels/halfWords.ts', [
    ['ConditionalExpression', 'new Uint8Array(new Uint16Array([1]).buffer)[0] === 1', 'true', 'platform', 'The probe is true on a little-endian host.'],
  ]),
]

const EMPTY_BLOCK = 'The extra pass happens only when the index has reached its bound exactly, and then its block is empty (no columns, depth, rows, or a 0-wide tile): it packs nothing and stores nothing, or adds a zero tile, which changes no sum (they are never -0).'
const PADDING = 'Only the padding lanes of a short last sliver change (what they hold, or whether they are zeroed; a longer sliver\'s overrun is overwritten by the next one). A tile entry depends on one lane of A and one of B, and storeTile writes only entries whose lanes are both real, so padding never reaches out.'
const DISPATCH = 'Choosing the direct loop or the blocked kernel changes speed and, for k > 256 only, the grouping of each dot product (the blocked kernel adds 256-deep partial sums). Both meet the naive reference\'s rounding bound; for k ≤ 256 they agree bit for bit.'
const EMPTY_OUT = 'The early return for an empty out only saves work: with m or n zero the fill covers nothing and every loop runs zero times.'

/** The matrix kernels: loop bounds at empty blocks, padding lanes, and the direct/blocked choice. */
const matrix: readonly Equivalent[] = [
  ...inFile('src/kernels/mm.ts', [
    ['ConditionalExpression', 'm === 0 || n === 0', 'false', 'equivalent', EMPTY_OUT],
    ['LogicalOperator', 'm === 0 || n === 0', 'm === 0 && n === 0', 'equivalent', EMPTY_OUT],
    ['ConditionalExpression', 'm === 0', 'false', 'equivalent', EMPTY_OUT],
    ['ConditionalExpression', 'n === 0', 'false', 'equivalent', EMPTY_OUT],
    ['ConditionalExpression', 'k === 0', 'false', 'equivalent', 'With k = 0 the direct loop writes an empty sum, 0, to every element of out, as the fill does.'],
    ['BlockStatement', '{ out.fill(0, outOff, outOff + m * n) return }', '{}', 'equivalent', 'With k = 0 the direct loop writes an empty sum, 0, to every element of out, as the fill does.'],
    ['ConditionalExpression', 'm * n * k <= DIRECT_WORK || m === 1 || n === 1', 'true', 'rounding', DISPATCH],
    ['ConditionalExpression', 'm * n * k <= DIRECT_WORK || m === 1 || n === 1', 'false', 'rounding', DISPATCH],
    ['LogicalOperator', 'm * n * k <= DIRECT_WORK || m === 1 || n === 1', '(m * n * k <= DIRECT_WORK || m === 1) && n === 1', 'rounding', DISPATCH],
    ['ConditionalExpression', 'm * n * k <= DIRECT_WORK || m === 1', 'false', 'rounding', DISPATCH],
    ['LogicalOperator', 'm * n * k <= DIRECT_WORK || m === 1', 'm * n * k <= DIRECT_WORK && m === 1', 'rounding', DISPATCH],
    ['ConditionalExpression', 'm * n * k <= DIRECT_WORK', 'false', 'rounding', DISPATCH],
    ['EqualityOperator', 'm * n * k <= DIRECT_WORK', 'm * n * k < DIRECT_WORK', 'rounding', DISPATCH],
    ['EqualityOperator', 'm * n * k <= DIRECT_WORK', 'm * n * k > DIRECT_WORK', 'rounding', DISPATCH],
    ['ArithmeticOperator', 'm * n * k', 'm * n / k', 'rounding', DISPATCH],
    ['ArithmeticOperator', 'm * n', 'm / n', 'rounding', DISPATCH, 'DIRECT_WORK'],
    ['ConditionalExpression', 'm === 1', 'false', 'rounding', DISPATCH],
    ['EqualityOperator', 'm === 1', 'm !== 1', 'rounding', DISPATCH],
    ['ConditionalExpression', 'n === 1', 'false', 'rounding', DISPATCH],
    ['EqualityOperator', 'n === 1', 'n !== 1', 'rounding', DISPATCH],
    ['ArithmeticOperator', 'k / Math.ceil(k / KC)', 'k * Math.ceil(k / KC)', 'rounding', 'Changes only the depth of the packed panels: speed, and for k > 256 the grouping of each dot product\'s sums.'],
    ['ArithmeticOperator', 'k / KC', 'k * KC', 'rounding', 'Panels one deep: each product is summed in order, as the naive loop does; only speed and, for k > 256, the grouping of the sums change.'],
    ['MethodExpression', 'Math.min(MC, roundUp(m, MR))', 'Math.max(MC, roundUp(m, MR))', 'equivalent', 'Only makes the packing buffer larger; the packed B panel starts at aLen wherever that is.'],
    ['MethodExpression', 'Math.min(NC, roundUp(n, NR))', 'Math.max(NC, roundUp(n, NR))', 'equivalent', 'Only makes the packing buffer larger.'],
    ['ArithmeticOperator', 'x / step', 'x * step', 'equivalent', 'roundUp only sizes the packing buffer, which then is larger.'],
    ['EqualityOperator', 'j0 < n', 'j0 <= n', 'equivalent', EMPTY_BLOCK],
    ['EqualityOperator', 'p0 < k', 'p0 <= k', 'equivalent', EMPTY_BLOCK],
    ['EqualityOperator', 'i0 < m', 'i0 <= m', 'equivalent', EMPTY_BLOCK],
    ['EqualityOperator', 'jr < nc', 'jr <= nc', 'equivalent', EMPTY_BLOCK],
    ['EqualityOperator', 'ir < mc', 'ir <= mc', 'equivalent', EMPTY_BLOCK],
    ['MethodExpression', 'Math.min(width, len - l0)', 'Math.max(width, len - l0)', 'equivalent', PADDING],
    ['ArithmeticOperator', 'len - l0', 'len + l0', 'equivalent', PADDING],
    ['ConditionalExpression', 'h === 4 && width === 4', 'true', 'equivalent', PADDING],
    ['ConditionalExpression', 'h === 4 && width === 4', 'false', 'equivalent', PADDING],
    ['LogicalOperator', 'h === 4 && width === 4', 'h === 4 || width === 4', 'equivalent', PADDING],
    ['ConditionalExpression', 'h === 4', 'true', 'equivalent', PADDING],
    ['EqualityOperator', 'h === 4', 'h !== 4', 'equivalent', PADDING],
    ['ConditionalExpression', 'width === 4', 'true', 'equivalent', 'width is always 4 (MR = NR = 4).'],
    ['EqualityOperator', 'width === 4', 'width !== 4', 'equivalent', PADDING],
    ['EqualityOperator', 't < h', 't <= h', 'equivalent', PADDING],
    ['ConditionalExpression', 't < width', 'false', 'equivalent', PADDING],
    ['EqualityOperator', 't < width', 't >= width', 'equivalent', PADDING],
  ]),
  ...inFile('src/kernels/mmNaive.ts', [
    ['EqualityOperator', 'i < m', 'i <= m', 'equivalent', 'The extra row writes past the end of out, which a typed array ignores.'],
    ['EqualityOperator', 'j < n', 'j <= n', 'equivalent', 'The extra column writes the first element of the next row, which that row\'s own pass then overwrites, or past the end of out.'],
  ]),
]

/** erf and erfc: branch edges where both sides agree, or differ by one ulp within the stated accuracy. */
const erf: readonly Equivalent[] = inFile('src/kernels/erf.ts', [
  ['EqualityOperator', 'ax < 1.25', 'ax <= 1.25', 'accuracy', 'Differs only at x = ±1.25, where the [0.84375, 1.25) fit gives erfc one ulp above the correctly rounded value.'],
  ['EqualityOperator', 'ax >= 28', 'ax > 28', 'equivalent', 'At x = 28 the tail formula gives e^(-784)/…, which underflows to 0, the shortcut\'s value.'],
  ['EqualityOperator', 'ax < 1 / 0.35', 'ax <= 1 / 0.35', 'accuracy', 'Differs only at x = ±1/0.35, where the first tail fit gives erfc one ulp off the correctly rounded value.'],
  ['ConditionalExpression', 'Number.isNaN(x)', 'false', 'equivalent', 'NaN fails every comparison and flows through the formulas as NaN.'],
  ['EqualityOperator', 'ax < 0.84375', 'ax <= 0.84375', 'accuracy', 'Differs only at x = ±0.84375: erf is the same there, and erfc moves from one ulp below the correctly rounded value to one ulp above.'],
  ['ConditionalExpression', 'ax < 2 ** -28', 'false', 'accuracy', 'Below 2^-28 the rational fit is as accurate as the two-term shortcut (which exists for speed): each is within one ulp and each misses the correctly rounded value about as often.'],
  ['EqualityOperator', 'ax < 2 ** -28', 'ax <= 2 ** -28', 'equivalent', 'At x = 2^-28 the shortcut and the rational fit give the same double.'],
  ['EqualityOperator', 'x < 0', 'x <= 0', 'equivalent', 'Reached only with |x| ≥ 0.84375, where x is never 0.'],
])

const NO_PATHS = 'Also computes the leaf paths, which this caller does not read: only slower.'
const WITH_PATHS: Entry = ['BooleanLiteral', 'false', 'true', 'equivalent', NO_PATHS, 'flattenWith(']
const FILLED = 'Every index of the array is assigned before it is read, so its preallocated length changes nothing.'

/** Trees: fast paths, shortcuts, and positions that defs made by flatten never present. */
const tree: readonly Equivalent[] = [
  ...inFile('src/tree/at.ts', [
    ['ConditionalExpression', "c.tag !== 'record' && c.tag !== 'array'", 'false', 'unreachable', 'Every path in the edit trie was followed (follow, or the def\'s own positions) through the same children before apply runs, so apply never meets a leaf on the way.'],
    ['StringLiteral', '`${WHERE}: cannot descend into ${describe(x)}`', '``', 'unreachable', 'The message of the check above, which no input reaches.'],
    ['ConditionalExpression', "typeof where !== 'function'", 'false', 'equivalent', 'Builds the identity index for a path selection too, which then never reads it.'],
    ['ConditionalExpression', 'isObjectLeaf(x)', 'true', 'equivalent', 'Indexes primitive positions too; byIdentity looks up objects only.'],
    WITH_PATHS,
    ['ConditionalExpression', "isObjectLeaf(o) && classify(o).tag === 'leaf'", 'true', 'equivalent', 'Computes aliases even when no selected old value is an object leaf; only selected object leaves get any, so there are none.'],
    ['LogicalOperator', "isObjectLeaf(o) && classify(o).tag === 'leaf'", "isObjectLeaf(o) || classify(o).tag === 'leaf'", 'equivalent', 'Computes aliases even when no selected old value is an object leaf; only selected object leaves get any, so there are none.'],
    ['ConditionalExpression', "classify(o).tag === 'leaf'", 'true', 'equivalent', 'Computes aliases when a container is selected; leaves are never containers, so none are found for it.'],
    ['ArrowFunction', '() => null', '() => undefined', 'equivalent', 'The fold that collects aliases ignores what it returns.'],
  ]),
  ...inFile('src/tree/flatten.ts', [
    ['ConditionalExpression', 'withPaths', 'true', 'equivalent', NO_PATHS],
    ['ConditionalExpression', 'default: break', 'default:', 'equivalent', 'The last clause of the switch: nothing follows to fall into.'],
    WITH_PATHS,
  ]),
  ...inFile('src/tree/filter.ts', [
    WITH_PATHS,
    ['MethodExpression', 'main.leaves.slice()', 'main.leaves', 'equivalent', 'main.leaves is a fresh array of this call; filling it in place instead of a copy changes nothing.'],
  ]),
  ...inFile('src/tree/instances.ts', [WITH_PATHS, ['ArrayDeclaration', 'new Array<B>(reps.length)', 'new Array()', 'equivalent', FILLED]]),
  ...inFile('src/tree/map.ts', [WITH_PATHS, ['ArrayDeclaration', 'new Array<B>(primary.length)', 'new Array()', 'equivalent', FILLED]]),
  ...inFile('src/tree/reduce.ts', [WITH_PATHS]),
  ...inFile('src/tree/keys.ts', [
    ['ConditionalExpression', 'c >= 48 && c <= 57', 'true', 'equivalent', 'The first-character test is a fast exit for names; the regular expression alone decides.'],
    ['LogicalOperator', 'c >= 48 && c <= 57', 'c >= 48 || c <= 57', 'equivalent', 'The first-character test is a fast exit for names; the regular expression alone decides.'],
    ['ConditionalExpression', 'c >= 48', 'true', 'equivalent', 'The first-character test is a fast exit for names; the regular expression alone decides.'],
    ['ConditionalExpression', 'c <= 57', 'true', 'equivalent', 'The first-character test is a fast exit for names; the regular expression alone decides.'],
  ]),
  ...inFile('src/tree/node.ts', [
    ['ConditionalExpression', "typeof x !== 'object' && typeof x !== 'function'", 'false', 'equivalent', 'A primitive then reaches the prototype test, and a number, string, boolean, bigint or symbol is a leaf there too.'],
  ]),
  ...inFile('src/tree/treedef.ts', [
    ['ConditionalExpression', "e.tag === 'record' || e.tag === 'node'", 'true', 'equivalent', 'arity is only asked of containers.'],
    ['ConditionalExpression', 'a === b', 'false', 'equivalent', 'An identity shortcut: the full comparison gives the same answer for identical arguments.'],
    ['ConditionalExpression', "case 'leaf': return b.tag === 'leaf'", "case 'leaf':", 'equivalent', 'Leaf positions from flatten are one shared entry, caught by `a === b`; this case only sees a b that is not a leaf, and the fall-through test is false for it too.'],
    ['StringLiteral', "'leaf'", '""', 'equivalent', 'Leaf positions from flatten are one shared entry, caught by `a === b`, so this case only sees a b that is not a leaf: no match, or a false test, means unequal either way.'],
    ['ConditionalExpression', "b.tag === 'leaf'", 'false', 'equivalent', 'Leaf positions from flatten are one shared entry, caught by `a === b`, so here b is never a leaf.'],
    ['ConditionalExpression', "case 'none': return b.tag === 'none' && a.value === b.value", "case 'none':", 'equivalent', 'The two empty positions are shared entries caught by `a === b`; what reaches this case differs from a, and the array test it falls into is false for it too.'],
    ['StringLiteral', "'none'", '""', 'equivalent', 'The two empty positions are shared entries caught by `a === b`; what reaches this case differs from a, so unequal either way.'],
    ['ConditionalExpression', "b.tag === 'none' && a.value === b.value", 'false', 'equivalent', 'The two empty positions are shared entries caught by `a === b`; an empty b that reaches here holds the other value.'],
    ['ConditionalExpression', "b.tag === 'array'", 'true', 'equivalent', 'Only an array position has an arity to match.'],
    ['ConditionalExpression', "b.tag === 'node'", 'true', 'equivalent', 'A position that is not a node has no protocol, so the protocol test fails anyway.'],
    ['ConditionalExpression', 'a.template === b.template', 'false', 'equivalent', 'An identity shortcut before sameKind, which holds for a node and itself (it is an equivalence).'],
    ['MethodExpression', 'Math.min(a.entries.length, b.entries.length)', 'Math.max(a.entries.length, b.entries.length)', 'unreachable', 'Defs made by flatten record every arity, so two that agree on every position of the shorter one have the same length; a difference is always found before either ends.'],
    ['EqualityOperator', 'i < n', 'i <= n', 'equivalent', 'Reached only when both defs have length n: both entries are then undefined, equal by identity.'],
    ['ConditionalExpression', 'a.entries.length === b.entries.length', 'true', 'unreachable', 'Defs that agree on every position of the shorter one have the same length (see Math.min above).'],
    ['StringLiteral', "''", '"Stryker was here!"', 'equivalent', 'Overwritten at the first position before it is read.', 'let path'],
    ['ConditionalExpression', 'i < def.entries.length', 'true', 'equivalent', 'pathAt is only asked for a position inside the def.'],
    ['EqualityOperator', 'i < def.entries.length', 'i <= def.entries.length', 'equivalent', 'pathAt is only asked for a position inside the def.'],
    ['ConditionalExpression', "e.tag === 'array' || e.tag === 'record' || e.tag === 'node'", 'true', 'equivalent', 'A leaf or empty position pushed on the stack has arity 0 and is popped before the next position.'],
    ['ConditionalExpression', 'e === undefined', 'false', 'unreachable', 'Only positions inside both defs are described (see Math.min above).'],
    ['StringLiteral', "'nothing'", '""', 'unreachable', 'Only positions inside both defs are described (see Math.min above).'],
    ['LogicalOperator', "a?.tag === 'node' && b?.tag === 'node'", "a?.tag === 'node' || b?.tag === 'node'", 'equivalent', 'A position that is not a node has no protocol, so the protocol test that follows fails anyway.'],
    ['ConditionalExpression', "a?.tag === 'node'", 'true', 'equivalent', 'A position that is not a node has no protocol, so the protocol test that follows fails anyway.'],
    ['ConditionalExpression', "b?.tag === 'node'", 'true', 'equivalent', 'A position that is not a node has no protocol, so the protocol test that follows fails anyway.'],
    ['OptionalChaining', 'a?.tag', 'a.tag', 'unreachable', 'Both positions exist here (see Math.min above).'],
    ['OptionalChaining', 'b?.tag', 'b.tag', 'unreachable', 'Both positions exist here (see Math.min above).'],
  ]),
]

const SINGLE_DEVICE = 'This build has one device, cpu, where every tensor already is, so dropping the device move changes nothing.'

/** Module transforms: shortcuts that rebuild, which returns a module unchanged when nothing differs, makes redundant. */
const nn: readonly Equivalent[] = [
  ...inFile('src/nn/transform.ts', [
    ['ConditionalExpression', 't !== null', 'true', 'equivalent', 'Records a first name for empty entries too; names are looked up only for tensors.'],
  ]),
  ...inFile('src/nn/cast.ts', [
    ['ConditionalExpression', 'device !== undefined', 'true', 'equivalent', 'Passes `device: undefined`, which the tensor cast reads as "keep the device".'],
    ['ConditionalExpression', 'device !== undefined', 'false', 'platform', SINGLE_DEVICE],
    ['EqualityOperator', 'device !== undefined', 'device === undefined', 'platform', SINGLE_DEVICE],
    ['ObjectLiteral', '{ device }', '{}', 'platform', SINGLE_DEVICE],
  ]),
  ...inFile('src/nn/run.ts', [
    ['ConditionalExpression', 'patch !== undefined', 'true', 'equivalent', 'Rebuilding with the buffers it already has returns the module itself.'],
    ['ConditionalExpression', 'state.patches.size === 0', 'false', 'equivalent', 'With no patches, the rebuild below returns every module as itself (rebuild returns a module unchanged when nothing differs), so m comes back either way; only slower.'],
    ['ConditionalExpression', 'patch === undefined', 'false', 'equivalent', 'Spreading no patch over the buffers changes none, and rebuild then returns the module itself.'],
  ]),
]

/** Every mutant known to be equivalent, by folder. */
export const equivalents: readonly Equivalent[] = [...codecs, ...matrix, ...erf, ...tree, ...nn]
