import { buildPublishNotices } from './publish-notices';

describe('buildPublishNotices', () => {
  it('says what happened to the version and to each pact, with its URL', () => {
    expect(
      buildPublishNotices({
        consumerName: 'Web',
        versionNumber: '1.0.0',
        versionCreated: true,
        branch: 'main',
        tags: ['main', 'prod'],
        pacts: [
          { providerName: 'Api', outcome: 'created', url: 'http://b/pacts/Api' },
          { providerName: 'Auth', outcome: 'unchanged', url: 'http://b/pacts/Auth' },
        ],
      }),
    ).toEqual([
      { type: 'debug', text: 'Created Web version 1.0.0 with branch main and tags main, prod' },
      { type: 'success', text: 'Pact between Web (1.0.0) and Api published' },
      { type: 'debug', text: '  View the published pact at http://b/pacts/Api' },
      {
        type: 'success',
        text: 'Pact between Web (1.0.0) and Auth unchanged: the same content was already published for this version',
      },
      { type: 'debug', text: '  View the published pact at http://b/pacts/Auth' },
    ]);
  });

  it('prompts for a branch when none was given, and warns when content was replaced', () => {
    const notices = buildPublishNotices({
      consumerName: 'Web',
      versionNumber: '2',
      versionCreated: false,
      tags: [],
      pacts: [{ providerName: 'Api', outcome: 'changed', url: 'u' }],
    });
    expect(notices[0]).toEqual({ type: 'debug', text: 'Updated Web version 2' });
    expect(notices[1]).toMatchObject({ type: 'prompt', text: expect.stringContaining('--branch') });
    expect(notices[2]).toMatchObject({ type: 'warning' });
  });
});
