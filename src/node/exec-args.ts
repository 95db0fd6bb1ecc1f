// Splits EXEC_ARGS (extra node options, e.g. `--max-old-space-size=512 --inspect`) into words the
// way a shell would for plain words and quotes, without expanding anything.
import { ModulusError } from '../errors/modulus-error.js';

export function splitExecArgs(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && (text[i + 1] === '"' || text[i + 1] === '\\'))
        word += text[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new ModulusError('START_EXEC_ARGS', `EXEC_ARGS has an unclosed ${quote}: ${text}`);
  if (inWord) words.push(word);
  return words;
}
