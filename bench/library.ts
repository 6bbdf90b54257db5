/**
 * Which build of immutorch a benchmark measures: the TypeScript source as tsx runs it, or the
 * compiled build in dist/ (what `npm run build` emits and the package ships). tsx loads dist's .js
 * files untransformed, so a dist figure is the compiled code as Node runs it. The dist build is
 * loaded on demand, and reported stale when a source file is newer than it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import * as source from '../src/index.js'

/** The library's public entry, as either build exports it. */
export type Immutorch = typeof source

/** The source build (what every bench file imports statically). */
export const sourceLib: Immutorch = source

/** Where the repository's root is. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** What was found in dist/. */
export interface DistInfo {
  /** Path of the compiled entry. */
  readonly path: string
  /** Whether the compiled entry exists (and loaded). */
  readonly available: boolean
  /** Whether some file under src/ is newer than the compiled entry (run `npm run build`). */
  readonly stale: boolean
  /** When the compiled entry was written, ISO time. */
  readonly builtAt: string | null
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : e.name.endsWith('.ts') ? statSync(p).mtimeMs : 0)
  }
  return newest
}

/** Loads dist/src/index.js if it exists; says whether it is older than the source. */
export async function loadDist(): Promise<{ readonly lib: Immutorch | null; readonly info: DistInfo }> {
  const path = join(repoRoot, 'dist', 'src', 'index.js')
  if (!existsSync(path)) return { lib: null, info: { path, available: false, stale: true, builtAt: null } }
  const built = statSync(path).mtimeMs
  const lib = (await import(pathToFileURL(path).href)) as Immutorch
  const stale = newestMtime(join(repoRoot, 'src')) > built
  return { lib, info: { path, available: true, stale, builtAt: new Date(built).toISOString() } }
}
