import { Injectable } from '@nestjs/common';
import { queryRows, type Queryable } from '../../database/queries.js';

export interface OverrideRow {
  /** YYYY-MM-DD (read as text: a `date` read as a JS Date would shift with the server's time zone). */
  day: string;
  workday: boolean;
  note: string | null;
}

/** All SQL about the calendar's overrides (table calendar_override). */
@Injectable()
export class CalendarRepository {
  overridesBetween(from: string, to: string, q: Queryable): Promise<OverrideRow[]> {
    return queryRows(q, `SELECT day::text AS day, workday, note FROM calendar_override WHERE day BETWEEN $1::date AND $2::date ORDER BY day`, [from, to]);
  }

  /**
   * Sets the days (distinct); who did it is in the audit log. Written in date order, so two
   * concurrent calls over the same days lock them in the same order and never deadlock.
   */
  async upsert(rows: OverrideRow[], q: Queryable): Promise<void> {
    const days = [...rows].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    await q.query(
      `INSERT INTO calendar_override (day, workday, note)
       SELECT t.day, t.workday, t.note FROM unnest($1::date[], $2::boolean[], $3::text[]) WITH ORDINALITY AS t(day, workday, note, ord) ORDER BY ord
       ON CONFLICT (day) DO UPDATE SET workday = EXCLUDED.workday, note = EXCLUDED.note, set_at = now()`,
      [days.map((d) => d.day), days.map((d) => d.workday), days.map((d) => d.note)],
    );
  }

  /** Drops one day's override; whether there was one. */
  async remove(day: string, q: Queryable): Promise<boolean> {
    const rows = await queryRows<{ day: string }>(q, `DELETE FROM calendar_override WHERE day = $1::date RETURNING day::text AS day`, [day]);
    return rows.length > 0;
  }
}
