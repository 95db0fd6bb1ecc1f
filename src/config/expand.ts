// Python's `template % names` as supervisord applies it to config values: %(name)s with printf
// flags, width and precision (%(process_num)02d), and %% for a literal percent sign.
export type ExpansionValue = string | number;
export type Expansions = Readonly<Record<string, ExpansionValue>>;

const FLAGS = '#0- +';
const CONVERSIONS = 'diouxXeEfFgGcrsa%';

/** Expands every %(name)… in template; throws a plain Error saying what is wrong. */
export function expand(template: string, names: Expansions): string {
  if (!template.includes('%')) return template;
  let out = '';
  let i = 0;
  while (i < template.length) {
    const pct = template.indexOf('%', i);
    if (pct === -1) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, pct);
    const spec = parseSpec(template, pct + 1);
    if (spec.conversion === '%' && spec.name === undefined) out += '%';
    else out += render(spec, names, template.slice(pct, spec.end));
    i = spec.end;
  }
  return out;
}

interface Spec {
  name: string | undefined;
  flags: string;
  width: number;
  precision: number | undefined;
  conversion: string;
  end: number;
}

function parseSpec(s: string, start: number): Spec {
  let i = start;
  let name: string | undefined;
  if (s[i] === '(') {
    // Python counts nested parentheses inside the key.
    let depth = 1;
    let j = i + 1;
    while (j < s.length && depth > 0) {
      if (s[j] === '(') depth++;
      else if (s[j] === ')') depth--;
      j++;
    }
    if (depth > 0) throw new Error('incomplete format key: "%(" without a closing ")"');
    name = s.slice(i + 1, j - 1);
    i = j;
  }
  let flags = '';
  while (i < s.length && FLAGS.includes(s[i] as string)) flags += s[i++];
  if (s[i] === '*') throw new Error('"*" width needs positional arguments, which config values cannot have');
  const widthDigits = /^\d*/.exec(s.slice(i))?.[0] ?? '';
  i += widthDigits.length;
  let precision: number | undefined;
  if (s[i] === '.') {
    i++;
    if (s[i] === '*')
      throw new Error('"*" precision needs positional arguments, which config values cannot have');
    const digits = /^\d*/.exec(s.slice(i))?.[0] ?? '';
    precision = digits === '' ? 0 : Number(digits);
    i += digits.length;
  }
  while (i < s.length && 'hlL'.includes(s[i] as string)) i++;
  const conversion = s[i];
  if (conversion === undefined)
    throw new Error('incomplete format: the value ends in the middle of a "%" expression');
  if (!CONVERSIONS.includes(conversion)) {
    throw new Error(`unsupported format character "${conversion}"; write %% for a literal percent sign`);
  }
  if (name === undefined && conversion !== '%') {
    throw new Error(
      `"%${conversion}" has no (name); use %(name)${conversion}, or %% for a literal percent sign`,
    );
  }
  return {
    name,
    flags,
    width: widthDigits === '' ? 0 : Number(widthDigits),
    precision,
    conversion,
    end: i + 1,
  };
}

function render(spec: Spec, names: Expansions, source: string): string {
  const name = spec.name as string;
  if (!Object.prototype.hasOwnProperty.call(names, name)) {
    const available = Object.keys(names).filter((k) => !k.startsWith('ENV_'));
    throw new Error(
      `unknown name "${name}" in ${source}; available: ${available.sort().join(', ')} and ENV_ followed by an environment variable name`,
    );
  }
  const value = names[name] as ExpansionValue;
  const body = convert(spec, value, source);
  return pad(spec, body);
}

function convert(spec: Spec, value: ExpansionValue, source: string): string {
  const c = spec.conversion;
  if (c === '%') return '%';
  if (c === 's' || c === 'r' || c === 'a') {
    let str = c === 's' ? String(value) : typeof value === 'number' ? String(value) : pyRepr(value);
    if (spec.precision !== undefined) str = str.slice(0, spec.precision);
    return str;
  }
  if (c === 'c') {
    if (typeof value === 'number') return String.fromCodePoint(value);
    if ([...value].length === 1) return value;
    throw new Error(`${source} needs a number or a single character, got ${JSON.stringify(value)}`);
  }
  if (typeof value !== 'number') {
    throw new Error(
      `${source} needs a number, but the value is the text ${JSON.stringify(value)}; use s instead of ${c}`,
    );
  }
  return signed(spec, value, magnitude(spec, Math.abs(value)));
}

function magnitude(spec: Spec, v: number): string {
  const alt = spec.flags.includes('#');
  switch (spec.conversion) {
    case 'd':
    case 'i':
    case 'u':
      return minDigits(String(Math.trunc(v)), spec.precision);
    case 'o':
      return (alt ? '0o' : '') + minDigits(Math.trunc(v).toString(8), spec.precision);
    case 'x':
      return (alt ? '0x' : '') + minDigits(Math.trunc(v).toString(16), spec.precision);
    case 'X':
      return (alt ? '0X' : '') + minDigits(Math.trunc(v).toString(16).toUpperCase(), spec.precision);
    case 'f':
    case 'F':
      return v.toFixed(spec.precision ?? 6);
    case 'e':
    case 'E': {
      const e = v.toExponential(spec.precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      return spec.conversion === 'E' ? e.toUpperCase() : e;
    }
    default: {
      // g/G: shortest of %e and %f at the given significant digits, trailing zeros dropped.
      const p = spec.precision === 0 ? 1 : (spec.precision ?? 6);
      const exp = v === 0 ? 0 : Math.floor(Math.log10(v));
      let str =
        exp < -4 || exp >= p
          ? v.toExponential(p - 1).replace(/e([+-])(\d)$/, 'e$10$2')
          : v.toFixed(Math.max(0, p - 1 - exp));
      if (!alt && str.includes('.')) str = str.replace(/(\.\d*?)0+(?=e|$)/, '$1').replace(/\.(?=e|$)/, '');
      return spec.conversion === 'G' ? str.toUpperCase() : str;
    }
  }
}

function minDigits(digits: string, precision: number | undefined): string {
  return precision !== undefined && digits.length < precision ? digits.padStart(precision, '0') : digits;
}

function signed(spec: Spec, value: number, body: string): string {
  const sign =
    value < 0 || Object.is(value, -0)
      ? '-'
      : spec.flags.includes('+')
        ? '+'
        : spec.flags.includes(' ')
          ? ' '
          : '';
  if (spec.flags.includes('0') && !spec.flags.includes('-') && sign.length + body.length < spec.width) {
    return sign + body.padStart(spec.width - sign.length, '0');
  }
  return sign + body;
}

function pad(spec: Spec, body: string): string {
  if (body.length >= spec.width) return body;
  return spec.flags.includes('-') ? body.padEnd(spec.width) : body.padStart(spec.width);
}

function pyRepr(value: string): string {
  const q = value.includes("'") && !value.includes('"') ? '"' : "'";
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r');
  return q + (q === "'" ? escaped.replace(/'/g, "\\'") : escaped) + q;
}
