/**
 * Running a doc example: TypeScript's transpiler turns the block into a CommonJS body, which runs
 * as an async function (so top-level `await` works) with a `require` that hands back modules the
 * test runner loaded, the package's entries included: one transform per block, no files written.
 * A statement `expr // value` whose comment is a literal (`[2, 2]`, `'a=1'`, `{ a: 11 }`, `true`)
 * becomes an assertion that `expr` equals it: tensors by `toArray()`, typed arrays as arrays,
 * bigints as numbers, against a string by `String(expr)`; `// ≈ 0.4185` compares to the digits
 * shown. Any other comment is prose and asserts nothing.
 */
import ts from 'typescript'
import { expect } from 'vitest'
import { Tensor } from '../../src/index.js'

const parse = (text: string): ts.SourceFile => ts.createSourceFile('example.ts', text, ts.ScriptTarget.ES2022, true)

/** Decimal places a numeric literal shows: `0.25` → 2, `1e-5` → 5, `3` → 0. */
function placesOf(text: string): number {
  const [mantissa, exponent = '0'] = text.toLowerCase().split('e')
  return Math.max(0, (mantissa.split('.')[1] ?? '').length - Number(exponent))
}

/** A number literal's value, or a matcher within its shown digits when `approx`. */
const num = (lit: ts.NumericLiteral, sign: 1 | -1, approx: boolean): unknown =>
  approx ? expect.closeTo(sign * Number(lit.text), placesOf(lit.getText())) : sign * Number(lit.text)

/** The value a comment's literal denotes, or undefined when the comment is prose. */
function literal(node: ts.Expression, approx: boolean): { value: unknown } | undefined {
  const all = <T>(xs: readonly (T | undefined)[]): T[] | undefined => (xs.every((x) => x !== undefined) ? (xs as T[]) : undefined)
  if (ts.isParenthesizedExpression(node)) return literal(node.expression, approx)
  if (ts.isNumericLiteral(node)) return { value: num(node, 1, approx) }
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) {
    return { value: num(node.operand, -1, approx) }
  }
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { value: node.text }
  if (ts.isBigIntLiteral(node)) return { value: Number(node.text.slice(0, -1)) }
  if (node.kind === ts.SyntaxKind.TrueKeyword) return { value: true }
  if (node.kind === ts.SyntaxKind.FalseKeyword) return { value: false }
  if (node.kind === ts.SyntaxKind.NullKeyword) return { value: null }
  if (ts.isIdentifier(node) && (node.text === 'NaN' || node.text === 'Infinity')) return { value: Number(node.text) }
  if (ts.isArrayLiteralExpression(node)) {
    const items = all(node.elements.map((e) => literal(e, approx)))
    return items && { value: items.map((x) => x.value) }
  }
  if (ts.isObjectLiteralExpression(node)) {
    const entries = all(node.properties.map((p) => {
      if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) return undefined
      const v = literal(p.initializer, approx)
      return v && ([p.name.text, v.value] as const)
    }))
    return entries && { value: Object.fromEntries(entries) }
  }
  return undefined
}

/** The expected value a trailing `// …` comment states, if it is a literal (or `≈ literal`). */
export function expectedOf(comment: string): { value: unknown } | undefined {
  const approx = comment.startsWith('≈')
  const text = approx ? comment.slice(1) : comment
  const sf = parse(`(${text}\n)`)
  const diagnostics = (sf as unknown as { parseDiagnostics: readonly unknown[] }).parseDiagnostics
  const [stmt] = sf.statements
  if (diagnostics.length > 0 || sf.statements.length !== 1 || !ts.isExpressionStatement(stmt)) return undefined
  return literal(stmt.expression, approx)
}

/** What an asserted statement must give, and where it is. */
export interface Check {
  readonly expected: unknown
  /** The statement's line in the block, from 0. */
  readonly line: number
}

/**
 * The block with each asserted top-level statement `expr // literal` replaced by
 * `__check(i, expr)`, and the checks by index.
 */
export function instrument(code: string): { code: string; checks: Check[] } {
  const sf = parse(code)
  const checks: Check[] = []
  const edits: { start: number; end: number; text: string }[] = []
  for (const stmt of sf.statements) {
    if (!ts.isExpressionStatement(stmt)) continue
    const [comment] = ts.getTrailingCommentRanges(code, stmt.end) ?? []
    if (comment?.kind !== ts.SyntaxKind.SingleLineCommentTrivia) continue
    const expected = expectedOf(code.slice(comment.pos + 2, comment.end).trim())
    if (expected === undefined) continue
    const start = stmt.getStart(sf)
    edits.push({ start, end: stmt.end, text: `__check(${checks.length}, (${stmt.expression.getText(sf)}));` })
    checks.push({ expected: expected.value, line: sf.getLineAndCharacterOfPosition(start).line })
  }
  let out = code
  for (const e of edits.reverse()) out = out.slice(0, e.start) + e.text + out.slice(e.end)
  return { code: out, checks }
}

/** A value in the plain form a literal can state: tensors as nested arrays, typed arrays as arrays. */
export function plain(v: unknown): unknown {
  if (v instanceof Tensor) return v.toArray()
  if (typeof v === 'bigint') return Number(v)
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<unknown>, plain)
  if (Array.isArray(v)) return v.map(plain)
  if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]))
  }
  return v
}

/** Module specifiers a transpiled block requires. */
const requiredBy = (js: string): string[] => [...new Set([...js.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]))]

const AsyncFunction = (async () => {}).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<void>

/**
 * Runs `code` (a block's text): its imports come from `load` (a specifier → module namespace), its
 * console output goes to `log`, and each asserted statement is checked, named `name:line`.
 */
export async function runBlock(name: string, firstLine: number, code: string, load: (spec: string) => Promise<object>, log: string[]): Promise<number> {
  const { code: instrumented, checks } = instrument(code)
  const js = ts.transpileModule(instrumented, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: 'example.ts',
  }).outputText
  // Marked as ES modules, so the interop helpers pass named and default imports straight through.
  const modules = new Map(await Promise.all(requiredBy(js).map(async (s) => [s, { __esModule: true, ...(await load(s)) }] as const)))
  const require = (s: string): unknown => modules.get(s)
  const print = (...xs: unknown[]): void => void log.push(xs.map(String).join(' '))
  const console = { log: print, info: print, warn: print, error: print }
  const check = (i: number, actual: unknown): void => {
    const { expected, line } = checks[i]
    const shown = typeof expected === 'string' && typeof actual !== 'string' ? String(actual) : plain(actual)
    expect(shown, `${name}:${firstLine + line}`).toEqual(expected)
  }
  await new AsyncFunction('require', 'exports', 'module', 'console', '__check', js)(require, {}, { exports: {} }, console, check)
  return checks.length
}
