/**
 * The layout tells the architecture: folders are layers and imports only go downward
 * (kernels → tensor → random, tree → nn → autodiff, optim → io → node). This test reads every
 * source file's imports and fails on one that reaches up or sideways across layers.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '..', 'src')
const rank: Record<string, number> = { kernels: 0, tensor: 1, random: 2, tree: 2, nn: 3, autodiff: 4, optim: 4, io: 5, node: 6, '.': 7 }

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : []
  })

const layerOf = (file: string): string => {
  const top = relative(root, file).split('/')[0]
  return top.endsWith('.ts') ? '.' : top
}

const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1])

describe('import direction', () => {
  const all = files(root)
  it('finds the source files', () => {
    expect(all.length).toBeGreaterThan(50)
  })
  it.each(all.map((f) => [relative(root, f), f]))('%s imports only its own or lower layers', (_, file) => {
    const from = layerOf(file)
    const bad = importsOf(file)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => layerOf(resolve(dirname(file), spec)))
      .filter((to) => rank[to] > rank[from] || (rank[to] === rank[from] && to !== from))
    expect(bad, `${relative(root, file)} (layer ${from}) imports from ${bad.join(', ')}`).toEqual([])
  })
  it('keeps Node-only modules out of the core', () => {
    const nodeImports = all
      .filter((f) => layerOf(f) !== 'node')
      .filter((f) => importsOf(f).some((s) => s.startsWith('node:') || ['fs', 'path', 'worker_threads', 'zlib'].includes(s)))
    expect(nodeImports.map((f) => relative(root, f))).toEqual([])
  })
})
