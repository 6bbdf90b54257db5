/**
 * Vite's configuration for the live training page: the page's folder is the root, and the
 * library comes straight from ../../src as TypeScript. fp-ts is imported in src by its CommonJS
 * paths (`fp-ts/lib/…`, which Node's NodeNext resolution wants); the page takes the ES-module twin
 * in `fp-ts/es6/…` instead, so the bundle needs no CommonJS shim.
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const here = fileURLToPath(new URL('.', import.meta.url))
const repo = fileURLToPath(new URL('../..', import.meta.url))

export default defineConfig({
  root: here,
  base: './',
  resolve: {
    alias: [{ find: /^fp-ts\/lib\//, replacement: 'fp-ts/es6/' }],
  },
  server: { fs: { allow: [repo] } },
  build: { outDir: fileURLToPath(new URL('../../dist-web', import.meta.url)), emptyOutDir: true, target: 'es2022' },
  logLevel: 'warn',
})
