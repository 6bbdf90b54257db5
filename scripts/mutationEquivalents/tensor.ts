/** Equivalent mutants of the `tensor` target. */
import { inFile, type Equivalent } from './kinds.js'

const TINY_TO_KERNEL = 'Tiny products then go through the cpu kernel, which hands products under 128 multiply-adds to mmIntoAt, whose dot-product loop is the one mmSmall runs (swept equal in test/kernels/mm.test.ts): the same numbers, only slower.'
const TINY_MORE = 'Some products of 128 or more multiply-adds then run mmSmall (dot products summed in a double) instead of the WebAssembly kernel (float32 lanes): only the rounding of the sums changes, which the kernel contract leaves free within the naive reference\'s bound.'
// ---- tensor-elementwise: src/tensor/{elementwise,strided,shape,promote}.ts ----
const FAST_PATH = 'Skips the elementwise kernel of add/sub/mul/div; the general loop below calls f, the same x ∘ y on the same elements in double arithmetic, stored into the same compute array. The kernel gives the same values bit for bit (NaN payloads aside, which ECMAScript leaves to the engine at every typed-array store): its typed-array loops are that computation, and its WebAssembly lanes do one float64 op, or one float32 op, which equals the double op rounded to float32 (53 ≥ 2·24 + 2 bits). Only slower; test/tensor/routing.test.ts checks every route against that reference.'
const FAST_SUBSET = 'The elementwise kernel then runs in fewer cases (a subset of the original ones); the others go to the general loop, which computes the same f on the same elements, giving the same values bit for bit (see FAST_PATH): only slower.'
const NOT_ROW = 'isTrailing only chooses the kernel\'s repeated-row case. This makes it answer false in more cases (never true where the original is false), sending them to the general strided loop with the same result (see FAST_PATH): only slower.'
const K_RANGE = 'isTrailing runs only when `other` has neither 1 nor n elements, so it has a size other than 1 (k ≥ 1), and it broadcasts to shape, so k ≤ t.length ≤ shape.length: `k === 0 || k > shape.length` is always false there.'
const EMPTY = 'With n = 0 the kernel\'s length check passes (x and dst are empty, and y\'s length divides 0 or y is empty too) and it writes nothing: the same empty tensor as the general loop.'
const BOOL_DST = 'Every bool result the mappers build holds small non-negative integers: 0 or 1 (comparisons, logical ops, maximum/minimum, mul, where, clamp without bounds, which now promotes a bool tensor with bounds) or 2 (add of two bools); a Float64Array holds them as exactly as a Uint8Array, and storageFrom(…, \'bool\') stores v !== 0 from either. No bool result is traced (to() passes no gradient to an integer or bool result), so no cotangent is ever bool.'
const CODE_FLOAT = "Only binary() in arithmetic.ts passes `code`, and only for floating results, so out is never bool when code is given."
const RT_SHORTCUT = 'Skips a shortcut of resultType; the three-level bookkeeping below gives the same dtype for its cases (two tensors of one dtype; a tensor and a scalar of no higher category).'
const BCAST_SHORTCUT = 'Skips a shortcut of broadcastShapes; the general loop gives the same sizes and hands back an operand\'s own shape when it equals the result (at most which of two equal frozen shapes is shared changes, which nothing observes).'
const FILLED_TE = 'Every index of the array is assigned before it is read, so its preallocated length changes nothing.'
const SPARSE = 'The interning table is a sparse JS array either way: a slot is created when first assigned.'

