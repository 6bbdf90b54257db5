/**
 * Finding the code the docs show: every ```ts fence of a markdown file, and every `@example` of
 * the doc comments in a source file, read as TypeDoc reads them (a tag with a ``` fence holds
 * markdown; one without is code as a whole). A fence preceded by `<!-- not run: reason -->` is kept
 * with its reason, so the caller can leave it out and still say why.
 */

/** One code block: where it starts (1-based line of its first code line) and its text. */
export interface Block {
  readonly file: string
  readonly line: number
  readonly code: string
  /** Set when a `<!-- not run: reason -->` marker precedes the block; may be '' (a bare marker). */
  readonly notRun?: string
}

const FENCE = /^\s*(`{3,})\s*([\w-]*)/
const NOT_RUN = /^\s*<!--\s*not run\b:?\s*(.*?)\s*-->\s*$/
const TS_LANGS = new Set(['ts', 'typescript'])

/** The ```ts blocks of markdown `lines`, whose first line is line `first` of `file`. */
export function fencedBlocks(file: string, lines: readonly string[], first = 1, langs = TS_LANGS): Block[] {
  const out: Block[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i])
    if (open === null) continue
    let j = i + 1
    while (j < lines.length && !new RegExp(`^\\s*${open[1]}\\s*$`).test(lines[j])) j++
    if (langs.has(open[2])) {
      const indent = /^\s*/.exec(lines[i])![0].length
      const code = lines.slice(i + 1, j).map((l) => l.slice(Math.min(indent, /^\s*/.exec(l)![0].length))).join('\n')
      let above = i - 1
      while (above >= 0 && lines[above].trim() === '') above--
      const marker = above >= 0 ? NOT_RUN.exec(lines[above]) : null
      out.push({ file, line: first + i + 1, code, ...(marker === null ? {} : { notRun: marker[1] }) })
    }
    i = j
  }
  return out
}

/** The lines of a `/** … *\/` comment without the comment syntax, each with its line in the file. */
function commentLines(text: string, start: number, startLine: number): { text: string; line: number }[] {
  const body = text.slice(start + 3, text.indexOf('*/', start + 3))
  return body.split('\n').map((l, i) => ({ text: (i === 0 ? l : l.replace(/^\s*\*(?: |$)/, '')).replace(/\s+$/, ''), line: startLine + i }))
}

/**
 * Where the first block tag of `text` starts, or -1: TypeDoc takes `@word` as a tag wherever
 * whitespace (or the line start) precedes it and whitespace (or the end) follows, outside `code`.
 */
function tagAt(text: string, from = 0): number {
  const tag = /(^|\s)@[a-z][\w-]*(?=\s|$)/gi
  tag.lastIndex = from
  for (let m = tag.exec(text); m !== null; m = tag.exec(text)) {
    const at = m.index + m[1].length
    if ((text.slice(0, at).match(/`/g) ?? []).length % 2 === 0) return at
  }
  return -1
}

/** Every `@example` block of the doc comments of a TypeScript source. */
export function exampleBlocks(file: string, source: string): Block[] {
  const out: Block[] = []
  for (const m of source.matchAll(/\/\*\*(?!\/)/g)) {
    const startLine = source.slice(0, m.index).split('\n').length
    const lines = commentLines(source, m.index, startLine)
    let fenced = false
    for (let i = 0; i < lines.length; i++) {
      if (FENCE.test(lines[i].text)) fenced = !fenced
      const at = fenced ? -1 : tagAt(lines[i].text)
      if (at < 0 || !/^@example(\s|$)/.test(lines[i].text.slice(at))) continue
      // The example runs to the next tag: later on this line, or on a later line outside a fence.
      const first = lines[i].text.slice(at + '@example'.length).replace(/^ /, '')
      const cut = tagAt(first)
      const content = [{ text: cut < 0 ? first : first.slice(0, cut), line: lines[i].line }]
      let inFence = false
      for (let j = i + 1; cut < 0 && j < lines.length; j++) {
        if (FENCE.test(lines[j].text)) inFence = !inFence
        const next = inFence ? -1 : tagAt(lines[j].text)
        content.push({ text: next < 0 ? lines[j].text : lines[j].text.slice(0, next), line: lines[j].line })
        if (next >= 0) break
        i = j
      }
      if (content.some((l) => FENCE.test(l.text))) {
        out.push(...fencedBlocks(file, content.map((l) => l.text), content[0].line))
        continue
      }
      let a = 0
      let b = content.length
      while (a < b && content[a].text.trim() === '') a++
      while (b > a && content[b - 1].text.trim() === '') b--
      if (a < b) out.push({ file, line: content[a].line, code: content.slice(a, b).map((l) => l.text.replace(/\s+$/, '')).join('\n') })
    }
  }
  return out
}
