/**
 * Each layer's type environment (tsconfig.{domain,renderer,node}.json) and the project's lint config,
 * over in-memory probe files: a domain/ file cannot see `Buffer`, `process` or `document` nor import
 * `exceljs`; a renderer/ file cannot import `node:fs` nor see Node's globals.
 */
import { ESLint } from 'eslint';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
/** Parsed library and node_modules declaration files, shared by every probe (parsing them is the slow part). */
const parsed = new Map<string, ts.SourceFile | undefined>();

/** Type errors of one probe file compiled with a layer's tsconfig (the probe exists only in memory). */
function typeErrors(tsconfig: string, file: string, code: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, tsconfig), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!config) throw new Error(`cannot read ${tsconfig}`);
  const probe = path.join(root, file);
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => {
    if (path.resolve(name) === probe) return ts.createSourceFile(name, code, lang);
    const key = `${name}\0${JSON.stringify(lang)}`;
    if (!parsed.has(key)) parsed.set(key, getSourceFile(name, lang, ...rest));
    return parsed.get(key);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === probe || fileExists(name);
  const program = ts.createProgram({ rootNames: [probe], options: config.options, host });
  const source = program.getSourceFile(probe)!;
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) =>
    ts.flattenDiagnosticMessageText(d.messageText, ' '),
  );
}

describe('per-layer type environments', () => {
  it('domain/: plain ES code and the schema kit typecheck', () => {
    const code = "import { Type } from '@sinclair/typebox';\nexport const S = Type.String();\nexport const n: number = [1, 2].at(-1) ?? 0;\n";
    expect(typeErrors('tsconfig.domain.json', 'domain/__probe__.ts', code)).toEqual([]);
  });

  it.each([
    ['Buffer', "export const b = Buffer.from('x');"],
    ['process', 'export const e = process.env.HOME;'],
    ['document', 'export const t = document.title;'],
    ['window', 'export const w = window.location.href;'],
    ['TextEncoder', "export const u = new TextEncoder().encode('x');"],
  ])('domain/: %s does not exist', (name, code) => {
    const errors = typeErrors('tsconfig.domain.json', 'domain/__probe__.ts', code);
    expect(errors.join('\n')).toContain(`Cannot find name '${name}'`);
  });

  it('renderer/: the DOM typechecks', () => {
    expect(typeErrors('tsconfig.renderer.json', 'renderer/__probe__.ts', 'export const t: string = document.title;')).toEqual([]);
  });

  it.each([
    ['Buffer', "export const b = Buffer.from('x');"],
    ['process', 'export const e = process.env.HOME;'],
  ])('renderer/: Node global %s does not exist', (name, code) => {
    expect(typeErrors('tsconfig.renderer.json', 'renderer/__probe__.ts', code).join('\n')).toContain(`Cannot find name '${name}'`);
  });

  it('Node layers: Node typechecks, the DOM does not exist', () => {
    expect(typeErrors('tsconfig.node.json', 'server/__probe__.ts', "export const b: Buffer = Buffer.from('x');")).toEqual([]);
    expect(typeErrors('tsconfig.node.json', 'client/__probe__.ts', 'export const t = document.title;').join('\n')).toContain(
      "Cannot find name 'document'",
    );
  });
});

describe('the project lint config refuses imports against the allow-lists', () => {
  const eslint = new ESLint({ cwd: root });
  async function layerErrors(file: string, code: string) {
    const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
    return result!.messages.filter((m) => m.ruleId === 'layers/layer-direction').map((m) => m.message);
  }

  it('domain/ importing exceljs', async () => {
    const code = "import ExcelJS from 'exceljs';\nexport const wb = new ExcelJS.Workbook();\n";
    expect(await layerErrors('domain/__probe__.ts', code)).toEqual([expect.stringContaining("may not use package 'exceljs'")]);
  });

  it('renderer/ importing node:fs', async () => {
    const code = "import { readFileSync } from 'node:fs';\nexport const read = () => readFileSync('x', 'utf8');\n";
    expect(await layerErrors('renderer/__probe__.tsx', code)).toEqual([expect.stringContaining("Node built-in 'node:fs'")]);
  });

  it('an allowed import passes', async () => {
    expect(await layerErrors('renderer/__probe__.tsx', "import { Button } from 'antd';\nexport const B = Button;\n")).toEqual([]);
  });
});
