/**
 * Hardened reading of WeCom callback XML into a plain element tree.
 *
 * Hostile XML is refused before the parser runs: any markup declaration (<!DOCTYPE, <!ENTITY, …)
 * outside CDATA and comments is an XmlError, and the parser itself never expands entities. Only
 * the five predefined entities and character references are decoded, by hand.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { XmlError } from './errors';

export interface XmlElement {
  name: string;
  /** Text and CDATA content in document order, entities decoded in the text parts. */
  text: string;
  children: XmlElement[];
}

/** One entry of fast-xml-parser's preserveOrder output. */
type OrderedNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  // Values stay strings: MsgId exceeds 2^53, and numbers are converted on purpose (./xml-fields).
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  trimValues: false,
  cdataPropName: '#cdata',
  commentPropName: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** The single `<xml>` root of a callback body; any malformed or hostile input is an XmlError. */
export function readDocument(xml: string): XmlElement {
  if (typeof xml !== 'string' || xml.trim() === '') throw new XmlError('empty body');
  const body = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  rejectMarkupDeclarations(body);
  const validation = XMLValidator.validate(body);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    throw new XmlError(`malformed XML at ${line}:${col}: ${msg}`);
  }
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(body) as OrderedNode[];
  } catch (error) {
    throw new XmlError(`malformed XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const document = toElement('#document', nodes);
  const [root] = document.children;
  if (document.children.length !== 1 || root.name !== 'xml' || document.text.trim() !== '') {
    throw new XmlError('the document must be a single <xml> element');
  }
  return root;
}

/**
 * Walks the raw text the way an XML tokenizer does (CDATA, comments, processing instructions,
 * tags with quoted attributes) and refuses any other `<!…`. Skipping CDATA lets a chat message
 * contain "<!DOCTYPE html>"; tokenizing instead of searching means no construct can hide one.
 */
function rejectMarkupDeclarations(xml: string): void {
  const skipTo = (from: number, terminator: string, what: string): number => {
    const end = xml.indexOf(terminator, from);
    if (end === -1) throw new XmlError(`unterminated ${what}`);
    return end + terminator.length;
  };
  let i = xml.indexOf('<');
  while (i !== -1) {
    if (xml.startsWith('<![CDATA[', i)) i = skipTo(i + 9, ']]>', 'CDATA section');
    else if (xml.startsWith('<!--', i)) i = skipTo(i + 4, '-->', 'comment');
    else if (xml.startsWith('<!', i)) {
      throw new XmlError('markup declarations (<!DOCTYPE, <!ENTITY) are not allowed');
    } else if (xml.startsWith('<?', i)) i = skipTo(i + 2, '?>', 'processing instruction');
    else if (TAG_START.test(xml.charAt(i + 1))) i = skipTag(xml, i);
    else throw new XmlError('"<" that starts no tag');
    i = xml.indexOf('<', i);
  }
}

/** A name start character or the `/` of an end tag. */
const TAG_START = /^[A-Za-z_:/\u00C0-\uFFFF]$/;

/** The index after the `>` closing the tag at `start`, skipping quoted attribute values. */
function skipTag(xml: string, start: number): number {
  let quote = '';
  for (let i = start + 1; i < xml.length; i++) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
    else if (c === '<') throw new XmlError('"<" inside a tag');
  }
  throw new XmlError('unterminated tag');
}

function toElement(name: string, nodes: OrderedNode[]): XmlElement {
  const parts: { text: string; cdata: boolean }[] = [];
  const children: XmlElement[] = [];
  for (const node of nodes) {
    for (const [key, value] of Object.entries(node)) {
      if (key === ':@') continue;
      if (key === '#text') parts.push({ text: decodeEntities(String(value)), cdata: false });
      else if (key === '#cdata') parts.push({ text: cdataText(value), cdata: true });
      else children.push(toElement(key, value as OrderedNode[]));
    }
  }
  // `<Content>\n  <![CDATA[x]]>\n</Content>` means "x": drop layout whitespace around CDATA.
  const hasCdata = parts.some((part) => part.cdata);
  const text = parts
    .filter((part) => part.cdata || !hasCdata || part.text.trim() !== '')
    .map((part) => part.text)
    .join('');
  return { name, text, children };
}

function cdataText(value: unknown): string {
  const inner = value as OrderedNode[];
  return inner.map((node) => String(node['#text'] ?? '')).join('');
}

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^;&<]*);?/g, (reference: string, name: string) => {
    if (!reference.endsWith(';')) throw new XmlError('unterminated entity reference');
    const predefined = PREDEFINED_ENTITIES[name];
    if (predefined !== undefined) return predefined;
    const numeric = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
    const codePoint = numeric ? parseInt(numeric[1] ?? numeric[2], numeric[1] ? 16 : 10) : NaN;
    if (codePoint >= 1 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff)) {
      return String.fromCodePoint(codePoint);
    }
    throw new XmlError(`undefined entity ${reference.slice(0, 40)}`);
  });
}