const elementwiseEquivalents: readonly Equivalent[] = [
  ...inFile('src/tensor/elementwise.ts', [
    ['ConditionalExpression', 'x.dtype === dtype', 'false', 'equivalent', 'to() returns the tensor itself when asked for its own dtype and device, so casting instead of the shortcut gives the same tensor.'],
    // The dst line, spelled alike in mapUnary, mapBinary and mapTernary (one entry covers all three).
    ['ConditionalExpression', "out === 'bool'", 'false', 'equivalent', BOOL_DST],
    ['StringLiteral', "'bool'", '""', 'equivalent', BOOL_DST, "out === 'bool' ? new Uint8Array(n)"],
    // mapBinary's fast-path gate.
    ['ConditionalExpression', "code !== undefined && out !== 'bool' && n > 0 && (x.length === n || y.length === n)", 'false', 'equivalent', FAST_PATH],
    ['BlockStatement', '{ const full = x.length === n const other = full ? b : a if (other.size === 1 || other.size === n || isTrailing(other.shape, shape)) { const { binary } = device(a.device).kernels.elementwise if (full) binary(code, x as FloatArray, y as FloatArray, dst as FloatArray, false) else binary(code, y as FloatArray, x as FloatArray, dst as FloatArray, true) return fromStorage(storageFrom(dst, out), shape, out, a.device) } }', '{}', 'equivalent', FAST_PATH],
    ['BlockStatement', '{ const { binary } = device(a.device).kernels.elementwise if (full) binary(code, x as FloatArray, y as FloatArray, dst as FloatArray, false) else binary(code, y as FloatArray, x as FloatArray, dst as FloatArray, true) return fromStorage(storageFrom(dst, out), shape, out, a.device) }', '{}', 'equivalent', FAST_PATH],
    ['ConditionalExpression', 'other.size === 1 || other.size === n || isTrailing(other.shape, shape)', 'false', 'equivalent', FAST_PATH],
    ['ConditionalExpression', "out !== 'bool'", 'true', 'equivalent', `${CODE_FLOAT} The test is always true where it is evaluated.`],
    ['StringLiteral', "'bool'", '""', 'equivalent', `${CODE_FLOAT} out !== '' is as always-true there as out !== 'bool'.`, "code !== undefined && out !== 'bool'"],
    ['EqualityOperator', "out !== 'bool'", "out === 'bool'", 'equivalent', `${CODE_FLOAT} The fast path becomes unreachable; the general loop gives the same result.`],
    ['ConditionalExpression', 'n > 0', 'true', 'equivalent', EMPTY],
    ['EqualityOperator', 'n > 0', 'n >= 0', 'equivalent', EMPTY],
    ['EqualityOperator', 'n > 0', 'n <= 0', 'equivalent', `${FAST_SUBSET} (Only empty results take the kernel, which writes nothing.)`],
    ['LogicalOperator', 'x.length === n || y.length === n', 'x.length === n && y.length === n', 'equivalent', FAST_SUBSET],
    ['ConditionalExpression', 'x.length === n', 'false', 'equivalent', FAST_SUBSET, 'code !== undefined'],
    ['ConditionalExpression', 'y.length === n', 'false', 'equivalent', FAST_SUBSET, 'code !== undefined'],
    ['LogicalOperator', 'other.size === 1 || other.size === n || isTrailing(other.shape, shape)', '(other.size === 1 || other.size === n) && isTrailing(other.shape, shape)', 'equivalent', FAST_SUBSET],
    ['ConditionalExpression', 'other.size === 1 || other.size === n', 'false', 'equivalent', FAST_SUBSET],
    ['LogicalOperator', 'other.size === 1 || other.size === n', 'other.size === 1 && other.size === n', 'equivalent', FAST_SUBSET],
    ['ConditionalExpression', 'other.size === 1', 'false', 'equivalent', FAST_SUBSET],
    ['ConditionalExpression', 'other.size === n', 'false', 'equivalent', 'An `other` with n elements broadcasts to shape with no stretched dim, so it is shape with leading 1s added or removed: isTrailing holds for it and the kernel runs the same case (a row of n, i.e. same shape).'],
    // isTrailing: answering false more often only loses the kernel's row case.
    ['BlockStatement', '{ let lead = 0 while (lead < t.length && t[lead] === 1) lead++ const k = t.length - lead if (k === 0 || k > shape.length) return false for (let i = 0; i < k; i++) if (t[lead + i] !== shape[shape.length - k + i]) return false return true }', '{}', 'equivalent', NOT_ROW],
    ['ConditionalExpression', 'lead < t.length && t[lead] === 1', 'false', 'equivalent', `${NOT_ROW} Without skipping leading 1s, t is compared whole with shape's last t.length sizes, true only if t is trailing.`],
    ['LogicalOperator', 'lead < t.length && t[lead] === 1', 'lead < t.length || t[lead] === 1', 'equivalent', `${NOT_ROW} lead runs to t.length, so k = 0.`],
    ['ConditionalExpression', 'lead < t.length', 'true', 'equivalent', 't[t.length] is undefined, not 1, so the loop stops at the end of t as before.'],
    ['EqualityOperator', 'lead < t.length', 'lead <= t.length', 'equivalent', 't[t.length] is undefined, not 1, so the loop stops at the end of t as before.'],
    ['EqualityOperator', 'lead < t.length', 'lead >= t.length', 'equivalent', `${NOT_ROW} The loop never runs (t is not empty), so t is compared whole with shape's last t.length sizes, true only if t is trailing.`],
    ['ConditionalExpression', 't[lead] === 1', 'true', 'equivalent', `${NOT_ROW} lead runs to t.length, so k = 0.`],
    ['EqualityOperator', 't[lead] === 1', 't[lead] !== 1', 'equivalent', `${NOT_ROW} Skipping leading non-1 sizes (which equal shape's there) and comparing the rest is true only if t equals shape's last t.length sizes.`],
    ['UpdateOperator', 'lead++', 'lead--', 'equivalent', `${NOT_ROW} lead = -1 makes k = t.length + 1: either k > shape.length or t[-1] (undefined) fails the first comparison.`],
    ['ArithmeticOperator', 't.length - lead', 't.length + lead', 'equivalent', `${NOT_ROW} With leading 1s, k > t.length - lead, so the comparison reaches t past its end (undefined) or k > shape.length.`],
    ['ConditionalExpression', 'k === 0 || k > shape.length', 'false', 'equivalent', K_RANGE],
    ['ConditionalExpression', 'k === 0 || k > shape.length', 'true', 'equivalent', NOT_ROW],
    ['LogicalOperator', 'k === 0 || k > shape.length', 'k === 0 && k > shape.length', 'equivalent', K_RANGE],
    ['ConditionalExpression', 'k === 0', 'false', 'equivalent', K_RANGE],
    ['EqualityOperator', 'k === 0', 'k !== 0', 'equivalent', `${NOT_ROW} (k ≥ 1 here, so it always answers false.)`],
    ['ConditionalExpression', 'k > shape.length', 'false', 'equivalent', K_RANGE],
    ['EqualityOperator', 'k > shape.length', 'k >= shape.length', 'equivalent', 'k = shape.length means t has no leading 1s and as many dims as shape; t is not shape (it has fewer than n elements), so the comparison loop would answer false too.'],
    ['EqualityOperator', 'k > shape.length', 'k <= shape.length', 'equivalent', `${NOT_ROW} (k ≤ shape.length here, so it always answers false.)`],
    ['BooleanLiteral', 'false', 'true', 'unreachable', K_RANGE, 'k > shape.length) return false'],
    ['EqualityOperator', 'i < k', 'i <= k', 'equivalent', 'The extra comparison is t[t.length] against shape[shape.length]: undefined and undefined, equal, so nothing changes.'],
    ['ConditionalExpression', 't[lead + i] !== shape[shape.length - k + i]', 'true', 'equivalent', NOT_ROW],
    ['EqualityOperator', 't[lead + i] !== shape[shape.length - k + i]', 't[lead + i] === shape[shape.length - k + i]', 'equivalent', `${NOT_ROW} t[lead] is not 1 and broadcasts, so it equals shape's size there and the first comparison answers false.`],
    ['ArithmeticOperator', 'lead + i', 'lead - i', 'equivalent', `${NOT_ROW} For i ≥ 1 it compares a leading 1 of t (or undefined): passing needs shape's last k − 1 sizes to be 1, and then t's (which broadcast to them) are 1 too, so t is trailing anyway.`],
    ['ArithmeticOperator', 'shape.length - k', 'shape.length + k', 'equivalent', `${NOT_ROW} shape is read past its end (undefined).`],
    ['BooleanLiteral', 'true', 'false', 'equivalent', NOT_ROW, 'return true'],
    // The general loop's shortcuts.
    ['ConditionalExpression', 'x.length === n && y.length === n', 'false', 'equivalent', 'Full operands then go to the one-element branch (n = 1) or the strided loop, which reads the same elements (offsets 0..n − 1 for both).', 'if (x.length === n && y.length === n)'],
    ['ConditionalExpression', 'y.length === 1 && x.length === n', 'false', 'equivalent', 'A one-element y then takes the strided loop, whose offsets for y are all 0: the same f(x[i], y[0]).'],
    ['ConditionalExpression', 'x.length === n', 'true', 'equivalent', 'When y has one element the broadcast shape has numel(a) elements, so x.length === n already holds.', 'y.length === 1 && x.length === n'],
    ['EqualityOperator', 'x.length === n', 'x.length !== n', 'equivalent', 'The branch becomes unreachable; a one-element y then takes the next branch (n = 1) or the strided loop, with offsets 0 for y: the same result.', 'y.length === 1 && x.length === n'],
    ['ConditionalExpression', 'x.length === 1 && y.length === n', 'false', 'equivalent', 'A one-element x then takes the strided loop, whose offsets for x are all 0: the same f(x[0], y[i]).'],
    ['ConditionalExpression', 'y.length === n', 'true', 'equivalent', 'When x has one element the broadcast shape has numel(b) elements, so y.length === n already holds.', 'x.length === 1 && y.length === n'],
    ['EqualityOperator', 'y.length === n', 'y.length !== n', 'equivalent', 'The branch becomes unreachable; a one-element x then takes the strided loop, with offsets 0 for x: the same result.', 'x.length === 1 && y.length === n'],
    ['ConditionalExpression', 'x.length === n && y.length === n && z.length === n', 'false', 'equivalent', 'Full operands then take the strided loop, which reads the same elements (offsets 0..n − 1 for all three).'],
  ]),
  ...inFile('src/tensor/strided.ts', [
    ['EqualityOperator', 'i < length', 'i <= length', 'equivalent', 'The extra step writes offs[length], past the end of the Int32Array (ignored); idx and off are local to the call.', 'i++) {'],
    ['EqualityOperator', 'i < src.length', 'i <= src.length', 'equivalent', 'The extra step reads offs[src.length] past the end of the Int32Array (undefined), so it adds to dst[undefined], a non-index property of the fresh Float64Array; no element changes, and callers read elements only.'],
  ]),
  ...inFile('src/tensor/shape.ts', [
    ['ConditionalExpression', "typeof s !== 'number'", 'false', 'equivalent', 'Number.isSafeInteger is false for every non-number, so the typeof test is redundant.'],
    ['ArrayDeclaration', 'new Array<number>(shape.length)', 'new Array()', 'equivalent', FILLED_TE],
    ['ArrayDeclaration', 'new Array<number>(n)', 'new Array()', 'equivalent', FILLED_TE],
    ['ConditionalExpression', 'a === b || (b.length <= a.length && numel(b) === 1)', 'false', 'equivalent', BCAST_SHORTCUT],
    ['LogicalOperator', 'a === b || (b.length <= a.length && numel(b) === 1)', 'a === b && b.length <= a.length && numel(b) === 1', 'equivalent', BCAST_SHORTCUT],
    ['ConditionalExpression', 'a === b', 'false', 'equivalent', BCAST_SHORTCUT],
    ['ConditionalExpression', 'b.length <= a.length && numel(b) === 1', 'false', 'equivalent', BCAST_SHORTCUT],
    ['EqualityOperator', 'b.length <= a.length', 'b.length < a.length', 'equivalent', BCAST_SHORTCUT],
    ['ConditionalExpression', 'a.length <= b.length && numel(a) === 1', 'false', 'equivalent', BCAST_SHORTCUT],
    ['EqualityOperator', 'a.length <= b.length', 'a.length < b.length', 'equivalent', BCAST_SHORTCUT],
    ['EqualityOperator', 'i < a.length', 'i <= a.length', 'equivalent', 'Reached only with equal lengths: a[n] and b[n] are both undefined, equal.'],
    ['ConditionalExpression', 'm >= INTERNED', 'false', 'equivalent', 'Also interns [m, n] for m ≥ 64 and n < 64, at slots m·64 + n ≥ 4096 that no other size maps to; a shared frozen [m, n] equals a fresh one, and only sizes below 64 are promised to be shared.'],
    ['EqualityOperator', 'm >= INTERNED', 'm > INTERNED', 'equivalent', 'Also interns [64, n] for n < 64, at slots 4096 + n that no other size maps to; a shared frozen [64, n] equals a fresh one.'],
    ['ArrayDeclaration', 'new Array<Shape | undefined>(INTERNED * INTERNED)', 'new Array()', 'equivalent', SPARSE],
    ['ArithmeticOperator', 'INTERNED * INTERNED', 'INTERNED / INTERNED', 'equivalent', SPARSE],
    ['ArithmeticOperator', 'm * INTERNED + n', 'm * INTERNED - n', 'equivalent', 'm·64 − n is still distinct for every m, n < 64 (equal keys need 64 | n − n\', so n = n\'): each size keeps a slot of its own.'],
    ['ArithmeticOperator', 'm * INTERNED', 'm / INTERNED', 'equivalent', 'm/64 + n is still distinct for every m, n < 64 (m/64 is a distinct fraction in [0, 1)): each size keeps a slot (a property) of its own.'],
  ]),
  ...inFile('src/tensor/promote.ts', [
    ['EqualityOperator', 'ca > cb', 'ca >= cb', 'equivalent', 'Reached only when ca !== cb.'],
    ['EqualityOperator', 'signedInts.indexOf(a) > signedInts.indexOf(b)', 'signedInts.indexOf(a) >= signedInts.indexOf(b)', 'equivalent', 'Reached only for two different signed integer dtypes (equal dtypes return at the top), whose indices differ.'],
    ['StringLiteral', "'int8'", '""', 'equivalent', "indexOf('int8') becomes −1, still below the index of every other signed integer, so the order of the four is unchanged.", 'const signedInts'],
    ['ConditionalExpression', 'operands.length === 2', 'false', 'equivalent', RT_SHORTCUT],
    ['BlockStatement', '{ const [a, b] = operands if (a instanceof Tensor) { if (b instanceof Tensor ? b.dtype === a.dtype : category(a.dtype) >= scalarCategory(b)) return a.dtype } else if (b instanceof Tensor && category(b.dtype) >= scalarCategory(a)) { return b.dtype } }', '{}', 'equivalent', RT_SHORTCUT],
    ['BlockStatement', '{ if (b instanceof Tensor ? b.dtype === a.dtype : category(a.dtype) >= scalarCategory(b)) return a.dtype }', '{}', 'equivalent', RT_SHORTCUT],
    ['ConditionalExpression', 'b instanceof Tensor ? b.dtype === a.dtype : category(a.dtype) >= scalarCategory(b)', 'false', 'equivalent', RT_SHORTCUT],
    ['ConditionalExpression', 'b.dtype === a.dtype', 'false', 'equivalent', RT_SHORTCUT],
    ['ConditionalExpression', 'category(a.dtype) >= scalarCategory(b)', 'false', 'equivalent', RT_SHORTCUT],
    ['EqualityOperator', 'category(a.dtype) >= scalarCategory(b)', 'category(a.dtype) > scalarCategory(b)', 'equivalent', RT_SHORTCUT],
    ['ConditionalExpression', 'b instanceof Tensor && category(b.dtype) >= scalarCategory(a)', 'false', 'equivalent', RT_SHORTCUT],
    ['EqualityOperator', 'category(b.dtype) >= scalarCategory(a)', 'category(b.dtype) > scalarCategory(a)', 'equivalent', RT_SHORTCUT],
    ['BlockStatement', '{ return b.dtype }', '{}', 'equivalent', RT_SHORTCUT],
    ['ArrayDeclaration', '[undefined, undefined, undefined]', '[]', 'equivalent', 'Missing entries read as undefined, the same as the explicit ones.'],
    ['ArrayDeclaration', '[false, false, false]', '[]', 'equivalent', 'Missing entries read as undefined, falsy like false, and are set to true before any other use.'],
    ['ConditionalExpression', 'level === 2', 'false', 'equivalent', 'Scalars then combine by promoteTypes of their defaults (bool, int64, float32), which is the default of their highest category: the same as keeping the default of the highest category.'],
    ['EqualityOperator', 'c > cats[2]', 'c >= cats[2]', 'equivalent', 'For equal categories d is the same default dtype as best[2] already holds.'],
    ['EqualityOperator', 'level < 3', 'level <= 3', 'equivalent', 'seen[3] is undefined, so level 3 is skipped.'],
    ['ConditionalExpression', 'level === 1', 'true', 'equivalent', 'At level 2, best[2] is the default dtype of the highest scalar category, which is defaultOf[cats[2]].'],
  ]),
]
// ---- end tensor-elementwise ----

