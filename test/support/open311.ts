import { Ajv } from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';
import type { TestServer } from './test-server.js';

/** One answer of the Open311 interface: the status, the content type and the body as text and parsed. */
export interface Open311Answer {
  status: number;
  contentType: string;
  text: string;
  /** JSON.parse of a JSON answer; for XML, the document as fast-xml-parser reads it. */
  body: any;
}

/** GET (or any method) against /open311/v2/<path> over real HTTP. */
export async function open311(server: TestServer, path: string, init?: RequestInit): Promise<Open311Answer> {
  const response = await fetch(`${server.url}/open311/v2/${path}`, init);
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  let body: unknown;
  if (contentType.startsWith('application/json')) body = JSON.parse(text);
  else if (contentType.startsWith('text/xml')) body = parseXml(text);
  return { status: response.status, contentType, text, body };
}

/** POSTs a form (application/x-www-form-urlencoded, as the specification posts) to requests.<format>. */
export function postForm(server: TestServer, fields: Record<string, string>, format: 'json' | 'xml' | '' = 'json'): Promise<Open311Answer> {
  return open311(server, format ? `requests.${format}` : 'requests', { method: 'POST', body: new URLSearchParams(fields) });
}

/** Creates an API key as the bootstrap admin; returns the secret and the key's ids. */
export async function createApiKey(server: TestServer, name: string): Promise<{ secret: string; id: string; userId: string; username: string }> {
  const res = await server.gql(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id user { id username } } } }`, { i: { name } });
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  const created = res.body.data.createApiKey;
  return { secret: created.secret, id: created.apiKey.id, userId: created.apiKey.user.id, username: created.apiKey.user.username };
}

// ---- XML -------------------------------------------------------------------------------------

/** The list items of the specification's documents: always arrays, even with one item. */
const LIST_ITEMS = new Set(['service', 'request', 'endpoint', 'format', 'attribute', 'value', 'error']);

const parser = new XMLParser({ parseTagValue: false, ignoreDeclaration: true, isArray: (name) => LIST_ITEMS.has(name) });
const orderedParser = new XMLParser({ parseTagValue: false, ignoreDeclaration: true, preserveOrder: true });

export function parseXml(text: string): any {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid)}\n${text.slice(0, 300)}`);
  return parser.parse(text);
}

/** An element's structure: its name and its children's structures, in document order (text ignored). */
export interface Shape {
  name: string;
  children: Shape[];
}

function shapesOf(nodes: any[]): Shape[] {
  const shapes: Shape[] = [];
  for (const node of nodes) {
    const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
    if (name) shapes.push({ name, children: shapesOf(node[name]) });
  }
  return shapes;
}

/** The root element's structure. */
export function shapeOf(xml: string): Shape {
  const roots = shapesOf(orderedParser.parse(xml));
  expect(roots).toHaveLength(1);
  return roots[0];
}

/** The element names of the first item of a list document, in order: the shape one item has. */
export const itemElementNames = (xml: string): string[] => shapeOf(xml).children[0].children.map((c) => c.name);

/**
 * The GeoReport v2 specification's XML examples (wiki.open311.org/GeoReport_v2 and
 * /Service_Discovery), abridged to one item per list, values as printed there.
 */
export const SPEC_EXAMPLES = {
  discovery: `<?xml version="1.0" encoding="utf-8"?>
<discovery>
  <changeset>2011-04-05T17:48:34Z</changeset>
  <contact>You can email or call for assistance api@the311.gov +1 (555) 555-5555</contact>
  <key_service>You can request a key here: http://api.311.gov/request_key.html</key_service>
  <endpoints>
    <endpoint>
      <specification>http://wiki.open311.org/GeoReport_v2</specification>
      <url>http://open311.sfgov.org/dev/v2</url>
      <changeset>2011-04-20T17:48:34Z</changeset>
      <type>test</type>
      <formats>
        <format>text/xml</format>
        <format>application/json</format>
      </formats>
    </endpoint>
  </endpoints>
</discovery>`,
  services: `<?xml version="1.0" encoding="utf-8"?>
<services>
  <service>
    <service_code>001</service_code>
    <service_name>Cans left out 24x7</service_name>
    <description>Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.</description>
    <metadata>true</metadata>
    <type>realtime</type>
    <keywords>lorem, ipsum, dolor</keywords>
    <group>sanitation</group>
  </service>
</services>`,
  serviceDefinition: `<?xml version="1.0" encoding="utf-8"?>
<service_definition>
  <service_code>DMV66</service_code>
  <attributes>
    <attribute>
      <variable>true</variable>
      <code>WHISHETN</code>
      <datatype>singlevaluelist</datatype>
      <required>true</required>
      <datatype_description></datatype_description>
      <order>1</order>
      <description>What is the ticket/tag/DL number?</description>
      <values>
        <value><key>123</key><name>Ford</name></value>
      </values>
    </attribute>
  </attributes>
</service_definition>`,
  postResponse: `<?xml version="1.0" encoding="utf-8"?>
<service_requests>
  <request>
    <service_request_id>293944</service_request_id>
    <service_notice>The City will inspect and require the responsible party to correct within 24 hours and/or issue a Correction Notice or Notice of Violation of the Public Works Code</service_notice>
    <account_id/>
  </request>
</service_requests>`,
  requests: `<?xml version="1.0" encoding="utf-8"?>
<service_requests>
  <request>
    <service_request_id>638344</service_request_id>
    <status>closed</status>
    <status_notes>Duplicate request.</status_notes>
    <service_name>Sidewalk and Curb Issues</service_name>
    <service_code>006</service_code>
    <description></description>
    <agency_responsible></agency_responsible>
    <service_notice></service_notice>
    <requested_datetime>2010-04-14T06:37:38-08:00</requested_datetime>
    <updated_datetime>2010-04-14T06:37:38-08:00</updated_datetime>
    <expected_datetime>2010-04-15T06:37:38-08:00</expected_datetime>
    <address>8TH AVE and JUDAH ST</address>
    <address_id>545483</address_id>
    <zipcode>94122</zipcode>
    <lat>37.762221815</lat>
    <long>-122.4651145</long>
    <media_url>http://city.gov.s3.amazonaws.com/requests/media/638344.jpg </media_url>
  </request>
</service_requests>`,
  errors: `<?xml version="1.0" encoding="utf-8"?>
<errors>
  <error>
    <code>403</code>
    <description>Invalid api_key received -- can't proceed with create_request.</description>
  </error>
</errors>`,
};

