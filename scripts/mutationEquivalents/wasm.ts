/** Equivalent mutants of the `wasm` target (src/kernels/wasm): speed-only choices, hints and redundant checks. */
import { inFile, type Equivalent } from './kinds.js'

const SPLIT = 'Only decides which thread computes which whole tiles of C: chunks start at multiples of 8 (a multiple of MR and of both tile widths) and blocks of MC rows or NC columns keep that alignment, and each element is the same sum in the same order (its k blocking depends on k alone), so C is identical bit for bit; only the speed changes.'
const HELPER_SAFE = 'The helper runs the same module on the same memory with the caller\'s own arguments cut into chunks, so its gemm cannot trap unless the caller\'s does first: `done` is always true and the redo branch is never taken.'
const THREADS_REDUNDANT = 'canBlock() is also false without SharedArrayBuffer, and without a spawner a shared memory gets no helper (helperOf needs the spawner): every product runs on the calling thread with the same results either way.'
const CAN_BLOCK_TRY = 'Without SharedArrayBuffer `new SharedArrayBuffer(4)` throws, and without Atomics `Atomics.wait` throws, inside the try whose catch returns false: the early test only saves the throw.'
const COPY = 'copyIn chooses between TypedArray.set and an element loop for speed; both copy the same elements.'
const PEND = 'pEnd only splits the depth between the transposing loop and the element-by-element loop; kc & lanes is 0 or lanes (≤ kc when the bit is set), a multiple of lanes like kc & −lanes, and the element loop copies whatever remains, so the packed panel is the same.'

/** The WebAssembly kernels' equivalent mutants. */
const ROUTE = 'Only chooses between the WebAssembly kernel and the typed-array loop; the two give the same values bit for bit (the contract the tests check, in both directions), so this changes speed alone.'
const SAME_PATH = 'Only chooses which of the chunked paths (scalar, short row copied once, row by row) computes a case; each computes the same x ∘ y per element with the same kernels, so only the speed changes.'
const REGION0 = 'X is 0 (the first region), so X / size and X * size are both 0.'

