/** Equivalent mutants of the `safetensors` target (src/io/safetensors). */
import { inFile, type Equivalent } from './kinds.js'

const SCAN = 'Small objects are checked for duplicate keys by a scan and large ones with a Set, for speed only: both find a key among the earlier ones exactly when it is there.'
const NAME_FAST_EXIT = 'A fast exit for names that contain none of the three words; the dotted-part test alone decides, and a name without the words has no part equal to one.'
const PAST_END = 'The extra pass reads past the end of the view (undefined, which no test counts as bad) and writes past the end of the output, which a typed array ignores.'

/** Readers and writers of safetensors files: speed-only shortcuts, passes past a typed array's end, and the host's byte order. */
export const safetensors: readonly Equivalent[] = [
  ...inFile('src/io/safetensors/json.ts', [
    ['ConditionalExpression', 'i < text.length', 'true', 'equivalent', 'At the end of the text charCodeAt gives NaN, which is not a space, so the loop stops there anyway.', 'isSpace'],
    ['EqualityOperator', 'i < text.length', 'i <= text.length', 'equivalent', 'At the end of the text charCodeAt gives NaN, which is not a space, so the loop stops there anyway.', 'isSpace'],
    ['ConditionalExpression', 'e !== undefined', 'true', 'equivalent', 'A backslash at the end of the text leaves e undefined, and hasOwnProperty looks it up as the key "undefined", which ESCAPES does not have: refused as an invalid escape either way.'],
    ['ConditionalExpression', 'c === 0x6e', 'true', 'equivalent', 'Any other first character is then expected to start "null", which it does not, and expectWord fails with the same reason at the same place as the direct failure.'],
    ['ConditionalExpression', 'entries.length >= SCAN_LIMIT', 'true', 'equivalent', SCAN],
    ['ConditionalExpression', 'entries.length >= SCAN_LIMIT', 'false', 'equivalent', SCAN],
    ['EqualityOperator', 'entries.length >= SCAN_LIMIT', 'entries.length > SCAN_LIMIT', 'equivalent', SCAN],
    ['EqualityOperator', 'entries.length >= SCAN_LIMIT', 'entries.length < SCAN_LIMIT', 'equivalent', SCAN],
    ['AssignmentOperator', 'seen ??= new Set(entries.map(([k]) => k))', 'seen &&= new Set(entries.map(([k]) => k))', 'equivalent', `The Set is then never built and every object is scanned. ${SCAN}`],
    ['ConditionalExpression', 'seen === undefined', 'true', 'equivalent', `Every object is then scanned (the Set is still kept up to date, unread). ${SCAN}`],
    ['MethodExpression', 'path.slice()', 'path', 'equivalent', 'The failure is thrown at once and ends the parse: the pops after each value are skipped, so the path list (private to this call) never changes after it is handed out.'],
  ]),
  ...inFile('src/io/safetensors/header.ts', [
    ['MethodExpression', 'entries.slice()', 'entries', 'equivalent', 'entries is a fresh list of this call that nothing reads after the sort, so sorting it in place instead of a copy changes nothing.'],
  ]),
  ...inFile('src/io/safetensors/endian.ts', [
    ['ConditionalExpression', 'new Uint8Array(new Uint16Array([1]).buffer)[0] === 1', 'true', 'platform', 'The probe is true on a little-endian host.'],
    ['ConditionalExpression', 'size === 1', 'false', 'equivalent', 'A shortcut: for one-byte elements every length is whole and the inner loop (a = b) swaps nothing.'],
    ['EqualityOperator', 'i < bytes.length', 'i <= bytes.length', 'equivalent', 'The extra element starts at the end of the view: every index it swaps is past the end, where a typed array reads undefined and ignores writes.'],
    ['EqualityOperator', 'a < b', 'a <= b', 'equivalent', 'The extra step swaps a byte with itself.'],
  ]),
  ...inFile('src/io/safetensors/decode.ts', [
    ['EqualityOperator', 'i < src.length', 'i <= src.length', 'equivalent', 'BOOL: src[src.length] is undefined, and undefined > 1 is false. U64: i runs 7, 15, … and the length is a multiple of 8, so i never equals it.'],
    ['EqualityOperator', 'i < n', 'i <= n', 'equivalent', PAST_END],
  ]),
  ...inFile('src/io/safetensors/names.ts', [
    ['ConditionalExpression', "!name.includes('__proto__') && !name.includes('constructor') && !name.includes('prototype')", 'false', 'equivalent', NAME_FAST_EXIT],
    ['StringLiteral', "'__proto__'", '""', 'equivalent', NAME_FAST_EXIT, 'includes'],
    ['StringLiteral', "'constructor'", '""', 'equivalent', NAME_FAST_EXIT, 'includes'],
    ['StringLiteral', "'prototype'", '""', 'equivalent', NAME_FAST_EXIT, 'includes'],
  ]),
]
