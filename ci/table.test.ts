import { formatTable } from './table';

describe('formatTable', () => {
  it('puts the headers over columns as wide as their widest cell', () => {
    expect(
      formatTable(
        ['NAME', 'PRODUCTION', 'UUID'],
        [
          ['production', 'yes', 'u-1'],
          ['test', '', 'u-2'],
        ],
      ),
    ).toBe(['NAME        PRODUCTION  UUID', 'production  yes         u-1', 'test                    u-2'].join('\n'));
  });

  it('prints only the headers for no rows', () => {
    expect(formatTable(['A', 'B'], [])).toBe('A  B');
  });
});
