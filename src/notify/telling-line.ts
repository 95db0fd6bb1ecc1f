// The one line of a crashed program's output that says what went wrong (pure): for Node.js that is
// the error line above the stack, not the `Node.js v20.20.2` it prints last, nor a stack frame or
// the closing brace of an error's properties.

const ERROR_LINE = /^(Uncaught )?([A-Z][A-Za-z]*)?(Error|Exception)\b.*?:|^\[?[A-Z_]+\]?: /;
const NOISE = [
  /^\s*$/,
  /^Node\.js v\d+\.\d+\.\d+$/,
  /^\s+at /,
  /^\s*\^+\s*$/,
  /^\s+\.\.\. \d+ lines? matching/,
];

export function tellingLine(lines: readonly string[]): string | undefined {
  for (let i = lines.length - 1; i >= 0 && i >= lines.length - 60; i--)
    if (ERROR_LINE.test(lines[i]!)) return lines[i];
  for (let i = lines.length - 1; i >= 0; i--) if (!NOISE.some((re) => re.test(lines[i]!))) return lines[i];
  return undefined;
}
