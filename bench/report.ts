// Result tables: each scenario returns sections, printed as aligned text and written as markdown.

export interface Section {
  title: string;
  /** One paragraph: what is measured and how. */
  what: string;
  headers: string[];
  rows: string[][];
  /** Target verdicts and anything a reader must know to trust the numbers (timeouts, failures). */
  notes: string[];
}

export function toText(section: Section): string {
  const widths = section.headers.map((h, i) =>
    Math.max(h.length, ...section.rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    `== ${section.title}`,
    line(section.headers),
    line(widths.map((w) => '-'.repeat(w))),
    ...section.rows.map(line),
    ...section.notes.map((n) => `  * ${n}`),
  ].join('\n');
}

export function toMarkdown(section: Section): string {
  const row = (cells: string[]): string => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [
    `## ${section.title}`,
    '',
    section.what,
    '',
    row(section.headers),
    row(section.headers.map(() => '---')),
    ...section.rows.map(row),
    '',
    ...section.notes.map((n) => `- ${n}`),
  ].join('\n');
}

export function fixed(value: number | undefined, digits = 0): string {
  return value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);
}

export function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined || b === 0 ? '-' : `${(a / b).toFixed(2)}x`;
}

/** "met" or "MISSED", with the measured value and the target, for the notes. */
export function verdict(name: string, ok: boolean | undefined, detail: string): string {
  const word = ok === undefined ? 'NOT MEASURED' : ok ? 'met' : 'MISSED';
  return `target ${name}: ${word} (${detail})`;
}

export function ms(value: number | undefined): string {
  if (value === undefined) return '-';
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(0)} ms`;
}