// ---- tensor-reduce: src/tensor/{reduce,matmul}.ts ----
const LEADING = 'leadingSum is a fast path for float sums over leading dims; returning undefined sends the call to the general path, which adds the same elements in the same order (row-major over the reduced dims, from 0 in a double), rounds the double the same way (into the same compute array, then storageFrom), gives the same shape, and has the same vjp (the cotangent expanded back): only slower.'
const LEADING_MORE = 'leadingSum also takes a case it otherwise leaves to the general path, and gives the same result there: '
const IDENTITY_ORDER = 'A shortcut for an order that is already the identity; permuteStorage with the identity order copies the values in place order (int64 storage or numbers alike), so every fold reads the same sequence: only slower.'
const F64_DST = 'computeArray gives a Float64Array for every dtype except the three computed in float32 (float32, float16, bfloat16), so the bool (0/1) result goes into the same Float64Array either way.'
const F32_OPERANDS = 'Operands read as a Float64Array instead of a Float32Array. Products below 128 multiply-adds run the typed-array kernel, which sums each dot product in a double whatever the array type, so nothing changes; larger ones leave the float32 WebAssembly kernel for the typed-array kernel (mixed array types), changing only speed and the rounding of the sums within the kernel contract.'
const NEVER_TRACED = 'vjps[1] holds the vjps of products with the first operand read transposed, which only the backward products make; backprop runs every vjp on detached inputs and cotangents, so those products are never traced and these vjps are never called.'

