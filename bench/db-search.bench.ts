/**
 * Local store figures: bulk insert of 50,000 staff, opening the replica, and name-substring search
 * (1, 2 and 3 characters) over them. Run alone with `npx tsx bench/db-search.bench.ts`.
 * The bulk insert is printed beside its limit (issue 18): the same rows inserted into a bare table with
 * the same indexes (no constraints, no triggers; the trigram index built once at the end), same machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import type { StaffMember, Unit } from '../domain/model';
import { openReplica } from '../db/index';
import { withLimit, type Figure } from './stats';

const STAFF = 50_000;
const UNITS = 200;
const QUERIES = 300;

// Common surnames roughly in order of frequency, so 王/李/张 hit thousands of rows as in real data.
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红建文辉力国鹏俊飞燕玲婷宇浩凯晨欣雪琳颖瑞博志海波宁春梅东云丹斌峰亮成龙倩岩佳慧晶鑫帅';
const REGIONS = ['370902', '370911', '370921', '370923', '370982', '370983'];
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** Small deterministic PRNG (mulberry32) so every run searches the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, list: ArrayLike<T>): T {
  return list[Math.floor(rand() * list.length)]!;
}

function idNumber(region: string, birth: string, seq: number): string {
  const body = `${region}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i]!, 0);
  return body + '10X98765432'[sum % 11];
}

function syntheticUnit(i: number): Unit {
  return {
    id: `u-${i}`,
    name: `泰安市第${i}单位`,
    creditCode: '11370900MB0000000X',
    kind: 'institution',
    rank: 'sectionFull',
    fundingForm: 'full',
    bianbanId: 'bb-370900',
    supervisorUnitId: i === 0 ? null : 'u-0',
    functions: '',
    powerList: [],
    address: '',
    phone: '',
    establishedOn: '1990-01-01',
    history: [],
    abolished: false,
  };
}

function* syntheticStaff(rand: () => number, n: number): Generator<StaffMember> {
  for (let i = 0; i < n; i++) {
    // Mostly three-character names, about 30% two-character ones.
    const given = rand() < 0.3 ? pick(rand, GIVEN) : pick(rand, GIVEN) + pick(rand, GIVEN);
    const year = 1965 + Math.floor(rand() * 36);
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    const birth = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const male = rand() < 0.5;
    const seq = Math.floor(rand() * 500) * 2 + (male ? 1 : 0);
    yield {
      id: `s-${i}`,
      unitId: `u-${i % UNITS}`,
      divisionId: null,
      name: pick(rand, SURNAMES) + given,
      idNumber: idNumber(pick(rand, REGIONS), birth, seq),
      sex: male ? 'male' : 'female',
      birthDate: birth,
      ethnicity: '汉族',
      education: 'bachelor',
      politicalStatus: '群众',
      postKey: 'institutional:full',
      position: '专业技术岗',
      positionLevel: '十级',
      leaderKind: null,
      retirementCategory: male ? 'male' : 'female-55',
      enrolledOn: '2015-09-01',
      entryChannel: 'openRecruitment',
      slipNumber: null,
      slotNo: null,
      phone: '13800000000',
      leftOn: null,
    };
  }
}

const BARE_COLUMNS = ['id', 'unit_id', 'division_id', 'name', 'id_number', 'sex', 'birth_date', 'ethnicity', 'education', 'political_status', 'post_key', 'position',
  'position_level', 'leader_kind', 'retirement_category', 'enrolled_on', 'entry_channel', 'slip_number', 'slot_no', 'phone', 'left_on'];

/**
 * The limit for the bulk insert: the rows into a bare table shaped like `staff` with the same indexes
 * (unique id, unit+name, ID number, division, post counts, trigram search built once), one prepared
 * INSERT with positional values in one transaction, same pragmas as the replica. Returns ms.
 */
