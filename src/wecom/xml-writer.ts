/**
 * Writing WeCom callback XML: a tree of [name, value] nodes rendered as an `<xml>` document.
 * Strings go in CDATA, numbers and Raw values unquoted, undefined values are left out.
 */
import { ValidationError } from './errors';

/** Text written without CDATA; only ever decimal digits. */
export interface Raw {
  raw: string;
}

export type XmlValue = string | number | Raw | XmlNode[] | undefined;
export type XmlNode = readonly [name: string, value: XmlValue];

/** Decimal digits only: what may travel unquoted as Raw. */
export const DIGITS = /^\d+$/;

/**
 * `lines` is WeCom's layout for plaintext callbacks: the first child on the `<xml>` line, then one
 * element per line (see §2 A2). `compact` puts everything on one line (envelopes, replies).
 */
export function renderDocument(nodes: readonly XmlNode[], layout: 'lines' | 'compact' = 'lines'): string {
  const elements = nodes.filter(([, value]) => value !== undefined).map(render);
  return layout === 'lines' ? `<xml>${elements.join('\n')}\n</xml>` : `<xml>${elements.join('')}</xml>`;
}

function render([name, value]: XmlNode): string {
  if (value === undefined) return '';
  let inner: string;
  if (typeof value === 'string') inner = cdata(value);
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ValidationError(name, `<${name}> must be a finite number`);
    inner = String(value);
  } else if (Array.isArray(value)) inner = value.map(render).join('');
  else inner = value.raw;
  return `<${name}>${inner}</${name}>`;
}

/** `]]>` cannot appear inside CDATA: end the section after `]]` and start a new one for `>`. */
function cdata(text: string): string {
  return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}
