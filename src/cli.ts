import { ConfigError, loadConfig } from './config.ts';

const USAGE = `Usage: careweave <command> [options]

Commands:
  serve                 start the web server (runs migrations first)
  demo                  set up demo data if the database is empty, print the demo sign-ins, and serve
  migrate               bring the database schema up to date
  seed [--people N]     add synthetic demo data; --people adds N more synthetic people
  backup <file>         write every row to one backup file
  restore <file>        load a backup file into an empty database
  code <email>          print the current one-time sign-in code of a demo staff account
  import directory <file> [--skip-invalid]
                        import Open Referral UK listings (HSDS JSON, or a folder of its CSV files)
  import postcodes <file>
                        load postcode locations (the open national postcode directory's CSV layout)
  export directory <file> | --csv <folder>
                        write every listing as Open Referral UK JSON, or as its CSV files
  allocation-scheme import <file> --organisation <id>
                        check a resource-allocation scheme (JSON) and publish it for an organisation

Configuration is by environment variable: DATABASE_URL, DATA_DIR, PORT, HOST, COOKIE_SECURE and others (see README).`;

type Command = (args: string[], config: ReturnType<typeof loadConfig>) => Promise<void>;
/** Each command is loaded only when it runs, so help and configuration errors answer at once. */
const commands: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./cli/serve.ts')).runServe,
  demo: async () => (await import('./cli/demo.ts')).runDemo,
  migrate: async () => (await import('./cli/migrate.ts')).runMigrate,
  seed: async () => (await import('./cli/seed.ts')).runSeed,
  backup: async () => (await import('./cli/backup.ts')).runBackup,
  restore: async () => (await import('./cli/backup.ts')).runRestore,
  code: async () => (await import('./cli/code.ts')).runCode,
  import: async () => (await import('./cli/import.ts')).runImport,
  export: async () => (await import('./cli/export.ts')).runExport,
  'allocation-scheme': async () => (await import('./cli/allocation-scheme.ts')).runAllocationScheme,
};

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(USAGE);
    return;
  }
  const load = commands[name];
  if (!load) throw new ConfigError(`Unknown command "${name}". Run "careweave help" to see the commands.`);
  const config = loadConfig();
  await (
    await load()
  )(rest, config);
}

// A command whose work never settles must not look like success.
process.exitCode = 1;
main(process.argv.slice(2))
  .then(() => {
    if (process.exitCode === 1) process.exitCode = 0;
  })
  .catch((error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`careweave: ${error.message}`);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  });
