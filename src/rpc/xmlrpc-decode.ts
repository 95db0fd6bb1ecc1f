// Decodes XML-RPC methodCall and methodResponse bodies into XmlRpcValue, strictly: every malformed
// or out-of-range input throws a ModulusError RPC_BAD_XML, which the server answers with HTTP 400.
import { ModulusError } from '../errors/modulus-error.js';
import { parseXml, type XmlElement } from './xml-parser.js';
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

function bad(reason: string): never {
  throw new ModulusError('RPC_BAD_XML', `malformed XML-RPC: ${reason}`);
}

function parseRoot(body: string | Uint8Array, limits: XmlRpcLimits, rootName: string): XmlElement {
  if (body.length > limits.maxBytes) bad(`body longer than ${limits.maxBytes} bytes`);
  // Each value level costs up to four elements (value, struct, member, value).
  const root = parseXml(body, { maxDepth: limits.maxValueDepth * 4 + 8, maxLength: limits.maxBytes });
  if (root.name !== rootName) bad(`expected <${rootName}>, got <${root.name}>`);
  return root;
}

export function decodeMethodCall(body: string | Uint8Array, limits = DEFAULT_XMLRPC_LIMITS): MethodCall {
  const root = parseRoot(body, limits, 'methodCall');
  let methodName: string | undefined;
  let params: XmlRpcValue[] = [];
  for (const child of elementsOf(root)) {
    if (child.name === 'methodName' && methodName === undefined) methodName = textOf(child);
    else if (child.name === 'params') params = decodeParams(child, limits);
    else bad(`unexpected <${child.name}> in <methodCall>`);
  }
  // supervisord answers 400 when the method name is missing or empty.
  if (methodName === undefined || methodName === '') bad('no method name');
  return { methodName, params };
}

export function decodeMethodResponse(
  body: string | Uint8Array,
  limits = DEFAULT_XMLRPC_LIMITS,
): MethodResponse {
  const root = parseRoot(body, limits, 'methodResponse');
  const [child, ...rest] = elementsOf(root);
  if (child === undefined || rest.length > 0) bad('<methodResponse> must hold one <params> or <fault>');
  if (child.name === 'params') {
    const params = decodeParams(child, limits);
    if (params.length !== 1) bad(`a response carries one value, got ${params.length}`);
    return { kind: 'response', value: params[0] as XmlRpcValue };
  }
  if (child.name !== 'fault') bad(`unexpected <${child.name}> in <methodResponse>`);
  const [value, ...more] = elementsOf(child);
  if (value === undefined || more.length > 0 || value.name !== 'value') bad('<fault> must hold one <value>');
  const fault = decodeValue(value, limits, 0);
  if (!isXmlRpcStruct(fault)) bad('a fault value must be a struct');
  const { faultCode, faultString } = fault;
  if (typeof faultCode !== 'number' || typeof faultString !== 'string') {
    bad('a fault needs an int faultCode and a string faultString');
  }
  return { kind: 'fault', faultCode, faultString };
}

function decodeParams(params: XmlElement, limits: XmlRpcLimits): XmlRpcValue[] {
  return elementsOf(params).map((param) => {
    if (param.name !== 'param') bad(`unexpected <${param.name}> in <params>`);
    const [value, ...rest] = elementsOf(param);
    if (value === undefined || rest.length > 0 || value.name !== 'value')
      bad('<param> must hold one <value>');
    return decodeValue(value, limits, 0);
  });
}

/** Decodes a <value> element. */
export function decodeValue(value: XmlElement, limits: XmlRpcLimits, depth: number): XmlRpcValue {
  if (value.children.every((c) => typeof c === 'string')) return textOf(value);
  const [typed, ...rest] = elementsOf(value);
  if (typed === undefined || rest.length > 0) bad('<value> must hold one typed element');
  switch (typed.name) {
    case 'int':
    case 'i4':
      return decodeInt(textOf(typed).trim());
    case 'boolean':
      return decodeBoolean(textOf(typed).trim());
    case 'string':
      return textOf(typed);
    case 'double':
      return decodeDouble(textOf(typed).trim());
    case 'dateTime.iso8601':
      return decodeDateTime(textOf(typed).trim());
    case 'base64':
      return decodeBase64(textOf(typed));
    case 'nil':
      if (typed.children.length > 0) bad('<nil/> must be empty');
      return null;
    case 'array':
      return decodeArray(typed, limits, depth + 1);
    case 'struct':
      return decodeStruct(typed, limits, depth + 1);
    default:
      return bad(`unknown value type <${typed.name}>`);
  }
}

function decodeArray(array: XmlElement, limits: XmlRpcLimits, depth: number): XmlRpcValue[] {
  if (depth > limits.maxValueDepth) bad(`values nested deeper than ${limits.maxValueDepth}`);
  const [data, ...rest] = elementsOf(array);
  if (data === undefined || rest.length > 0 || data.name !== 'data') bad('<array> must hold one <data>');
  return elementsOf(data).map((value) => {
    if (value.name !== 'value') bad(`unexpected <${value.name}> in <data>`);
    return decodeValue(value, limits, depth);
  });
}

function decodeStruct(struct: XmlElement, limits: XmlRpcLimits, depth: number): XmlRpcStruct {
  if (depth > limits.maxValueDepth) bad(`values nested deeper than ${limits.maxValueDepth}`);
  const result: XmlRpcStruct = {};
  for (const member of elementsOf(struct)) {
    if (member.name !== 'member') bad(`unexpected <${member.name}> in <struct>`);
    const [name, value, ...rest] = elementsOf(member);
    if (name?.name !== 'name' || value?.name !== 'value' || rest.length > 0) {
      bad('<member> must hold <name> then <value>');
    }
    setMember(result, textOf(name), decodeValue(value, limits, depth));
  }
  return result;
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

/** Child elements, rejecting any non-whitespace text between them. */
function elementsOf(element: XmlElement): XmlElement[] {
  const elements: XmlElement[] = [];
  for (const child of element.children) {
    if (typeof child !== 'string') elements.push(child);
    else if (!/^[ \t\r\n]*$/.test(child)) bad(`unexpected text inside <${element.name}>`);
  }
  return elements;
}

/** The text of an element that must hold text only. */
function textOf(element: XmlElement): string {
  let text = '';
  for (const child of element.children) {
    if (typeof child !== 'string') bad(`unexpected <${child.name}> inside <${element.name}>`);
    text += child;
  }
  return text;
}
