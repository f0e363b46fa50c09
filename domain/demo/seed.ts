/**
 * Deterministic demo slice of a province: a province bianban, city and county bianbans, departments with
 * subordinate institutions and divisions, ledgers of approval documents, staff with valid ID numbers and
 * plausible ages, departed staff, post-use slips — and a few planted cases of every alarm kind, listed in
 * `planted` so tests (and demos) can check that the alarm rules find them. Same options → same output.
 */
import type { AlarmKind } from '../alarms';
import { formatFormNumber, DEFAULT_FORM_NUMBER_PATTERNS } from '../form-number';
import type { PostUseSlip } from '../forms';
import type {
  Bianban,
  DepartedStaffMember,
  DepartureReason,
  Division,
  Education,
  LedgerEntry,
  OffEstablishmentCount,
  RecruitChannel,
  Sex,
  StaffMember,
  Unit,
  UnitKind,
  UnitRank,
} from '../model';
import type { Funding, LeaderKind, PostKey } from '../posts';
import { isPastRetirement, retirementCategoryFor } from '../retirement';
import { creditCodeCheckChar } from '../validation/credit-code';
import { idNumberCheckChar } from '../validation/id-number';
import {
  CITY,
  COUNTIES,
  DEPARTMENTS,
  DIVISION_NAMES,
  ETHNICITIES,
  GIVEN_FEMALE,
  GIVEN_MALE,
  INSTITUTION_POSITIONS,
  ORGAN_POSITIONS,
  PLACE_CHARS,
  POLITICAL_STATUSES,
  SURNAMES,
  WORKER_POSITIONS,
  type DepartmentTemplate,
} from './names';
import { Rng } from './rng';

export interface SeedOptions {
  units: number;
  staff: number;
  seed: number;
  /** The date the slice describes (YYYY-MM-DD); ages, slips and planted alarms are relative to it. */
  asOf: string;
}

export interface PlantedCase {
  kind: AlarmKind;
  unitId: string;
  subject: string;
}

export interface SeedFile {
  version: 1;
  seed: number;
  asOf: string;
  bianbans: Bianban[];
  units: Unit[];
  divisions: Division[];
  ledger: LedgerEntry[];
  staff: StaffMember[];
  departedStaff: DepartedStaffMember[];
  slips: PostUseSlip[];
  offEstablishment: OffEstablishmentCount[];
  planted: PlantedCase[];
}

