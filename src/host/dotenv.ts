// `.env` files as people write them for dotenv and docker compose (pure): `K=V`, `export K=V`,
// single quotes (literal), double quotes (\n \t \" \\ escapes, may span lines), backticks, and
// `#` comments on their own line or after an unquoted value; `K` alone passes our own value on.
// Refused, with the file and line: a quote never closed, text after a closing quote, and
// `${NAME}` outside single quotes (other tools expand it; we would pass it on unexpanded).

export interface DotenvEntry {
  readonly name: string;
  /** Undefined for a bare `K` (pass ours on). */
  readonly value: string | undefined;
  readonly line: number;
}

export class DotenvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const DOUBLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '"': '"',
  '\\': '\\',
  $: '$',
};

function checkNoExpansion(value: string, line: number): void {
  const m = /\$\{[^}]*\}?/.exec(value);
  if (m)
    throw new DotenvError(
      line,
      `${m[0]} would be expanded by docker compose and dotenv-expand, but is passed on as written here; write the value itself, or single-quote it to mean it literally`,
    );
}

/** A quoted value starting at lines[i] after `=`; returns it and the index of its last line. */
function quoted(lines: readonly string[], i: number, rest: string): { value: string; end: number } {
  const quote = rest[0]!;
  let text = rest.slice(1);
  let end = i;
  let value = '';
  for (;;) {
    let j = 0;
    for (; j < text.length; j++) {
      const c = text[j]!;
      if (quote === '"' && c === '\\' && j + 1 < text.length) {
        const next = text[++j]!;
        value += DOUBLE_ESCAPES[next] ?? `\\${next}`;
      } else if (c === quote) break;
      else value += c;
    }
    if (j < text.length) {
      const after = text.slice(j + 1).trim();
      if (after !== '' && !after.startsWith('#'))
        throw new DotenvError(end + 1, `text after the closing ${quote}: ${JSON.stringify(after)}`);
      if (quote === '"') checkNoExpansion(value, i + 1);
      return { value, end };
    }
    if (end + 1 >= lines.length) throw new DotenvError(i + 1, `the ${quote} quote is never closed`);
    value += '\n';
    text = lines[++end]!;
  }
}

export function parseDotenv(text: string): DotenvEntry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const entries: DotenvEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trimStart();
    if (line === '' || line.startsWith('#')) continue;
    line = line.replace(/^export\s+/, '');
    const at = line.indexOf('=');
    if (at < 0) {
      entries.push({ name: line.trimEnd(), value: undefined, line: i + 1 });
      continue;
    }
    const name = line.slice(0, at).trimEnd();
    const rest = line.slice(at + 1).trimStart();
    if (rest.startsWith('"') || rest.startsWith("'") || rest.startsWith('`')) {
      const { value, end } = quoted(lines, i, rest);
      entries.push({ name, value, line: i + 1 });
      i = end;
      continue;
    }
    const value = rest.replace(/\s+#.*$/, '').trimEnd();
    checkNoExpansion(value, i + 1);
    entries.push({ name, value, line: i + 1 });
  }
  return entries;
}
