import { execFile } from 'node:child_process';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { COMMAND_NAMES, main } from './main';

const ROOT = join(__dirname, '..');

/** Every module loaded by the time `treaty --help` has answered, run from the source under tsx. */
const LOADED_BY_HELP = `
  require('./ci/main.ts').main(['--help']).then(() => process.stderr.write(JSON.stringify(Object.keys(require.cache))));
`;
const TYPESCRIPT_LOADER = /^node_modules\/(tsx|esbuild)\//;

describe('treaty', () => {
  it('loads no command for --help: no broker, no database driver, no Pact core', async () => {
    const { stderr } = await promisify(execFile)(process.execPath, ['--require', 'tsx/cjs', '-e', LOADED_BY_HELP], {
      cwd: ROOT,
    });
    const loaded = (JSON.parse(stderr) as string[])
      .map((file) => relative(ROOT, file))
      .filter((file) => !TYPESCRIPT_LOADER.test(file));
    expect(loaded.sort()).toEqual(['ci/exit-codes.ts', 'ci/main.ts']);
  });

  it.each(COMMAND_NAMES)('finds the module of "%s" when it runs', async (name) => {
    const written: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      expect(await main([...name.split(' '), '--help'])).toBe(0);
    } finally {
      write.mockRestore();
    }
    expect(written.join('')).toMatch(new RegExp(`^Usage: treaty ${name} `));
  });

  it('has no command named after an Object property', async () => {
    const error = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['toString'])).toBe(2);
    } finally {
      error.mockRestore();
    }
  });
});
