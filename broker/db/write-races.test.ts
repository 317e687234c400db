import { ConcurrentWriteConflict } from './errors';
import { insertOrFind, retryLostRaces } from './write-races';

describe('insertOrFind', () => {
  it('answers the inserted row as created', async () => {
    expect(
      await insertOrFind(
        'row',
        async () => 'new',
        async () => 'old',
      ),
    ).toEqual({ row: 'new', created: true });
  });

  it("answers the concurrent writer's row when the insert was refused", async () => {
    expect(
      await insertOrFind(
        'row',
        async () => undefined,
        async () => 'theirs',
      ),
    ).toEqual({ row: 'theirs', created: false });
  });

  it('fails with a ConcurrentWriteConflict naming the row when it was deleted meanwhile', async () => {
    const lookUp = insertOrFind(
      'The tag "prod"',
      async () => undefined,
      async () => undefined,
    );
    await expect(lookUp).rejects.toBeInstanceOf(ConcurrentWriteConflict);
    await expect(lookUp).rejects.toMatchObject({
      status: 409,
      detail: expect.stringContaining('The tag "prod" changed under this request'),
    });
  });
});

describe('retryLostRaces', () => {
  it('attempts again after each lost race, numbering the attempts', async () => {
    const attempts: number[] = [];
    expect(
      await retryLostRaces('row', 5, async (attempt) => (attempts.push(attempt), attempt === 3 ? 'won' : undefined)),
    ).toBe('won');
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('gives up after the bound with a ConcurrentWriteConflict', async () => {
    let attempts = 0;
    await expect(retryLostRaces('row', 4, async () => void attempts++)).rejects.toBeInstanceOf(ConcurrentWriteConflict);
    expect(attempts).toBe(4);
  });
});
