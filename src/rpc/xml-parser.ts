// A small, strict XML parser for XML-RPC bodies: elements, attributes, text, CDATA, comments and
// the five predefined entities plus character references. No DOCTYPE, no other entities, bounded depth.
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

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /[A-Za-z_:\u00C0-\uFFFF][-A-Za-z0-9_:.\u00B7\u00C0-\uFFFF]*/y;
const SPACE = /[ \t\r\n]*/y;
const ACCEPTED_ENCODINGS = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);

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

export function parseXml(input: string | Uint8Array, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  const text = decodeXmlText(input);
  if (text.length > limits.maxLength) fail(0, `document longer than ${limits.maxLength} characters`);
  return new Parser(text, limits).document();
}

class Parser {
  private pos = 0;

  constructor(
    private readonly src: string,
    private readonly limits: XmlLimits,
  ) {}

  document(): XmlElement {
    if (this.src.startsWith('<?xml', 0) && /[ \t\r\n?]/.test(this.src[5] ?? '')) this.declaration();
    this.misc();
    if (this.src[this.pos] !== '<') fail(this.pos, 'expected the root element');
    const root = this.elements();
    this.misc();
    if (this.pos < this.src.length) fail(this.pos, 'content after the root element');
    return root;
  }

  private declaration(): void {
    this.pos = 5;
    const attributes = this.attributes();
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

  /** Parses one element and everything inside it, iteratively so depth costs no stack. */
  private elements(): XmlElement {
    const stack: XmlElement[] = [];
    let root: XmlElement | undefined;
    for (;;) {
      if (stack.length === 0 && root !== undefined) return root;
      const parent = stack[stack.length - 1];
      if (this.pos >= this.src.length) fail(this.pos, `unclosed element <${parent?.name}>`);
      if (parent !== undefined && this.src[this.pos] !== '<') {
        this.text(parent);
        continue;
      }
      const at = this.pos;
      if (this.src.startsWith('</', at)) {
        this.pos += 2;
        const name = this.name();
        this.skipSpace();
        if (this.src[this.pos] !== '>') fail(this.pos, `expected ">" to close </${name}>`);
        this.pos += 1;
        if (parent === undefined || name !== parent.name) {
          fail(at, `end tag </${name}> does not match <${parent?.name ?? ''}>`);
        }
        stack.pop();
      } else if (this.src.startsWith('<!--', at)) {
        this.comment();
      } else if (this.src.startsWith('<![CDATA[', at)) {
        const end = this.src.indexOf(']]>', at + 9);
        if (end < 0) fail(at, 'unterminated CDATA section');
        if (parent === undefined) fail(at, 'CDATA outside the root element');
        this.checkChars(at + 9, end);
        appendText(parent, this.src.slice(at + 9, end));
        this.pos = end + 3;
      } else if (this.src.startsWith('<?', at)) {
        this.processingInstruction();
      } else if (this.src.startsWith('<!', at)) {
        fail(at, 'DOCTYPE and declarations are not allowed');
      } else {
        this.pos += 1;
        const element: XmlElement = { name: this.name(), attributes: this.attributes(), children: [] };
        const selfClosing = this.src.startsWith('/>', this.pos);
        if (!selfClosing && this.src[this.pos] !== '>') fail(this.pos, `expected ">" in <${element.name}>`);
        this.pos += selfClosing ? 2 : 1;
        if (parent === undefined) root = element;
        else parent.children.push(element);
        if (!selfClosing) {
          if (stack.length >= this.limits.maxDepth)
            fail(at, `elements nested deeper than ${this.limits.maxDepth}`);
          stack.push(element);
        }
      }
    }
  }

  private text(parent: XmlElement): void {
    const start = this.pos;
    const end = this.src.indexOf('<', start);
    const stop = end < 0 ? this.src.length : end;
    appendText(parent, this.decode(start, stop));
    this.pos = stop;
  }

  private attributes(): Record<string, string> {
    const attributes: Record<string, string> = {};
    for (;;) {
      const before = this.pos;
      this.skipSpace();
      const c = this.src[this.pos];
      if (c === '>' || c === '/' || c === '?' || c === undefined) return attributes;
      if (this.pos === before) fail(this.pos, 'expected whitespace before an attribute');
      const name = this.name();
      this.skipSpace();
      if (this.src[this.pos] !== '=') fail(this.pos, `expected "=" after attribute ${name}`);
      this.pos += 1;
      this.skipSpace();
      const quote = this.src[this.pos];
      if (quote !== '"' && quote !== "'") fail(this.pos, `expected a quoted value for attribute ${name}`);
      const end = this.src.indexOf(quote, this.pos + 1);
      if (end < 0) fail(this.pos, `unterminated value for attribute ${name}`);
      if (this.src.slice(this.pos + 1, end).includes('<'))
        fail(this.pos, `"<" in the value of attribute ${name}`);
      if (Object.hasOwn(attributes, name)) fail(this.pos, `duplicate attribute ${name}`);
      Object.defineProperty(attributes, name, {
        value: this.decode(this.pos + 1, end),
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
    const target = this.name();
    if (target.toLowerCase() === 'xml') fail(at, 'an XML declaration is only allowed at the very start');
    const end = this.src.indexOf('?>', this.pos);
    if (end < 0) fail(at, 'unterminated processing instruction');
    this.pos = end + 2;
  }

  private name(): string {
    NAME.lastIndex = this.pos;
    const match = NAME.exec(this.src);
    if (match === null) fail(this.pos, 'expected a name');
    this.pos += match[0].length;
    return match[0];
  }

  private skipSpace(): void {
    SPACE.lastIndex = this.pos;
    SPACE.exec(this.src);
    this.pos = SPACE.lastIndex;
  }

  private checkChars(start: number, end: number): void {
    const nul = this.src.indexOf('\0', start);
    if (nul >= 0 && nul < end) fail(nul, 'NUL character');
  }

  /** Decodes entities and character references in src[start, end), normalising line ends as XML does. */
  private decode(start: number, end: number): string {
    this.checkChars(start, end);
    let raw = this.src.slice(start, end);
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
  if (text === '') return;
  const last = parent.children.length - 1;
  const previous = parent.children[last];
  if (typeof previous === 'string') parent.children[last] = previous + text;
  else parent.children.push(text);
}
