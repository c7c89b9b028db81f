import { describe, expect, it } from 'vitest';
import { chinaTime, errorDocument, render } from '../../src/modules/open311/georeport-format.js';

describe('GeoReport documents', () => {
  it('writes instants in China Standard Time, to the second', () => {
    expect(chinaTime(new Date('2026-11-30T16:06:57.789Z'))).toBe('2026-12-01T00:06:57+08:00');
    expect(chinaTime(new Date('2026-06-30T23:59:59Z'))).toBe('2026-07-01T07:59:59+08:00');
  });

  it('escapes markup in XML and drops what XML 1.0 cannot carry; JSON keeps the text as it is', () => {
    const doc = { root: 'service_requests', body: [{ service_request_id: 'SR-1', description: `a<b>&"c'\u0001d` }] };
    expect(render(doc, 'xml')).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<service_requests><request><service_request_id>SR-1</service_request_id><description>a&lt;b&gt;&amp;&quot;c&apos;d</description></request></service_requests>`,
    );
    expect(JSON.parse(render(doc, 'json'))).toEqual([{ service_request_id: 'SR-1', description: `a<b>&"c'\u0001d` }]);
  });

  it('empty values are empty elements in XML and absent in JSON; lists keep their wrapper', () => {
    const doc = { root: 'discovery', body: { contact: null, changeset: '', endpoints: [{ formats: ['text/xml'] }] } };
    expect(render(doc, 'xml')).toContain('<discovery><contact/><changeset/><endpoints><endpoint><formats><format>text/xml</format></formats></endpoint></endpoints></discovery>');
    expect(render(doc, 'json')).toBe('{"endpoints":[{"formats":["text/xml"]}]}');
  });

  it('an error is the list of {code, description} with the status as a number', () => {
    expect(render(errorDocument(404, 'gone'), 'json')).toBe('[{"code":404,"description":"gone"}]');
    expect(render(errorDocument(403, 'no key'), 'xml')).toContain('<errors><error><code>403</code><description>no key</description></error></errors>');
  });
});
