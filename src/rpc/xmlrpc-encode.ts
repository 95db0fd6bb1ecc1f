// Encodes XML-RPC methodResponse, fault and methodCall bodies, in the layout Python's xmlrpc.client
// writes, so supervisorctl and anything written against supervisord read them unchanged.
import { ModulusError } from '../errors/modulus-error.js';
import { DEFAULT_XMLRPC_LIMITS, INT32_MAX, INT32_MIN, type XmlRpcValue } from './xmlrpc-value.js';

const HEADER = '<?xml version="1.0"?>\n';

export function encodeMethodResponse(value: XmlRpcValue): string {
  return `${HEADER}<methodResponse>\n<params>\n<param>\n${encodeValue(value)}</param>\n</params>\n</methodResponse>\n`;
}

export function encodeFault(faultCode: number, faultString: string): string {
  const fault = encodeValue({ faultCode, faultString });
  return `${HEADER}<methodResponse>\n<fault>\n${fault}</fault>\n</methodResponse>\n`;
}

export function encodeMethodCall(methodName: string, params: readonly XmlRpcValue[]): string {
  const encoded = params.map((p) => `<param>\n${encodeValue(p)}</param>\n`).join('');
  return `${HEADER}<methodCall>\n<methodName>${escapeText(methodName)}</methodName>\n<params>\n${encoded}</params>\n</methodCall>\n`;
}

/** One `<value>…</value>\n`; throws on values XML-RPC cannot carry (NaN, cycles, functions). */
export function encodeValue(value: XmlRpcValue): string {
  const out: string[] = [];
  write(value, out, new Set(), 0);
  return out.join('');
}

function unencodable(reason: string): never {
  throw new ModulusError('RPC_BAD_XML', `cannot encode as XML-RPC: ${reason}`);
}

function write(value: XmlRpcValue, out: string[], seen: Set<object>, depth: number): void {
  if (depth > DEFAULT_XMLRPC_LIMITS.maxValueDepth) unencodable('values nested too deeply');
  if (value === null) out.push('<value><nil/></value>\n');
  else if (typeof value === 'number') out.push(encodeNumber(value));
  else if (typeof value === 'boolean') out.push(`<value><boolean>${value ? 1 : 0}</boolean></value>\n`);
  else if (typeof value === 'string') out.push(`<value><string>${escapeText(value)}</string></value>\n`);
  else if (value instanceof Date)
    out.push(`<value><dateTime.iso8601>${formatDateTime(value)}</dateTime.iso8601></value>\n`);
  else if (value instanceof Uint8Array)
    out.push(`<value><base64>\n${Buffer.from(value).toString('base64')}\n</base64></value>\n`);
  else if (typeof value === 'object') {
    if (seen.has(value)) unencodable('a value contains itself');
    seen.add(value);
    if (Array.isArray(value)) {
      out.push('<value><array><data>\n');
      for (const item of value) write(item, out, seen, depth + 1);
      out.push('</data></array></value>\n');
    } else {
      out.push('<value><struct>\n');
      for (const [name, member] of Object.entries(value)) {
        out.push(`<member>\n<name>${escapeText(name)}</name>\n`);
        write(member, out, seen, depth + 1);
        out.push('</member>\n');
      }
      out.push('</struct></value>\n');
    }
    seen.delete(value);
  } else unencodable(`a ${typeof value}`);
}

function encodeNumber(n: number): string {
  if (!Number.isFinite(n)) unencodable(`the number ${n}`);
  if (Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX)
    return `<value><int>${n === 0 ? 0 : n}</int></value>\n`;
  return `<value><double>${formatDouble(n)}</double></value>\n`;
}

/** Plain decimal notation where it is exact (Python's repr also reads back exponent forms). */
function formatDouble(n: number): string {
  const s = String(n);
  return Number.isInteger(n) && !s.includes('e') ? `${s}.0` : s;
}

function formatDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) unencodable('an invalid Date');
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) unencodable(`the year ${year}`);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return (
    `${pad(year, 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
  );
}

/**
 * Escapes &, < and > as xmlrpc.client does, and also \r (which a parser would turn into \n) and
 * other control characters as character references, so the text reads back exactly. XML cannot
 * carry NUL and UTF-8 cannot carry a lone surrogate: both become U+FFFD rather than failing a whole
 * response over one byte of a log.
 */
export function escapeText(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this escapes
  if (!/[&<>\u0000-\u0008\u000b-\u001f\ud800-\udfff]/.test(text)) return text;
  return text.replace(
    // eslint-disable-next-line no-control-regex -- as above
    /[&<>\u0000-\u0008\u000b-\u001f]|[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]/g,
    (c) => {
      if (c === '&') return '&amp;';
      if (c === '<') return '&lt;';
      if (c === '>') return '&gt;';
      if (c.length === 2) return c;
      const code = c.charCodeAt(0);
      if (code === 0 || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return `&#${code};`;
    },
  );
}
