// A small, strict XML scanner for XML-RPC bodies: elements, attributes, text, CDATA, comments and
// the five predefined entities plus character references. No DOCTYPE, no other entities, bounded depth.
// One pass, indexOf-driven: the XML-RPC decoder reads its tokens directly; parseXml builds a tree.
import { ModulusError } from '../errors/modulus-error.js';

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Child elements and text runs (entities already decoded; adjacent runs merged), in order. */
  readonly children: (XmlElement | string)[];
}

export interface XmlLimits {
  /** Deepest element nesting accepted; deeper documents are rejected before building more. */
  readonly maxDepth: number;
  /** Longest document, in UTF-16 code units after decoding. */
  readonly maxLength: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxDepth: 256, maxLength: 4 * 1024 * 1024 };

/** 'start' and 'end' set `name` (a self-closing tag yields both); 'text' sets a non-empty `text`. */
export type XmlToken = 'start' | 'end' | 'text' | 'eof';

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /[A-Za-z_:\u00C0-\uFFFF][-A-Za-z0-9_:.\u00B7\u00C0-\uFFFF]*/y;
const SPACE = /[ \t\r\n]*/y;
const ACCEPTED_ENCODINGS = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);
const LT = 0x3c;
const NAME_START = 1;
/** ASCII name characters: NAME_START where a name may begin, 2 where it may only continue. */
const NAME_CHARS = new Uint8Array(128).map((_, c) => {
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x3a) return NAME_START;
  return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e ? 2 : 0;
});
const GT = 0x3e;
const SLASH = 0x2f;

function fail(offset: number, reason: string): never {
  throw new ModulusError('RPC_BAD_XML', `malformed XML at offset ${offset}: ${reason}`);
}

