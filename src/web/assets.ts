import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const publicDir = path.join(root, 'public');
const stylesDir = path.join(root, 'src/web/styles');
const scriptsDir = path.join(root, 'src/web/assets');
const source = path.join(stylesDir, 'careweave.scss');
const govukDist = path.join(root, 'node_modules/govuk-frontend/dist/govuk');

/**
 * Builds the stylesheet from Sass and copies GOV.UK Frontend's script, when they are missing or stale. Sass is
 * loaded only then: a built checkout never loads it.
 */
export async function ensureAssets(): Promise<void> {
  const assets = path.join(publicDir, 'assets');
  const css = path.join(assets, 'careweave.css');
  // The script and icon are copied with the styles, so a change to any of them builds the assets again.
  const newestSource = Math.max(
    ...[stylesDir, scriptsDir].flatMap((dir) =>
      fs.readdirSync(dir).map((file) => fs.statSync(path.join(dir, file)).mtimeMs),
    ),
  );
  if (fs.existsSync(css) && fs.statSync(css).mtimeMs >= newestSource) return;
  fs.mkdirSync(assets, { recursive: true });
  const sass = await import('sass');
  const result = sass.compile(source, {
    style: 'compressed',
    importers: [new sass.NodePackageImporter()],
    quietDeps: true,
    silenceDeprecations: ['import'],
  });
  fs.writeFileSync(css, result.css);
  fs.copyFileSync(path.join(govukDist, 'govuk-frontend.min.js'), path.join(assets, 'govuk-frontend.min.js'));
  fs.cpSync(path.join(govukDist, 'assets'), path.join(assets, 'govuk'), { recursive: true });
  fs.copyFileSync(path.join(scriptsDir, 'careweave.js'), path.join(assets, 'careweave.js'));
  fs.copyFileSync(path.join(scriptsDir, 'favicon.svg'), path.join(assets, 'favicon.svg'));
}
