import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../../src/modules/calendar/civil-date.js';
import { buildStreet, createAccount, createMember, registerResident, type Street } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { approvedHours, createOrg, ok, refused, REGISTER, freshPhone } from '../../support/volunteers.js';

/** The working-day calendar and working-time deadlines, through GraphQL (README "Working time"), and the CLI import. */
const run = promisify(execFile);
let server: TestServer;
let s: Street;
let resident: { token: string; id: string };
let streetAdmin: { token: string; id: string };

const CALENDAR = `query($f: String!, $t: String!) { workingCalendar(from: $f, to: $t) { date workday note source } }`;
const DEADLINE = `query($f: DateTime!, $m: Int!) { workingDeadline(from: $f, minutes: $m) }`;
const SET_DAY = `mutation($i: SetCalendarDayInput!) { setCalendarDay(input: $i) { date workday note source } }`;
const SET_DAYS = `mutation($i: [SetCalendarDayInput!]!) { setCalendarDays(input: $i) { date workday note source } }`;
const REMOVE = `mutation($d: String!) { removeCalendarOverride(date: $d) { date workday note source } }`;
const UPSERT = `mutation($i: UpsertServiceCategoryInput!) { upsertServiceCategory(input: $i) { code acceptWithinMinutes resolveWithinHours workingTime } }`;
const SUBMIT = `mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { id status version createdAt acceptDueAt resolveDueAt } }`;
const ESCALATE = `mutation($i: RequestActionInput!) { escalateServiceRequest(input: $i) { id status acceptDueAt } }`;
/** Shanghai wall-clock time → ISO instant. */
const sh = (local: string) => new Date(`${local}+08:00`).toISOString();
const deadline = async (from: string, minutes: number) => (await ok(server, DEADLINE, { f: from, m: minutes })).workingDeadline as string;

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '100000', STAR_THRESHOLDS: '1,2,3,4,5' });
  s = await buildStreet(server, 'WT', 36, 114);
  await createMember(server, s.courtyard, { name: '赵师傅', responder: true, skills: ['WT_ROAD', 'ROAD'] });
  resident = await registerResident(server, 'wt-resident');
  streetAdmin = await createAccount(server, { username: 'wt-street-admin', role: 'STREET_ADMIN', scopeUnitId: s.street });
});
afterAll(async () => {
  await server?.stop();
});

