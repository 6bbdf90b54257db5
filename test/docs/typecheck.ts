/**
 * Type-checking doc examples with the TypeScript API: every block becomes an in-memory module of
 * one program, compiled with the project's tsconfig, where the package's entries resolve to their
 * sources ('immutorch' → src/index.ts, …). One program for all blocks, so the sources and the
 * libraries are parsed once; each block then gets only its own diagnostics, in its own lines.
 */
import { join } from 'node:path'
import ts from 'typescript'
import type { Block } from './blocks.js'

/** Where the package's public entries live in the sources. */
export const ENTRIES: Readonly<Record<string, string>> = {
  immutorch: 'src/index.ts',
  'immutorch/laws': 'laws/index.ts',
  'immutorch/node': 'src/node/index.ts',
}

/** The compiler options of `root`'s tsconfig.json, with the entries mapped to their sources. */
function optionsOf(root: string): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.json')
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile)
  if (error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'))
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configPath)
  const paths = Object.fromEntries(Object.entries(ENTRIES).map(([spec, file]) => [spec, [join(root, file)]]))
  return { ...options, paths, noEmit: true, declaration: false, sourceMap: false }
}

/**
 * The diagnostics of every block, as readable lines (`file:line: message`), in block order. The
 * blocks are virtual files next to the tests (so packages resolve from the project) and are
 * modules, so names in one block never clash with another's.
 */
export function typecheck(root: string, blocks: readonly Block[]): string[][] {
  const options = optionsOf(root)
  const names = blocks.map((_, i) => join(root, 'test', 'docs', `__example_${i}__.ts`))
  const texts = new Map(names.map((n, i) => [n, `${blocks[i].code}\nexport {}\n`]))
  const host = ts.createCompilerHost(options, true)
  const { fileExists, readFile, getSourceFile } = host
  host.fileExists = (f) => texts.has(f) || fileExists.call(host, f)
  host.readFile = (f) => texts.get(f) ?? readFile.call(host, f)
  host.getSourceFile = (f, lang, onError, create) => {
    const text = texts.get(f)
    return text === undefined ? getSourceFile.call(host, f, lang, onError, create) : ts.createSourceFile(f, text, lang, true)
  }
  const program = ts.createProgram({ rootNames: names, options, host })
  return names.map((name, i) => {
    const sf = program.getSourceFile(name)!
    const diagnostics = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]
    return diagnostics.map((d) => {
      const line = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line
      return `${blocks[i].file}:${blocks[i].line + line}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
    })
  })
}
