import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import { addDays } from '../../../src/modules/calendar/civil-date.js';
import type { OperationEntry, Variant } from './cases.js';
import { asAdmin, type RoleName, type Scope, type SignedInRole } from './world.js';

/**
 * The working-time operations of the authorization matrix (merged into CASES). README
 * "Working time": a CITY_ADMIN sets and drops overrides; every signed-in user reads the
 * calendar and asks for a deadline (the contract names no narrower reader). The calendar is
 * the city's: there is no scope, so both scopes make the same call.
 */
type Cell = 'OK' | 'FORBIDDEN';
function rule(cells: Omit<Record<SignedInRole, Cell>, 'INSPECTOR'> & { INSPECTOR?: Cell }): Variant['expect'] {
  return (role: RoleName, _scope: Scope) => (role === 'ANONYMOUS' ? 'UNAUTHENTICATED' : role === 'INSPECTOR' ? (cells.INSPECTOR ?? cells.RESIDENT) : cells[role]);
}
const SIGNED_IN = rule({ CITY_ADMIN: 'OK', STREET_ADMIN: 'OK', SECRETARY: 'OK', RESPONDER: 'OK', RESIDENT: 'OK', INSPECTOR: 'OK' });
const CITY_ADMIN_ONLY = rule({ CITY_ADMIN: 'OK', STREET_ADMIN: 'FORBIDDEN', SECRETARY: 'FORBIDDEN', RESPONDER: 'FORBIDDEN', RESIDENT: 'FORBIDDEN' });

/** A day no other case touches: far in the future, one more each call. */
let next = randomInt(0, 300_000);
const freshDate = () => addDays('3000-01-01', (next += 1));

const overrideOf = async (env: { sql: (q: string, p?: unknown[]) => Promise<any[]> }, date: string) =>
  (await env.sql(`SELECT workday, note FROM calendar_override WHERE day = $1::date`, [date]))[0];

export const CALENDAR_CASES: Record<string, OperationEntry> = {
  workingCalendar: {
    kind: 'query',
    variants: [
      {
        name: 'the days of the 2026 National Day week (no target: both scopes make the same call)',
        expect: SIGNED_IN,
        prepare: () => ({
          query: `{ workingCalendar(from: "2026-09-30", to: "2026-10-01") { date workday source } }`,
          ok: (days) =>
            expect(days).toEqual([
              { date: '2026-09-30', workday: true, source: 'HOLIDAY_DATA' },
              { date: '2026-10-01', workday: false, source: 'HOLIDAY_DATA' },
            ]),
        }),
      },
    ],
  },

  workingDeadline: {
    kind: 'query',
    variants: [
      {
        name: 'an hour of working time from 16:00 on 30 Sep 2026 (no target)',
        expect: SIGNED_IN,
        prepare: () => ({
          query: `{ workingDeadline(from: "2026-09-30T08:00:00Z", minutes: 120) }`,
          ok: (at) => expect(at).toBe('2026-10-08T01:00:00.000Z'),
        }),
      },
    ],
  },

  setCalendarDay: {
    kind: 'mutation',
    variants: [
      {
        name: 'a day off (no target: the calendar is the city’s)',
        expect: CITY_ADMIN_ONLY,
        prepare: (env) => {
          const date = freshDate();
          return {
            query: `mutation($i: SetCalendarDayInput!) { setCalendarDay(input: $i) { date workday source } }`,
            variables: { i: { date, workday: false, note: 'matrix' } },
            ok: async (day) => {
              expect(day).toEqual({ date, workday: false, source: 'OVERRIDE' });
              expect(await overrideOf(env, date)).toEqual({ workday: false, note: 'matrix' });
            },
          };
        },
      },
    ],
  },

  setCalendarDays: {
    kind: 'mutation',
    variants: [
      {
        name: "two days of a notice (no target: the calendar is the city's)",
        expect: CITY_ADMIN_ONLY,
        prepare: (env) => {
          const [a, b] = [freshDate(), freshDate()];
          return {
            query: `mutation($i: [SetCalendarDayInput!]!) { setCalendarDays(input: $i) { date workday source } }`,
            variables: { i: [{ date: a, workday: false }, { date: b, workday: true }] },
            ok: async (days) => {
              expect(days).toEqual([
                { date: a, workday: false, source: 'OVERRIDE' },
                { date: b, workday: true, source: 'OVERRIDE' },
              ]);
              expect(await overrideOf(env, b)).toEqual({ workday: true, note: null });
            },
          };
        },
      },
    ],
  },

  removeCalendarOverride: {
    kind: 'mutation',
    variants: [
      {
        name: 'an existing override (made as the bootstrap CITY_ADMIN)',
        expect: CITY_ADMIN_ONLY,
        prepare: async (env) => {
          const date = freshDate();
          await asAdmin(env.world.server, `mutation($i: SetCalendarDayInput!) { setCalendarDay(input: $i) { date } }`, { i: { date, workday: true } });
          return {
            query: `mutation($d: String!) { removeCalendarOverride(date: $d) { date source } }`,
            variables: { d: date },
            ok: async (day) => {
              expect(day).toEqual({ date, source: 'WEEKDAY_RULE' });
              expect(await overrideOf(env, date)).toBeUndefined();
            },
          };
        },
      },
    ],
  },
};
