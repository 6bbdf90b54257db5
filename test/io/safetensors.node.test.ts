/**
 * The Node entry (src/node): saveFile/loadFile round trips through a temporary directory, read
 * failures and refused files as values, zero-copy loading when the read buffer is our own, and the
 * rule that nothing outside src/node imports `node:` modules.
 */
import { afterAll, describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadFile, saveFile } from '../../src/node/index.js'
import { tensor, zeros, type Tensor } from '../../src/tensor/index.js'
import { storageOf } from '../../src/tensor/tensor.js'

const dir = mkdtempSync(join(tmpdir(), 'immutorch-safetensors-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('saveFile / loadFile', () => {
  it('round trip with metadata and a tie', async () => {
    const w = tensor(new Float32Array(2048).map((_, i) => i / 7), { shape: [32, 64] })
    const path = join(dir, 'model.safetensors')
    await saveFile(path, new Map<string, Tensor>([['a.weight', w], ['a.steps', zeros([], { dtype: 'int64' })], ['b.weight', w]]), { format: 'pt' })
    const r = await loadFile(path)
    if (E.isLeft(r)) throw new Error(r.left.message)
    const t = r.right.tensors
    expect(t.get('a.weight')!.toTypedArray()).toEqual(w.toTypedArray())
    expect(t.get('b.weight')).toBe(t.get('a.weight'))
    expect([...r.right.metadata]).toEqual([['format', 'pt']])
    // The file's own buffer is not shared with anyone, so aligned tensors view it without a copy.
    expect(storageOf(t.get('a.weight')!).buffer.byteLength).toBe(statSync(path).size)
  })

  it('a missing file is a ReadFailed value', async () => {
    const r = await loadFile(join(dir, 'nope.safetensors'))
    expect(r).toMatchObject({ _tag: 'Left', left: { _tag: 'ReadFailed', code: 'ENOENT' } })
  })

  it('a refused file is its DecodeError', async () => {
    const path = join(dir, 'short.safetensors')
    writeFileSync(path, new Uint8Array([1, 2, 3]))
    expect(await loadFile(path)).toMatchObject({ _tag: 'Left', left: { _tag: 'HeaderTooSmall' } })
  })
})

describe('the core stays free of Node', () => {
  it('no file under src/ outside src/node imports a node: module', () => {
    const root = fileURLToPath(new URL('../../src/', import.meta.url))
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.startsWith('node'))
    expect(files.length).toBeGreaterThan(20)
    const offenders = files.filter((f) => /from\s+['"]node:|import\(['"]node:/.test(readFileSync(join(root, f), 'utf8')))
    expect(offenders).toEqual([])
  })
})
