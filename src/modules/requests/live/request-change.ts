import type { Actor } from '../../../common/auth/actor.js';
import type { EventRow, RequestRow } from '../request.model.js';

/** The PostgreSQL channel every committed change of a request is announced on. */
export const REQUEST_CHANGED_CHANNEL = 'request_changed';

/** The local (per instance) Mercurius pubsub topic the announcements are republished to. */
export const REQUEST_CHANGED_TOPIC = 'REQUEST_CHANGED';

/**
 * What `RequestsRepository.notifyChange` sends at commit: ids and materialised paths only.
 * `from` is the holder's path before the change (null for a submission), `to` after it.
 */
export interface RequestChangeNotice {
  r: string;
  e: string;
  from: string | null;
  to: string;
}

const DB_ID = /^[1-9][0-9]{0,18}$/;
/** An ltree path as the tree writes them: labels of letters, digits and underscores. */
const PATH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** Parses a notification payload; null for anything that is not a well-formed notice. */
export function parseNotice(text: string | undefined): RequestChangeNotice | null {
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const { r, e, from, to } = value as Record<string, unknown>;
  if (typeof r !== 'string' || !DB_ID.test(r) || typeof e !== 'string' || !DB_ID.test(e)) return null;
  if (typeof to !== 'string' || !PATH.test(to)) return null;
  if (from !== null && (typeof from !== 'string' || !PATH.test(from))) return null;
  return { r, e, from, to };
}

/** The reads a change may need, each done at most once per instance and change. */
export interface ChangeReads {
  request(id: string): Promise<RequestRow | undefined>;
  event(id: string): Promise<EventRow | undefined>;
  /** The assignee the request had before the change (null when none, or a submission). */
  previousAssignee(eventId: string): Promise<string | null>;
  unitPath(unitId: string): Promise<string | undefined>;
  /** The caller behind an authorization header, as of now. */
  actor(authorization: string): Promise<Actor | undefined>;
  /** Who follows the request now. */
  followers(requestId: string): Promise<string[]>;
}

/**
 * One announced change, as published to the local subscribers. Every subscriber on this
 * instance gets the same object, so the request, its event and the other lookups are read
 * from the database once per change, however many subscribers there are, and only when a
 * subscriber needs them.
 */
export class LiveChange {
  private requestRead?: Promise<RequestRow | undefined>;
  private eventRead?: Promise<EventRow | undefined>;
  private previousAssigneeRead?: Promise<string | null>;
  private followersRead?: Promise<Set<string>>;
  private readonly unitPaths = new Map<string, Promise<string | undefined>>();
  private readonly actors = new Map<string, Promise<Actor | undefined>>();

  constructor(
    readonly notice: RequestChangeNotice,
    private readonly reads: ChangeReads,
  ) {}

  request(): Promise<RequestRow | undefined> {
    return (this.requestRead ??= this.reads.request(this.notice.r));
  }

  event(): Promise<EventRow | undefined> {
    return (this.eventRead ??= this.reads.event(this.notice.e));
  }

  previousAssignee(): Promise<string | null> {
    return (this.previousAssigneeRead ??= this.reads.previousAssignee(this.notice.e));
  }

  followers(): Promise<Set<string>> {
    return (this.followersRead ??= this.reads.followers(this.notice.r).then((ids) => new Set(ids)));
  }

  unitPath(unitId: string): Promise<string | undefined> {
    return memo(this.unitPaths, unitId, () => this.reads.unitPath(unitId));
  }

  actor(authorization: string): Promise<Actor | undefined> {
    return memo(this.actors, authorization, () => this.reads.actor(authorization));
  }
}

function memo<V>(map: Map<string, Promise<V>>, key: string, load: () => Promise<V>): Promise<V> {
  let value = map.get(key);
  if (!value) map.set(key, (value = load()));
  return value;
}
