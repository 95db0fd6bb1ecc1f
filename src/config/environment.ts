// `environment=KEY="a, b",K2=v`: supervisord splits it with Python's non-POSIX shlex (quotes
// kept in the token, `#` starts a comment) and takes tokens four at a time: key, '=', value, separator.
const WORD_CHARS = /[A-Za-z0-9_/.+\-():]/;
const WHITESPACE = ' \t\r\n';
const QUOTES = `'"`;

/** Python shlex.shlex(text) with wordchars += '/.+-():', as a token list. */
export function shlexTokens(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  const skipLine = (): void => {
    const nl = text.indexOf('\n', i);
    i = nl === -1 ? text.length : nl + 1;
  };
  while (i < text.length) {
    const ch = text[i++] as string;
    if (WHITESPACE.includes(ch)) continue;
    if (ch === '#') {
      skipLine();
      continue;
    }
    if (QUOTES.includes(ch)) {
      const close = text.indexOf(ch, i);
      if (close === -1) throw new Error(`no closing quotation for the ${ch} at offset ${i - 1}`);
      tokens.push(text.slice(i - 1, close + 1));
      i = close + 1;
      continue;
    }
    if (!WORD_CHARS.test(ch)) {
      tokens.push(ch);
      continue;
    }
    // A word: non-POSIX shlex lets quotes into a word, and a `#` inside one drops the rest of its line.
    let word = ch;
    while (i < text.length) {
      const next = text[i] as string;
      if (WHITESPACE.includes(next)) break;
      if (next === '#') {
        i++;
        skipLine();
        continue;
      }
      if (!WORD_CHARS.test(next) && !QUOTES.includes(next)) break;
      word += next;
      i++;
    }
    tokens.push(word);
  }
  return tokens;
}

function stripQuotes(token: string): string {
  let start = 0;
  let end = token.length;
  while (start < end && QUOTES.includes(token[start] as string)) start++;
  while (end > start && QUOTES.includes(token[end - 1] as string)) end--;
  return token.slice(start, end);
}

/** supervisord's dict_of_key_value_pairs; throws a plain Error on a malformed list. */
export function keyValuePairs(text: string): Record<string, string> {
  const tokens = shlexTokens(text);
  const result: Record<string, string> = {};
  for (let i = 0; i < tokens.length; i += 4) {
    const [key, eq, value] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    if (key === undefined || eq !== '=' || value === undefined) {
      throw new Error(`expected KEY=value pairs separated by commas, got ${JSON.stringify(text)}`);
    }
    // defineProperty so a key such as __proto__ stays an ordinary entry.
    Object.defineProperty(result, key, {
      value: stripQuotes(value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}
