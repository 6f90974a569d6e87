/**
 * Typed field readers over an element tree from ./xml-reader: one child element by name, required
 * or optional, as text, integer, number or comma-separated list. Every failure is an XmlError
 * naming the element.
 */
import { XmlError } from './errors';
import type { XmlElement } from './xml-reader';

/** The single child element `name`, or undefined; a repeated element is ambiguous and refused. */
export function child(parent: XmlElement, name: string): XmlElement | undefined {
  let found: XmlElement | undefined;
  for (const element of parent.children) {
    if (element.name !== name) continue;
    if (found) throw new XmlError(`duplicate <${name}> in <${parent.name}>`);
    found = element;
  }
  return found;
}

export function leafText(element: XmlElement): string {
  if (element.children.length > 0) throw new XmlError(`<${element.name}> must hold text, not elements`);
  return element.text;
}

export function optText(parent: XmlElement, name: string): string | undefined {
  const element = child(parent, name);
  return element && leafText(element);
}

export function reqText(parent: XmlElement, name: string): string {
  const text = optText(parent, name);
  if (text === undefined) throw new XmlError(`missing <${name}>`);
  return text;
}

/** Absent or blank → undefined. */
function optNonBlank(parent: XmlElement, name: string): string | undefined {
  const text = optText(parent, name);
  return text === undefined || text.trim() === '' ? undefined : text;
}

/** An identifier that must be present and not blank (FromUserName, MsgType, …). */
export function reqId(parent: XmlElement, name: string): string {
  const text = optNonBlank(parent, name);
  if (text === undefined) throw new XmlError(`missing <${name}>`);
  return text;
}

const INTEGER = /^-?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function toNumber(text: string, name: string, syntax: RegExp, valid: (value: number) => boolean, what: string): number {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!syntax.test(trimmed) || !valid(value)) {
    throw new XmlError(`<${name}> must be ${what}, got ${JSON.stringify(trimmed.slice(0, 40))}`);
  }
  return value;
}

const toInt = (text: string, name: string) => toNumber(text, name, INTEGER, Number.isSafeInteger, 'an integer');
const toFloat = (text: string, name: string) => toNumber(text, name, DECIMAL, Number.isFinite, 'a number');

/** Absent or blank → undefined. */
export function optInt(parent: XmlElement, name: string): number | undefined {
  const text = optNonBlank(parent, name);
  return text === undefined ? undefined : toInt(text, name);
}

export function reqInt(parent: XmlElement, name: string): number {
  return toInt(reqId(parent, name), name);
}

/** Absent or blank → undefined. */
export function optFloat(parent: XmlElement, name: string): number | undefined {
  const text = optNonBlank(parent, name);
  return text === undefined ? undefined : toFloat(text, name);
}

export function reqFloat(parent: XmlElement, name: string): number {
  return toFloat(reqId(parent, name), name);
}

/** A comma-separated list ("1,2"); blank → []. */
export function optList(parent: XmlElement, name: string): string[] | undefined {
  const text = optText(parent, name);
  if (text === undefined) return undefined;
  return text.trim() === '' ? [] : text.split(',').map((item) => item.trim());
}

export function optIntList(parent: XmlElement, name: string): number[] | undefined {
  return optList(parent, name)?.map((item) => toInt(item, name));
}

/** Drops undefined properties, so parsed values deep-equal hand-written ones strictly. */
export function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}
