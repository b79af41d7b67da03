// A small streaming XML tokenizer for the parts of an XLSX workbook: enough XML to read what Excel
// and other spreadsheet writers produce, strict enough that a damaged part is an error rather than
// a guess. Bytes arrive in chunks that may split anything (a tag, an entity, a UTF-8 character);
// text is handed on as it streams, so only an unfinished tag is ever held.

/** The XML is not well formed; the XLSX reader turns this into a file rejection. */
export class XmlError extends Error {
  constructor(detail: string) {
    super(`The XML ${detail}.`);
    this.name = 'XmlError';
  }
}

/** The attributes of the tag being opened, by name without prefix (r:id is id); valid in open() only. */
export interface XmlAttributes {
  get(name: string): string | undefined;
}

export interface XmlHandler {
  /** Element names come without their prefix: SpreadsheetML is sometimes written as x:row, x:c. */
  open(name: string, attributes: XmlAttributes): void;
  close(name: string): void;
  /** Text inside the root element, entities decoded; one run of text may come in several pieces. */
  text(text: string): void;
}

/** Spreadsheet parts nest a few levels; deeper is a crafted file (and would cost memory per level). */
const MAX_DEPTH = 256;
/** The longest tag, comment or CDATA section held while waiting for its end. */
const MAX_MARKUP = 8 * 1024 * 1024;
/** Longer than any entity or character reference (&#x10FFFF;). */
const MAX_ENTITY = 12;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const COLON = 0x3a;
const CR = 0x0d;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x09 || c === CR;
/** Characters that end a name, or may not appear in one. */
const endsName = (c: number): boolean =>
  isSpace(c) || c === GT || c === SLASH || c === EQUALS || c === LT || c === QUOTE || c === APOSTROPHE;

// Text and attribute values that need more than a copy: entities, line ends and tabs to normalise,
// and the control characters XML forbids (those below space but tab and line ends).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const SPECIAL_TEXT = /[&\r\x00-\x08\x0b\x0c\x0e-\x1f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const SPECIAL_ATTRIBUTE = /[&\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f]/;
const ONLY_SPACE = /^[ \t\r\n]*$/;

function entity(name: string): string {
  switch (name) {
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'amp':
      return '&';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
  }
  const code = /^#[0-9]+$/.test(name)
    ? Number(name.slice(1))
    : /^#x[0-9a-fA-F]+$/.test(name)
      ? Number.parseInt(name.slice(2), 16)
      : -1;
  if (code < 0) throw new XmlError(`uses an undefined entity &${name.slice(0, MAX_ENTITY)};`);
  // XML's Char production: no NUL, other C0 controls but tab and line ends, surrogates or FFFE/FFFF.
  const allowed =
    code === 0x09 ||
    code === 0x0a ||
    code === 0x0d ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff);
  if (!allowed) throw new XmlError(`refers to a character XML does not allow (&${name};)`);
  return String.fromCodePoint(code);
}

function decodeEntities(s: string): string {
  let out = '';
  let at = 0;
  for (let amp = s.indexOf('&'); amp >= 0; amp = s.indexOf('&', at)) {
    const semi = s.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > MAX_ENTITY) throw new XmlError('has an & that starts no entity');
    out += s.slice(at, amp) + entity(s.slice(amp + 1, semi));
    at = semi + 1;
  }
  return at === 0 ? s : out + s.slice(at);
}

function decodeText(raw: string): string {
  if (FORBIDDEN.test(raw)) throw new XmlError('has a character XML does not allow');
  // Line ends are normalised before entities are decoded, so &#13; stays a carriage return.
  const text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  return text.includes('&') ? decodeEntities(text) : text;
}

function decodeAttribute(raw: string): string {
  if (FORBIDDEN.test(raw)) throw new XmlError('has a character XML does not allow');
  // XML's attribute-value normalisation: each line end, tab or newline becomes one space.
  return decodeEntities(raw.replace(/\r\n?|[\t\n]/g, ' '));
}

/**
 * Tokenizes XML pushed to it in chunks, calling a handler for each tag and run of text. Checks
 * that the document is well formed as far as a reader needs: tags nest and match, there is one
 * root, attributes are quoted, entities are defined. A document type declaration is refused
 * (spreadsheet parts never have one, and it is how entity-expansion attacks are written).
 */
export class XmlStream implements XmlAttributes {
  readonly #handler: XmlHandler;
  // Bad UTF-8 becomes U+FFFD rather than an error, as in the parser this replaced.
  readonly #decoder = new TextDecoder('utf-8');
  /** Decoded text not yet tokenized: the start of an unfinished tag, entity or line end. */
  #pending = '';
  /** Chunks held while an unfinished construct waits to double in length, so it is rescanned rarely. */
  #held: string[] = [];
  #heldLength = 0;
  #waitFor = 0;
  /** Qualified names of the open elements. */
  readonly #open: string[] = [];
  #rootClosed = false;
  /** The text being tokenized and the current tag's attributes as offsets into it (4 per attribute). */
  #source = '';
  readonly #attributes: number[] = [];
  #attributeCount = 0;

