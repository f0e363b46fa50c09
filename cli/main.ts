/**
 * `ebz` command dispatcher. Each command is a module in cli/commands exporting
 * `run(args): Promise<number>` (the exit code) and a one-line `summary`.
 */
export interface Command {
  summary: string;
  run(args: string[]): Promise<number>;
}

const COMMANDS: Record<string, () => Promise<Command>> = {
  seed: () => import('./commands/seed'),
  validate: () => import('./commands/validate'),
  retirement: () => import('./commands/retirement'),
  token: () => import('./commands/token'),
  bench: () => import('./commands/bench'),
  start: () => import('./commands/start'),
  print: () => import('./commands/print'),
  server: () => import('./commands/server'),
  audit: () => import('./commands/audit'),
  bundle: () => import('./commands/bundle'),
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? COMMANDS[name] : undefined;
  if (!load) {
    const lines = await Promise.all(
      Object.entries(COMMANDS).map(async ([n, l]) => {
        try {
          return `  ebz ${n.padEnd(12)} ${(await l()).summary}`;
        } catch {
          return `  ebz ${n}`;
        }
      }),
    );
    process.stderr.write(`${name ? `未知命令：${name}\n` : ''}用法：ebz <命令> [参数]\n${lines.join('\n')}\n`);
    return name ? 2 : 0;
  }
  try {
    return await (await load()).run(rest);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
