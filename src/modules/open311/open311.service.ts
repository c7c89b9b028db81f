import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import { validateInput } from '../../common/errors/input-validation.pipe.js';
import { limitAddress } from '../../common/rate-limit/index.js';
import { RateLimiter } from '../../common/rate-limit/rate-limiter.js';
import { AppConfig } from '../../config/app-config.js';
import { AuthService } from '../auth/index.js';
import { RequestQueries, RequestSource, RequestStatus, RequestsService, SubmitServiceRequestInput, type PublicRequestView } from '../requests/index.js';
import { ApiKeysService } from './api-keys.service.js';
import { chinaTime, type DocValue, type GeoReportDocument } from './georeport-format.js';

/** A refusal in the specification's terms: the HTTP status (also the error's code) and a description. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 429,
    readonly description: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(description);
  }
}

/** Parameters as received (query string, and for POST the form): the first value of each. */
export type Params = Record<string, string | undefined>;

const DAY_MS = 24 * 3600_000;
/** The public list's default window, and the longest range a client may ask for. */
const WINDOW_MS = 90 * DAY_MS;
const MAX_REQUESTS = 1000;
/** A POST from the same device with the same content within this is the same request. */
const SAME_SUBMISSION_MINUTES = 10;
/** When the documents below last changed shape (discovery's changeset). */
const CHANGESET = '2026-11-30T00:00:00+08:00';
const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';

const CODE = /^[A-Za-z0-9_.-]{1,64}$/;
const NO_CONTROL = /^[^\p{Cc}\p{Cs}]*$/u;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * GeoReport v2 over the requests module: discovery, the service list, submission as the
 * key's account (source OPEN311), and the public listing, which shows nothing personal.
 */
