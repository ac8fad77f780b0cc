// Checks the import boundaries in .dependency-cruiser.cjs over src/ (npm run boundaries; part of npm test).
// `node scripts/boundaries.ts [folder]` checks folder/src instead (the architecture test uses it on a fixture).
// Prints each violation as "error <rule>: <from> → <to>" and exits 1 when there is any, or when no
// TypeScript file was read: dependency-cruiser skips files it cannot parse and then passes, and its CLI's
// exit code (the number of errors) wraps round to 0 at 256.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const configFile = path.join(repoRoot, '.dependency-cruiser.cjs');

export interface Violation {
  rule: string;
  from: string;
  /** The imported file; for no-cycles, the way round the cycle back to `from`. */
  to: string;
}

export interface BoundaryCheck {
  violations: Violation[];
  /** .ts files read under src/: none means dependency-cruiser had no TypeScript parser. */
  typeScriptFilesRead: number;
  dependenciesRead: number;
  /** Rule name → what it forbids, from the config's comments. */
  comments: Map<string, string>;
}

/** Cruises baseDir/src with the repository's boundary rules; paths are relative to baseDir. */
export async function checkBoundaries(baseDir: string = repoRoot): Promise<BoundaryCheck> {
  const options = await extractDepcruiseOptions(configFile);
  const { output } = await cruise(['src'], { ...options, baseDir });
  const result = output as ICruiseResult;
  const comments = new Map<string, string>();
  for (const rule of options.ruleSet?.forbidden ?? []) {
    if (rule.name && rule.comment && !comments.has(rule.name)) comments.set(rule.name, rule.comment);
  }
  return {
    violations: result.summary.violations
      .filter((violation) => violation.rule.severity === 'error')
      .map((violation) => ({
        rule: violation.rule.name,
        from: violation.from,
        to: violation.cycle ? violation.cycle.map((step) => step.name).join(' → ') : violation.to,
      }))
      .sort((a, b) => a.rule.localeCompare(b.rule) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    typeScriptFilesRead: result.modules.filter((module) => /^src\/.*\.ts$/.test(module.source)).length,
    dependenciesRead: result.summary.totalDependenciesCruised ?? 0,
    comments,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { violations, typeScriptFilesRead, dependenciesRead, comments } = await checkBoundaries(
    path.resolve(process.argv[2] ?? repoRoot),
  );
  for (const { rule, from, to } of violations) console.log(`  error ${rule}: ${from} → ${to}`);
  const read = `${typeScriptFilesRead} TypeScript files, ${dependenciesRead} imports read`;
  if (typeScriptFilesRead === 0) {
    console.log(
      'x No TypeScript file was read under src/. Is @swc/core installed? (node_modules/.bin/depcruise --info)',
    );
    process.exitCode = 1;
  } else if (violations.length > 0) {
    console.log(
      `\nx ${violations.length} import boundary violations (${read}). The rules, in .dependency-cruiser.cjs:`,
    );
    for (const rule of new Set(violations.map((violation) => violation.rule)))
      console.log(`  ${rule}: ${comments.get(rule) ?? ''}`);
    process.exitCode = 1;
  } else {
    console.log(`✔ No import boundary violations (${read}).`);
  }
}
