import type { GeoPointInput } from '../../../common/graphql/geo.js';
import { OrgLevel } from '../org-unit.model.js';
import type { TreeRow } from './tree-file.js';

/**
 * The demo street: 魏都区灞陵街道 (Weidu district, Xuchang, Henan) and its four first-level
 * grids, the first being 延中社区 with 延中小区 (23 buildings, 618 households). Boundaries
 * are rectangles, each child's inset inside its parent's share, so siblings never touch.
 * Built from the table below with no randomness: every run yields the same rows.
 */

interface CommunityPlan {
  community: string;
  note?: string;
  /** One residential compound per second-level grid, and its number of courtyard groups. */
  branches: { compound: string; courtyards: number }[];
}

/** Which buildings each courtyard holds, where known: 延中小区's 23 buildings over its 11 courtyards. */
const COURTYARD_BUILDINGS: Record<string, readonly string[]> = {
  延中小区: ['1-2', '3-4', '5-6', '7-8', '9-10', '11-12', '13-14', '15-16', '17-18', '19-20', '21-23'],
};

const PLAN: readonly CommunityPlan[] = [
  {
    community: '延中社区',
    note: '延中小区23栋楼618户',
    branches: [
      { compound: '延中小区', courtyards: 4 },
      { compound: '延中小区', courtyards: 4 },
      { compound: '延中小区', courtyards: 3 },
    ],
  },
  {
    community: '灞陵桥社区',
    branches: [
      { compound: '灞陵小区', courtyards: 3 },
      { compound: '春秋苑', courtyards: 4 },
    ],
  },
  {
    community: '文峰北社区',
    branches: [
      { compound: '电业局家属院', courtyards: 3 },
      { compound: '文峰北苑', courtyards: 5 },
      { compound: '建设路小区', courtyards: 4 },
    ],
  },
  {
    community: '运河社区',
    branches: [
      { compound: '运河花园', courtyards: 4 },
      { compound: '许扶运河东岸小区', courtyards: 3 },
    ],
  },
];

const STREET_CODE = 'BL';
const STREET_BOX: Box = { west: 113.83, east: 113.86, south: 34.02, north: 34.04 };
const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

interface Box {
  west: number;
  east: number;
  south: number;
  north: number;
}

/** The demo tree, parents before children, codes BL, BL-01, BL-01-02, BL-01-02-03. */
export function demoTreeRows(): TreeRow[] {
  const rows: TreeRow[] = [];
  const add = (code: string, parentCode: string | null, level: OrgLevel, name: string, box: Box) =>
    rows.push({ at: { kind: 'record', number: rows.length + 1 }, code, parentCode, level, name, boundary: ring(box) });

  add(STREET_CODE, null, OrgLevel.STREET_COMMITTEE, '灞陵街道党委', STREET_BOX);
  PLAN.forEach((plan, g) => {
    // The four first-level grids are the street's quadrants, numbered west to east, north to south.
    const generalBox = cell(cell(STREET_BOX, Math.floor(g / 2), 2, 'north-south'), g % 2, 2, 'west-east');
    const generalCode = `${STREET_CODE}-${pad(g + 1)}`;
    const generalName = `第${ORDINALS[g]}网格党总支（${plan.community}${plan.note ? `·${plan.note}` : ''}）`;
    add(generalCode, STREET_CODE, OrgLevel.GENERAL_BRANCH, generalName, generalBox);

    let courtyardNumber = 0;
    plan.branches.forEach((branch, b) => {
      const branchBox = cell(generalBox, b, plan.branches.length, 'west-east');
      const branchCode = `${generalCode}-${pad(b + 1)}`;
      add(branchCode, generalCode, OrgLevel.BRANCH, `${plan.community}第${ORDINALS[b]}网格党支部`, branchBox);
      // Courtyards are numbered through the compound when one compound spans several grids.
      if (b > 0 && plan.branches[b - 1].compound !== branch.compound) courtyardNumber = 0;
      for (let c = 0; c < branch.courtyards; c++) {
        courtyardNumber++;
        const buildings = COURTYARD_BUILDINGS[branch.compound]?.[courtyardNumber - 1];
        add(
          `${branchCode}-${pad(c + 1)}`,
          branchCode,
          OrgLevel.COURTYARD_GROUP,
          `${branch.compound}${courtyardNumber}号院党小组${buildings ? `（${buildings}号楼）` : ''}`,
          cell(branchBox, c, branch.courtyards, 'north-south'),
        );
      }
    });
  });
  return rows;
}

/** The index-th of `count` equal strips of `box`, shrunk by 6% on every side. */
function cell(box: Box, index: number, count: number, direction: 'west-east' | 'north-south'): Box {
  const strip =
    direction === 'west-east'
      ? { ...box, west: box.west + ((box.east - box.west) * index) / count, east: box.west + ((box.east - box.west) * (index + 1)) / count }
      : { ...box, north: box.north - ((box.north - box.south) * index) / count, south: box.north - ((box.north - box.south) * (index + 1)) / count };
  const insetX = (strip.east - strip.west) * 0.06;
  const insetY = (strip.north - strip.south) * 0.06;
  return { west: strip.west + insetX, east: strip.east - insetX, south: strip.south + insetY, north: strip.north - insetY };
}

/** Counter-clockwise from the south-west corner, rounded to about 0.1 m. */
function ring(box: Box): GeoPointInput[] {
  const round = (n: number) => Math.round(n * 1e6) / 1e6;
  return [
    { lng: box.west, lat: box.south },
    { lng: box.east, lat: box.south },
    { lng: box.east, lat: box.north },
    { lng: box.west, lat: box.north },
  ].map((p) => ({ lng: round(p.lng), lat: round(p.lat) }));
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
