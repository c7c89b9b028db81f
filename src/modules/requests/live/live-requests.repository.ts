import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../../../database/queries.js';

/** The one read live updates need that the requests repository does not have. */
@Injectable()
export class LiveRequestsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Who the request was assigned to just before the change that appended `eventId`: the
   * assignee recorded by the newest event of an earlier version. (A change appends all its
   * events with one version, each recording the assignee after it.) Null for a submission.
   */
  async assigneeBefore(eventId: string): Promise<string | null> {
    const rows = await queryRows<{ assignee: string | null }>(
      this.db,
      `SELECT p.assignee_member_id::text AS assignee
         FROM request_event e
         JOIN LATERAL (SELECT assignee_member_id FROM request_event p
                        WHERE p.request_id = e.request_id AND p.id < e.id AND p.request_version < e.request_version
                        ORDER BY p.id DESC LIMIT 1) p ON true
        WHERE e.id = $1`,
      [eventId],
    );
    return rows[0]?.assignee ?? null;
  }
}
