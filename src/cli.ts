import { ConfigError, loadConfig } from './config.ts';
import { runBackup, runRestore } from './cli/backup.ts';
import { runCode } from './cli/code.ts';
import { runDemo } from './cli/demo.ts';
import { runMigrate } from './cli/migrate.ts';
import { runSeed } from './cli/seed.ts';
import { runServe } from './cli/serve.ts';

const USAGE = `Usage: careweave <command> [options]

Commands:
  serve                 start the web server (runs migrations first)
  demo                  set up demo data if the database is empty, print the demo sign-ins, and serve
  migrate               bring the database schema up to date
  seed [--people N]     add synthetic demo data; --people adds N more synthetic people
  backup <file>         write every row to one backup file
  restore <file>        load a backup file into an empty database
  code <email>          print the current one-time sign-in code of a demo staff account

Configuration is by environment variable: DATABASE_URL, DATA_DIR, PORT, HOST, COOKIE_SECURE and others (see README).`;

type Command = (args: string[], config: ReturnType<typeof loadConfig>) => Promise<void>;
const commands: Record<string, Command> = {
  serve: runServe, demo: runDemo, migrate: runMigrate, seed: runSeed, backup: runBackup, restore: runRestore, code: runCode,
};

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(USAGE);
    return;
  }
  const command = commands[name];
  if (!command) throw new ConfigError(`Unknown command "${name}". Run "careweave help" to see the commands.`);
  await command(rest, loadConfig());
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`careweave: ${error.message}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
