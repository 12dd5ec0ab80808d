/** An attribute value; `undefined` leaves the attribute out. */
export type XmlAttributeValue = string | number | undefined;

/** One XML element: a name, attributes in order, and children (elements or text). */
export interface XmlElement {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, XmlAttributeValue>>;
  readonly children?: readonly (XmlElement | string | undefined)[];
}

/** A character XML 1.0 cannot carry at all, escaped or not. */
export class XmlCharacterError extends Error {
  override readonly name = 'XmlCharacterError';
}

// eslint-disable-next-line no-control-regex -- matching the control characters is the point
const forbidden = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/u;
const namePattern = /^[A-Za-z_][\w.:-]*$/;

function checked(text: string, where: string): string {
  const bad = forbidden.exec(text);
  if (bad !== null) {
    const code = bad[0].codePointAt(0) ?? 0;
    throw new XmlCharacterError(
      `${where}: character U+${code.toString(16).padStart(4, '0')} cannot appear in XML`,
    );
  }
  return text;
}

/** Escapes text content: `&`, `<` and `>`. */
export function escapeXmlText(text: string): string {
  return checked(text, 'text').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value for single quotes; also tabs and line breaks, which parsers would otherwise normalise to spaces. */
export function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value)
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

function checkName(name: string): string {
  if (!namePattern.test(name)) throw new XmlCharacterError(`'${name}' is not a valid XML name`);
  return name;
}

function renderAttributes(element: XmlElement): string {
  let out = '';
  for (const [name, value] of Object.entries(element.attributes ?? {})) {
    if (value === undefined) continue;
    out += ` ${checkName(name)}='${escapeXmlAttribute(String(value))}'`;
  }
  return out;
}

function renderElement(element: XmlElement, indent: string): string {
  const open = `${indent}<${checkName(element.name)}${renderAttributes(element)}`;
  const children = (element.children ?? []).filter((child) => child !== undefined);
  if (children.length === 0) return `${open}/>\n`;
  const only = children[0];
  if (children.length === 1 && typeof only === 'string') {
    return `${open}>${escapeXmlText(only)}</${element.name}>\n`;
  }
  const inner = children
    .map((child) =>
      typeof child === 'string'
        ? `${indent}  ${escapeXmlText(child)}\n`
        : renderElement(child, `${indent}  `),
    )
    .join('');
  return `${open}>\n${inner}${indent}</${element.name}>\n`;
}

/**
 * Renders an element tree as an XML document fragment: two-space indentation, single-quoted
 * attributes, empty elements self-closed, text escaped. `undefined` children and attributes are
 * skipped. Throws an XmlCharacterError for a character XML cannot represent or a bad name.
 */
export function renderXml(root: XmlElement): string {
  return renderElement(root, '');
}
