// Decodes XML-RPC methodCall and methodResponse bodies into XmlRpcValue, strictly: every malformed
// or out-of-range input throws a ModulusError RPC_BAD_XML, which the server answers with HTTP 400.
// Values are built straight from the scanner's tokens (no tree first): a 100-process
// getAllProcessInfo answer is ~110 KB and supervisorctl decodes it before the JIT has warmed up.
import { ModulusError } from '../errors/modulus-error.js';
import { XmlScanner } from './xml-parser.js';
import {
  DEFAULT_XMLRPC_LIMITS,
  INT32_MAX,
  INT32_MIN,
  isXmlRpcStruct,
  setMember,
  type XmlRpcLimits,
  type XmlRpcStruct,
  type XmlRpcValue,
} from './xmlrpc-value.js';

export interface MethodCall {
  readonly methodName: string;
  readonly params: XmlRpcValue[];
}

export type MethodResponse =
  | { readonly kind: 'response'; readonly value: XmlRpcValue }
  | { readonly kind: 'fault'; readonly faultCode: number; readonly faultString: string };

const SPACE_ONLY = /^[ \t\r\n]*$/;
/**
 * One whole struct member holding a scalar, as Python writes it: name, then a typed or bare value.
 * Read in one regex step because it is most of a large response; anything else takes the token path.
 */
const SIMPLE_MEMBER =
  /[ \t\n]*<member>[ \t\n]*<name>([^<&\r]*)<\/name>[ \t\n]*<value>(?:<(string|int|i4)>([^<&\r]*)<\/\2>|([^<&\r]*))<\/value>[ \t\n]*<\/member>/y;

function bad(reason: string): never {
  throw new ModulusError('RPC_BAD_XML', `malformed XML-RPC: ${reason}`);
}

function openRoot(body: string | Uint8Array, limits: XmlRpcLimits, rootName: string): XmlScanner {
  if (body.length > limits.maxBytes) bad(`body longer than ${limits.maxBytes} bytes`);
  // Each value level costs up to four elements (value, struct, member, value).
  const xml = new XmlScanner(body, { maxDepth: limits.maxValueDepth * 4 + 8, maxLength: limits.maxBytes });
  const token = xml.next();
  if (token !== 'start' || xml.name !== rootName) bad(`expected <${rootName}>, got <${xml.name}>`);
  return xml;
}

/** The root has closed; the scanner has already checked that only comments and space follow. */
function closeRoot(xml: XmlScanner): void {
  if (xml.next() !== 'eof') bad('content after the root element');
}

export function decodeMethodCall(body: string | Uint8Array, limits = DEFAULT_XMLRPC_LIMITS): MethodCall {
  const xml = openRoot(body, limits, 'methodCall');
  let methodName: string | undefined;
  let params: XmlRpcValue[] = [];
  for (let child = nextChild(xml, 'methodCall'); child !== undefined; child = nextChild(xml, 'methodCall')) {
    if (child === 'methodName' && methodName === undefined) methodName = readText(xml, child);
    else if (child === 'params') params = decodeParams(xml, limits);
    else bad(`unexpected <${child}> in <methodCall>`);
  }
  closeRoot(xml);
  // supervisord answers 400 when the method name is missing or empty.
  if (methodName === undefined || methodName === '') bad('no method name');
  return { methodName, params };
}

export function decodeMethodResponse(
  body: string | Uint8Array,
  limits = DEFAULT_XMLRPC_LIMITS,
): MethodResponse {
  const xml = openRoot(body, limits, 'methodResponse');
  const child = nextChild(xml, 'methodResponse');
  if (child === undefined) bad('<methodResponse> must hold one <params> or <fault>');
  let result: MethodResponse;
  if (child === 'params') {
    const params = decodeParams(xml, limits);
    if (params.length !== 1) bad(`a response carries one value, got ${params.length}`);
    result = { kind: 'response', value: params[0] as XmlRpcValue };
  } else if (child === 'fault') {
    result = decodeFault(xml, limits);
  } else {
    return bad(`unexpected <${child}> in <methodResponse>`);
  }
  if (nextChild(xml, 'methodResponse') !== undefined)
    bad('<methodResponse> must hold one <params> or <fault>');
  closeRoot(xml);
  return result;
}

