/**
 * The docs' examples, checked: every ```ts block of README.md and every `@example` in the public
 * sources (src/ and laws/) is type-checked against the sources with the project's compiler
 * options, then run, with its imports of 'immutorch', 'immutorch/laws' and 'immutorch/node'
 * served by src/index.ts, laws/index.ts and src/node/index.ts. Each block is one test, named by
 * file and line. Comments stating a literal result (`x.shape // [2, 2]`) are asserted (run.ts).
 * A block marked `<!-- not run: reason -->` is left out, and must say why.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exampleBlocks, fencedBlocks, type Block } from './blocks.js'
import { runBlock } from './run.js'
import { typecheck } from './typecheck.js'

const root = resolve(import.meta.dirname, '..', '..')

/** The package's entries as the runner loads them, and anything else a block imports. */
const entries: Record<string, () => Promise<object>> = {
  immutorch: () => import('../../src/index.js'),
  'immutorch/laws': () => import('../../laws/index.js'),
  'immutorch/node': () => import('../../src/node/index.js'),
}

/**
 * A module a block imports. Other packages are imported as Node would for a user: a specifier that
 * Node's ESM loader refuses (a directory such as 'fp-ts/function', or a path without its extension)
 * is an error here too, though the test runner itself would resolve it.
 */
async function load(spec: string): Promise<object> {
  if (entries[spec] !== undefined) return entries[spec]()
  const url = import.meta.resolve(spec)
  if (url.startsWith('file:') && !statSync(fileURLToPath(url)).isFile()) {
    throw new Error(`'${spec}' resolves to ${fileURLToPath(url)}, which Node's ESM loader cannot import (a directory or a path without its extension)`)
  }
  return import(/* @vite-ignore */ spec)
}

const sources = (dir: string): string[] =>
  (readdirSync(join(root, dir), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(dir, f))
    .sort()

const readme = fencedBlocks('README.md', readFileSync(join(root, 'README.md'), 'utf8').split('\n'))
const examples = [...sources('src'), ...sources('laws')].flatMap((f) => exampleBlocks(f, readFileSync(join(root, f), 'utf8')))
const all: Block[] = [...readme, ...examples]
const runnable = all.filter((b) => b.notRun === undefined)
const name = (b: Block): string => `${b.file}:${b.line}`

describe('doc examples', () => {
  let diagnostics: string[][] = []
  // Blocks run in a scratch directory, so an example that writes 'model.safetensors' writes there.
  const home = process.cwd()
  let scratch = ''
  beforeAll(() => {
    diagnostics = typecheck(root, runnable)
    scratch = mkdtempSync(join(tmpdir(), 'immutorch-examples-'))
    process.chdir(scratch)
  }, 60_000)
  afterAll(() => {
    process.chdir(home)
    if (scratch !== '') rmSync(scratch, { recursive: true, force: true })
  })

  it('finds the README blocks and the examples of every public area', () => {
    expect(readme.length).toBeGreaterThanOrEqual(5)
    const areas = new Set(examples.map((b) => b.file.split('/').slice(0, 2).join('/')))
    for (const area of ['src/tensor', 'src/random', 'src/tree', 'src/nn', 'src/autodiff', 'src/optim', 'src/io', 'src/node', 'laws/module.ts']) {
      expect(areas, area).toContain(area)
    }
  })

  it('gives a reason for every block it does not run', () => {
    const bare = all.filter((b) => b.notRun !== undefined && b.notRun.trim() === '').map(name)
    expect(bare).toEqual([])
  })

  it.each(runnable.map((b, i) => [name(b), i] as const))('%s', async (label, i) => {
    const block = runnable[i]
    expect(diagnostics[i], `${label} does not type-check`).toEqual([])
    const log: string[] = []
    await runBlock(label, block.line, block.code, load, log)
  })
})
