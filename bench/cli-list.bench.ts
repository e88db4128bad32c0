// Memory of `conversations-sdk list` exporting many conversations: the built CLI (dist/cli.js) runs as
// its own process against a G-Tateth fake served from a worker thread; its resident set (VmRSS, from
// /proc, Linux only) is sampled every 20 ms while its stdout is read and counted. Flat memory means the
// peak does not grow with the number of conversations exported. Run after a build:
//   npx tsup --silent && node --disable-warning=ExperimentalWarning bench/cli-list.bench.ts [counts...]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

// `BENCH_CLI` runs another build of the command instead.
const cli = process.env.BENCH_CLI ?? fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const counts = process.argv.slice(2).map(Number);
if (counts.length === 0) counts.push(10_000, 100_000);

/** VmRSS or VmHWM of a process, in MB; null once it has gone. */
function memory(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

async function serve(conversations: number): Promise<{ url: string; apiKey: string; worker: Worker }> {
  const started = performance.now();
  const worker = new Worker(new URL('./server-worker.ts', import.meta.url), { workerData: { conversations } });
  const { url, apiKey } = await new Promise<{ url: string; apiKey: string }>((resolve) =>
    worker.once('message', resolve),
  );
  console.log(
    `  fake of ${conversations} conversations built and served in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { url, apiKey, worker };
}

/** Node flags for the CLI's process: none, or a heap cap it must stay under. */
async function exportAll(url: string, apiKey: string, format: string, flags: string[] = []) {
  const started = performance.now();
  const child = spawn(process.execPath, [...flags, cli, 'list', '--format', format], {
    env: { PATH: process.env.PATH ?? '', GTATETH_API_KEY: apiKey, GTATETH_BASE_URL: url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pid = child.pid as number;
  const samples: Array<{ lines: number; rss: number }> = [];
  let lines = 0;
  let bytes = 0;
  let peak = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  });
  const timer = setInterval(() => {
    const rss = memory(pid, 'VmRSS');
    peak = Math.max(peak, memory(pid, 'VmHWM') ?? 0);
    if (rss !== null) samples.push({ lines, rss });
  }, 20);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(timer);
  const ms = performance.now() - started;
  // The resident set once a tenth, and once nine tenths, of the export has gone out.
  const at = (share: number) => samples.find((s) => s.lines >= lines * share)?.rss ?? Number.NaN;
  return { code, lines, bytes, ms, peak, tenth: at(0.1), nineTenths: at(0.9) };
}

for (const n of counts) {
  console.log(`list of ${n} conversations (G-Tateth fake in a worker thread, loopback HTTP)`);
  const { url, apiKey, worker } = await serve(n);
  try {
    // The last run caps the old generation at 32 MB: a walk that kept what it exported would run out of
    // heap on the larger counts; an export that keeps nothing finishes, and its RSS shows what V8 needs.
    const runs: Array<[string, string[]]> = [
      ['jsonl', []],
      ['csv', []],
      ['jsonl', ['--max-old-space-size=32']],
    ];
    for (const [format, flags] of runs) {
      const r = await exportAll(url, apiKey, format, flags);
      const name = `${format}${flags.length ? ' (old space ≤ 32 MB)' : ''}`;
      console.log(
        `  ${name.padEnd(26)} exit ${r.code}  ${r.lines} lines, ${(r.bytes / 1e6).toFixed(1)} MB in ${(r.ms / 1000).toFixed(1)} s` +
          `  RSS at 10%: ${r.tenth.toFixed(0)} MB, at 90%: ${r.nineTenths.toFixed(0)} MB, peak ${r.peak.toFixed(0)} MB`,
      );
    }
  } finally {
    await worker.terminate();
  }
}
