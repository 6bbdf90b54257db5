/** Equivalent mutants of the `kernels` target (src/kernels): the codecs, the matrix kernels, erf. */
import { inFile, type Entry, type Equivalent } from './kinds.js'

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

/** The typed-array elementwise loops: bounds that only write past a row's end or the array's. */
const elementwise: readonly Equivalent[] = inFile('src/kernels/elementwise.ts', [
  ['EqualityOperator', 'i < n', 'i <= n', 'equivalent', PAST_END],
  ['EqualityOperator', 'i < dst.length', 'i <= dst.length', 'equivalent', PAST_END],
  ['EqualityOperator', 'j < m', 'j <= m', 'equivalent', 'The extra step writes dst[r + m] from y[m] (undefined, so NaN): the next row\'s first element, which the next row overwrites, or past the end of the typed array after the last row (ignored).'],
  ['EqualityOperator', 'r < n', 'r <= n', 'equivalent', 'The extra rowLoop at r = n writes only past the end of the typed array dst, which is ignored.'],
  ['ConditionalExpression', 'm === 1', 'false', 'equivalent', 'A one-element y then goes through rowLoop with m = 1, which computes the same x[i] ∘ y[0] for every i.'],
])

/** Every equivalent mutant of src/kernels. */
export const kernels: readonly Equivalent[] = [...codecs, ...matrix, ...erf, ...elementwise]
