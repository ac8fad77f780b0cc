import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

// Pictures for easy-read pages, from OpenMoji (CC BY-SA 4.0), installed from the npm registry as
// @iconify-json/openmoji. The set is 9 MB of JSON: it is read once, on the first easy-read page, and only the
// pictures asked for are kept, as data: addresses an <img> can show with its alt text.

export const PICTOGRAM_CREDIT = {
  text: 'Pictures: OpenMoji, the open-source emoji and icon project. Licence: CC BY-SA 4.0.',
  href: 'https://openmoji.org',
};

type IconSet = {
  width?: number;
  height?: number;
  icons: Record<string, { body: string; width?: number; height?: number }>;
};

const kept = new Map<string, string>();
let loading: Promise<IconSet> | undefined;

const iconSet = () =>
  (loading ??= readFile(createRequire(import.meta.url).resolve('@iconify-json/openmoji/icons.json'), 'utf8').then(
    (text) => JSON.parse(text) as IconSet,
  ));

/** The named OpenMoji picture as a data: address; unknown names are a mistake in the code, so they throw. */
export async function pictogram(name: string): Promise<string> {
  const known = kept.get(name);
  if (known) return known;
  const set = await iconSet();
  const icon = set.icons[name];
  if (!icon) throw new Error(`No OpenMoji picture is called ${name}`);
  const width = icon.width ?? set.width ?? 72;
  const height = icon.height ?? set.height ?? 72;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}">${icon.body}</svg>`;
  const uri = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  kept.set(name, uri);
  return uri;
}
