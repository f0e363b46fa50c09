import type { Database } from 'better-sqlite3';
import type { Bianban, BianbanLevel, Division, OffEstablishmentCount, Unit, UnitKind, UnitRank } from '../domain/model';
import type { Funding } from '../domain/posts';
import { fromFlag, fromJson, orNull, toFlag, toJson } from './rows';

interface UnitRow {
  id: string;
  name: string;
  credit_code: string;
  kind: string;
  rank: string;
  funding_form: string;
  bianban_id: string;
  supervisor_unit_id: string | null;
  functions: string;
  power_list: string;
  address: string;
  phone: string;
  established_on: string;
  history: string;
  abolished: number;
}

interface BianbanRow {
  id: string;
  name: string;
  level: string;
  parent_id: string | null;
  region_code: string;
  short_name: string;
}

interface DivisionRow {
  id: string;
  unit_id: string;
  name: string;
  abolished: number;
}

function toUnit(r: UnitRow): Unit {
  return {
    id: r.id,
    name: r.name,
    creditCode: r.credit_code,
    kind: r.kind as UnitKind,
    rank: r.rank as UnitRank,
    fundingForm: r.funding_form as Funding,
    bianbanId: r.bianban_id,
    supervisorUnitId: r.supervisor_unit_id,
    functions: r.functions,
    powerList: fromJson(r.power_list),
    address: r.address,
    phone: r.phone,
    establishedOn: r.established_on,
    history: fromJson(r.history),
    abolished: fromFlag(r.abolished),
  };
}

function toBianban(r: BianbanRow): Bianban {
  return {
    id: r.id,
    name: r.name,
    level: r.level as BianbanLevel,
    parentId: r.parent_id,
    regionCode: r.region_code,
    shortName: r.short_name,
  };
}

function toDivision(r: DivisionRow): Division {
  return { id: r.id, unitId: r.unit_id, name: r.name, abolished: fromFlag(r.abolished) };
}

function prepare(db: Database) {
  return {
    get: db.prepare('SELECT * FROM units WHERE id = ?'),
    all: db.prepare('SELECT * FROM units ORDER BY name, id'),
    children: db.prepare('SELECT * FROM units WHERE supervisor_unit_id = ? ORDER BY name, id'),
    // A department and every unit under it, at any depth. The depth cap stops a supervisor cycle
    // in bad data from recursing forever; real hierarchies are three or four levels deep.
    subtree: db.prepare(`
      WITH RECURSIVE tree (id, depth) AS (
        SELECT id, 0 FROM units WHERE id = ?
        UNION ALL
        SELECT u.id, tree.depth + 1 FROM units u JOIN tree ON u.supervisor_unit_id = tree.id WHERE tree.depth < 16
      )
      SELECT u.* FROM (SELECT id, min(depth) AS depth FROM tree GROUP BY id) t
      JOIN units u ON u.id = t.id ORDER BY t.depth, u.name, u.id`),
    upsert: db.prepare(`
      INSERT INTO units (id, name, credit_code, kind, rank, funding_form, bianban_id, supervisor_unit_id,
        functions, power_list, address, phone, established_on, history, abolished)
      VALUES (@id, @name, @creditCode, @kind, @rank, @fundingForm, @bianbanId, @supervisorUnitId,
        @functions, @powerList, @address, @phone, @establishedOn, @history, @abolished)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, credit_code = excluded.credit_code,
        kind = excluded.kind, rank = excluded.rank, funding_form = excluded.funding_form,
        bianban_id = excluded.bianban_id, supervisor_unit_id = excluded.supervisor_unit_id,
        functions = excluded.functions, power_list = excluded.power_list, address = excluded.address,
        phone = excluded.phone, established_on = excluded.established_on, history = excluded.history,
        abolished = excluded.abolished`),
    delete: db.prepare('DELETE FROM units WHERE id = ?'),

    getBianban: db.prepare('SELECT * FROM bianbans WHERE id = ?'),
    allBianbans: db.prepare('SELECT * FROM bianbans ORDER BY region_code, id'),
    upsertBianban: db.prepare(`
      INSERT INTO bianbans (id, name, level, parent_id, region_code, short_name)
      VALUES (@id, @name, @level, @parentId, @regionCode, @shortName)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, level = excluded.level, parent_id = excluded.parent_id,
        region_code = excluded.region_code, short_name = excluded.short_name`),
    deleteBianban: db.prepare('DELETE FROM bianbans WHERE id = ?'),

    getDivision: db.prepare('SELECT * FROM divisions WHERE id = ?'),
    divisionsByUnit: db.prepare('SELECT * FROM divisions WHERE unit_id = ? ORDER BY name, id'),
    upsertDivision: db.prepare(`
      INSERT INTO divisions (id, unit_id, name, abolished) VALUES (@id, @unitId, @name, @abolished)
      ON CONFLICT (id) DO UPDATE SET unit_id = excluded.unit_id, name = excluded.name, abolished = excluded.abolished`),
    deleteDivision: db.prepare('DELETE FROM divisions WHERE id = ?'),

    getOffEstablishment: db.prepare('SELECT unit_id, count FROM off_establishment WHERE unit_id = ?'),
    upsertOffEstablishment: db.prepare(`
      INSERT INTO off_establishment (unit_id, count) VALUES (@unitId, @count)
      ON CONFLICT (unit_id) DO UPDATE SET count = excluded.count`),
    deleteOffEstablishment: db.prepare('DELETE FROM off_establishment WHERE unit_id = ?'),
  };
}