@Injectable()
export class Open311Service {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly config: AppConfig,
    private readonly requests: RequestsService,
    private readonly queries: RequestQueries,
    private readonly keys: ApiKeysService,
    private readonly auth: AuthService,
    dataSource: DataSource,
  ) {
    this.limiter = new RateLimiter(dataSource, config.RATE_LIMIT_PER_MINUTE);
  }

  /** One jurisdiction: naming another is 404, naming none is fine. */
  checkJurisdiction(p: Params): void {
    const named = p.jurisdiction_id?.trim();
    if (named && named !== this.config.OPEN311_JURISDICTION) throw new Open311Error(404, `Unknown jurisdiction_id: this server serves ${this.config.OPEN311_JURISDICTION}`);
  }

  /** Counts one call against each key (RATE_LIMIT_PER_MINUTE, shared by every instance). */
  async limit(keys: string[]): Promise<void> {
    const verdict = await this.limiter.hit(keys);
    if (verdict.limited) throw new Open311Error(429, 'Too many requests in a minute; wait a moment and try again', verdict.retryAfterSeconds);
  }

  discovery(): GeoReportDocument {
    return {
      root: 'discovery',
      body: {
        changeset: CHANGESET,
        contact: null,
        key_service: 'Ask the city administrator for a key: a CITY_ADMIN creates one per application (createApiKey).',
        endpoints: [
          {
            specification: SPECIFICATION,
            url: `${this.config.publicUrl}/open311/v2`,
            changeset: CHANGESET,
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      },
    };
  }

  async services(): Promise<GeoReportDocument> {
    const categories = await this.queries.categories();
    return {
      root: 'services',
      body: categories.map((c) => ({
        service_code: c.code,
        service_name: c.name,
        description: null,
        metadata: false,
        type: 'realtime',
        keywords: null,
        group: null,
      })),
    };
  }

  /** We publish no attributes (metadata is false): the definition names the service with an empty list. */
  async serviceDefinition(code: string): Promise<GeoReportDocument> {
    const category = CODE.test(code) ? await this.queries.categoryByCode(code) : null;
    if (!category) throw new Open311Error(404, `No service with service_code ${code}`);
    return { root: 'service_definition', body: { service_code: category.code, attributes: [] } };
  }

  async listRequests(p: Params): Promise<GeoReportDocument> {
    const withDescriptions = this.config.OPEN311_PUBLIC_DESCRIPTIONS;
    const numbers = listParam(p.service_request_id);
    let views: PublicRequestView[];
    if (numbers) {
      // The specification: service_request_id overrides every other argument.
      if (numbers.length > MAX_REQUESTS) throw new Open311Error(400, `At most ${MAX_REQUESTS} service_request_id values`);
      if (!numbers.every((n) => n.length <= 64 && NO_CONTROL.test(n))) throw new Open311Error(400, 'service_request_id is invalid');
      views = await this.queries.publicList({ numbers, limit: MAX_REQUESTS, withDescriptions });
    } else {
      const codes = listParam(p.service_code);
      if (codes && !codes.every((c) => CODE.test(c))) throw new Open311Error(400, 'service_code is invalid');
      const statuses = listParam(p.status)?.map((s) => s.toLowerCase());
      if (statuses && !statuses.every((s) => s === 'open' || s === 'closed')) throw new Open311Error(400, 'status must be open or closed');
      const open = statuses && !(statuses.includes('open') && statuses.includes('closed')) ? statuses[0] === 'open' : null;
      const [createdFrom, createdTo] = window(dateParam(p.start_date, 'start_date'), dateParam(p.end_date, 'end_date'));
      views = await this.queries.publicList({ categoryCodes: codes, open, createdFrom, createdTo, limit: MAX_REQUESTS, withDescriptions });
    }
    return { root: 'service_requests', body: views.map(requestElement) };
  }

  async getRequest(number: string): Promise<GeoReportDocument> {
    const view = number.length <= 64 && NO_CONTROL.test(number) ? await this.queries.publicByNumber(number, this.config.OPEN311_PUBLIC_DESCRIPTIONS) : null;
    if (!view) throw new Open311Error(404, `No service request ${number}`);
    return { root: 'service_requests', body: [requestElement(view)] };
  }

  /** We answer with the service_request_id at once, so there is never a token to look up. */
  tokenLookup(token: string): never {
    throw new Open311Error(404, `No token ${token}: service requests are created at once and answered with their service_request_id`);
  }

  /**
   * POST requests: submitServiceRequest as the key's account, source OPEN311, routed by the
   * point. Personal fields are kept as the request's contact, for staff in scope only.
   */
  async postRequest(p: Params, address: string | null): Promise<GeoReportDocument> {
    // The address counts first, so that guessing keys is limited too; then the key. The same
    // `addr:` counter as the GraphQL mutations' (IPv6 by its /64).
    const limited = limitAddress(address);
    if (limited) await this.limit([`addr:${limited}`]);
    const secret = p.api_key?.trim();
    if (!secret) throw new Open311Error(403, 'api_key is required to submit a service request');
    const key = await this.keys.authenticate(secret);
    if (!key) throw new Open311Error(403, 'Invalid api_key: unknown or revoked');
    await this.limit([`apikey:${key.dbId}`]);
    const actor = await this.auth.actorOf(key.userDbId, address);
    if (!actor) throw new Open311Error(403, "The api_key's account is deactivated");

    const serviceCode = p.service_code?.trim();
    if (!serviceCode) throw new Open311Error(400, 'service_code is required');
    const location = point(p);
    const category = CODE.test(serviceCode) ? await this.queries.categoryByCode(serviceCode) : null;
    if (!category) throw new Open311Error(404, `No service with service_code ${serviceCode}`);
    const contact = contactOf(p);
    const deviceId = p.device_id?.trim() || null;
    if (deviceId && (deviceId.length > 200 || !NO_CONTROL.test(deviceId))) throw new Open311Error(400, 'device_id must be at most 200 characters');

    const input = await asBadRequest(() =>
      validateInput(SubmitServiceRequestInput, {
        categoryCode: category.code,
        // The specification makes the description optional; ours is not, so the service names it.
        description: p.description?.trim() || category.name,
        location,
        address: p.address_string?.trim() || undefined,
      }),
    );
    const sameWithin = deviceId
      ? {
          key: createHash('sha256')
            .update(JSON.stringify([key.dbId, deviceId, input.description, location.lat.toFixed(6), location.lng.toFixed(6)]))
            .digest('hex'),
          withinMinutes: SAME_SUBMISSION_MINUTES,
        }
      : null;
    const request = await asBadRequest(() => this.requests.submit(actor, input, { source: RequestSource.OPEN311, contact, sameWithin }));
    return { root: 'service_requests', body: [{ service_request_id: request.number, service_notice: null, account_id: null }] };
  }
}

function requestElement(v: PublicRequestView): DocValue {
  const closed = v.status === RequestStatus.CLOSED || v.status === RequestStatus.CANCELLED;
  return {
    service_request_id: v.number,
    status: closed ? 'closed' : 'open',
    status_notes: v.statusNote,
    service_name: v.categoryName,
    service_code: v.categoryCode,
    description: v.description,
    agency_responsible: v.holderName,
    service_notice: null,
    requested_datetime: chinaTime(v.createdAt),
    updated_datetime: chinaTime(v.updatedAt),
    expected_datetime: chinaTime(v.resolveDueAt),
    address: null,
    address_id: null,
    zipcode: null,
    lat: v.lat,
    long: v.lng,
    media_url: null,
  };
}

/** A comma list (the specification's way of asking for several), without empty items; undefined when absent. */
function listParam(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items && items.length > 0 ? items : undefined;
}

function dateParam(value: string | undefined, name: string): Date | null {
  const text = value?.trim();
  if (!text) return null;
  const at = ISO_DATE.test(text) ? new Date(text) : null;
  if (!at || Number.isNaN(at.getTime())) throw new Open311Error(400, `${name} must be a date and time in ISO 8601 (2026-11-30T08:00:00+08:00)`);
  return at;
}

/** The window of the public list: the last 90 days by default; a range over 90 days is refused. */
function window(start: Date | null, end: Date | null): [Date, Date | null] {
  if (start && end) {
    if (end < start) throw new Open311Error(400, 'end_date is before start_date');
    if (end.getTime() - start.getTime() > WINDOW_MS) throw new Open311Error(400, 'start_date to end_date spans more than 90 days');
    return [start, end];
  }
  if (start) return [start, new Date(start.getTime() + WINDOW_MS)];
  if (end) return [new Date(end.getTime() - WINDOW_MS), end];
  return [new Date(Date.now() - WINDOW_MS), null];
}

function point(p: Params): { lat: number; lng: number } {
  const lat = p.lat?.trim();
  const lng = p.long?.trim();
  if (!lat || !lng) {
    if (p.address_string?.trim() || p.address_id?.trim()) {
      throw new Open311Error(400, 'lat and long are required: requests are routed by their point, and an address alone cannot be');
    }
    throw new Open311Error(400, 'lat and long are required');
  }
  if (!NUMBER.test(lat) || !NUMBER.test(lng)) throw new Open311Error(400, 'lat and long must be numbers');
  const location = { lat: Number(lat), lng: Number(lng) };
  if (!(Math.abs(location.lat) <= 90)) throw new Open311Error(400, 'lat must be between -90 and 90');
  if (!(Math.abs(location.lng) <= 180)) throw new Open311Error(400, 'long must be between -180 and 180');
  return location;
}

/** The personal fields posted, checked; Chinese names are family name first, without a space. */
function contactOf(p: Params): { name: string | null; phone: string | null; email: string | null } | null {
  const first = p.first_name?.trim() || '';
  const last = p.last_name?.trim() || '';
  const han = /^\p{Script=Han}+$/u;
  const name = (han.test(first) && han.test(last) ? `${last}${first}` : [first, last].filter(Boolean).join(' ')) || null;
  const phone = p.phone?.trim() || null;
  const email = p.email?.trim() || null;
  if (name && (name.length > 100 || !NO_CONTROL.test(name))) throw new Open311Error(400, 'first_name and last_name must be at most 100 characters together');
  if (phone && !/^[0-9+()\- ]{3,50}$/.test(phone)) throw new Open311Error(400, 'phone must be 3-50 digits, spaces or + ( ) -');
  if (email && (email.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(email) || !NO_CONTROL.test(email))) throw new Open311Error(400, 'email is not an email address');
  return name || phone || email ? { name, phone, email } : null;
}

/** The requests module's refusals in the specification's terms. */
async function asBadRequest<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    switch (error.code) {
      case ErrorCode.BAD_USER_INPUT:
      case ErrorCode.CONFLICT:
        throw new Open311Error(400, error.message);
      case ErrorCode.NOT_FOUND:
        throw new Open311Error(404, error.message);
      case ErrorCode.FORBIDDEN:
      case ErrorCode.UNAUTHENTICATED:
        throw new Open311Error(403, error.message);
      default:
        throw error;
    }
  }
}