  constructor(handler: XmlHandler) {
    this.#handler = handler;
  }

  write(bytes: Uint8Array): void {
    const text = this.#decoder.decode(bytes, { stream: true });
    if (text.length === 0) return;
    this.#held.push(text);
    this.#heldLength += text.length;
    if (this.#pending.length + this.#heldLength < this.#waitFor) return;
    this.#feed(false);
  }

  /** The input is complete: anything unfinished is an error. */
  end(): void {
    this.#held.push(this.#decoder.decode());
    this.#feed(true);
    if (this.#open.length > 0) throw new XmlError(`ends inside the element <${this.#open.at(-1)}>`);
    if (!this.#rootClosed) throw new XmlError('has no root element');
  }

  get(name: string): string | undefined {
    const a = this.#attributes;
    const s = this.#source;
    for (let k = 0; k < this.#attributeCount * 4; k += 4) {
      const start = a[k]!;
      if (a[k + 1]! - start === name.length && s.startsWith(name, start)) {
        const raw = s.slice(a[k + 2]!, a[k + 3]!);
        return SPECIAL_ATTRIBUTE.test(raw) ? decodeAttribute(raw) : raw;
      }
    }
    return undefined;
  }

  #feed(final: boolean): void {
    const held = this.#held;
    const source = this.#pending + (held.length === 1 ? held[0] : held.join(''));
    this.#held = [];
    this.#heldLength = 0;
    const stop = this.#scan(source, final);
    this.#pending = stop < source.length ? source.slice(stop) : '';
    this.#waitFor = this.#pending.length * 2;
    this.#source = '';
  }

  /** Tokenizes s, returning where an unfinished construct starts (s.length when none). */
  #scan(s: string, final: boolean): number {
    this.#source = s;
    const n = s.length;
    let i = 0;
    while (i < n) {
      const lt = s.indexOf('<', i);
      if (lt < 0) return this.#lastText(s, i, final);
      if (lt > i) this.#text(s, i, lt);
      const next = lt + 1 < n ? s.charCodeAt(lt + 1) : -1;
      let end: number;
      if (next === SLASH) {
        const gt = s.indexOf('>', lt + 2);
        end = gt < 0 ? -1 : this.#closeTag(s, lt + 2, gt);
      } else if (next === QUESTION) {
        // The XML declaration or a processing instruction: nothing to read in either.
        const close = s.indexOf('?>', lt + 2);
        end = close < 0 ? -1 : close + 2;
      } else if (next === BANG) {
        end = this.#bang(s, lt);
      } else if (next < 0) {
        end = -1;
      } else {
        end = this.#openTag(s, lt + 1);
      }
      if (end < 0) {
        if (final) throw new XmlError('ends inside a tag');
        if (n - lt > MAX_MARKUP) throw new XmlError('has a tag, comment or CDATA section too long to read');
        return lt;
      }
      i = end;
    }
    return n;
  }

  /** Text up to the end of what has arrived: handed on, less a split entity or line end. */
  #lastText(s: string, from: number, final: boolean): number {
    let keep = s.length;
    if (!final) {
      const amp = s.lastIndexOf('&');
      if (amp >= from && s.indexOf(';', amp) < 0) {
        if (keep - amp > MAX_ENTITY) throw new XmlError('has an & that starts no entity');
        keep = amp;
      }
      if (keep > from && s.charCodeAt(keep - 1) === CR) keep--;
    }
    if (keep > from) this.#text(s, from, keep);
    return keep;
  }