const reduceEquivalents: readonly Equivalent[] = [
  ...inFile('src/tensor/reduce.ts', [
    ['ConditionalExpression', "x.dtype === 'int64'", 'true', 'equivalent', 'exact is true only when x.dtype is int64 (see reduction), so `true && exact` equals `int64 && exact`.', 'const src ='],
    ['MethodExpression', 'dims.slice()', 'dims', 'equivalent', 'dims is a fresh array of this call (a copy made by map, or []) that nothing reads after this line, so sorting it in place instead of a copy changes nothing.'],
    ['ConditionalExpression', 'order.every((d, i) => d === i)', 'false', 'equivalent', IDENTITY_ORDER],
    ['ArrowFunction', '(d, i) => d === i', '() => undefined', 'equivalent', `In group: ${IDENTITY_ORDER} In leadingSum: ${LEADING}`],
    ['ConditionalExpression', 'd === i', 'false', 'equivalent', `In group: ${IDENTITY_ORDER} In leadingSum: ${LEADING}`],
    ['ConditionalExpression', "out === 'bool'", 'false', 'equivalent', F64_DST, "computeArray(out === 'bool'"],
    ['StringLiteral', "'bool'", '""', 'equivalent', F64_DST, "computeArray(out === 'bool'"],
    ['StringLiteral', "'float64'", '""', 'equivalent', F64_DST, "computeArray(out === 'bool'"],
    ['ConditionalExpression', 'args[0] !== undefined', 'true', 'equivalent', 'typeof undefined is not "object", so the next test already answers false for undefined.'],
    ['ConditionalExpression', 'x.shape[d] !== 1', 'true', 'equivalent', 'Also lists dims of size 1 in both x and the kept-dims cotangent; reducing over a size-1 dim with keepdim (mean, sum, prod in the vjps) changes neither values nor shape.'],
    // leadingSum, the column-sum fast path of sum.
    ['BlockStatement', "{ const dims = typeof dim === 'number' ? [dim] : dim if (dims === undefined || dims.length === 0 || dims.length >= x.ndim || category(x.dtype) !== 2) return undefined if (!dims.every((d, i) => d === i)) return undefined const lead = dims.length const rows = numel(x.shape.slice(0, lead)) if (rows === 0) return undefined const cols = x.size / rows const v = numbersOf(x) const acc = new Float64Array(cols) for (let r = 0; r < rows; r++) { const o = r * cols for (let j = 0; j < cols; j++) acc[j] += v[o + j] } const keptShape = [...new Array<number>(lead).fill(1), ...x.shape.slice(lead)] const out = x.dtype === 'float64' ? acc : computeArray(x.dtype, cols) if (out !== acc) out.set(acc) const y = fromStorage(storageFrom(out, x.dtype), keepdim ? keptShape : x.shape.slice(lead), x.dtype, x.device) return traced(y, [x], (g, [x]) => [expand(reshape(g, keptShape), x.shape)]) }", '{}', 'equivalent', LEADING],
    ['ConditionalExpression', "typeof dim === 'number'", 'true', 'equivalent', `${LEADING} (An array dim becomes [[...]] and an omitted one [undefined]; neither passes the leading-dims test.)`],
    ['ArrayDeclaration', '[dim]', '[]', 'equivalent', `${LEADING} (An empty list is refused by the length test.)`],
    ['ConditionalExpression', 'dims === undefined || dims.length === 0 || dims.length >= x.ndim || category(x.dtype) !== 2', 'true', 'equivalent', LEADING],
    ['ConditionalExpression', 'dims.length === 0', 'false', 'equivalent', `${LEADING_MORE}with dim [] it has lead 0, one row and every element a column, so it gives x itself (0 + each element) in x's shape, as the general path does (groups of one element).`],
    ['EqualityOperator', 'dims.length === 0', 'dims.length !== 0', 'equivalent', `${LEADING} Every non-empty dim list goes to the general path, and dim [] gives x itself on either path (lead 0: 0 + each element, in x's shape).`],
    ['EqualityOperator', 'dims.length >= x.ndim', 'dims.length > x.ndim', 'equivalent', `${LEADING_MORE}when every dim is reduced ([0, 1, ..., n − 1]) it has one column and adds all elements in row-major order into it, the order of the general path; the shape is [] or all 1s with keepdim on both.`],
    ['ConditionalExpression', '!dims.every((d, i) => d === i)', 'true', 'equivalent', LEADING],
    ['ConditionalExpression', 'rows === 0', 'true', 'equivalent', LEADING],
    ['EqualityOperator', 'j < cols', 'j <= cols', 'equivalent', 'The extra step adds into acc[cols], past the end of the Float64Array (ignored); the read of v beyond the row does not throw.'],
    ['ConditionalExpression', "x.dtype === 'float64'", 'false', 'equivalent', 'A float64 sum is then copied from acc into a new Float64Array (computeArray(float64)) with the same values.', "const out = x.dtype === 'float64'"],
    ['StringLiteral', "'float64'", '""', 'equivalent', 'A float64 sum is then copied from acc into a new Float64Array (computeArray(float64)) with the same values.', "const out = x.dtype === 'float64'"],
    ['ConditionalExpression', 'out !== acc', 'true', 'equivalent', 'When out is acc, acc.set(acc) copies every value onto itself.'],
  ]),
  ...inFile('src/tensor/reduce.ts', [
    ['EqualityOperator', 'g < groups', 'g <= groups', 'equivalent', 'One more fold writes dst[groups], past the end of the number array, which is ignored; the fold itself reads only undefined past the end and throws nothing (the empty-dim check ran before). The int64 loop is not covered by this entry: there a BigInt64Array store of an undefined fold result throws, which test/tensor/reduceErrors.test.ts catches.', 'fold(values as NumArray'],
  ]),
  ...inFile('src/tensor/matmul.ts', [
    ['ConditionalExpression', "d === 'float32' || d === 'float16' || d === 'bfloat16'", 'false', 'rounding', F32_OPERANDS],
    ['LogicalOperator', "d === 'float32' || d === 'float16' || d === 'bfloat16'", "(d === 'float32' || d === 'float16') && d === 'bfloat16'", 'rounding', F32_OPERANDS],
    ['ConditionalExpression', "d === 'float32' || d === 'float16'", 'false', 'rounding', F32_OPERANDS],
    ['LogicalOperator', "d === 'float32' || d === 'float16'", "d === 'float32' && d === 'float16'", 'rounding', F32_OPERANDS],
    ['ConditionalExpression', "d === 'float32'", 'false', 'rounding', F32_OPERANDS],
    ['StringLiteral', "'float32'", '""', 'rounding', F32_OPERANDS, 'const want ='],
    ['ConditionalExpression', "d === 'float16'", 'false', 'rounding', F32_OPERANDS],
    ['StringLiteral', "'float16'", '""', 'rounding', F32_OPERANDS, 'const want ='],
    ['ConditionalExpression', "d === 'bfloat16'", 'false', 'rounding', F32_OPERANDS],
    ['StringLiteral', "'bfloat16'", '""', 'rounding', F32_OPERANDS, 'const want ='],
    ['ConditionalExpression', 'a.device !== b.device', 'false', 'platform', 'This build has one device, cpu, so both operands are always on it.'],
    ['StringLiteral', '`${op}: operands are on ${a.device} and ${b.device}`', '``', 'platform', 'The message of the device check, which a one-device build cannot reach.'],
    ['BlockStatement', "{ // One matrix: no batch bookkeeping, which dominates the cost of tiny products. const out = computeArray(d, m * n) // Tiny products on the cpu skip the kernel's dispatch and checks (the shapes are checked). if (m * k * n < MIN_WASM_WORK && a.device === 'cpu') mmSmall(floatArray(a, d), floatArray(b, d), out, m, k, n, transA, transB) else kernel(floatArray(a, d), 0, floatArray(b, d), 0, out, 0, m, k, n, transA, transB) return traced(fromStorage(storageFrom(out, d), matrixShape(m, n), d, a.device), [a, b], productVjp(transA, transB)) }", '{}', 'equivalent', 'Two matrices then take the batched loop with an empty batch: one kernel call at offsets 0 with the same m, k, n, the same [m, n] shape and the same vjp: only slower.'],
    ['ConditionalExpression', "m * k * n < MIN_WASM_WORK && a.device === 'cpu'", 'false', 'equivalent', TINY_TO_KERNEL],
    ['ConditionalExpression', "m * k * n < MIN_WASM_WORK && a.device === 'cpu'", 'true', 'rounding', TINY_MORE],
    ['LogicalOperator', "m * k * n < MIN_WASM_WORK && a.device === 'cpu'", "m * k * n < MIN_WASM_WORK || a.device === 'cpu'", 'rounding', TINY_MORE],
    ['ConditionalExpression', 'm * k * n < MIN_WASM_WORK', 'true', 'rounding', TINY_MORE],
    ['EqualityOperator', 'm * k * n < MIN_WASM_WORK', 'm * k * n <= MIN_WASM_WORK', 'rounding', TINY_MORE],
    ['EqualityOperator', 'm * k * n < MIN_WASM_WORK', 'm * k * n >= MIN_WASM_WORK', 'rounding', TINY_MORE],
    ['ArithmeticOperator', 'm * k * n', 'm * k / n', 'rounding', TINY_MORE, 'MIN_WASM_WORK'],
    ['ArithmeticOperator', 'm * k', 'm / k', 'rounding', TINY_MORE, 'MIN_WASM_WORK'],
    ['ConditionalExpression', "a.device === 'cpu'", 'true', 'platform', 'This build has one device, cpu, so every product is on it.'],
    ['EqualityOperator', "a.device === 'cpu'", "a.device !== 'cpu'", 'equivalent', TINY_TO_KERNEL],
    ['StringLiteral', "'cpu'", '""', 'equivalent', TINY_TO_KERNEL, 'MIN_WASM_WORK'],
    ['ConditionalExpression', 'a.ndim === 2 && b.ndim === 2', 'false', 'equivalent', 'Two matrices then take the batched loop with an empty batch: one kernel call at offsets 0 with the same m, k, n, the same [m, n] shape and the same vjp: only slower.'],
    ['BlockStatement', '{ // One matrix: no batch bookkeeping, which dominates the cost of tiny products. const out = computeArray(d, m * n) kernel(floatArray(a, d), 0, floatArray(b, d), 0, out, 0, m, k, n, transA, transB) return traced(fromStorage(storageFrom(out, d), matrixShape(m, n), d, a.device), [a, b], productVjp(transA, transB)) }', '{}', 'equivalent', 'Two matrices then take the batched loop with an empty batch: one kernel call at offsets 0 with the same m, k, n, the same [m, n] shape and the same vjp: only slower.'],
    ['ConditionalExpression', 'j >= 0', 'true', 'equivalent', 'j reaches −1 only after the last batch entry (every index wrapped); then ++idx[-1] makes NaN, which differs from batch[-1] (undefined), so the loop ends, and idx is not read again.'],
    ['StringLiteral', "'matmul backward'", '""', 'unreachable', 'The op name only appears in the errors of product: a backward product multiplies the cotangent (the dtype and device of the output, batch dims broadcast from both operands) with an operand, which always share a dtype that is not bool and broadcast.'],
    ['ArrayDeclaration', '[layoutVjp(true, false), layoutVjp(true, true)]', '[]', 'equivalent', NEVER_TRACED],
    ['BooleanLiteral', 'true', 'false', 'equivalent', NEVER_TRACED, 'const vjps'],
    ['BooleanLiteral', 'false', 'true', 'equivalent', NEVER_TRACED, 'const vjps'],
    ['BooleanLiteral', 'true', 'false', 'equivalent', `The first cotangent's transA branch: ${NEVER_TRACED}`, '!needs[0] ? null : transA ?'],
    ['ConditionalExpression', 'x.ndim === 0', 'false', 'equivalent', 'For a 0-dim x, x.shape[x.ndim - 1] is undefined, never equal to weight.shape[1], so the second test throws the same error.'],
    ['ConditionalExpression', 'bias === null', 'false', 'equivalent', 'Without a bias this adds null, which add takes as the number 0 (the result keeps its dtype); y + 0 is y for every value the product can give (a sum that starts at +0 is never −0), and the cotangent passes through add unchanged.'],
  ]),
]
// ---- end tensor-reduce ----