// ---- JSON Schemas ----------------------------------------------------------------------------

/** ISO 8601 with the +08:00 offset (China Standard Time), to the second. */
const CHINA_TIME = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+08:00$' };
const TEXT = { type: 'string', minLength: 1 };

export const SCHEMAS = {
  discovery: {
    type: 'object',
    additionalProperties: false,
    required: ['changeset', 'key_service', 'endpoints'],
    properties: {
      changeset: CHINA_TIME,
      contact: TEXT,
      key_service: TEXT,
      endpoints: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['specification', 'url', 'changeset', 'type', 'formats'],
          properties: {
            specification: { const: 'http://wiki.open311.org/GeoReport_v2' },
            url: { type: 'string', pattern: '^https?://.+/open311/v2$' },
            changeset: CHINA_TIME,
            type: { enum: ['production', 'test'] },
            formats: { type: 'array', items: { enum: ['text/xml', 'application/json'] }, minItems: 2, uniqueItems: true },
          },
        },
      },
    },
  },
  services: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['service_code', 'service_name', 'metadata', 'type'],
      properties: {
        service_code: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' },
        service_name: TEXT,
        description: TEXT,
        metadata: { type: 'boolean' },
        type: { enum: ['realtime', 'batch', 'blackbox'] },
        keywords: TEXT,
        group: TEXT,
      },
    },
  },
  serviceDefinition: {
    type: 'object',
    additionalProperties: false,
    required: ['service_code', 'attributes'],
    properties: { service_code: { type: 'string' }, attributes: { type: 'array', maxItems: 0 } },
  },
  postResponse: {
    type: 'array',
    minItems: 1,
    maxItems: 1,
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['service_request_id'],
      properties: { service_request_id: TEXT, service_notice: TEXT, account_id: TEXT },
    },
  },
  requests: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['service_request_id', 'status', 'service_name', 'service_code', 'requested_datetime', 'updated_datetime'],
      properties: {
        service_request_id: TEXT,
        status: { enum: ['open', 'closed'] },
        status_notes: TEXT,
        service_name: TEXT,
        service_code: TEXT,
        description: TEXT,
        agency_responsible: TEXT,
        service_notice: TEXT,
        requested_datetime: CHINA_TIME,
        updated_datetime: CHINA_TIME,
        expected_datetime: CHINA_TIME,
        address: TEXT,
        address_id: TEXT,
        zipcode: TEXT,
        lat: { type: 'number', minimum: -90, maximum: 90 },
        long: { type: 'number', minimum: -180, maximum: 180 },
        media_url: TEXT,
      },
    },
  },
  errors: {
    type: 'array',
    minItems: 1,
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'description'],
      properties: { code: { type: 'integer', enum: [400, 403, 404, 429] }, description: TEXT },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = Object.fromEntries(Object.entries(SCHEMAS).map(([name, schema]) => [name, ajv.compile(schema)])) as Record<
  keyof typeof SCHEMAS,
  ReturnType<typeof ajv.compile>
>;

/** Asserts a JSON body against the named schema, listing every violation when it fails. */
export function expectSchema(name: keyof typeof SCHEMAS, body: unknown): void {
  const validate = validators[name];
  const valid = validate(body);
  expect(valid ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`), `${name} schema`).toEqual([]);
}

// ---- golden bodies ---------------------------------------------------------------------------

/** Replaces what changes from run to run (request numbers, times) with placeholders. */
export function normalised(text: string): string {
  return text.replace(/SR-\d{8}-\d{6,}/g, 'SR-<n>').replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00/g, '<time>');
}
