import { Field, ObjectType } from '@nestjs/graphql';
import type { RequestSource, RequestStatus } from './request.model.js';

/** How to reach someone who reported through a channel (Open311): for staff in scope only. */
@ObjectType('RequestContact', { description: 'How to reach the person who reported through Open311: for staff in scope of the request only, in full.' })
export class RequestContact {
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => String, { nullable: true }) phone: string | null;
  @Field(() => String, { nullable: true }) email: string | null;
}

export interface IntakeRow {
  request_id: string;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
}

/** What a channel adds to a submission (see RequestsService.submit). */
export interface SubmitOptions {
  /** Default DIRECT. */
  source?: RequestSource;
  /** Keep it inside this subtree (an inspection's findings); `field` prefixes the input path of the errors (`findings.1`). */
  within?: { path: string; field: string };
  /** Without courtyard or location: held at this unit (database id; the caller checked it). */
  holdAtUnitId?: string;
  /** Kept for staff in scope (ServiceRequest.contact); never shown to anyone else. */
  contact?: { name: string | null; phone: string | null; email: string | null } | null;
  /**
   * A submission by the same reporter with the same key within `withinMinutes` is the same
   * request: the first one is handed back. The channel decides what goes into the key.
   */
  sameWithin?: { key: string; withinMinutes: number } | null;
}

/**
 * A request as anyone may see it (the public Open311 listing): no reporter, no contact, no
 * address, no staff note, coordinates rounded to 3 decimals (about 100 m), the description
 * only when asked for.
 */
export interface PublicRequestView {
  number: string;
  status: RequestStatus;
  categoryCode: string;
  categoryName: string;
  description: string | null;
  lat: number | null;
  lng: number | null;
  /** The name of the unit that holds it. */
  holderName: string;
  /** The note of the latest event the reporter or the system wrote (never staff's). */
  statusNote: string | null;
  createdAt: Date;
  updatedAt: Date;
  resolveDueAt: Date;
}

export interface PublicRequestFilter {
  /** Exactly these requests (by number); the other filters are ignored. */
  numbers?: string[] | null;
  categoryCodes?: string[] | null;
  /** true: open only; false: CLOSED and CANCELLED only; null: both. */
  open?: boolean | null;
  /** Submitted in [createdFrom, createdTo]. */
  createdFrom?: Date | null;
  createdTo?: Date | null;
  limit: number;
  withDescriptions: boolean;
}

export interface PublicRequestRow {
  number: string;
  status: RequestStatus;
  category_code: string;
  category_name: string;
  description: string | null;
  lat: number | null;
  lng: number | null;
  holder_name: string;
  status_note: string | null;
  created_at: Date;
  updated_at: Date;
  resolve_due_at: Date;
}