function decodeFault(xml: XmlScanner, limits: XmlRpcLimits): MethodResponse {
  if (nextChild(xml, 'fault') !== 'value') bad('<fault> must hold one <value>');
  const fault = decodeValue(xml, limits, 0);
  if (nextChild(xml, 'fault') !== undefined) bad('<fault> must hold one <value>');
  if (!isXmlRpcStruct(fault)) bad('a fault value must be a struct');
  const { faultCode, faultString } = fault;
  if (typeof faultCode !== 'number' || typeof faultString !== 'string') {
    bad('a fault needs an int faultCode and a string faultString');
  }
  return { kind: 'fault', faultCode, faultString };
}

/** Reads <params>'s children, up to and including </params>. */
function decodeParams(xml: XmlScanner, limits: XmlRpcLimits): XmlRpcValue[] {
  const params: XmlRpcValue[] = [];
  for (let param = nextChild(xml, 'params'); param !== undefined; param = nextChild(xml, 'params')) {
    if (param !== 'param') bad(`unexpected <${param}> in <params>`);
    if (nextChild(xml, 'param') !== 'value') bad('<param> must hold one <value>');
    params.push(decodeValue(xml, limits, 0));
    if (nextChild(xml, 'param') !== undefined) bad('<param> must hold one <value>');
  }
  return params;
}

/** Decodes a <value> whose start tag was just read, up to and including </value>. */
function decodeValue(xml: XmlScanner, limits: XmlRpcLimits, depth: number): XmlRpcValue {
  let text = '';
  let token = xml.next();
  for (; token === 'text'; token = xml.next()) text += xml.text;
  if (token === 'end') return text;
  if (!SPACE_ONLY.test(text)) bad('unexpected text inside <value>');
  const value = decodeTyped(xml, xml.name, limits, depth);
  if (nextChild(xml, 'value') !== undefined) bad('<value> must hold one typed element');
  return value;
}

function decodeTyped(xml: XmlScanner, type: string, limits: XmlRpcLimits, depth: number): XmlRpcValue {
  switch (type) {
    case 'int':
    case 'i4':
      return decodeInt(readText(xml, type).trim());
    case 'boolean':
      return decodeBoolean(readText(xml, type).trim());
    case 'string':
      return readText(xml, type);
    case 'double':
      return decodeDouble(readText(xml, type).trim());
    case 'dateTime.iso8601':
      return decodeDateTime(readText(xml, type).trim());
    case 'base64':
      return decodeBase64(readText(xml, type));
    case 'nil':
      if (xml.next() !== 'end') bad('<nil/> must be empty');
      return null;
    case 'array':
      return decodeArray(xml, limits, depth + 1);
    case 'struct':
      return decodeStruct(xml, limits, depth + 1);
    default:
      return bad(`unknown value type <${type}>`);
  }
}

function decodeArray(xml: XmlScanner, limits: XmlRpcLimits, depth: number): XmlRpcValue[] {
  if (depth > limits.maxValueDepth) bad(`values nested deeper than ${limits.maxValueDepth}`);
  if (nextChild(xml, 'array') !== 'data') bad('<array> must hold one <data>');
  const items: XmlRpcValue[] = [];
  for (let value = nextChild(xml, 'data'); value !== undefined; value = nextChild(xml, 'data')) {
    if (value !== 'value') bad(`unexpected <${value}> in <data>`);
    items.push(decodeValue(xml, limits, depth));
  }
  if (nextChild(xml, 'array') !== undefined) bad('<array> must hold one <data>');
  return items;
}

