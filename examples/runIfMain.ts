/**
 * Runs an example's `main` when its file is the program (`npx tsx examples/x.ts`), and not when
 * another example imports it.
 */
import { pathToFileURL } from 'node:url'

/** Calls `main` if the module at `url` is the entry point of the process. */
export function runIfMain(url: string, main: () => unknown): void {
  const entry = process.argv[1]
  if (entry !== undefined && pathToFileURL(entry).href === url) void main()
}
