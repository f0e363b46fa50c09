import { parseArgs } from 'node:util';
import { verifyAuditChain } from '../../server/audit/verify';
import { openDatabase } from '../../server/db/open';

export const summary = '审计日志：verify 逐条校验哈希链，指出第一处断链';

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { data: { type: 'string' }, 'database-url': { type: 'string' } }, strict: true });
  if (sub !== 'verify' || (!values.data && !values['database-url'])) {
    process.stderr.write('用法：ebz audit verify --data DIR | --database-url URL\n');
    return 2;
  }
  const db = await openDatabase({ databaseUrl: values['database-url'], dataDir: values.data });
  try {
    const r = await verifyAuditChain(db);
    if (r.ok) {
      process.stdout.write(`审计日志完整：共 ${r.count} 条，链头哈希 ${r.head}\n`);
      return 0;
    }
    process.stderr.write(`审计日志被篡改：第一处断链在第 ${r.brokenAt} 条 —— ${r.reason}（此前 ${r.count} 条完好）\n`);
    return 1;
  } finally {
    await db.close();
  }
}
