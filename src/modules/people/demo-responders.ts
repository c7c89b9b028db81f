import type { EntityManager } from 'typeorm';
import { orgUnitSql as unit } from '../org/index.js';

/**
 * Two responders in every demo courtyard, between them covering every default category,
 * so a submitted request reaches someone at once. Names and phones are made up.
 */
export async function seedDemoResponders(tx: EntityManager): Promise<void> {
  await tx.query(
    `INSERT INTO member (unit_id, name, phone, party_member, responder, skills)
     SELECT ${unit.id('u')},
            (ARRAY['张','王','李','赵','刘','陈','杨','黄','周','吴','徐','孙'])[1 + (${unit.id('u')} * 2 + r.n) % 12] || r.title,
            '139037' || lpad(((${unit.id('u')} * 2 + r.n) % 100000)::text, 5, '0'),
            r.party, true, r.skills
       FROM ${unit.table('u')}
      CROSS JOIN (VALUES
        (0, '师傅', false, ARRAY['ROAD','STREET_LIGHT','WATER_DRAIN','FACILITY','GREENERY']),
        (1, '网格员', true, ARRAY['SANITATION','SECURITY','NEIGHBOUR_DISPUTE','ELDERLY_CARE','OTHER','STREET_LIGHT'])
      ) AS r(n, title, party, skills)
      WHERE ${unit.level('u')} = 'COURTYARD_GROUP'
      ORDER BY ${unit.id('u')}, r.n`,
  );
}
