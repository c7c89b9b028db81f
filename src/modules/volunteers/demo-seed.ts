import { randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { orgUnitSql as unit } from '../org/index.js';
import { VolunteerOrgKind } from './volunteer.models.js';

/** Any fixed 64-bit key: "grid-governance volunteer demo seed". */
const VOLUNTEER_DEMO_LOCK_KEY = '7318293044';
const DEMO_STREET_CODE = 'BL';

/** Approved hours of the demo volunteers: across every star threshold of the default 100,300,600,1000,1500. */
const DEMO_HOURS = [0, 12.5, 48, 96, 105, 180, 320, 450, 640, 880, 1050, 1320, 1560];
const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '马'];
const GIVEN = ['秀英', '建国', '桂兰', '志强', '玉梅', '海燕', '国庆', '丽华', '德明', '春花', '卫东', '淑珍', '晓光'];

/**
 * The demo street's volunteer service, loaded once after the demo tree (when the street exists
 * and there is no organisation yet): one organisation of each kind, volunteers of its
 * courtyards with approved hours across the star thresholds (stars awarded to some, notices
 * over), a finished activity with its check-ins and an upcoming one. Names and phones are made up.
 */
export async function seedVolunteerDemo(dataSource: DataSource): Promise<number> {
  return dataSource.transaction('READ COMMITTED', async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [VOLUNTEER_DEMO_LOCK_KEY]);
    const [street] = await tx.query(`SELECT ${unit.id('u')} AS id, ${unit.path('u')}::text AS path FROM ${unit.table('u')} WHERE ${unit.code('u')} = $1`, [DEMO_STREET_CODE]);
    const [{ empty }] = await tx.query(`SELECT NOT EXISTS (SELECT 1 FROM volunteer_org) AS empty`);
    if (!street || !empty) return 0;
    const units: { id: string; level: string; code: string }[] = await tx.query(
      `SELECT ${unit.id('u')}::text AS id, ${unit.level('u')}::text AS level, ${unit.code('u')} AS code FROM ${unit.table('u')}
        WHERE ${unit.path('u')} <@ $1::ltree AND NOT ${unit.archived('u')} ORDER BY ${unit.code('u')}`,
      [street.path],
    );
    const general = units.find((u) => u.level === 'GENERAL_BRANCH')!;
    const courtyards = units.filter((u) => u.level === 'COURTYARD_GROUP');
    const org = async (name: string, kind: VolunteerOrgKind, unitId: string, contact: string, phone: string): Promise<string> =>
      (
        await tx.query(`INSERT INTO volunteer_org (name, kind, unit_id, contact_name, contact_phone) VALUES ($1, $2, $3, $4, $5) RETURNING id::text AS id`, [
          name,
          kind,
          unitId,
          contact,
          phone,
        ])
      )[0].id;
    const professional = await org('灞陵街道青年志愿者服务队', VolunteerOrgKind.PROFESSIONAL, street.id, '周干事', '13903600001');
    const leiFeng = await org('灞陵小学学雷锋志愿服务队', VolunteerOrgKind.LEI_FENG_TEAM, street.id, '吴老师', '13903600002');
    const grassroots = await org('邻里守望互助会', VolunteerOrgKind.GRASSROOTS, general.id, '郑阿姨', '13903600003');
    const community = await org(`${courtyards[0].code} 庭院志愿服务队`, VolunteerOrgKind.COMMUNITY, courtyards[0].id, '孙组长', '13903600004');
    const orgs = [community, grassroots, leiFeng, professional];

    const volunteers: string[] = [];
    for (let i = 0; i < DEMO_HOURS.length; i++) {
      const [row] = await tx.query(
        `INSERT INTO volunteer (name, phone, unit_id, skills, registered_at) VALUES ($1, $2, $3, $4, now() - make_interval(days => $5)) RETURNING id::text AS id`,
        [SURNAMES[i] + GIVEN[i], `1390360${String(1000 + i).padStart(4, '0')}`, courtyards[i % courtyards.length].id, i % 2 ? ['ELDERLY_CARE'] : ['SANITATION'], 400 - i * 20],
      );
      volunteers.push(row.id);
      await tx.query(`INSERT INTO volunteer_membership (volunteer_id, org_id) VALUES ($1, $2), ($1, $3)`, [row.id, orgs[i % orgs.length], orgs[(i + 1) % orgs.length]]);
      // Approved back-fills of at most 24 h each, one a day going back, adding up to the demo figure.
      await tx.query(
        `INSERT INTO volunteer_hours_entry (volunteer_id, tenths, source, status, service_date, description, org_id, decided_at)
         SELECT $1, least(240, $2 - (n - 1) * 240), 'BACKFILL', 'APPROVED', current_date - n, '社区志愿服务（演示）', $3, now()
           FROM generate_series(1, ceil($2 / 240.0)::int) AS n`,
        [row.id, Math.round(DEMO_HOURS[i] * 10), orgs[i % orgs.length]],
      );
    }
    // Stars for those past 一星 and 二星, notices over; the highest ones are still to be awarded.
    await tx.query(
      `INSERT INTO volunteer_star_award (volunteer_id, level, awarded_at, effective_at, note)
       SELECT v.id, l, now() - interval '60 days' + make_interval(days => l * 10), now() - interval '50 days' + make_interval(days => l * 10), '演示'
         FROM volunteer v CROSS JOIN generate_series(1, 2) AS l
        WHERE v.id = ANY($1::bigint[]) AND v.approved_tenths >= CASE l WHEN 1 THEN 1000 ELSE 3000 END`,
      [volunteers],
    );

    const code = () => String(randomInt(0, 1_000_000)).padStart(6, '0');
    const [finished] = await tx.query(
      `INSERT INTO volunteer_activity (org_id, unit_id, title, description, address, starts_at, ends_at, capacity, status, check_in_code)
       VALUES ($1, $2, '庭院环境清扫', '清理楼道杂物、绿化带垃圾', '1号院中心广场',
               date_trunc('day', now()) - interval '7 days' + interval '1 hour', date_trunc('day', now()) - interval '7 days' + interval '4 hours', 10, 'CLOSED', $3)
       RETURNING id::text AS id, starts_at, ends_at`,
      [community, courtyards[0].id, code()],
    );
    await tx.query(
      `INSERT INTO volunteer_activity (org_id, unit_id, title, description, address, starts_at, ends_at, capacity, check_in_code)
       VALUES ($1, $2, '重阳节敬老义诊', '为高龄老人量血压、讲解防跌倒', '社区服务中心',
               date_trunc('day', now()) + interval '3 days' + interval '1 hour', date_trunc('day', now()) + interval '3 days' + interval '3 hours', 20, $3)`,
      [grassroots, general.id, code()],
    );
    // Three took part in the finished one: checked in at its start, out at its end, 3 hours each.
    for (const volunteerId of volunteers.slice(0, 3)) {
      await tx.query(
        `INSERT INTO volunteer_signup (activity_id, volunteer_id, status, checked_in_at, checked_out_at) VALUES ($1, $2, 'COMPLETED', $3, $4)`,
        [finished.id, volunteerId, finished.starts_at, finished.ends_at],
      );
      await tx.query(
        `INSERT INTO volunteer_hours_entry (volunteer_id, tenths, source, status, service_date, org_id, activity_id, decided_at)
         VALUES ($1, 30, 'CHECK_IN', 'APPROVED', ($2::timestamptz AT TIME ZONE 'Asia/Shanghai')::date, $3, $4, now())`,
        [volunteerId, finished.starts_at, community, finished.id],
      );
    }
    return volunteers.length;
  });
}