export const wasm: readonly Equivalent[] = [
  ...inFile('src/kernels/wasm/mmWasm.ts', [
    ['MethodExpression', 'Math.max(workspaceBytes(ELEM32), workspaceBytes(ELEM64))', 'Math.min(workspaceBytes(ELEM32), workspaceBytes(ELEM64))', 'equivalent', 'Both element types need the same workspace ((80·512 + 512·1024 + 32)·4 = (80·256 + 256·1024 + 16)·8 = 2 261 120 bytes: kc is chosen so their panels take equal bytes), so min and max agree.'],
    ['EqualityOperator', 'pages > MAX_PAGES', 'pages >= MAX_PAGES', 'rounding', 'A product needing exactly MAX_PAGES pages takes the typed-array kernel instead, which agrees within the rounding bound (and such a product needs over 1 GiB of operands).'],
    ['ConditionalExpression', 'spawn !== undefined && typeof SharedArrayBuffer === \'function\'', 'true', 'equivalent', THREADS_REDUNDANT],
    ['LogicalOperator', 'spawn !== undefined && typeof SharedArrayBuffer === \'function\'', 'spawn !== undefined || typeof SharedArrayBuffer === \'function\'', 'equivalent', THREADS_REDUNDANT],
    ['ConditionalExpression', 'spawn !== undefined', 'true', 'equivalent', THREADS_REDUNDANT],
    ['ConditionalExpression', 'typeof SharedArrayBuffer === \'function\'', 'true', 'equivalent', THREADS_REDUNDANT],
    ['ConditionalExpression', 'spawner !== undefined', 'true', 'unreachable', 'e.shared is true only when threadsPossible(spawner) held, which needs a spawner: the test is never false where it is reached.'],
    ['ConditionalExpression', 'm >= n', 'true', 'equivalent', SPLIT],
    ['EqualityOperator', 'm >= n', 'm > n', 'equivalent', SPLIT],
    ['ConditionalExpression', 'helper?.ready() === true', 'false', 'equivalent', 'Never shares a product: the calling thread computes all of C, identical bit for bit (see the split entries); only slower.'],
    ['BooleanLiteral', 'true', 'false', 'equivalent', 'Shares only when the helper is not ready: share then finds no helper to take the job, cancels it and the caller claims every chunk; when ready, the caller runs gemm alone. C is identical either way; only the speed changes.', 'helper?.ready() === true'],
    ['MethodExpression', 'Math.min(4, Math.max(2, Math.floor(extent / 128)))', 'Math.max(4, Math.max(2, Math.floor(extent / 128)))', 'equivalent', SPLIT],
    ['ArithmeticOperator', 'extent / 128', 'extent * 128', 'equivalent', SPLIT],
    ['ArithmeticOperator', 'extent / claims / 8', 'extent / claims * 8', 'equivalent', SPLIT],
    ['ArithmeticOperator', 'extent / claims', 'extent * claims', 'equivalent', SPLIT],
    ['BooleanLiteral', '!done', 'done', 'unreachable', HELPER_SAFE],
    ['ConditionalExpression', '!done', 'true', 'equivalent', 'Recomputes all of C on the calling thread after every shared product: the same values again, only slower.'],
    ['ConditionalExpression', '!done', 'false', 'unreachable', HELPER_SAFE],
    ['ArithmeticOperator', 'OPERANDS + PAGE', 'OPERANDS - PAGE', 'equivalent', 'startThreads only needs the control words and both workspaces (OPERANDS − PAGE still covers them: a workspace is over 2 MiB), and every product grows the memory to what it needs.'],
    ['ConditionalExpression', 'e === undefined', 'false', 'unreachable', 'ensure(OPERANDS + PAGE) asks for about 70 pages, far below MAX_PAGES, so it never returns undefined.', 'const h = e === undefined'],
    ['ConditionalExpression', 'len > 64', 'true', 'equivalent', COPY],
    ['ConditionalExpression', 'len > 64', 'false', 'equivalent', COPY],
    ['EqualityOperator', 'len > 64', 'len >= 64', 'equivalent', COPY],
    ['EqualityOperator', 'len > 64', 'len <= 64', 'equivalent', COPY],
  ]),
  ...inFile('src/kernels/wasm/helperThread.ts', [
    ['ArithmeticOperator', 'CONTROL_BYTES / 4', 'CONTROL_BYTES * 4', 'equivalent', 'The helper\'s view of the control words only grows; it reads and writes words 0–20 alone, which are the same in both views.', 'const ctl = new Int32Array(memory.buffer, 0, ${CONTROL_BYTES'],
    ['ArithmeticOperator', 'JOB + 15', 'JOB - 15', 'equivalent', 'slice(6, −9) of the 32 control words copies words 6–22, which begin with the same 15 job words the helper reads (j[0]–j[14]).'],
    ['EqualityOperator', 'i < 11', 'i <= 11', 'equivalent', 'The extra iteration writes args[11] into JOB + 12, which the next line overwrites with helperWorkspace.'],
    ['ConditionalExpression', 'typeof SharedArrayBuffer !== \'function\' || typeof Atomics !== \'object\'', 'false', 'equivalent', CAN_BLOCK_TRY],
    ['LogicalOperator', 'typeof SharedArrayBuffer !== \'function\' || typeof Atomics !== \'object\'', 'typeof SharedArrayBuffer !== \'function\' && typeof Atomics !== \'object\'', 'equivalent', CAN_BLOCK_TRY],
    ['ConditionalExpression', 'typeof SharedArrayBuffer !== \'function\'', 'false', 'equivalent', CAN_BLOCK_TRY],
    ['ConditionalExpression', 'typeof Atomics !== \'object\'', 'false', 'equivalent', CAN_BLOCK_TRY],
    ['EqualityOperator', 'Date.now() > until', 'Date.now() >= until', 'equivalent', 'The deadline is polled every 2 ms with a millisecond clock: resolving false in the deadline\'s own millisecond rather than at the next poll changes no result.'],
  ]),
  ...inFile('src/kernels/wasm/encode.ts', [
    ['StringLiteral', "','", '""', 'equivalent', 'The signature key only has to tell signatures apart: every value type code (0x7b–0x7f) is three decimal digits and `>` separates parameters from results, so joining without a comma gives distinct keys for distinct signatures and the same type section.'],
  ]),
  ...inFile('src/kernels/wasm/gemmModule.ts', [
    ['ConditionalExpression', 'typeof WebAssembly === \'object\' && WebAssembly.validate(gemmModuleBytes(false))', 'true', 'platform', 'Every host here has WebAssembly with SIMD; it would matter only on an engine without them.'],
    ['LogicalOperator', 'typeof WebAssembly === \'object\' && WebAssembly.validate(gemmModuleBytes(false))', 'typeof WebAssembly === \'object\' || WebAssembly.validate(gemmModuleBytes(false))', 'platform', 'Every host here has WebAssembly with SIMD; it would matter only on an engine without SIMD.'],
    ['ConditionalExpression', 'typeof WebAssembly === \'object\'', 'true', 'platform', 'Every host here has WebAssembly; it would matter only on an engine without it.'],
    ['BooleanLiteral', 'false', 'true', 'platform', 'Validates the shared-memory build instead of the unshared one; both validate on every engine with SIMD and threads (all that run this), and would differ only on one with SIMD but no shared memory.', 'WebAssembly.validate(gemmModuleBytes(false))'],
    ['ArithmeticOperator', 'e.kc - 1', 'e.kc + 1', 'rounding', 'Splits k into one more equal depth block when k mod kc is 0 or kc − 1: only the grouping of each dot product\'s sums changes, which the contract leaves free within the rounding bound.'],
  ]),
  ...inFile('src/kernels/wasm/elem.ts', [
    ['ConditionalExpression', 'e.size === 4', 'true', 'equivalent', 'The alignment immediate is a hint: 2 (4 bytes) is at most the natural alignment of float64 accesses, so the module validates and every load and store reads and writes the same values.'],
  ]),
  ...inFile('src/kernels/wasm/elementwiseModule.ts', [
    ['ConditionalExpression', 'l.size === 4', 'true', 'equivalent', 'The alignment immediate is a hint: 2 (4 bytes) is at most the natural alignment of float64 accesses, so the module validates and every load and store reads and writes the same values.'],
    ['UnaryOperator', '-16', '+16', 'equivalent', 'end = nBytes & 16 is 0 or 16: the vector loop then covers at most one vector and the scalar loop, which computes the same lane arithmetic one element at a time, the rest; only slower.'],
  ]),
  ...inFile('src/kernels/wasm/elementwiseWasm.ts', [
    ['ArrowFunction', '(a) => a instanceof Float32Array', '() => undefined', 'equivalent', ROUTE],
    ['ConditionalExpression', 'e === null', 'true', 'equivalent', ROUTE],
    ['ConditionalExpression', 'r === null', 'true', 'equivalent', ROUTE],
    ['ConditionalExpression', 'second === null', 'false', 'equivalent', `A null in route's arrays is neither a Float32Array nor a Float64Array, so the call takes the typed-array loop. ${ROUTE}`],
    ['ArrayDeclaration', '[]', '["Stryker was here"]', 'equivalent', `A string in route's arrays is neither a Float32Array nor a Float64Array, so the call takes the typed-array loop. ${ROUTE}`],
    ['ConditionalExpression', "!sweep('axpy', [x, y], dst, null, (f, bytes) => f(X, Y, D, bytes, alpha))", 'true', 'equivalent', `The mutant drops the WebAssembly sweep and runs the typed-array loop. ${ROUTE}`],
    ['ConditionalExpression', "!sweep('relu', [x], dst, null, (f, bytes) => f(X, D, bytes))", 'true', 'equivalent', `The mutant drops the WebAssembly sweep and runs the typed-array loop. ${ROUTE}`],
    ['ConditionalExpression', "!sweep('reluBackward', [g, y], dst, null, (f, bytes) => f(X, Y, D, bytes))", 'true', 'equivalent', `The mutant drops the WebAssembly sweep and runs the typed-array loop. ${ROUTE}`],
    ['EqualityOperator', 'i < n', 'i <= n', 'equivalent', 'The extra chunk starts at n with length 0: it copies nothing in, runs the kernel over no element, and copies nothing out.'],
    ['ConditionalExpression', 'm === 1', 'false', 'equivalent', SAME_PATH],
    ['BlockStatement', "{ const f = e.fns[`${code}${swap ? 'SV' : 'VS'}${bits}`] const c = y[0] return chunks(view, size, n, chunk, dst, (i, len) => put(view, X / size, x, i, len), (_, len) => f(X, D, len * size, c)) }", '{}', 'equivalent', SAME_PATH],
    ['ConditionalExpression', 'm === n || m > chunk', 'true', 'equivalent', SAME_PATH],
    ['ConditionalExpression', 'm === n', 'false', 'equivalent', SAME_PATH],
    ['EqualityOperator', 'm === n', 'm !== n', 'equivalent', SAME_PATH],
    ['EqualityOperator', 'm > chunk', 'm >= chunk', 'equivalent', SAME_PATH],
    ['ArithmeticOperator', 'X / size', 'X * size', 'equivalent', REGION0],
    ['ArithmeticOperator', '2 * region', '2 / region', 'equivalent', 'd then lies at address 0 (a fraction truncated to 0), on x: every kernel reads element i of its inputs before it writes element i of its outputs, so computing in place gives the same values, and the copy out reads them from there.'],
  ]),
  ...inFile('src/kernels/wasm/pack.ts', [
    ['UnaryOperator', '-lanes', '+lanes', 'equivalent', PEND],
    ['ConditionalExpression', 'j === 0', 'false', 'equivalent', 'Computes out + stepBytes·0 for the first step: the same address.'],
    ['ConditionalExpression', 'i === 0', 'false', 'equivalent', 'Computes q + ls·0 for the first line: the same address.'],
  ]),
]
