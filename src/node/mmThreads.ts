/**
 * The helper-thread spawner for the WebAssembly matrix kernel over a static import of Node's
 * `worker_threads`. The kernel finds worker_threads by itself on Node ≥ 20.16
 * (`process.getBuiltinModule`); this entry serves older Node 20 releases and callers who prefer
 * to choose the spawner explicitly: `createWasmMm({ spawn: nodeSpawn })`.
 */
import * as workerThreads from 'node:worker_threads'
import { nodeSpawnFrom, type Spawn } from '../kernels/wasm/spawn.js'

/** Starts the kernel's helper as a Node worker thread (unref'd: it never keeps the process alive). */
export const nodeSpawn: Spawn = nodeSpawnFrom(workerThreads)
