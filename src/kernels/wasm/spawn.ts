/**
 * Starting the helper thread, per platform, without importing any platform module: a Web Worker
 * from a Blob URL in browsers (and in workers), and Node's worker_threads reached at run time
 * through `process.getBuiltinModule` (Node ≥ 20.16). Where neither exists, there is no spawner and
 * products run on the calling thread. A Node build that prefers a static import passes its own
 * `worker_threads` to `nodeSpawnFrom` (see src/node/mmThreads.ts).
 *
 * A spawner is handed the source of a `start(module, memory)` function, wraps it in its
 * platform's message glue, and posts the module and the shared memory once.
 */

/** What the kernel keeps of a started worker. */
export interface WorkerHandle {
  /** Ends the worker at once. */
  readonly terminate: () => void
}

/** Starts a worker running `start` (a function expression's source) on `init`. */
export type Spawn = (startSource: string, init: { readonly module: WebAssembly.Module; readonly memory: WebAssembly.Memory }) => WorkerHandle

/** The part of Node's `worker_threads` a spawner needs (structural, so no Node types are imported). */
export interface NodeWorkerThreads {
  readonly Worker: new (source: string, options: { eval: true }) => {
    postMessage(message: unknown): void
    terminate(): Promise<number>
    unref(): void
    on(event: 'error', listener: (e: unknown) => void): unknown
  }
}

/** A spawner over Node's worker_threads; the worker is unref'd so it never keeps a process alive. */
export const nodeSpawnFrom = (wt: NodeWorkerThreads): Spawn => (startSource, init) => {
  const glue = `const start = ${startSource}\nrequire('node:worker_threads').parentPort.once('message', (d) => start(d.module, d.memory))`
  const w = new wt.Worker(glue, { eval: true })
  w.unref()
  w.on('error', () => undefined) // start() reports its own failures through shared memory
  w.postMessage(init)
  return { terminate: () => void w.terminate() }
}

interface BrowserGlobals {
  readonly Worker?: new (url: string) => { postMessage(message: unknown): void; terminate(): void }
  readonly Blob?: new (parts: string[], options: { type: string }) => unknown
  readonly URL?: { createObjectURL(blob: unknown): string; revokeObjectURL(url: string): void }
}

/** A spawner over Web Workers (a classic worker from a Blob URL). */
export const browserSpawn = (g: BrowserGlobals): Spawn | undefined => {
  const { Worker, Blob, URL } = g
  if (Worker === undefined || Blob === undefined || URL === undefined) return undefined
  return (startSource, init) => {
    const glue = `const start = ${startSource}\nself.onmessage = (e) => start(e.data.module, e.data.memory)`
    const url = URL.createObjectURL(new Blob([glue], { type: 'text/javascript' }))
    const w = new Worker(url)
    w.postMessage(init)
    return {
      terminate: () => {
        w.terminate()
        URL.revokeObjectURL(url)
      },
    }
  }
}

/** This platform's spawner, or undefined when it cannot start threads. */
export function defaultSpawn(): Spawn | undefined {
  const g = globalThis as BrowserGlobals & { process?: { getBuiltinModule?: (id: string) => unknown } }
  if (typeof g.process?.getBuiltinModule === 'function') {
    const wt = g.process.getBuiltinModule('node:worker_threads') as NodeWorkerThreads | undefined
    if (wt !== undefined && typeof wt.Worker === 'function') return nodeSpawnFrom(wt)
  }
  return browserSpawn(g)
}