// ---- tensor-dtype: src/tensor/{dtype,convert,cast}.ts ----
const ONE_DEVICE = 'This build has one device, cpu: every tensor is on it and every device target resolves to it.'
const PAST_END_DT = 'One more iteration reads past the end of the source (undefined, which the loop body maps to a number or bigint without throwing) and writes past the end of a typed array, which is ignored.'
const OWNED = 'Skips a shortcut that hands back the caller\'s array when it already is the storage type: the loop below copies the same integers into a fresh array of the same type (Math.trunc leaves integers as they are), and storageFrom\'s callers own what they pass. Only slower.'
const BOOL_VIA_FLOAT = 'An int64 → bool cast then takes the float path: roundBig keeps a non-zero integer\'s leading bit, so it is 0 exactly for 0n, and storageFrom(…, bool) maps v !== 0 to the same 0/1. Only slower.'
const WIDE_BITS = 'Wrapping to more bits than the target holds changes nothing: BigInt.asIntN(32 or 16, v) ≡ v modulo 2^bits and is exact as a number (< 2^53), and the Int16Array/Int8Array/Uint8Array store wraps it modulo 2^16 or 2^8, giving v modulo the target\'s width either way.'
const SHARED_STORAGE = 'Only when the compute array is t\'s own storage and storageFrom keeps it (bool → uint8, the one cast where both are Uint8Array) does the new tensor share t\'s storage array; storage is never written after a tensor is made (no path writes into it; toTypedArray copies), so sharing is unobservable. Otherwise the array is a fresh decoded copy, copied once more or not: only slower.'

