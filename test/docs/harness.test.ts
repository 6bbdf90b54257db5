/**
 * The doc-example harness itself: it finds blocks where TypeDoc and markdown put them, on the
 * right lines; it asserts literal result comments and ignores prose; a wrong result fails.
 */
import { describe, expect, it } from 'vitest'
import { exampleBlocks, fencedBlocks } from './blocks.js'
import { expectedOf, instrument, runBlock } from './run.js'
import * as immutorch from '../../src/index.js'

const load = async (spec: string): Promise<object> => {
  if (spec === 'immutorch') return immutorch
  throw new Error(`unexpected import ${spec}`)
}

describe('finding blocks', () => {
  it('reads ```ts fences of markdown, with their first line and not-run markers', () => {
    const md = ['# T', '```ts', 'a()', '```', '```sh', 'npm test', '```', '', '<!-- not run: needs a GPU -->', '', '```ts', 'b()', 'c()', '```']
    expect(fencedBlocks('R.md', md)).toEqual([
      { file: 'R.md', line: 3, code: 'a()' },
      { file: 'R.md', line: 12, code: 'b()\nc()', notRun: 'needs a GPU' },
    ])
  })

  it('reads one-line, multi-line and fenced @example tags of doc comments', () => {
    const src = [
      '/** One. @example g() `@internal` @returns h */', // a tag needs whitespace around it, outside `code`
      '/**',
      ' * Two.',
      ' * @example f(1) // 2',
      ' */',
      'export const f = 1',
      '/**',
      ' * Three.',
      ' * @example',
      ' * import { g } from "x"',
      ' *   g()',
      ' * @returns nothing',
      ' */',
      '/**',
      ' * @example A title',
      ' * ```ts',
      ' * h()',
      ' * ```',
      ' */',
    ].join('\n')
    expect(exampleBlocks('s.ts', src)).toEqual([
      { file: 's.ts', line: 1, code: 'g() `@internal`' },
      { file: 's.ts', line: 4, code: 'f(1) // 2' },
      { file: 's.ts', line: 10, code: 'import { g } from "x"\n  g()' },
      { file: 's.ts', line: 17, code: 'h()' },
    ])
  })
})

describe('asserting results', () => {
  it('reads literal comments, approximate numbers to the digits shown, and leaves prose alone', () => {
    expect(expectedOf('[2, 2]')).toEqual({ value: [2, 2] })
    expect(expectedOf("{ a: 'x', b: [-1, null, true] }")).toEqual({ value: { a: 'x', b: [-1, null, true] } })
    const approx = expectedOf('≈ -0.25')!.value
    expect(-0.254).toEqual(approx)
    expect(-0.256).not.toEqual(approx)
    for (const prose of ['broadcasting', 'float32 by default', 'x is mapped once', "Either<LoadError, Module>", '[1, 6, 24] → [1, 6, 12]']) {
      expect(expectedOf(prose), prose).toBeUndefined()
    }
  })

  it('turns only top-level expression statements with literal comments into checks', () => {
    const { code, checks } = instrument('const x = f() // 3\nx.shape // [2, 2]\ng(x)  // prose\n')
    expect(checks).toEqual([{ expected: [2, 2], line: 1 }])
    expect(code).toContain('__check(0, (x.shape));')
    expect(code).toContain('g(x)  // prose')
  })

  it('passes a block whose results match, and fails one whose stated result is wrong', async () => {
    const ok = "import { tensor } from 'immutorch'\ntensor([[1, 2]]).shape // [1, 2]\ntensor([1, 2]).add(1) // [2, 3]\nString(tensor([1.5])) // 'tensor([1.5000])'\n"
    await expect(runBlock('ok', 1, ok, load, [])).resolves.toBe(3)
    const wrong = "import { tensor } from 'immutorch'\ntensor([1, 2]).add(1) // [2, 4]\n"
    await expect(runBlock('wrong', 10, wrong, load, [])).rejects.toThrow(/wrong:11/)
  })

  it('runs top-level await and captures console output', async () => {
    const log: string[] = []
    await runBlock('log', 1, "const v = await Promise.resolve(2)\nconsole.log('v', v)\nv // 2\n", load, log)
    expect(log).toEqual(['v 2'])
  })
})