function decodeStruct(xml: XmlScanner, limits: XmlRpcLimits, depth: number): XmlRpcStruct {
  if (depth > limits.maxValueDepth) bad(`values nested deeper than ${limits.maxValueDepth}`);
  const result: XmlRpcStruct = {};
  for (;;) {
    const simple = xml.matchHere(SIMPLE_MEMBER, 3);
    if (simple !== null) {
      addMember(result, simple[1] ?? '', simpleValue(simple));
      continue;
    }
    const member = nextChild(xml, 'struct');
    if (member === undefined) return result;
    if (member !== 'member') bad(`unexpected <${member}> in <struct>`);
    if (nextChild(xml, 'member') !== 'name') bad('<member> must hold <name> then <value>');
    const name = readText(xml, 'name');
    if (nextChild(xml, 'member') !== 'value') bad('<member> must hold <name> then <value>');
    const value = decodeValue(xml, limits, depth);
    if (nextChild(xml, 'member') !== undefined) bad('<member> must hold <name> then <value>');
    addMember(result, name, value);
  }
}

/** The value of a SIMPLE_MEMBER match: a string, or an int checked as the token path checks it. */
function simpleValue([, , type, typed = '', bare = '']: RegExpExecArray): XmlRpcValue {
  if (type === undefined) return bare;
  return type === 'string' ? typed : decodeInt(typed.trim());
}

function addMember(struct: XmlRpcStruct, name: string, value: XmlRpcValue): void {
  // Plain assignment is safe for every name but __proto__, which must stay data.
  if (name === '__proto__') setMember(struct, name, value);
  else struct[name] = value;
}

function decodeInt(text: string): number {
  if (!/^[+-]?[0-9]{1,20}$/.test(text)) bad(`bad int "${text.slice(0, 40)}"`);
  const n = Number(text);
  if (n < INT32_MIN || n > INT32_MAX) bad(`int ${text} is out of the 32-bit range`);
  return n === 0 ? 0 : n;
}

function decodeBoolean(text: string): boolean {
  if (text === '1') return true;
  if (text === '0') return false;
  return bad(`bad boolean "${text.slice(0, 40)}" (expected 0 or 1)`);
}

function decodeDouble(text: string): number {
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(text) || text.length > 400) {
    bad(`bad double "${text.slice(0, 40)}"`);
  }
  const n = Number(text);
  if (!Number.isFinite(n)) bad(`double ${text.slice(0, 40)} is out of range`);
  return n;
}

const DATE_TIME = /^([0-9]{4})-?([0-9]{2})-?([0-9]{2})T([0-9]{2}):?([0-9]{2}):?([0-9]{2})$/;

function decodeDateTime(text: string): Date {
  const m = DATE_TIME.exec(text);
  if (m === null) bad(`bad dateTime.iso8601 "${text.slice(0, 40)}"`);
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year);
  if (
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    bad(`dateTime.iso8601 "${text}" is not a real date`);
  }
  return date;
}

function decodeBase64(text: string): Uint8Array {
  const compact = text.replace(/[ \t\r\n]+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) bad('bad base64');
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

/** The next child element's name, or undefined at the parent's end tag; text between must be space. */
function nextChild(xml: XmlScanner, parent: string): string | undefined {
  for (;;) {
    const token = xml.nextTag();
    if (token === 'start') return xml.name;
    if (token === 'end') return undefined;
    if (token === 'eof') return bad(`unexpected end of document in <${parent}>`);
    if (!SPACE_ONLY.test(xml.text)) bad(`unexpected text inside <${parent}>`);
  }
}

/** The text of an element that must hold text only, up to and including its end tag. */
function readText(xml: XmlScanner, element: string): string {
  let text = '';
  for (;;) {
    const token = xml.next();
    if (token === 'end') return text;
    if (token !== 'text') bad(`unexpected <${xml.name}> inside <${element}>`);
    text += xml.text;
  }
}