const SIZE_HINTS: readonly (readonly [RegExp, number, Funding])[] = [
  [/医院|保健院/, 8, 'partial'],
  [/中学|职业中等/, 6, 'full'],
  [/小学|幼儿园|特殊教育/, 4, 'full'],
  [/检验检测|测绘|殡仪馆|血站|公证处|房产交易|标准化/, 1.5, 'self'],
  [/中心|站|所|院|馆|队|处/, 1.2, 'full'],
];

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function addMonths(date: string, months: number): string {
  const [y, m, day] = date.split('-').map(Number) as [number, number, number];
  const idx = y * 12 + (m - 1) + months;
  const last = new Date(Date.UTC(Math.floor(idx / 12), (idx % 12) + 1, 0)).getUTCDate();
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

const ORG_CODE_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** GB 11714 organisation code (8 characters + check) — the middle of a credit code. */
function orgCode(rng: Rng): string {
  const body = Array.from({ length: 8 }, (_, i) => (i === 0 ? rng.pick('0123456789MPQ'.split('')) : rng.pick(ORG_CODE_CHARS.slice(0, 10).split('')))).join('');
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += ORG_CODE_CHARS.indexOf(body[i]!) * weights[i]!;
  const c = 11 - (sum % 11);
  return body + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

class Generator {
  readonly rng: Rng;
  readonly out: SeedFile;
  readonly usedIds = new Set<string>();
  private readonly usedCredit = new Set<string>();
  private readonly usedPlaces = new Set<string>();
  readonly slipSeq = new Map<string, number>();
  private docSeq = 0;

  constructor(readonly opts: SeedOptions) {
    this.rng = new Rng(opts.seed);
    this.out = {
      version: 1,
      seed: opts.seed,
      asOf: opts.asOf,
      bianbans: [],
      units: [],
      divisions: [],
      ledger: [],
      staff: [],
      departedStaff: [],
      slips: [],
      offEstablishment: [],
      planted: [],
    };
  }

  private place(prefix: string, suffix: string): string {
    for (;;) {
      const name = `${prefix}${this.rng.pick(PLACE_CHARS)}${this.rng.pick(PLACE_CHARS)}${suffix}`;
      if (!this.usedPlaces.has(name)) {
        this.usedPlaces.add(name);
        return name;
      }
    }
  }

  /** A bianban for a place (city or county), registered as used so generated names stay unique. */
  private bianban(place: { name: string; short: string; code: string }, level: 'city' | 'county', parentId: string): Bianban {
    this.usedPlaces.add(place.name);
    const b: Bianban = {
      id: this.rng.uuid(),
      name: `${place.name}机构编制委员会办公室`,
      level,
      parentId,
      regionCode: place.code,
      shortName: `${place.short}机编`,
    };
    this.out.bianbans.push(b);
    return b;
  }

  private generatedPlace(suffix: string, code: string): { name: string; short: string; code: string } {
    const name = this.place('', suffix);
    return { name, short: name.slice(0, 1), code };
  }

  /** Province → cities → counties; returns the bianbans that own units (cities and counties). */
  bianbans(): Bianban[] {
    const countyCount = Math.max(2, Math.ceil(this.opts.units / 70));
    const province: Bianban = { id: this.rng.uuid(), name: '山东省机构编制委员会办公室', level: 'province', parentId: null, regionCode: '370000', shortName: '鲁编' };
    this.out.bianbans.push(province);
    const owners: Bianban[] = [];
    let countiesLeft = countyCount;
    for (let c = 0; countiesLeft > 0; c++) {
      const city = c === 0 ? CITY : this.generatedPlace('市', `37${String(20 + c).padStart(2, '0')}00`);
      const cityB = this.bianban(city, 'city', province.id);
      owners.push(cityB);
      const n = Math.min(COUNTIES.length, countiesLeft);
      countiesLeft -= n;
      for (let k = 0; k < n; k++) {
        const county = c === 0 ? COUNTIES[k]! : this.generatedPlace(this.rng.pick(['县', '区']), `${city.code.slice(0, 4)}${String(k + 1).padStart(2, '0')}`);
        owners.push(this.bianban(county, 'county', cityB.id));
      }
    }
    return owners;
  }

  private placeOf(b: Bianban): string {
    return b.name.replace('机构编制委员会办公室', '');
  }

  private creditCode(kind: UnitKind, region: string): string {
    for (;;) {
      const first2 = kind === 'organ' || kind === 'agency' || kind === 'developmentZone' ? '11' : kind === 'massOrganisation' ? '13' : '12';
      const body = `${first2}${region}${orgCode(this.rng)}`;
      const code = body + creditCodeCheckChar(body);
      if (!this.usedCredit.has(code)) {
        this.usedCredit.add(code);
        return code;
      }
    }
  }

  docNo(b: Bianban, year: number): string {
    this.docSeq += 1;
    return `${b.shortName}发〔${year}〕${(this.docSeq % 97) + 3}号`;
  }

  /** Units for one bianban: departments first, each followed by some of its institutions. */
  unitsFor(b: Bianban, quota: number, rankBase: 'city' | 'county'): { unit: Unit; weight: number; mainKey: PostKey }[] {
    const made: { unit: Unit; weight: number; mainKey: PostKey }[] = [];
    const place = this.placeOf(b);
    const start = this.rng.int(0, DEPARTMENTS.length - 1);
    for (let i = 0; made.length < quota && i < DEPARTMENTS.length * 4; i++) {
      const dept: DepartmentTemplate = DEPARTMENTS[(start + i) % DEPARTMENTS.length]!;
      const round = Math.floor(i / DEPARTMENTS.length);
      if (round > 0 && dept.institutions.length <= round) continue;
      let parent: Unit | undefined;
      if (round === 0) {
        const mainKey: PostKey = dept.politicoLegal ? 'politicoLegal' : 'administrative';
        parent = this.unit(b, `${place}${dept.name}`, 'organ', rankBase === 'city' ? 'divisionFull' : 'sectionFull', 'full', null);
        made.push({ unit: parent, weight: dept.politicoLegal ? 6 : 2.5, mainKey });
      } else {
        parent = made.find((m) => m.unit.name === `${place}${dept.name}`)?.unit;
        if (!parent) continue;
      }
      const take = round === 0 ? this.rng.int(1, Math.min(3, dept.institutions.length)) : this.rng.int(1, 3);
      const from = round === 0 ? 0 : Math.min(dept.institutions.length, 3 + (round - 1) * 3);
      for (const inst of dept.institutions.slice(from, from + take)) {
        if (made.length >= quota) break;
        const hint = SIZE_HINTS.find(([re]) => re.test(inst)) ?? SIZE_HINTS[SIZE_HINTS.length - 1]!;
        const funding = hint[2];
        const kind: UnitKind = /执法|监督/.test(inst) ? 'civilServiceInstitution' : 'institution';
        const u = this.unit(b, `${place}${inst}`, kind, rankBase === 'city' ? 'sectionFull' : 'sectionDeputy', funding, parent.id);
        made.push({ unit: u, weight: hint[1], mainKey: kind === 'civilServiceInstitution' ? 'institutional:full' : (`institutional:${funding}` as PostKey) });
      }
    }
    return made;
  }

  private unit(b: Bianban, name: string, kind: UnitKind, rank: UnitRank, funding: Funding, supervisorUnitId: string | null): Unit {
    const established = `${this.rng.int(1980, 2018)}-${String(this.rng.int(1, 12)).padStart(2, '0')}-01`;
    const reorganised = `${this.rng.int(2019, 2021)}-${String(this.rng.int(1, 12)).padStart(2, '0')}-${String(this.rng.int(1, 28)).padStart(2, '0')}`;
    const u: Unit = {
      id: this.rng.uuid(),
      name,
      creditCode: this.creditCode(kind, b.regionCode),
      kind,
      rank,
      fundingForm: funding,
      bianbanId: b.id,
      supervisorUnitId,
      functions: `贯彻执行国家和省有关${name.replace(/^.*?(市|县|区)/, '')}工作的法律法规和方针政策，拟订本地区相关政策措施并组织实施；承担本领域的公共服务和监督管理工作；完成本级党委、政府交办的其他任务。`,
      powerList: ['行政许可', '行政检查', '行政确认', '其他行政权力'].slice(0, kind === 'organ' ? 4 : 2).map((p, i) => `${p}：${name}职责范围内的第${i + 1}类事项`),
      address: `${this.placeOf(b)}${this.rng.pick(['泰山大街', '东岳大街', '灵山大街', '长城路', '青年路', '龙潭路'])}${this.rng.int(1, 399)}号`,
      phone: `0538-${this.rng.int(2000000, 8999999)}`,
      establishedOn: established,
      history: [
        { date: established, text: `经批准设立${name}` },
        { date: reorganised, text: '机构改革后重新核定职能配置、内设机构和人员编制' },
      ],
      abolished: false,
    };
    this.out.units.push(u);
    const nDiv = kind === 'organ' ? this.rng.int(3, 6) : this.rng.int(1, 3);
    for (const dn of DIVISION_NAMES.slice(0, nDiv)) this.out.divisions.push({ id: this.rng.uuid(), unitId: u.id, name: dn, abolished: false });
    return u;
  }

  /** Birth date such that the person is `age` years old at asOf and not yet at retirement age. */
  birthFor(age: number, sex: Sex, postKey: PostKey): string {
    const cat = retirementCategoryFor(sex, postKey);
    for (let a = age; ; a--) {
      const y = Number(this.opts.asOf.slice(0, 4)) - a;
      const birth = `${y}-${String(this.rng.int(1, 12)).padStart(2, '0')}-${String(this.rng.int(1, 28)).padStart(2, '0')}`;
      // keep a margin of a year so the demo is clean for a while after asOf
      if (!isPastRetirement(birth, cat, addMonths(this.opts.asOf, 12))) return birth;
    }
  }

  idNumber(region: string, birth: string, sex: Sex): string {
    for (;;) {
      let seq = this.rng.int(0, 999);
      if ((seq % 2 === 1) !== (sex === 'male')) seq = (seq + 1) % 1000;
      const body = `${region}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
      const id = body + idNumberCheckChar(body);
      if (!this.usedIds.has(id)) {
        this.usedIds.add(id);
        return id;
      }
    }
  }

  name(sex: Sex): string {
    const pool = sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
    const surname = this.rng.weighted(SURNAMES);
    return surname + this.rng.pick(pool) + (this.rng.chance(0.72) ? this.rng.pick(pool) : '');
  }

  person(u: Unit, postKey: PostKey, region: string, opts: { minAge?: number } = {}) {
    const sex: Sex = this.rng.chance(/医院|小学|幼儿园|保健院/.test(u.name) ? 0.3 : postKey === 'politicoLegal' ? 0.75 : 0.52) ? 'male' : 'female';
    const age = this.rng.int(opts.minAge ?? 23, 58);
    const birthDate = this.birthFor(age, sex, postKey);
    const education: Education =
      age < 35
        ? this.rng.weighted<Education>([['master', 20], ['bachelor', 65], ['college', 10], ['doctorate', 2], ['secondary', 3]])
        : this.rng.weighted<Education>([['master', 10], ['bachelor', 55], ['college', 22], ['secondary', 8], ['highSchool', 4], ['doctorate', 1]]);
    const startAge = education === 'doctorate' ? 28 : education === 'master' ? 25 : 22;
    const enrolledYear = Math.min(Number(this.opts.asOf.slice(0, 4)) - 1, Number(birthDate.slice(0, 4)) + startAge + this.rng.int(0, 6));
    return {
      sex,
      birthDate,
      name: this.name(sex),
      idNumber: this.idNumber(region, birthDate, sex),
      education,
      ethnicity: this.rng.weighted(ETHNICITIES),
      politicalStatus: this.rng.weighted(POLITICAL_STATUSES),
      enrolledOn: `${enrolledYear}-${String(this.rng.int(7, 12)).padStart(2, '0')}-01`,
      phone: `1${this.rng.pick(['35', '38', '39', '50', '58', '86', '87', '89'])}${String(this.rng.int(0, 99999999)).padStart(8, '0')}`,
    };
  }
}

function channelFor(rng: Rng, postKey: PostKey): RecruitChannel {
  if (postKey === 'administrative' || postKey === 'politicoLegal')
    return rng.weighted<RecruitChannel>([['civilServiceExam', 70], ['selectedGraduate', 8], ['transfer', 12], ['militaryTransfer', 6], ['appointment', 4]]);
  if (postKey === 'serviceWorker') return rng.weighted<RecruitChannel>([['veteranPlacement', 40], ['openRecruitment', 60]]);
  return rng.weighted<RecruitChannel>([['openRecruitment', 75], ['talentIntroduction', 10], ['transfer', 10], ['militaryTransfer', 5]]);
}

export function generateSlice(opts: SeedOptions): SeedFile {
  if (!Number.isInteger(opts.units) || opts.units < 1) throw new Error('单位数（--units）必须是大于 0 的整数');
  if (!Number.isInteger(opts.staff) || opts.staff < 0) throw new Error('人员数（--staff）必须是不小于 0 的整数');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf)) throw new Error('基准日期（--as-of）格式应为 YYYY-MM-DD');
  const g = new Generator(opts);
  const { rng, out } = g;
  const asOfYear = Number(opts.asOf.slice(0, 4));

  // 1. bianbans and units, spread evenly over the bianbans that own units
  const owners = g.bianbans();
  const made: { unit: Unit; weight: number; mainKey: PostKey; bianban: Bianban }[] = [];
  owners.forEach((b, i) => {
    const quota = Math.floor(opts.units / owners.length) + (i < opts.units % owners.length ? 1 : 0);
    for (const m of g.unitsFor(b, quota, b.level === 'city' ? 'city' : 'county')) made.push({ ...m, bianban: b });
  });
  // top up if the department templates ran out (very large slices)
  for (let i = 0; made.length < opts.units; i++) {
    const b = owners[i % owners.length]!;
    for (const m of g.unitsFor(b, Math.min(20, opts.units - made.length), b.level === 'city' ? 'city' : 'county')) made.push({ ...m, bianban: b });
  }

  // 2. staff numbers per unit, then approvals sized to leave some vacancies
  const totalWeight = made.reduce((s, m) => s + m.weight, 0);
  let remaining = opts.staff;
  const plan = made.map((m, i) => {
    const n = i === made.length - 1 ? remaining : Math.min(remaining, Math.round((opts.staff * m.weight) / totalWeight));
    remaining -= n;
    return { ...m, staffCount: n };
  });

  const staffByUnit = new Map<string, StaffMember[]>();
  const approvedByUnit = new Map<string, Partial<Record<PostKey, number>>>();
  for (const p of plan) {
    const { unit, bianban } = p;
    const workers = unit.kind === 'organ' ? Math.min(p.staffCount, Math.round(p.staffCount * 0.08)) : 0;
    const main = p.staffCount - workers;
    const approvedMain = Math.max(main, Math.ceil(main / (0.86 + rng.next() * 0.12)) + rng.int(0, 2));
    const approvedWorkers = workers > 0 ? workers + rng.int(0, 2) : unit.kind === 'organ' ? rng.int(0, 2) : 0;
    const approved: Partial<Record<PostKey, number>> = { [p.mainKey]: approvedMain };
    if (approvedWorkers > 0) approved.serviceWorker = approvedWorkers;
    approvedByUnit.set(unit.id, approved);
    const divisions = out.divisions.filter((d) => d.unitId === unit.id);
    const leaders: Record<LeaderKind, number> = {
      unitHead: 1,
      unitDeputy: unit.kind === 'organ' ? rng.int(2, 4) : rng.int(1, 3),
      otherLeader: unit.kind === 'organ' && rng.chance(0.3) ? 1 : 0,
      divisionHead: divisions.length,
      divisionDeputy: Math.max(0, divisions.length - rng.int(0, 2)),
    };
    // ledger: founding document, later adjustments; deltas add up to the approvals
    const foundYear = rng.int(2019, 2021);
    const adjust = approvedMain >= 10 && rng.chance(0.5) ? rng.int(1, Math.max(1, Math.floor(approvedMain / 8))) : 0;
    const cut = approvedMain >= 20 && rng.chance(0.3) ? rng.int(1, 3) : 0;
    const first: Partial<Record<PostKey, number>> = { ...approved, [p.mainKey]: approvedMain - adjust + cut };
    out.ledger.push({
      id: rng.uuid(),
      unitId: unit.id,
      documentNo: g.docNo(bianban, foundYear),
      date: `${foundYear}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
      issuer: bianban.name,
      postDeltas: first,
      leaderDeltas: leaders,
      note: '机构改革“三定”规定核定',
    });
    if (adjust > 0) {
      const y = rng.int(foundYear + 1, asOfYear - 1);
      out.ledger.push({ id: rng.uuid(), unitId: unit.id, documentNo: g.docNo(bianban, y), date: `${y}-${String(rng.int(1, 12)).padStart(2, '0')}-15`, issuer: bianban.name, postDeltas: { [p.mainKey]: adjust }, leaderDeltas: {}, note: '因职能调整增加编制' });
    }
    if (cut > 0) {
      const y = rng.int(foundYear + 1, asOfYear - 1);
      out.ledger.push({ id: rng.uuid(), unitId: unit.id, documentNo: g.docNo(bianban, y), date: `${y}-${String(rng.int(1, 12)).padStart(2, '0')}-20`, issuer: bianban.name, postDeltas: { [p.mainKey]: -cut }, leaderDeltas: {}, note: '精简收回编制' });
    }

    // staff: leaders first, then the rest
    const list: StaffMember[] = [];
    const leaderPlan: LeaderKind[] = [];
    if (main > 0) leaderPlan.push('unitHead');
    for (let i = 0; i < leaders.unitDeputy; i++) leaderPlan.push('unitDeputy');
    for (let i = 0; i < leaders.otherLeader; i++) leaderPlan.push('otherLeader');
    for (let i = 0; i < leaders.divisionHead; i++) leaderPlan.push('divisionHead');
    for (let i = 0; i < leaders.divisionDeputy; i++) leaderPlan.push('divisionDeputy');
    const positions = unit.kind === 'organ' ? ORGAN_POSITIONS : INSTITUTION_POSITIONS;
    for (let i = 0; i < p.staffCount; i++) {
      const postKey: PostKey = i < main ? p.mainKey : 'serviceWorker';
      const leaderKind = i < main && i < leaderPlan.length ? leaderPlan[i]! : null;
      const person = g.person(unit, postKey, bianban.regionCode, { minAge: leaderKind ? 35 : 23 });
      const division = leaderKind === 'unitHead' || leaderKind === 'unitDeputy' || divisions.length === 0 ? null : divisions[leaderKind && i < divisions.length + 5 ? i % divisions.length : rng.int(0, divisions.length - 1)]!;
      let position: string;
      if (postKey === 'serviceWorker') position = rng.pick(WORKER_POSITIONS);
      else if (leaderKind === 'otherLeader' && unit.kind === 'organ') position = rng.pick(ORGAN_POSITIONS.otherLeader);
      else if (leaderKind && leaderKind !== 'otherLeader') position = (division ? division.name : '') + rng.pick(positions[leaderKind]);
      else position = unit.kind === 'organ' ? rng.pick(ORGAN_POSITIONS.staff) : rng.pick(INSTITUTION_POSITIONS.roles);
      list.push({
        id: rng.uuid(),
        unitId: unit.id,
        divisionId: division?.id ?? null,
        name: person.name,
        idNumber: person.idNumber,
        sex: person.sex,
        birthDate: person.birthDate,
        ethnicity: person.ethnicity,
        education: person.education,
        politicalStatus: person.politicalStatus,
        postKey,
        position,
        positionLevel: unit.kind === 'organ' ? (leaderKind ? rng.pick(['正科级', '副科级', '一级主任科员']) : rng.pick(ORGAN_POSITIONS.staff)) : rng.pick(INSTITUTION_POSITIONS.staff),
        leaderKind,
        retirementCategory: retirementCategoryFor(person.sex, postKey),
        enrolledOn: person.enrolledOn,
        entryChannel: channelFor(rng, postKey),
        slipNumber: null,
        slotNo: null,
        phone: person.phone,
        leftOn: null,
      });
    }
    staffByUnit.set(unit.id, list);
    out.staff.push(...list);
    out.offEstablishment.push({ unitId: unit.id, count: rng.int(0, unit.kind === 'organ' ? 6 : 15) });

    // departed staff, kept forever
    const departedCount = Math.round(p.staffCount * 0.03 + rng.next());
    for (let i = 0; i < departedCount; i++) {
      const reason = rng.weighted<DepartureReason>([['retirement', 55], ['transferOut', 25], ['resignation', 10], ['death', 4], ['dismissal', 2], ['contractTermination', 4]]);
      const y = rng.int(asOfYear - 5, asOfYear - 1);
      const person = g.person(unit, p.mainKey, bianban.regionCode);
      if (reason === 'retirement') {
        person.birthDate = `${y - 60}-${person.birthDate.slice(5)}`;
        g.usedIds.delete(person.idNumber);
        person.idNumber = g.idNumber(bianban.regionCode, person.birthDate, person.sex);
      }
      out.departedStaff.push({
        id: rng.uuid(),
        unitId: unit.id,
        divisionId: null,
        name: person.name,
        idNumber: person.idNumber,
        sex: person.sex,
        birthDate: person.birthDate,
        ethnicity: person.ethnicity,
        education: person.education,
        politicalStatus: person.politicalStatus,
        postKey: p.mainKey,
        position: unit.kind === 'organ' ? rng.pick(ORGAN_POSITIONS.staff) : rng.pick(INSTITUTION_POSITIONS.roles),
        positionLevel: '',
        leaderKind: null,
        retirementCategory: retirementCategoryFor(person.sex, p.mainKey),
        enrolledOn: person.enrolledOn < `${y}-01-01` ? person.enrolledOn : `${y - 10}-09-01`,
        entryChannel: channelFor(rng, p.mainKey),
        slipNumber: null,
        slotNo: null,
        phone: person.phone,
        leftOn: null,
        departedOn: `${y}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
        reason,
        departureNoticeNumber: null,
      });
    }
  }

  // 3. post-use slips: some units are mid-recruitment (a live slip, some slots already used)
  const slipNumber = (b: Bianban, year: number) => {
    const key = `${b.id}:${year}`;
    const seq = (g.slipSeq.get(key) ?? 0) + 1;
    g.slipSeq.set(key, seq);
    return formatFormNumber(DEFAULT_FORM_NUMBER_PATTERNS.postUseSlip, { issuer: b.shortName, year, seq });
  };
  for (const p of plan) {
    const approved = approvedByUnit.get(p.unit.id)![p.mainKey] ?? 0;
    const staff = staffByUnit.get(p.unit.id)!;
    const occupied = staff.filter((s) => s.postKey === p.mainKey).length;
    const vacant = approved - occupied;
    if (vacant < 1 || !rng.chance(0.12)) continue;
    const unused = rng.int(1, Math.min(3, vacant));
    // people enrolled against the slip are recent recruits: under 35 at asOf
    const youngFrom = `${asOfYear - 35}${opts.asOf.slice(4)}`;
    const recent = staff.filter((s) => s.postKey === p.mainKey && !s.leaderKind && s.birthDate > youngFrom).slice(-rng.int(0, 2));
    const issuedOn = addDays(opts.asOf, -rng.int(20, 120));
    const number = slipNumber(p.bianban, Number(issuedOn.slice(0, 4)));
    const slots = [
      ...recent.map((s, i) => {
        s.slipNumber = number;
        s.slotNo = i + 1;
        s.enrolledOn = addDays(issuedOn, rng.int(5, 15));
        s.entryChannel = channelFor(rng, p.mainKey);
        return { slotNo: i + 1, staffId: s.id, staffName: s.name, usedOn: s.enrolledOn };
      }),
      ...Array.from({ length: unused }, (_, i) => ({ slotNo: recent.length + i + 1, staffId: null, staffName: null, usedOn: null })),
    ];
    out.slips.push({
      number,
      requestId: rng.uuid(),
      unitId: p.unit.id,
      bianbanId: p.bianban.id,
      postKey: p.mainKey,
      fundingForm: p.mainKey.startsWith('institutional') ? (p.mainKey.split(':')[1] as Funding) : null,
      recruitChannel: channelFor(rng, p.mainKey),
      count: slots.length,
      issuedOn,
      validUntil: addMonths(issuedOn, 6) > addDays(opts.asOf, 30) ? addMonths(issuedOn, 6) : addDays(opts.asOf, 60),
      atApproval: { approved, occupied: occupied - recent.length, reserved: 0, vacant: approved - occupied + recent.length },
      slots,
      status: 'active',
      opinion: '同意使用编制，请按规定程序补充人员',
    });
  }

  plant(g, plan, staffByUnit, approvedByUnit, slipNumber);
  return out;
}

/** Plants a few cases of every alarm kind on distinct units and records them in `planted`. */
function plant(
  g: Generator,
  plan: { unit: Unit; mainKey: PostKey; bianban: Bianban; staffCount: number }[],
  staffByUnit: Map<string, StaffMember[]>,
  approvedByUnit: Map<string, Partial<Record<PostKey, number>>>,
  slipNumber: (b: Bianban, year: number) => string,
) {
  const { rng, out, opts } = g;
  const slipUnits = new Set(out.slips.map((s) => s.unitId));
  // a unit can carry a plant when it has a few ordinary (non-leader) people on its main post key
  const ordinary = (p: (typeof plan)[number]) => staffByUnit.get(p.unit.id)!.filter((s) => !s.leaderKind && s.postKey === p.mainKey);
  const candidates = plan.filter((p) => ordinary(p).length >= 4 && !slipUnits.has(p.unit.id));
  if (candidates.length < 8) return;
  const perKind = candidates.length >= 16 ? 2 : 1;
  // each plant gets a unit of its own: a seeded shuffle, taken in order (8 units per round of plants)
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  let next = 0;
  const take = () => candidates[next++]!;
  const pick = (p: (typeof plan)[number]) => {
    const list = ordinary(p);
    return list[rng.int(0, list.length - 1)]!;
  };
  for (let n = 0; n < perKind; n++) {
    // over establishment: a later cut leaves two fewer posts than people on the main post key
    {
      const p = take();
      const list = staffByUnit.get(p.unit.id)!;
      const approved = approvedByUnit.get(p.unit.id)![p.mainKey] ?? 0;
      const occupied = list.filter((s) => s.postKey === p.mainKey).length;
      const year = Number(opts.asOf.slice(0, 4));
      out.ledger.push({
        id: rng.uuid(),
        unitId: p.unit.id,
        documentNo: g.docNo(p.bianban, year),
        date: addDays(opts.asOf, -rng.int(30, 200)),
        issuer: p.bianban.name,
        postDeltas: { [p.mainKey]: occupied - 2 - approved },
        leaderDeltas: {},
        note: '精简收回编制（超编人员按“退一进一”逐步消化）',
      });
      out.planted.push({ kind: 'overEstablishment', unitId: p.unit.id, subject: p.mainKey });
    }
    // over leader quota: one more deputy than the quota
    {
      const p = take();
      const s = pick(p);
      const quota = out.ledger.filter((e) => e.unitId === p.unit.id).reduce((t, e) => t + (e.leaderDeltas.unitDeputy ?? 0), 0);
      const used = staffByUnit.get(p.unit.id)!.filter((x) => x.leaderKind === 'unitDeputy').length;
      const extra = staffByUnit.get(p.unit.id)!.filter((x) => !x.leaderKind && x.postKey === p.mainKey).slice(0, quota - used + 1);
      for (const x of extra) {
        x.leaderKind = 'unitDeputy';
        x.position = p.unit.kind === 'organ' ? '副局长' : '副主任';
        x.divisionId = null;
      }
      void s;
      out.planted.push({ kind: 'overLeaderQuota', unitId: p.unit.id, subject: 'unitDeputy' });
    }
    // mixed post use: someone recorded on a post type the unit has none of
    {
      const p = take();
      const s = pick(p);
      s.postKey = p.mainKey === 'administrative' ? 'institutional:full' : 'administrative';
      out.planted.push({ kind: 'mixedPostUse', unitId: p.unit.id, subject: s.id });
    }
    // expired slip: validity ended last month, two slots never used
    {
      const p = take();
      const issuedOn = addMonths(opts.asOf, -7);
      const number = slipNumber(p.bianban, Number(issuedOn.slice(0, 4)));
      const approved = approvedByUnit.get(p.unit.id)![p.mainKey] ?? 0;
      const occupied = staffByUnit.get(p.unit.id)!.filter((s) => s.postKey === p.mainKey).length;
      out.slips.push({
        number,
        requestId: rng.uuid(),
        unitId: p.unit.id,
        bianbanId: p.bianban.id,
        postKey: p.mainKey,
        fundingForm: p.mainKey.startsWith('institutional') ? (p.mainKey.split(':')[1] as Funding) : null,
        recruitChannel: channelFor(rng, p.mainKey),
        count: 2,
        issuedOn,
        validUntil: addDays(opts.asOf, -rng.int(5, 25)),
        atApproval: { approved, occupied, reserved: 0, vacant: approved - occupied },
        slots: [1, 2].map((slotNo) => ({ slotNo, staffId: null, staffName: null, usedOn: null })),
        status: 'active',
        opinion: '同意使用编制，请按规定程序补充人员',
      });
      out.planted.push({ kind: 'expiredSlip', unitId: p.unit.id, subject: number });
    }
    // overdue departure: left two months ago, nothing filed
    {
      const p = take();
      const s = pick(p);
      s.leftOn = addMonths(opts.asOf, -2);
      out.planted.push({ kind: 'overdueDeparture', unitId: p.unit.id, subject: s.id });
    }
    // past retirement age: a man born 64 years before asOf (old rules: retired at 60)
    {
      const p = take();
      const s = pick(p);
      s.sex = 'male';
      s.retirementCategory = 'male';
      s.birthDate = `${Number(opts.asOf.slice(0, 4)) - 64}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
      g.usedIds.delete(s.idNumber);
      s.idNumber = g.idNumber(p.bianban.regionCode, s.birthDate, 'male');
      out.planted.push({ kind: 'pastRetirementAge', unitId: p.unit.id, subject: s.id });
    }
    // one person enrolled twice: a copy of someone in another unit
    {
      const a = take();
      const b = take();
      const original = pick(a);
      const copy = pick(b);
      Object.assign(copy, { name: original.name, idNumber: original.idNumber, sex: original.sex, birthDate: original.birthDate, retirementCategory: retirementCategoryFor(original.sex, copy.postKey) });
      out.planted.push({ kind: 'duplicateEnrollment', unitId: a.unit.id, subject: original.id });
      out.planted.push({ kind: 'duplicateEnrollment', unitId: b.unit.id, subject: copy.id });
    }
  }
}
