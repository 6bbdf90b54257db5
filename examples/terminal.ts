/**
 * Terminal drawing for the examples: a progress bar that redraws one line, and a loss curve
 * plotted with block characters.
 */

/** A one-line progress bar `[#####.....] 50% label`, redrawn in place on a terminal. */
export function progress(done: number, total: number, label = '', width = 30): void {
  const filled = Math.round((done / Math.max(1, total)) * width)
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round((100 * done) / Math.max(1, total))).padStart(3)}% ${label}`
  if (process.stdout.isTTY) process.stdout.write(`\r${bar}`)
  else if (done === total) console.log(bar)
}

/** Clears the progress line on a terminal. */
export const endProgress = (): void => {
  if (process.stdout.isTTY) process.stdout.write('\r\x1b[K')
}

/** The values as a plot `height` rows high, one column per value, with the range on the axis. */
export function plot(values: readonly number[], { height = 8, title = '' } = {}): string {
  if (values.length === 0) return title
  const lo = Math.min(...values)
  const hi = Math.max(...values)
  const span = hi - lo || 1
  const rows: string[] = []
  for (let r = height - 1; r >= 0; r--) {
    const level = lo + (span * (r + 0.5)) / height
    const axis = r === height - 1 ? hi.toFixed(3).padStart(8) : r === 0 ? lo.toFixed(3).padStart(8) : ' '.repeat(8)
    rows.push(`${axis} |${values.map((v) => (v >= level ? '█' : ' ')).join('')}`)
  }
  rows.push(`${' '.repeat(8)} +${'-'.repeat(values.length)}`)
  return (title === '' ? '' : `${title}\n`) + rows.join('\n')
}
