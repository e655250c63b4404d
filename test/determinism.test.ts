import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';

// Synthesis is deterministic: the app, run as its own process the way `cdk8s synth` runs it
// (`node --require tsx/cjs main.ts`, output folder from CDK8S_OUTDIR), writes the same file
// names with the same bytes whatever the working directory, time zone and locale, and those are
// the bytes committed in dist/. (CI also fails when `npm run synth` changes dist/: see .ci/run.)

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
const tsx = require.resolve('tsx/cjs'); // absolute: the second run is outside the repository

/** Runs main.ts in `cwd` with `env` added, writing to a new temporary folder; returns the folder. */
async function synthesize(cwd: string, env: Record<string, string>): Promise<string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'stateful-web-determinism-'));
  await promisify(execFile)(process.execPath, ['--require', tsx, path.join(root, 'main.ts')], {
    cwd,
    env: { ...process.env, CDK8S_OUTDIR: outdir, ...env },
  });
  return outdir;
}

/** File name → bytes, of every file in a folder. */
function contents(folder: string): Map<string, Buffer> {
  return new Map(fs.readdirSync(folder).sort().map((file) => [file, fs.readFileSync(path.join(folder, file))]));
}

describe('two synths of the app', () => {
  const outdirs: string[] = [];
  afterAll(() => { for (const outdir of outdirs) fs.rmSync(outdir, { recursive: true, force: true }); });

  test('in different folders, time zones and locales give the bytes committed in dist/', async () => {
    outdirs.push(...await Promise.all([
      synthesize(root, { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' }),
      // UTC+12:45/+13:45, and Turkish, whose dotted and dotless i break locale-sensitive code.
      synthesize(os.tmpdir(), { TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' }),
    ]));
    const committed = contents(dist);

    expect(committed.size).toBeGreaterThan(0);
    for (const outdir of outdirs) {
      const fresh = contents(outdir);
      expect([...fresh.keys()]).toEqual([...committed.keys()]);
      for (const [file, bytes] of fresh) {
        // Compared as text first for a readable diff, then as bytes (line endings, encoding).
        expect(`${file}:\n${bytes.toString('utf-8')}`).toEqual(`${file}:\n${committed.get(file)!.toString('utf-8')}`);
        expect(bytes.equals(committed.get(file)!)).toBe(true);
      }
    }
  }, 60_000);
});
