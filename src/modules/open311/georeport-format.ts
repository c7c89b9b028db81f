/**
 * The GeoReport v2 documents in their two formats. A document is a tree of plain values; the
 * same tree is written as XML (element names as the specification's, each list in its
 * wrapper: <services><service>…) and as JSON (lists as arrays). Empty values (null, '')
 * are empty elements in XML and absent in JSON.
 */
export type Format = 'xml' | 'json';

export type DocValue = string | number | boolean | null | undefined | DocValue[] | { [name: string]: DocValue };

export interface GeoReportDocument {
  /** The XML root element (JSON has none: the body is the top-level value). */
  root: string;
  body: DocValue;
}

/** The element each list's items are written as, by the list's own element name. */
const ITEM_OF: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
  errors: 'error',
};

export const CONTENT_TYPE: Record<Format, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export function render(doc: GeoReportDocument, format: Format): string {
  return format === 'json' ? JSON.stringify(pruned(doc.body)) : `<?xml version="1.0" encoding="UTF-8"?>\n${element(doc.root, doc.body)}`;
}

function element(name: string, value: DocValue): string {
  if (value === null || value === undefined || value === '') return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_OF[name];
    if (!item) throw new Error(`no item element for the list <${name}>`);
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** Escapes markup and drops what XML 1.0 cannot carry at all (most control characters, lone surrogates). */
function escapeXml(text: string): string {
  return text
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function pruned(value: DocValue): DocValue {
  if (Array.isArray(value)) return value.map(pruned);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, DocValue> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined || v === '') continue;
      out[k] = pruned(v);
    }
    return out;
  }
  return value;
}

/** ISO 8601 in China Standard Time (no daylight saving): 2026-11-30T14:06:57+08:00. */
export function chinaTime(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

/** The specification's error list: [{code, description}] with the HTTP status as the code. */
export function errorDocument(status: number, description: string): GeoReportDocument {
  return { root: 'errors', body: [{ code: status, description }] };
}