function bareInsert(file: string, people: StaffMember[]): number {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('cache_size = -32768');
    db.exec(`CREATE TABLE bare (seq INTEGER PRIMARY KEY, ${BARE_COLUMNS.map((c) => (c === 'id' ? 'id TEXT NOT NULL UNIQUE' : c)).join(', ')});
      CREATE INDEX bare_by_unit ON bare (unit_id, name);
      CREATE INDEX bare_by_id_number ON bare (id_number);
      CREATE INDEX bare_by_division ON bare (division_id);
      CREATE INDEX bare_post_counts ON bare (unit_id, post_key, leader_kind);
      CREATE VIRTUAL TABLE bare_search USING fts5 (name, id_number, content = 'bare', content_rowid = 'seq', tokenize = 'trigram');`);
    const insert = db.prepare(`INSERT INTO bare (${BARE_COLUMNS.join(', ')}) VALUES (${BARE_COLUMNS.map(() => '?').join(', ')})`);
    const t = performance.now();
    db.transaction(() => {
      for (const m of people) {
        insert.run(m.id, m.unitId, m.divisionId, m.name, m.idNumber, m.sex, m.birthDate, m.ethnicity, m.education, m.politicalStatus, m.postKey, m.position,
          m.positionLevel, m.leaderKind, m.retirementCategory, m.enrolledOn, m.entryChannel, m.slipNumber, m.slotNo, m.phone, m.leftOn);
      }
      db.exec(`INSERT INTO bare_search (bare_search) VALUES ('rebuild')`);
    }).immediate();
    return performance.now() - t;
  } finally {
    db.close();
  }
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

export async function run(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ebz-bench-db-'));
  const file = join(dir, 'replica.sqlite');
  const figures: Figure[] = [];
  try {
    const rand = prng(20260101);
    let store = openReplica(file);
    store.units.upsertBianban({ id: 'bb-370900', name: '泰安市机构编制委员会办公室', level: 'city', parentId: null, regionCode: '370900', shortName: '泰机编' });
    store.transaction(() => {
      for (let i = 0; i < UNITS; i++) store.units.upsert(syntheticUnit(i));
    });
    const people = [...syntheticStaff(rand, STAFF)];
    let t = performance.now();
    store.staff.bulkUpsert(people);
    const bulk = performance.now() - t;
    store.close();
    const bare = bareInsert(join(dir, 'bare.sqlite'), people);
    figures.push(withLimit({ name: 'db.staff-bulk-insert-50k', value: bulk, unit: 'ms', goal: '≤ 1000 ms' }, { name: 'same rows into a bare table with the same indexes', value: bare }, { maxValue: 1000 }));

    // Opening an existing, fully migrated replica: what the user waits for at every start.
    t = performance.now();
    store = openReplica(file);
    store.staff.search('王芳', { limit: 1 });
    figures.push({ name: 'db.open-replica-50k', value: round(performance.now() - t), unit: 'ms' });

    // Queries are substrings of real names (so they hit), drawn the same way for each length.
    const names = people.map((p) => p.name);
    const queries = (len: number): string[] => {
      const out: string[] = [];
      while (out.length < QUERIES) {
        const chars = [...pick(rand, names)];
        if (chars.length < len) continue;
        const at = Math.floor(rand() * (chars.length - len + 1));
        out.push(chars.slice(at, at + len).join(''));
      }
      return out;
    };
    for (const len of [1, 2, 3]) {
      const times: number[] = [];
      let hits = 0;
      for (const q of queries(len)) {
        const t0 = performance.now();
        hits += store.staff.search(q, { limit: 50 }).length;
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      figures.push({ name: `db.search-name-${len}char-p50`, value: round(percentile(times, 50)), unit: 'ms', goal: '< 30 ms' });
      figures.push({ name: `db.search-name-${len}char-p99`, value: round(percentile(times, 99)), unit: 'ms' });
      if (hits === 0) throw new Error(`${len} 字检索没有命中任何人员，基准数据有误`);
    }

    const tails: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const id = pick(rand, people).idNumber;
      const t0 = performance.now();
      store.staff.search(id.slice(-6), { limit: 50 });
      tails.push(performance.now() - t0);
    }
    tails.sort((a, b) => a - b);
    figures.push({ name: 'db.search-id-last6-p50', value: round(percentile(tails, 50)), unit: 'ms' });
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const f of await run()) process.stdout.write(`${JSON.stringify(f)}\n`);
}