/** Units, their divisions and off-establishment counts, and the bianbans above them. */
export class UnitRepository {
  private readonly s: ReturnType<typeof prepare>;

  constructor(db: Database) {
    this.s = prepare(db);
  }

  get(id: string): Unit | null {
    const r = this.s.get.get(id) as UnitRow | undefined;
    return r ? toUnit(r) : null;
  }

  listAll(): Unit[] {
    return (this.s.all.all() as UnitRow[]).map(toUnit);
  }

  /** Direct subordinates of a supervising department. */
  children(unitId: string): Unit[] {
    return (this.s.children.all(unitId) as UnitRow[]).map(toUnit);
  }

  /** The unit itself first, then its subordinates level by level; empty if the unit is unknown. */
  subtree(unitId: string): Unit[] {
    return (this.s.subtree.all(unitId) as UnitRow[]).map(toUnit);
  }

  upsert(u: Unit): void {
    this.s.upsert.run({
      id: u.id,
      name: u.name,
      creditCode: u.creditCode,
      kind: u.kind,
      rank: u.rank,
      fundingForm: u.fundingForm,
      bianbanId: u.bianbanId,
      supervisorUnitId: orNull(u.supervisorUnitId),
      functions: u.functions,
      powerList: toJson(u.powerList),
      address: u.address,
      phone: u.phone,
      establishedOn: u.establishedOn,
      history: toJson(u.history),
      abolished: toFlag(u.abolished),
    });
  }

  delete(id: string): void {
    this.s.delete.run(id);
  }

  getBianban(id: string): Bianban | null {
    const r = this.s.getBianban.get(id) as BianbanRow | undefined;
    return r ? toBianban(r) : null;
  }

  listBianbans(): Bianban[] {
    return (this.s.allBianbans.all() as BianbanRow[]).map(toBianban);
  }

  upsertBianban(b: Bianban): void {
    this.s.upsertBianban.run({ ...b, parentId: orNull(b.parentId) });
  }

  deleteBianban(id: string): void {
    this.s.deleteBianban.run(id);
  }

  getDivision(id: string): Division | null {
    const r = this.s.getDivision.get(id) as DivisionRow | undefined;
    return r ? toDivision(r) : null;
  }

  listDivisions(unitId: string): Division[] {
    return (this.s.divisionsByUnit.all(unitId) as DivisionRow[]).map(toDivision);
  }

  upsertDivision(d: Division): void {
    this.s.upsertDivision.run({ id: d.id, unitId: d.unitId, name: d.name, abolished: toFlag(d.abolished) });
  }

  deleteDivision(id: string): void {
    this.s.deleteDivision.run(id);
  }

  /** 编外人员 count; 0 when the server never sent one. */
  getOffEstablishment(unitId: string): OffEstablishmentCount {
    const r = this.s.getOffEstablishment.get(unitId) as { unit_id: string; count: number } | undefined;
    return { unitId, count: r?.count ?? 0 };
  }

  upsertOffEstablishment(c: OffEstablishmentCount): void {
    this.s.upsertOffEstablishment.run({ unitId: c.unitId, count: c.count });
  }

  deleteOffEstablishment(unitId: string): void {
    this.s.deleteOffEstablishment.run(unitId);
  }
}
