/**
 * `npm run bench`: runs every bench/*.bench.ts, prints one table and writes bench/results.json.
 * Each bench module exports `run(): Promise<BenchFigure[]>` and runs in a process of its own, so
 * no bench inherits another's modules, globals or heap. The builds are made first, since the
 * content-script and popup figures measure the real bundles. `npm run bench -- apply` runs only
 * the benches whose file names contain one of the words given, and keeps the others' figures of
 * the last run in bench/results.json, each with its date.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildExtension } from './build';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const BENCH_DIR = path.resolve('bench');
const RESULTS_FILE = path.join(BENCH_DIR, 'results.json');
const ONE_FLAG = '--one';
/** The line before a child's figures, so that whatever a bench prints itself is not mistaken for them. */
const FIGURES_MARK = 'hedge-bench-figures:';

if (process.argv[2] === ONE_FLAG) {
  const file = process.argv[3]!;
  const mod = (await import(pathToFileURL(path.join(BENCH_DIR, file)).href)) as { run: () => Promise<BenchFigure[]> };
  const figures = await mod.run();
  process.stdout.write(`\n${FIGURES_MARK}${JSON.stringify(figures)}\n`);
  process.exit(0);
}

const only = process.argv.slice(2);

function format(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3);
}

const modules = readdirSync(BENCH_DIR)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();

buildExtension('store');
buildExtension('e2e');
const started = Date.now();
const figures: Array<BenchFigure & { bench: string }> = [];
for (const file of modules) {
  const bench = file.replace(/\.bench\.ts$/, '');
  process.stderr.write(`running ${bench}…\n`);
  const child = spawnSync('npx', ['tsx', 'scripts/bench.ts', ONE_FLAG, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 2 ** 20 });
  const marked = child.stdout.split('\n').find((line) => line.startsWith(FIGURES_MARK));
  if (child.status !== 0 || marked === undefined) {
    process.stderr.write(child.stdout);
    throw new Error(`The ${bench} bench failed (exit ${child.status}); its output is above.`);
  }
  for (const figure of JSON.parse(marked.slice(FIGURES_MARK.length)) as BenchFigure[]) figures.push({ bench, ...figure });
}

const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
};
const rows = figures.map((f) => [f.name, format(f.value), f.unit, f.note ?? '']);
const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['figure', 'value', 'unit'][i]!.length));
const line = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : i < 3 ? c.padEnd(widths[i]!) : c)).join('  ');
console.log(line(['figure', 'value', 'unit', 'note']));
for (const row of rows) console.log(line(row));
console.log(`\n${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}; ${((Date.now() - started) / 1000).toFixed(0)} s`);

// A run of some benches only (`npm run bench -- options`) keeps the other benches' figures of the last
// run, each with the date it was measured, so bench/results.json always holds every figure.
const date = new Date().toISOString();
const ran = new Set(modules.map((file) => file.replace(/\.bench\.ts$/, '')));
const previous = only.length === 0 || !existsSync(RESULTS_FILE) ? null : (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as { date: string; details: Array<BenchFigure & { bench: string; date?: string }> });
const kept = (previous?.details ?? []).filter((figure) => !ran.has(figure.bench)).map((figure) => ({ ...figure, date: figure.date ?? previous?.date }));
const details = [...kept, ...figures.map((figure) => ({ ...figure, date }))];
const results = {
  date,
  machine,
  figures: Object.fromEntries(details.map((f) => [f.name, f.value])),
  details,
};
writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
console.log('Written to bench/results.json');
