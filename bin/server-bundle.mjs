// Careweave's code and most of its libraries bundled into a few files, so that a command starts without finding,
// reading and linking some 1,100 modules: measured, about 0.3 s of a 1 s start. The entry holds what every command
// loads; chunks hold what only some commands load. Plain JavaScript, like careweave.mjs, which runs it.
//
// The bundle is built (by esbuild, in about a second) when it is missing or stale: when any file it was built from has
// changed since, or the packages were installed again. Anything that stops it being built or read (a folder this user
// may not write, say) runs the source instead, as before.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Libraries loaded from node_modules as usual, not bundled: they read files of their own at run time (fonts, icons,
 * templates, WebAssembly, worker scripts), load native code, or are needed only to build. The others are plain
 * JavaScript (the bundle has been checked for `__dirname`, `require.resolve` and `import.meta.url`).
 */
const NOT_BUNDLED = new Set([
  '@electric-sql/pglite',
  '@iconify-json/openmoji',
  'argon2',
  'dejavu-fonts-ttf',
  'esbuild',
  'govuk-frontend',
  'nodemailer',
  'pdfkit',
  'pg-cloudflare',
  'pg-native',
  'pino',
  'qrcode',
  'sass',
]);

const root = path.resolve(import.meta.dirname, '..');
// Two folders below the project, as src/web's files are: they find the project's files at '../..' from themselves.
const folder = path.join(root, '.build', 'server');
/** Names the newest bundle and the files it was built from, with the time each was last changed. */
const current = path.join(folder, 'current.json');
const entry = path.join(root, 'src', 'cli.ts');
/** Rewritten by npm at every install: a change of installed packages makes the bundle stale. */
const installed = path.join(root, 'node_modules', '.package-lock.json');
/** How long a replaced bundle is kept, for a command that chose it just before it was replaced. */
const KEPT_MS = 10 * 60 * 1000;

const modified = (file) => {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
};

/** The newest bundle, when it was built from the files as they are now. */
function freshBundle() {
  let built;
  try {
    built = JSON.parse(fs.readFileSync(current, 'utf8'));
  } catch {
    return null;
  }
  const bundle = path.join(folder, built.bundle);
  const fresh =
    modified(bundle) !== null &&
    Object.entries(built.inputs).every(([file, mtimeMs]) => modified(path.join(root, file)) === mtimeMs);
  return fresh ? bundle : null;
}

/**
 * Builds a bundle: an entry under a name of its own, and chunks (what only some commands load) named by their content.
 * Each file is written elsewhere and then moved in, and the entry is named as the newest last, so a command starting
 * at the same moment reads either the old bundle or the new one, whole. Answers the entry's path, or null when a file
 * changed while it was built.
 */
async function build() {
  const esbuild = await import('esbuild');
  const name = `careweave-${Date.now()}-${process.pid}`;
  const building = path.join(folder, `.${name}`);
  const startedAt = Date.now();
  try {
    const result = await esbuild.build({
      entryPoints: [entry],
      outdir: building,
      entryNames: name,
      chunkNames: 'chunk-[hash]',
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      metafile: true,
      minifyWhitespace: true,
      minifySyntax: true,
      logLevel: 'silent',
      // The bundled libraries' CommonJS asks for require, which an ES module does not have.
      banner: {
        js: "import { createRequire as careweaveRequire } from 'node:module'; const require = careweaveRequire(import.meta.url);",
      },
      plugins: [
        {
          name: 'careweave-externals',
          setup(builder) {
            builder.onResolve({ filter: /^[^./]/ }, (args) => {
              const parts = args.path.split('/');
              const library = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
              return NOT_BUNDLED.has(library) ? { path: args.path, external: true } : undefined;
            });
          },
        },
      ],
    });
    const files = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/'));
    files.push('bin/server-bundle.mjs');
    if (modified(installed) !== null) files.push(path.relative(root, installed));
    const inputs = Object.fromEntries(files.map((file) => [file, modified(path.join(root, file))]));
    // A file changed while the bundle was built may not be in it: it is not named as the newest then. (A time after
    // now is a clock's error, not a change.)
    const builtAt = Date.now();
    if (Object.values(inputs).some((mtimeMs) => mtimeMs === null || (mtimeMs >= startedAt && mtimeMs <= builtAt)))
      return null;
    const outputs = fs.readdirSync(building);
    for (const file of outputs) fs.renameSync(path.join(building, file), path.join(folder, file));
    const naming = path.join(building, 'current.json');
    fs.writeFileSync(naming, JSON.stringify({ bundle: `${name}.mjs`, inputs }));
    fs.renameSync(naming, current);
    for (const file of fs.readdirSync(folder)) {
      const old = path.join(folder, file);
      if (file.endsWith('.mjs') && !outputs.includes(file) && (modified(old) ?? Infinity) < startedAt - KEPT_MS)
        fs.rmSync(old, { force: true });
    }
    return path.join(folder, `${name}.mjs`);
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
}

/** The module to run: the bundle when it is fresh or can be made so, else the source. */
export async function entryPoint() {
  if (process.env.CAREWEAVE_BUNDLE !== 'off') {
    try {
      const bundle = freshBundle() ?? (await build());
      if (bundle) return pathToFileURL(bundle).href;
    } catch {
      // The source runs instead, and says nothing: the command's own output stays its own (test/cli/bundle.test.ts
      // checks that the bundle is built).
    }
  }
  return pathToFileURL(entry).href;
}