describe('the calendar', () => {
  it('shows the 2026 National Day holiday and its make-up working days from the shipped data', async () => {
    const days = (await ok(server, CALENDAR, { f: '2026-09-19', t: '2026-10-11' }, resident.token)).workingCalendar;
    expect(days).toHaveLength(23);
    const by = new Map(days.map((d: any) => [d.date, d]));
    expect(by.get('2026-09-19')).toEqual({ date: '2026-09-19', workday: false, note: null, source: 'HOLIDAY_DATA' });
    expect(by.get('2026-09-20')).toMatchObject({ workday: true, source: 'HOLIDAY_DATA', note: expect.stringContaining('调休上班') });
    expect(by.get('2026-09-30')).toEqual({ date: '2026-09-30', workday: true, note: null, source: 'HOLIDAY_DATA' });
    for (let d = 1; d <= 7; d++) expect(by.get(`2026-10-0${d}`)).toMatchObject({ workday: false, source: 'HOLIDAY_DATA', note: expect.stringContaining('国庆节') });
    expect(by.get('2026-10-08')).toMatchObject({ workday: true, note: null });
    expect(by.get('2026-10-10')).toMatchObject({ workday: true, note: expect.stringContaining('调休上班') });
    expect(by.get('2026-10-11')).toMatchObject({ workday: false, note: null });
  });

  it('falls back to Monday-Friday for a year the data does not cover', async () => {
    const days = (await ok(server, CALENDAR, { f: '2027-01-01', t: '2027-01-03' })).workingCalendar;
    expect(days).toEqual([
      { date: '2027-01-01', workday: true, note: null, source: 'WEEKDAY_RULE' },
      { date: '2027-01-02', workday: false, note: null, source: 'WEEKDAY_RULE' },
      { date: '2027-01-03', workday: false, note: null, source: 'WEEKDAY_RULE' },
    ]);
  });

  it('reads at most 366 days, from a real day to a later one', async () => {
    expect((await ok(server, CALENDAR, { f: '2028-01-01', t: '2028-12-31' })).workingCalendar).toHaveLength(366);
    expect(await refused(server, CALENDAR, { f: '2027-01-01', t: '2028-01-02' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    expect(await refused(server, CALENDAR, { f: '2026-10-02', t: '2026-10-01' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    expect(await refused(server, CALENDAR, { f: '2026-02-30', t: '2026-03-01' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    expect((await refused(server, CALENDAR, { f: '2026/10/01', t: '2026-10-02' })).code).toBe('BAD_USER_INPUT');
    expect((await refused(server, CALENDAR, { f: '2026-10-01', t: '2026-10-02' }, null)).code).toBe('UNAUTHENTICATED');
  });

  it("loads a year's notice with setCalendarDays (all or none), one day with setCalendarDay, and drops an override", async () => {
    const notice = [
      { date: '2027-10-01', workday: false, note: '国庆节' },
      { date: '2027-10-02', workday: false, note: '国庆节' },
      { date: '2027-09-26', workday: true, note: '国庆节调休上班' },
    ];
    const set = (await ok(server, SET_DAYS, { i: notice })).setCalendarDays;
    expect(set).toEqual(notice.map((d) => ({ ...d, source: 'OVERRIDE' })));
    const days = (await ok(server, CALENDAR, { f: '2027-09-26', t: '2027-10-02' }, resident.token)).workingCalendar;
    expect(days.map((d: any) => `${d.date.slice(5)} ${d.workday ? 'work' : 'off'} ${d.source}`)).toEqual([
      '09-26 work OVERRIDE',
      '09-27 work WEEKDAY_RULE',
      '09-28 work WEEKDAY_RULE',
      '09-29 work WEEKDAY_RULE',
      '09-30 work WEEKDAY_RULE',
      '10-01 off OVERRIDE',
      '10-02 off OVERRIDE',
    ]);

    // One bad row: nothing of the call is stored.
    const bad = await refused(server, SET_DAYS, { i: [{ date: '2027-10-03', workday: false }, { date: '2027-02-29', workday: false }] });
    expect(bad).toMatchObject({ code: 'BAD_USER_INPUT', field: '1.date' });
    const twice = await refused(server, SET_DAYS, { i: [{ date: '2027-10-03', workday: false }, { date: '2027-10-03', workday: true }] });
    expect(twice).toMatchObject({ code: 'BAD_USER_INPUT', field: '1.date' });
    expect((await ok(server, CALENDAR, { f: '2027-10-03', t: '2027-10-03' })).workingCalendar[0].source).toBe('WEEKDAY_RULE');

    // Setting a day again replaces it; an override may also turn a holiday of the data into a workday.
    expect((await ok(server, SET_DAY, { i: { date: '2027-10-01', workday: false, note: '  国庆节 National Day ' } })).setCalendarDay).toEqual({
      date: '2027-10-01',
      workday: false,
      note: '国庆节 National Day',
      source: 'OVERRIDE',
    });
    expect((await ok(server, SET_DAY, { i: { date: '2026-10-07', workday: true } })).setCalendarDay).toEqual({ date: '2026-10-07', workday: true, note: null, source: 'OVERRIDE' });
    expect((await ok(server, REMOVE, { d: '2026-10-07' })).removeCalendarOverride).toMatchObject({ date: '2026-10-07', workday: false, source: 'HOLIDAY_DATA' });
    expect((await ok(server, REMOVE, { d: '2027-10-02' })).removeCalendarOverride).toEqual({ date: '2027-10-02', workday: false, note: null, source: 'WEEKDAY_RULE' });
    // Dropping what is not there is harmless.
    expect((await ok(server, REMOVE, { d: '2027-10-02' })).removeCalendarOverride.source).toBe('WEEKDAY_RULE');
    expect((await refused(server, REMOVE, { d: '2027-13-01' })).code).toBe('BAD_USER_INPUT');
    expect((await refused(server, SET_DAY, { i: { date: '2027-10-05', workday: false, note: 'x'.repeat(201) } })).code).toBe('BAD_USER_INPUT');

    // Only a CITY_ADMIN sets the calendar; the audit log says who did.
    expect((await refused(server, SET_DAY, { i: { date: '2027-10-05', workday: false } }, streetAdmin.token)).code).toBe('FORBIDDEN');
    expect((await refused(server, REMOVE, { d: '2027-10-01' }, resident.token)).code).toBe('FORBIDDEN');
    const audit = await server.dataSource.query(`SELECT action, summary FROM audit_log WHERE action LIKE 'CALENDAR%' ORDER BY id`);
    expect(audit.map((a: any) => a.action)).toEqual(['CALENDAR_DAYS_SET', 'CALENDAR_DAYS_SET', 'CALENDAR_DAYS_SET', 'CALENDAR_OVERRIDE_REMOVED', 'CALENDAR_OVERRIDE_REMOVED']);
    expect(audit[0].summary).toMatchObject({ days: 3, first: '2027-09-26', last: '2027-10-02' });
  });
});

describe('concurrent notices', () => {
  it('two admins loading overlapping days in opposite orders at once both succeed (no deadlock), all or none each', async () => {
    const dates = Array.from({ length: 40 }, (_, i) => addDays('2031-01-01', i));
    const calls = Array.from({ length: 8 }, (_, n) => {
      const order = n % 2 === 0 ? dates : [...dates].reverse();
      return server.gql(SET_DAYS, { i: order.map((date) => ({ date, workday: n % 2 === 0, note: `call ${n}` })) });
    });
    const results = await Promise.all(calls);
    for (const r of results) expect(r.body.errors).toBeUndefined();
    const days = (await ok(server, CALENDAR, { f: dates[0], t: dates[39] })).workingCalendar;
    expect(days.every((d: any) => d.source === 'OVERRIDE')).toBe(true);
    // Each call wrote its days in one transaction: the last one to commit wrote every day.
    expect(new Set(days.map((d: any) => d.note)).size).toBe(1);
  });
});

describe('/health', () => {
  it('names the years from now to next year that the shipped data does not cover', async () => {
    const body = await (await fetch(`${server.url}/health`)).json();
    const year = Number(shanghaiDate(new Date()).slice(0, 4));
    // chinese-days 1.5.7 ships 2004-2026.
    expect(body.calendar.uncoveredYears).toEqual([year, year + 1].filter((y) => y > 2026));
  });
});

describe('workingDeadline', () => {
  it('a request submitted on 2026-09-30 at 16:00 falls due after the National Day holiday', async () => {
    expect(await deadline(sh('2026-09-30T16:00:00'), 90)).toBe(sh('2026-09-30T17:30:00'));
    expect(await deadline(sh('2026-09-30T16:00:00'), 120)).toBe(sh('2026-10-08T09:00:00'));
  });

  it('skips the lunch break and the time outside office hours; 0 minutes is the start itself', async () => {
    expect(await deadline(sh('2026-11-30T11:30:00'), 60)).toBe(sh('2026-11-30T15:00:00'));
    expect(await deadline(sh('2026-11-30T07:00:00'), 10)).toBe(sh('2026-11-30T08:40:00'));
    expect(await deadline(sh('2026-11-28T07:00:00'), 10)).toBe(sh('2026-11-30T08:40:00'));
    expect(await deadline(sh('2026-11-28T07:00:00'), 0)).toBe(sh('2026-11-28T07:00:00'));
  });

  it('counts the make-up Saturday 10 Oct 2026 and an override', async () => {
    expect(await deadline(sh('2026-10-09T17:00:00'), 60)).toBe(sh('2026-10-10T09:00:00'));
    // A local day off on Monday 12 Oct 2026 (an override) moves what falls due then.
    expect(await deadline(sh('2026-10-10T17:00:00'), 60)).toBe(sh('2026-10-12T09:00:00'));
    await ok(server, SET_DAY, { i: { date: '2026-10-12', workday: false, note: '区级活动' } });
    expect(await deadline(sh('2026-10-10T17:00:00'), 60)).toBe(sh('2026-10-13T09:00:00'));
    await ok(server, REMOVE, { d: '2026-10-12' });
  });

  it('takes 0-100,000 minutes', async () => {
    expect(await deadline(sh('2026-11-30T08:30:00'), 100_000)).toMatch(/^20\d\d-/);
    expect((await refused(server, DEADLINE, { f: sh('2026-11-30T08:30:00'), m: 100_001 })).code).toBe('BAD_USER_INPUT');
    expect((await refused(server, DEADLINE, { f: sh('2026-11-30T08:30:00'), m: -1 })).code).toBe('BAD_USER_INPUT');
  });
});

describe('working-time categories', () => {
  it('upserting without workingTime keeps it; a new category starts with false', async () => {
    expect((await ok(server, UPSERT, { i: { code: 'WT_ROAD', name: '道路(工作时间)', acceptWithinMinutes: 30, resolveWithinHours: 20, workingTime: true } })).upsertServiceCategory).toEqual({
      code: 'WT_ROAD',
      acceptWithinMinutes: 30,
      resolveWithinHours: 20,
      workingTime: true,
    });
    expect((await ok(server, UPSERT, { i: { code: 'WT_ROAD', name: '道路', acceptWithinMinutes: 30, resolveWithinHours: 20 } })).upsertServiceCategory.workingTime).toBe(true);
    expect((await ok(server, UPSERT, { i: { code: 'WT_PLAIN', name: '普通', acceptWithinMinutes: 30, resolveWithinHours: 20 } })).upsertServiceCategory.workingTime).toBe(false);
    const listed = (await ok(server, `{ serviceCategories { code workingTime } }`, {}, resident.token)).serviceCategories;
    expect(listed).toEqual(expect.arrayContaining([{ code: 'WT_ROAD', workingTime: true }, { code: 'WT_PLAIN', workingTime: false }, { code: 'ROAD', workingTime: false }]));
  });

  it('counts accept and resolve limits in working time; a plain category in clock time', async () => {
    const wt = (await ok(server, SUBMIT, { i: { categoryCode: 'WT_ROAD', description: '路面坑洼', courtyardId: s.courtyard } }, resident.token)).submitServiceRequest;
    expect(wt.status).toBe('ASSIGNED');
    expect(wt.acceptDueAt).toBe(await deadline(wt.createdAt, 30));
    expect(wt.resolveDueAt).toBe(await deadline(wt.createdAt, 20 * 60));
    const plain = (await ok(server, SUBMIT, { i: { categoryCode: 'ROAD', description: '路面开裂', courtyardId: s.courtyard } }, resident.token)).submitServiceRequest;
    const created = new Date(plain.createdAt).getTime();
    // ROAD: 60 minutes to accept, 72 hours to resolve, around the clock.
    expect(new Date(plain.acceptDueAt).getTime() - created).toBe(60 * 60_000);
    expect(new Date(plain.resolveDueAt).getTime() - created).toBe(72 * 3600_000);
  });

  it('an override changes only deadlines computed after it: new requests and escalations, not the stored ones', async () => {
    const before = (await ok(server, SUBMIT, { i: { categoryCode: 'WT_ROAD', description: '井盖松动', courtyardId: s.courtyard } }, resident.token)).submitServiceRequest;
    // The next ten days (from today in Shanghai) off, the one after a workday.
    const today = shanghaiDate(new Date());
    const days = Array.from({ length: 10 }, (_, i) => ({ date: addDays(today, i), workday: false, note: '演练停休' }));
    await ok(server, SET_DAYS, { i: [...days, { date: addDays(today, 10), workday: true }, ...[11, 12, 13, 14].map((i) => ({ date: addDays(today, i), workday: true }))] });
    const firstOffice = sh(`${addDays(today, 10)}T08:30:00`);

    const after = (await ok(server, SUBMIT, { i: { categoryCode: 'WT_ROAD', description: '路灯杆倾斜', courtyardId: s.courtyard } }, resident.token)).submitServiceRequest;
    expect(after.acceptDueAt).toBe(sh(`${addDays(today, 10)}T09:00:00`));
    expect(after.resolveDueAt).toBe(await deadline(firstOffice, 20 * 60));
    // The one submitted before keeps its deadlines.
    const [stored] = await server.dataSource.query(`SELECT accept_due_at, resolve_due_at FROM service_request WHERE number IS NOT NULL ORDER BY id DESC OFFSET 1 LIMIT 1`);
    expect(new Date(stored.accept_due_at).toISOString()).toBe(before.acceptDueAt);
    expect(new Date(stored.resolve_due_at).toISOString()).toBe(before.resolveDueAt);

    // Escalation starts the accept limit again, in working time with the override.
    const escalated = (await ok(server, ESCALATE, { i: { requestId: before.id, note: '上报' } })).escalateServiceRequest;
    expect(escalated.status).toBe('PENDING_DISPATCH');
    expect(escalated.acceptDueAt).toBe(sh(`${addDays(today, 10)}T09:00:00`));

    // A star award's public notice ends on the 5th workday of the calendar: today + 14, same clock time.
    const org = await createOrg(server, s.branch);
    const vol = (await ok(server, REGISTER, { i: { name: '李四', phone: freshPhone(), unitId: s.courtyard, organizationIds: [org] } }, resident.token)).registerVolunteer;
    await approvedHours(server, { volunteerId: vol.id, organizationId: org, hours: 1.5 }, streetAdmin.token);
    const award = (await ok(server, `mutation($i: AwardStarInput!) { awardStarLevel(input: $i) { awardedAt effectiveAt } }`, { i: { volunteerId: vol.id, level: 1 } }, streetAdmin.token))
      .awardStarLevel;
    expect(shanghaiDate(new Date(award.awardedAt))).toBe(today);
    expect(new Date(award.effectiveAt).getTime() - new Date(award.awardedAt).getTime()).toBe(14 * 24 * 3600_000);
  });
});

describe('npm run cli -- calendar:import', () => {
  const cli = (file: string) =>
    run('node', ['dist/src/cli.js', 'calendar:import', file], {
      env: { ...process.env, DATABASE_URL: server.db.url, LOG_LEVEL: 'silent' },
    }).then(
      (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
      (e) => ({ code: e.code as number, out: e.stdout as string, err: e.stderr as string }),
    );

  it('sets the days of examples/calendar-days.csv, as setCalendarDays would', async () => {
    const result = await cli('examples/calendar-days.csv');
    expect(result.err).toBe('');
    expect(result.out).toMatch(/set 8 days \(2 workdays, 6 days off\)/);
    const days = (await ok(server, CALENDAR, { f: '2027-10-01', t: '2027-10-09' })).workingCalendar;
    expect(days.map((d: any) => `${d.date.slice(8)}${d.workday ? 'w' : 'o'}${d.source === 'OVERRIDE' ? '*' : ''}`).join(' ')).toBe(
      '01o* 02o 03o 04o* 05o* 06o* 07o* 08w 09w*',
    );
    const [audit] = await server.dataSource.query(`SELECT actor_user_id IS NOT NULL AS by_admin, summary FROM audit_log WHERE action = 'CALENDAR_DAYS_SET' ORDER BY id DESC LIMIT 1`);
    expect(audit).toMatchObject({ by_admin: true, summary: { via: 'cli', days: 8 } });
  });

  it('refuses a file with a bad row, naming its line, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'calendar-import-'));
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'date,workday,note\n2029-05-01,false,劳动节\n2029-02-30,false,\n2029-05-02,maybe,\n');
    const result = await cli(file);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/line 3: date/);
    expect(result.err).toMatch(/line 4: workday/);
    expect((await ok(server, CALENDAR, { f: '2029-05-01', t: '2029-05-01' })).workingCalendar[0].source).toBe('WEEKDAY_RULE');
  });
});