/** Decodes bytes as UTF-8 (rejecting invalid sequences) and strips a byte-order mark. */
export function decodeXmlText(input: string | Uint8Array): string {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch (cause) {
      throw new ModulusError('RPC_BAD_XML', 'malformed XML: the body is not valid UTF-8', { cause });
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parses a whole document into a tree (the XML-RPC decoder reads XmlScanner tokens instead). */
export function parseXml(input: string | Uint8Array, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  const scanner = new XmlScanner(input, limits);
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  for (;;) {
    const token = scanner.next();
    const parent = stack[stack.length - 1];
    if (token === 'eof') return root as XmlElement;
    if (token === 'end') stack.pop();
    else if (token === 'text') appendText(parent as XmlElement, scanner.text);
    else {
      const element = { name: scanner.name, attributes: scanner.attributes ?? {}, children: [] };
      if (parent === undefined) root = element;
      else parent.children.push(element);
      stack.push(element);
    }
  }
}

/** Reads a document token by token; every well-formedness rule and limit is checked as it goes. */
export class XmlScanner {
  /** The element a 'start' or 'end' token names. */
  name = '';
  /** The attributes of the last 'start' tag, or undefined when it had none. */
  attributes: Record<string, string> | undefined;
  /** The decoded text of a 'text' token. */
  text = '';
  private readonly src: string;
  private pos = 0;
  private readonly open: string[] = [];
  private selfClosed = false;
  private done = false;
  /** Whether any text may need line-end or reference decoding; most bodies need neither. */
  private readonly plain: boolean;

  constructor(
    input: string | Uint8Array,
    private readonly limits: XmlLimits = DEFAULT_XML_LIMITS,
  ) {
    const src = decodeXmlText(input);
    if (src.length > limits.maxLength) fail(0, `document longer than ${limits.maxLength} characters`);
    // NUL is never a legal XML character, so one search covers text, attributes, CDATA and comments.
    const nul = src.indexOf('\0');
    if (nul >= 0) fail(nul, 'NUL character');
    this.src = src;
    this.plain = !src.includes('&') && !src.includes('\r');
    if (src.startsWith('<?xml', 0) && /[ \t\r\n?]/.test(src[5] ?? '')) this.declaration();
    this.misc();
    if (src.charCodeAt(this.pos) !== LT) fail(this.pos, 'expected the root element');
  }

  /** As next(), but whitespace-only text before a tag is skipped rather than returned. */
  nextTag(): XmlToken {
    if (!this.selfClosed) {
      let i = this.pos;
      while (isSpace(this.src.charCodeAt(i))) i++;
      if (this.src.charCodeAt(i) === LT) this.pos = i;
    }
    return this.next();
  }

  /**
   * Matches a sticky `pattern` at the current position and moves past it. Only for patterns that
   * match complete, balanced markup no deeper than `depth` and text without "<", "&" or "\r", so
   * that what they accept is exactly what the token path would.
   */
  matchHere(pattern: RegExp, depth: number): RegExpExecArray | null {
    if (this.selfClosed || this.done || this.open.length + depth > this.limits.maxDepth) return null;
    pattern.lastIndex = this.pos;
    const match = pattern.exec(this.src);
    if (match !== null) this.pos = pattern.lastIndex;
    return match;
  }

  next(): XmlToken {
    if (this.selfClosed) {
      this.selfClosed = false;
      return this.closed();
    }
    const src = this.src;
    for (;;) {
      if (this.done) return 'eof';
      const at = this.pos;
      if (at >= src.length) fail(at, `unclosed element <${this.open[this.open.length - 1]}>`);
      if (src.charCodeAt(at) !== LT) {
        const lt = src.indexOf('<', at);
        this.pos = lt < 0 ? src.length : lt;
        this.text = this.plain ? src.slice(at, this.pos) : decode(src, at, this.pos);
        return 'text';
      }
      const c = src.charCodeAt(at + 1);
      if (c === SLASH) return this.endTag(at);
      if (c === 0x21 /* ! */) {
        if (src.startsWith('<!--', at)) this.comment();
        else if (src.startsWith('<![CDATA[', at)) {
          const end = src.indexOf(']]>', at + 9);
          if (end < 0) fail(at, 'unterminated CDATA section');
          if (this.open.length === 0) fail(at, 'CDATA outside the root element');
          this.pos = end + 3;
          if (end > at + 9) {
            this.text = src.slice(at + 9, end);
            return 'text';
          }
        } else fail(at, 'DOCTYPE and declarations are not allowed');
      } else if (c === 0x3f /* ? */) this.processingInstruction();
      else return this.startTag(at);
    }
  }

  private startTag(at: number): XmlToken {
    const src = this.src;
    this.pos = at + 1;
    this.name = this.readName();
    this.attributes = src.charCodeAt(this.pos) === GT ? undefined : this.readAttributes();
    const selfClosing = src.charCodeAt(this.pos) === SLASH && src.charCodeAt(this.pos + 1) === GT;
    if (!selfClosing && src.charCodeAt(this.pos) !== GT) fail(this.pos, `expected ">" in <${this.name}>`);
    this.pos += selfClosing ? 2 : 1;
    if (!selfClosing && this.open.length >= this.limits.maxDepth)
      fail(at, `elements nested deeper than ${this.limits.maxDepth}`);
    this.open.push(this.name);
    this.selfClosed = selfClosing;
    return 'start';
  }

  private endTag(at: number): XmlToken {
    const src = this.src;
    const expected = this.open[this.open.length - 1];
    let end = at + 2;
    if (expected !== undefined && src.startsWith(expected, end)) end += expected.length;
    else fail(at, `end tag does not match <${expected ?? ''}>`);
    this.pos = end;
    if (src.charCodeAt(end) !== GT) this.skipSpace();
    if (src.charCodeAt(this.pos) !== GT) fail(this.pos, `end tag does not match <${expected}>`);
    this.pos += 1;
    return this.closed();
  }

  /** Pops the innermost element; after the root, only comments, PIs and whitespace may follow. */
  private closed(): XmlToken {
    this.name = this.open.pop() as string;
    if (this.open.length === 0) {
      this.misc();
      if (this.pos < this.src.length) fail(this.pos, 'content after the root element');
      this.done = true;
    }
    return 'end';
  }

  private declaration(): void {
    this.pos = 5;
    const attributes = this.readAttributes();
    if (!this.src.startsWith('?>', this.pos)) fail(this.pos, 'unterminated XML declaration');
    this.pos += 2;
    const encoding = attributes.encoding?.toLowerCase();
    if (encoding !== undefined && !ACCEPTED_ENCODINGS.has(encoding)) {
      fail(0, `unsupported encoding "${attributes.encoding}" (only UTF-8 is accepted)`);
    }
  }

  /** Whitespace, comments and processing instructions outside the root element. */
  private misc(): void {
    for (;;) {
      this.skipSpace();
      if (this.src.startsWith('<!--', this.pos)) this.comment();
      else if (this.src.startsWith('<?', this.pos)) this.processingInstruction();
      else if (this.src.startsWith('<!', this.pos))
        fail(this.pos, 'DOCTYPE and declarations are not allowed');
      else return;
    }
  }

  private readAttributes(): Record<string, string> {
    const src = this.src;
    const attributes: Record<string, string> = {};
    for (;;) {
      const before = this.pos;
      this.skipSpace();
      const c = src[this.pos];
      if (c === '>' || c === '/' || c === '?' || c === undefined) return attributes;
      if (this.pos === before) fail(this.pos, 'expected whitespace before an attribute');
      const name = this.readName();
      this.skipSpace();
      if (src[this.pos] !== '=') fail(this.pos, `expected "=" after attribute ${name}`);
      this.pos += 1;
      this.skipSpace();
      const quote = src[this.pos];
      if (quote !== '"' && quote !== "'") fail(this.pos, `expected a quoted value for attribute ${name}`);
      const end = src.indexOf(quote, this.pos + 1);
      if (end < 0) fail(this.pos, `unterminated value for attribute ${name}`);
      const lt = src.indexOf('<', this.pos + 1);
      if (lt >= 0 && lt < end) fail(this.pos, `"<" in the value of attribute ${name}`);
      if (Object.hasOwn(attributes, name)) fail(this.pos, `duplicate attribute ${name}`);
      Object.defineProperty(attributes, name, {
        value: decode(src, this.pos + 1, end),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.pos = end + 1;
    }
  }

  private comment(): void {
    const end = this.src.indexOf('-->', this.pos + 4);
    if (end < 0) fail(this.pos, 'unterminated comment');
    this.pos = end + 3;
  }

  private processingInstruction(): void {
    const at = this.pos;
    this.pos += 2;
    const target = this.readName();
    if (target.toLowerCase() === 'xml') fail(at, 'an XML declaration is only allowed at the very start');
    const end = this.src.indexOf('?>', this.pos);
    if (end < 0) fail(at, 'unterminated processing instruction');
    this.pos = end + 2;
  }

  private readName(): string {
    // ASCII names, nearly all of them, are read without a regex call; others take the full rule.
    const src = this.src;
    const start = this.pos;
    if ((NAME_CHARS[src.charCodeAt(start)] ?? 0) === NAME_START) {
      let end = start + 1;
      while ((NAME_CHARS[src.charCodeAt(end)] ?? 0) !== 0) end++;
      if (!(src.charCodeAt(end) >= 0x80)) {
        this.pos = end;
        return src.slice(start, end);
      }
    }
    NAME.lastIndex = start;
    if (!NAME.test(src)) fail(start, 'expected a name');
    this.pos = NAME.lastIndex;
    return src.slice(start, this.pos);
  }

  private skipSpace(): void {
    SPACE.lastIndex = this.pos;
    SPACE.test(this.src);
    this.pos = SPACE.lastIndex;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** Decodes entities and character references in src[start, end), normalising line ends as XML does. */
function decode(src: string, start: number, end: number): string {
  let raw = src.slice(start, end);
  if (raw.includes('\r')) raw = raw.replace(/\r\n?/g, '\n');
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&<]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) fail(start, `"&" not starting an entity reference`);
    if (ref.startsWith('#')) return charReference(ref, start);
    const value = PREDEFINED[ref];
    if (value === undefined || !Object.hasOwn(PREDEFINED, ref)) fail(start, `unknown entity &${ref};`);
    return value;
  });
}

function charReference(ref: string, offset: number): string {
  const hex = /^#x[0-9A-Fa-f]{1,6}$/.test(ref);
  if (!hex && !/^#[0-9]{1,7}$/.test(ref)) fail(offset, `bad character reference &${ref};`);
  const code = hex ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
  if (
    code === 0 ||
    code > 0x10ffff ||
    (code >= 0xd800 && code <= 0xdfff) ||
    code === 0xfffe ||
    code === 0xffff
  ) {
    fail(offset, `character reference &${ref}; is not a valid character`);
  }
  return String.fromCodePoint(code);
}

function appendText(parent: XmlElement, text: string): void {
  const last = parent.children.length - 1;
  const previous = parent.children[last];
  if (typeof previous === 'string') parent.children[last] = previous + text;
  else parent.children.push(text);
}
