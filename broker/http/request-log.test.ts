import { textLogLine } from './request-log';

describe('textLogLine', () => {
  it('writes a request line as time, level, request id, message and fields', () => {
    const line = JSON.stringify({
      level: 30,
      time: Date.parse('2026-12-06T10:11:12.345Z'),
      pid: 1,
      hostname: 'h',
      reqId: 'abcdef12-3456',
      method: 'GET',
      path: '/pacts/latest',
      status: 200,
      ms: 3.2,
      msg: 'request',
    });
    expect(textLogLine(line)).toBe(
      '10:11:12.345 INFO  [abcdef12] request method=GET path=/pacts/latest status=200 ms=3.2',
    );
  });

  it('passes a line that is not JSON through as it is', () => {
    expect(textLogLine('plain words')).toBe('plain words');
  });
});