const dtypeEquivalents: readonly Equivalent[] = [
  ...inFile('src/tensor/cast.ts', [
    ['StringLiteral', "', '", '""', 'platform', `The separator of the device list, which has one name (cpu), so no separator is printed. (The dtype list's separator on the same line is asserted in test/tensor/toTarget.test.ts.)`, 'deviceNames().join'],
    ['ConditionalExpression', 'device === x.device', 'true', 'platform', ONE_DEVICE],
    ['ConditionalExpression', 'dtype === x.dtype', 'false', 'platform', `${ONE_DEVICE} So this line is reached only when the dtype changes, where the test is false anyway.`, 'const data ='],
  ]),
  ...inFile('src/tensor/convert.ts', [
    ['EqualityOperator', 'i < src.length', 'i <= src.length', 'equivalent', PAST_END_DT],
    ['EqualityOperator', 'i < n', 'i <= n', 'equivalent', PAST_END_DT],
    ['EqualityOperator', 'i < values.length', 'i <= values.length', 'equivalent', PAST_END_DT],
    ['ConditionalExpression', 'values instanceof Float32Array || values instanceof Float64Array', 'false', 'equivalent', 'A float32 or float64 source is then copied into a Float64Array first: float32 → float64 is exact and keeps a NaN\'s sign, and both half encoders round from the value (a NaN becomes the quiet NaN with its sign), so the patterns are the same. Only slower.'],
    ['LogicalOperator', 'values instanceof Float32Array || values instanceof Float64Array', 'values instanceof Float32Array && values instanceof Float64Array', 'equivalent', 'No array is both, so every float source is copied into a Float64Array first: float32 → float64 is exact and keeps a NaN\'s sign, and both half encoders round from the value, so the patterns are the same. Only slower.'],
    ['ConditionalExpression', "(d === 'int32' && values instanceof Int32Array) || (d === 'uint8' && values instanceof Uint8Array)", 'false', 'equivalent', OWNED],
    ['LogicalOperator', "(d === 'int32' && values instanceof Int32Array) || (d === 'uint8' && values instanceof Uint8Array)", "d === 'int32' && values instanceof Int32Array && d === 'uint8' && values instanceof Uint8Array", 'equivalent', OWNED],
    ['ConditionalExpression', "d === 'int32' && values instanceof Int32Array", 'false', 'equivalent', OWNED],
    ['StringLiteral', "'int32'", '""', 'equivalent', OWNED, 'values instanceof Int32Array'],
    ['ConditionalExpression', "d === 'uint8' && values instanceof Uint8Array", 'false', 'equivalent', OWNED],
    ['StringLiteral', "'uint8'", '""', 'equivalent', OWNED, 'values instanceof Int32Array'],
    ['BlockStatement', '{ return values as StorageOf[D] }', '{}', 'equivalent', OWNED],
    ['ConditionalExpression', "d === 'bool'", 'false', 'equivalent', BOOL_VIA_FLOAT, "if (d === 'bool')"],
    ['StringLiteral', "'bool'", '""', 'equivalent', BOOL_VIA_FLOAT, "if (d === 'bool')"],
    ['BlockStatement', '{ const out = new Uint8Array(values.length) for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0n ? 1 : 0 return out as StorageOf[D] }', '{}', 'equivalent', BOOL_VIA_FLOAT],
    ['ConditionalExpression', "d === 'int32'", 'true', 'equivalent', WIDE_BITS, 'const bits'],
    ['ConditionalExpression', "d === 'int16'", 'true', 'equivalent', WIDE_BITS, 'const bits'],
    ['EqualityOperator', 'v < 0n', 'v <= 0n', 'equivalent', 'Differs only at v = 0n, whose negation -0n is 0n.', 'const a ='],
    ['EqualityOperator', 'v < 0n', 'v <= 0n', 'equivalent', 'Differs only at v = 0n, which never gets here: it has one bit, fewer than sig (24 or 53), and returns above.', 'return v < 0n'],
    ['MethodExpression', '(s as BigInt64Array).slice()', 's as BigInt64Array', 'equivalent', 'fromBigInts returns its argument itself only for an int64 target, which the same-dtype return above has taken (t is int64 here); for every other target it only reads it into a new array.'],
    ['ConditionalExpression', 'nums === s', 'true', 'equivalent', 'Also copies an array that numbersOf freshly decoded for this call: only slower.'],
    ['ConditionalExpression', 'nums === s', 'false', 'equivalent', SHARED_STORAGE],
    ['EqualityOperator', 'nums === s', 'nums !== s', 'equivalent', SHARED_STORAGE],
    ['MethodExpression', 'nums.slice()', 'nums', 'equivalent', SHARED_STORAGE],
  ]),
]
// ---- end tensor-dtype ----

/** Every equivalent mutant of the `tensor` target, each with its reason. */
export const tensor: readonly Equivalent[] = [
  ...dtypeEquivalents,
  ...reduceEquivalents,
  ...elementwiseEquivalents,
]
