// Splits a command line into words the way Python's shlex.split (POSIX mode) does, which is
// how supervisord turns `command=` into argv: quotes and backslashes, no variables, no globs.
import { ModulusError } from '../errors/modulus-error.js';

export function splitShellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw unterminated(line, 'quotation');
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      inWord = true;
      for (;;) {
        if (i >= line.length) throw unterminated(line, 'quotation');
        const d = line[i]!;
        if (d === '"') break;
        // Inside double quotes a backslash escapes only " and \ (shlex's escapedquotes).
        if (d === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) {
          word += line[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      i++;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw unterminated(line, 'escape');
      word += line[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

function unterminated(line: string, what: string): ModulusError {
  return new ModulusError('SPAWN_FAILED', `can't parse command ${JSON.stringify(line)}: No closing ${what}`);
}