  #text(s: string, from: number, to: number): void {
    const raw = s.slice(from, to);
    if (this.#open.length === 0) {
      if (!ONLY_SPACE.test(raw)) throw new XmlError('has text outside its root element');
      return;
    }
    this.#handler.text(SPECIAL_TEXT.test(raw) ? decodeText(raw) : raw);
  }

  /** Comments and CDATA sections; returns the index after the construct, or -1 if unfinished. */
  #bang(s: string, lt: number): number {
    if (s.startsWith('<!--', lt)) {
      const close = s.indexOf('-->', lt + 4);
      return close < 0 ? -1 : close + 3;
    }
    if (s.startsWith('<![CDATA[', lt)) {
      const close = s.indexOf(']]>', lt + 9);
      if (close < 0) return -1;
      if (this.#open.length === 0) throw new XmlError('has a CDATA section outside its root element');
      const raw = s.slice(lt + 9, close);
      if (raw.length > 0) {
        if (FORBIDDEN.test(raw)) throw new XmlError('has a character XML does not allow');
        this.#handler.text(raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw);
      }
      return close + 3;
    }
    const have = s.slice(lt, lt + 9);
    if ('<![CDATA['.startsWith(have) || '<!--'.startsWith(have)) return -1;
    throw new XmlError('has a document type declaration or an unknown <! construct');
  }

  /** An end tag whose name runs from `from` to `gt`; returns the index after it. */
  #closeTag(s: string, from: number, gt: number): number {
    let to = gt;
    while (to > from && isSpace(s.charCodeAt(to - 1))) to--;
    const name = s.slice(from, to);
    const open = this.#open.pop();
    if (open !== name) {
      throw new XmlError(
        open === undefined ? `closes <${name}>, which is not open` : `closes <${open}> as <${name}>`,
      );
    }
    if (this.#open.length === 0) this.#rootClosed = true;
    this.#handler.close(localName(name));
    return gt + 1;
  }

  /** A start or empty-element tag whose name starts at p; returns the index after it, or -1. */
  #openTag(s: string, p: number): number {
    const n = s.length;
    let q = p;
    while (q < n && !endsName(s.charCodeAt(q))) q++;
    if (q >= n) return -1;
    const name = s.slice(p, q);
    if (name.length === 0) throw new XmlError('has a tag without a name');
    // No < may appear inside a tag, so the next one anywhere must lie beyond it.
    const nextLt = s.indexOf('<', q);
    const limit = nextLt < 0 ? n : nextLt;
    this.#attributeCount = 0;
    let empty: boolean;
    for (;;) {
      const spaced = q < n && isSpace(s.charCodeAt(q));
      while (q < n && isSpace(s.charCodeAt(q))) q++;
      if (q >= n) return -1;
      const c = s.charCodeAt(q);
      if (c === GT) {
        empty = false;
        q++;
        break;
      }
      if (c === SLASH) {
        if (q + 1 >= n) return -1;
        if (s.charCodeAt(q + 1) !== GT) throw new XmlError(`has a broken tag <${name}>`);
        empty = true;
        q += 2;
        break;
      }
      if (!spaced) throw new XmlError(`has a broken tag <${name}>`);
      q = this.#attribute(s, q, name, limit);
      if (q < 0) return -1;
    }
    if (this.#open.length === 0 && this.#rootClosed) throw new XmlError('has more than one root element');
    const local = localName(name);
    if (empty) {
      this.#handler.open(local, this);
      if (this.#open.length === 0) this.#rootClosed = true;
      this.#handler.close(local);
    } else {
      if (this.#open.length >= MAX_DEPTH) throw new XmlError('nests elements too deeply');
      this.#open.push(name);
      this.#handler.open(local, this);
    }
    this.#attributeCount = 0;
    return q;
  }

  /** One name="value" starting at q; records its offsets and returns the index after it, or -1. */
  #attribute(s: string, q: number, tag: string, limit: number): number {
    const n = s.length;
    const start = q;
    let local = q;
    for (let c = s.charCodeAt(q); q < n && !endsName(c); c = s.charCodeAt(++q)) {
      if (c === COLON) local = q + 1;
    }
    const end = q;
    while (q < n && isSpace(s.charCodeAt(q))) q++;
    if (q >= n) return -1;
    if (end === start || s.charCodeAt(q) !== EQUALS) throw new XmlError(`has a broken attribute in <${tag}>`);
    q++;
    while (q < n && isSpace(s.charCodeAt(q))) q++;
    if (q >= n) return -1;
    const quote = s.charCodeAt(q);
    if (quote !== QUOTE && quote !== APOSTROPHE) throw new XmlError(`has an unquoted attribute in <${tag}>`);
    const close = s.indexOf(quote === QUOTE ? '"' : "'", q + 1);
    if (close < 0) return -1;
    if (limit < close) throw new XmlError(`has a < inside an attribute of <${tag}>`);
    const k = this.#attributeCount++ * 4;
    this.#attributes[k] = local;
    this.#attributes[k + 1] = end;
    this.#attributes[k + 2] = q + 1;
    this.#attributes[k + 3] = close;
    return close + 1;
  }
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Part size at which a whole part is fed in slices, so decoding never makes one huge string. */
const SLICE = 64 * 1024;

/** Parses a part that is already in memory. */
export function parseXml(bytes: Uint8Array, handler: XmlHandler): void {
  const xml = new XmlStream(handler);
  for (let at = 0; at < bytes.length; at += SLICE) xml.write(bytes.subarray(at, at + SLICE));
  xml.end();
}
