// Writing values into the supervisord dialect so that they read back byte for byte: through the
// lexer (line breaks, trimming, inline comments), %-expansion, and environment='s shlex tokens.
// Anything that cannot survive all three is refused with the reason, never altered.

/**
 * Expands to nothing (a %s of zero precision, of a name every program section has). Put between
 * whitespace and a `;` or `#` it stops them starting a comment, and at either end of a line it
 * keeps whitespace that the lexer would trim.
 */
export const EMPTY_EXPANSION = '%(program_name).0s';

/** Whitespace to any reader: JavaScript's \s (our lexer) and Python's str.isspace (supervisord's). */
function isSpace(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  return /\s/.test(ch) || ch === '\x85' || (ch >= '\x1c' && ch <= '\x1f');
}
/** The lexer's key line is matched with `.`, which stops at these; continuation lines are not. */
const LINE_SEPARATORS = /[\u2028\u2029]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** supervisord's shlex word characters (environment.ts), which a value may use unquoted. */
const WORD = /^[A-Za-z0-9_/.+\-():][A-Za-z0-9_/.+\-():'"]*$/;
const QUOTES = `'"`;

/** Why text cannot be written at all (or undefined): characters no supervisor.conf can carry. */
export function unwritable(text: string): string | undefined {
  if (text.includes('\0')) return 'it contains a NUL byte, which no environment or argument can carry';
  if (text.includes('\r'))
    return 'it contains a carriage return (\\r), which the config reader takes for a line break';
  if (LONE_SURROGATE.test(text)) return 'it contains an unpaired UTF-16 surrogate, which UTF-8 cannot encode';
  return undefined;
}

/** Python's `%` formatting reads every %: a literal one is written %%. */
export function escapePercent(text: string): string {
  return text.replace(/%/g, '%%');
}

function protectLine(line: string, continuation: boolean, last: boolean): string {
  let s = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    // `;` or `#` after whitespace starts an inline comment: put an expansion between them.
    if ((ch === ';' || ch === '#') && isSpace(line[i - 1])) s += EMPTY_EXPANSION;
    s += ch;
  }
  if (continuation && s === '') return last ? `  ${EMPTY_EXPANSION}` : '';
  if (isSpace(s[s.length - 1])) s += EMPTY_EXPANSION;
  // A continuation line starting with ; or # would be a whole-line comment.
  if (isSpace(s[0]) || (continuation && /^[;#]/.test(s))) s = EMPTY_EXPANSION + s;
  return continuation ? `  ${s}` : s;
}

/**
 * Lays text (already %-escaped) out as the lexer will read it back: each \n becomes an indented
 * continuation line, with EMPTY_EXPANSION wherever whitespace or a comment marker would be lost.
 */
export function layOutLines(text: string): string {
  const lines = text.split('\n');
  return lines.map((line, i) => protectLine(line, i > 0, i === lines.length - 1)).join('\n');
}

/** A one-line value (command, path, user name) as written after `key=`; throws the reason. */
export function iniValue(text: string): string {
  const bad = unwritable(text);
  if (bad) throw new Error(bad);
  if (text.includes('\n')) throw new Error('it contains a line break');
  if (LINE_SEPARATORS.test(text)) throw new Error('it contains a Unicode line or paragraph separator');
  return layOutLines(escapePercent(text));
}

/**
 * One environment= value as a shlex token that supervisord turns back into exactly value:
 * quoted with whichever quote it does not contain; a value with both must be a bare word.
 * supervisord strips every quote at either end of a token, so a value may not start or end with one.
 * Returns the token before %-escaping and line layout; throws the reason.
 */
export function environmentToken(value: string): string {
  const bad = unwritable(value);
  if (bad) throw new Error(bad);
  const edge = [value[0], value[value.length - 1]].find((c) => c !== undefined && QUOTES.includes(c));
  if (edge !== undefined) {
    const where = value[0] === edge ? 'starts' : 'ends';
    throw new Error(
      `it ${where} with a quote (${edge}), and supervisord strips quotes at either end of a value`,
    );
  }
  if (!value.includes('"')) return `"${value}"`;
  if (!value.includes("'")) return `'${value}'`;
  if (WORD.test(value)) return value;
  throw new Error(
    `it contains both ' and " as well as characters that need quoting (spaces, commas, =, %, # …), ` +
      'and supervisord has no escape for a quote inside a quoted value',
  );
}

/** Whether a token's first line would break the key line (see LINE_SEPARATORS). */
export function breaksKeyLine(token: string): boolean {
  return LINE_SEPARATORS.test(token.split('\n')[0] ?? '');
}
