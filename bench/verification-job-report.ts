import { JOB_MULTI_RUN_LIMIT } from './options';
import { markdownTable, sectionMarkers } from './report';
import type { JobBenchRun, JobWayName, JobWayResult } from './verification-job';

export const VERIFICATION_JOB_MARKERS = sectionMarkers('verification-job');

/** The issue's goal: the job verifies 200 interactions in at most 3 s. */
export const GOAL = { interactions: 200, seconds: 3 };

const INHERITED: JobWayName = 'job, SSL_CERT_* inherited';

const wallTime = (result: JobWayResult) => (result.timedOut ? `> ${result.seconds}` : result.seconds.toFixed(2));
const rate = (result: JobWayResult) => (result.timedOut ? `< ${Math.floor(result.interactions / result.seconds)}` : String(Math.round(result.interactions / result.seconds)));

/** How many times longer `slower` took than `faster`; a stopped run gives a lower bound. */
function ratio(slower: JobWayResult | undefined, faster: JobWayResult | undefined): string {
  if (!slower || !faster) return 'n/a';
  if (faster.timedOut) return 'n/a';
  const value = slower.seconds / faster.seconds;
  return `${slower.timedOut ? '> ' : ''}${value >= 10 ? value.toFixed(0) : value.toFixed(1)}`;
}

const byWay = (results: JobWayResult[], size: number) => (way: JobWayName) => results.find((result) => result.interactions === size && result.way === way);

export function renderJobTables(results: JobWayResult[]): string {
  const timings = markdownTable(
    ['interactions', 'way', 'runs', 'seconds', 'interactions/s'],
    results.map((result) => [String(result.interactions), result.way, String(result.runSeconds.length), wallTime(result), rate(result)]),
    2,
  );
  const sizes = [...new Set(results.map((result) => result.interactions))];
  const inherited = results.some((result) => result.way === INHERITED);
  const ratios = markdownTable(
    ['interactions', 'job / raw', 'bare / raw', 'bare / job', ...(inherited ? ['inherited / job'] : [])],
    sizes.map((size) => {
      const get = byWay(results, size);
      return [
        String(size),
        ratio(get('job'), get('raw replay')),
        ratio(get('bare Verifier'), get('raw replay')),
        ratio(get('bare Verifier'), get('job')),
        ...(inherited ? [ratio(get(INHERITED), get('job'))] : []),
      ];
    }),
    1,
  );
  return `${timings}\n\n${ratios}`;
}

export function goalVerdict(results: JobWayResult[]): string {
  const job = results.find((result) => result.interactions === GOAL.interactions && result.way === 'job');
  if (!job) return `The goal, ${GOAL.interactions} interactions verified by the job in ≤ ${GOAL.seconds} s, was not measured in this run (no ${GOAL.interactions}-interaction pact).`;
  const met = !job.timedOut && job.seconds <= GOAL.seconds;
  return (
    `**Goal: ${GOAL.interactions} interactions verified by the job in ≤ ${GOAL.seconds} s — ${met ? 'met' : 'not met'}** ` +
    `(${wallTime(job)} s, median of ${job.runSeconds.length} run${job.runSeconds.length === 1 ? '' : 's'}, with SSL_CERT_FILE and SSL_CERT_DIR unset).`
  );
}

/** Sentences about this run's figures; regenerated with them. */
export function interpretJob(results: JobWayResult[]): string {
  const sizes = [...new Set(results.map((result) => result.interactions))];
  const span = (way: JobWayName) => {
    const rates = results.filter((result) => result.way === way && !result.timedOut).map((result) => result.interactions / result.seconds);
    return rates.length === 0 ? undefined : `${Math.round(Math.min(...rates))}–${Math.round(Math.max(...rates))}`;
  };
  const sentences: string[] = [];
  const largest = byWay(results, Math.max(...sizes));
  const [job, bare, raw, inherited] = [largest('job'), largest('bare Verifier'), largest('raw replay'), largest(INHERITED)];
  if (job && raw) {
    sentences.push(
      `The job verified ${span('job')} interactions/s and the raw replay ran ${span('raw replay')} requests/s, so at ${job.interactions} interactions the job took ` +
        `${ratio(job, raw)}× as long as the bare HTTP exchanges: the rest is the Pact core's work per interaction (two provider-state calls through pact-js's ` +
        'proxy, the proxied request, matching and reporting), which the raw replay does not do.',
    );
    const jobs = results.filter((result) => result.way === 'job' && !result.timedOut);
    const fastest = jobs.reduce((best, result) => (result.interactions / result.seconds > best.interactions / best.seconds ? result : best), jobs[0]!);
    if (fastest && job !== fastest && job.interactions / job.seconds < 0.8 * (fastest.interactions / fastest.seconds)) {
      sentences.push(
        `Its rate fell from ${rate(fastest)} interactions/s at ${fastest.interactions} interactions to ${rate(job)} at ${job.interactions}: ` +
          'each interaction of a larger pact costs more, so the time grows faster than the number of interactions.',
      );
    }
  }
  if (bare && job) {
    const bareRates = results.filter((result) => result.way === 'bare Verifier' && !result.timedOut).map((result) => result.interactions / result.seconds);
    const flat = bareRates.length > 1 && Math.max(...bareRates) / Math.min(...bareRates) <= 1.3;
    sentences.push(
      `pact-js's Verifier without the CA-store change verified ${span('bare Verifier') ?? `fewer than ${rate(bare)}`} interactions/s` +
        `${flat ? ", about the same whatever the pact's size," : ''} and took ${ratio(bare, job)}× the job's time at ${bare.interactions} interactions` +
        `${bare.timedOut ? ' (stopped at the time limit)' : ''}: the Pact core re-reads the system CA store for every interaction it replays, which the job's empty store avoids.`,
    );
  }
  const atGoal = byWay(results, GOAL.interactions);
  const [goalJob, goalInherited] = atGoal('job') && atGoal(INHERITED) ? [atGoal('job')!, atGoal(INHERITED)!] : [job, inherited];
  if (goalInherited && goalJob) {
    const slower = goalInherited.timedOut || goalInherited.seconds / goalJob.seconds > 1.3;
    const missed = goalInherited.interactions === GOAL.interactions && (goalInherited.timedOut || goalInherited.seconds > GOAL.seconds);
    const figures = `${ratio(goalInherited, goalJob)}× as long as with them unset at ${goalInherited.interactions} interactions (${wallTime(goalInherited)} s${missed ? `, missing the ${GOAL.seconds} s goal` : ''})`;
    sentences.push(
      slower
        ? `With SSL_CERT_FILE or SSL_CERT_DIR already set, as on this machine, the job took ${figures}, at the bare Verifier's pace: its CA-store change did not apply.`
        : `With SSL_CERT_FILE and SSL_CERT_DIR set, as on this machine, the job took ${figures}: its CA-store change applies whatever the environment names.`,
    );
  }
  return sentences.join(' ');
}

export function renderJobSection(run: JobBenchRun): string {
  const inherited = Object.entries(run.inheritedCertificates).map(([name, value]) => `${name}=${value}`);
  return [
    '## Verification job wall time',
    '',
    'Regenerated by `npm run bench` (bench/main.ts, `--only job`) on each run; do not edit between the markers.',
    '',
    `- Date: ${run.date}`,
    `- Machine: ${run.machine}; load average ${run.loadAverageAtStart.toFixed(2)} when the part started`,
    `- Command: \`${run.command}\``,
    `- Pacts: one Pact v3 file each of ${run.sizes.join(', ')} interactions (bench/job-fixture.ts), like the publish benchmark's: GETs of a resource and POSTs ` +
      'creating one, each with a provider state, and integer, timestamp and type matchers on a JSON body of a few hundred bytes. The provider is trivial: ' +
      'node:http on 127.0.0.1 in the bench process, answering each interaction\'s request with its response from a table.',
    '- Ways, each run in a process of its own (bench/job-run-entry.ts); the time is the verification call alone, not process start or module loading:',
    '  - **job**: `verifyProvider` (provider/verify.ts) with `pactUrls` naming the file, no broker; SSL_CERT_FILE and SSL_CERT_DIR unset. For a plain-HTTP run ' +
      'the job points the Pact core at an empty CA store (provider/fast-certificates.ts).',
    '  - **bare Verifier**: `new Verifier({ provider, providerBaseUrl, pactUrls, logLevel: \'error\' }).verifyProvider()` from @pact-foundation/pact, ' +
      'SSL_CERT_FILE and SSL_CERT_DIR unset, without the CA-store change.',
    '  - **raw replay**: the same requests sent one after another with fetch (undici), status, content type and body compared for equality; no provider-state calls.',
    ...(inherited.length > 0
      ? [`  - **job, SSL_CERT_\\* inherited**: the job in the bench's own environment, which sets ${inherited.join(' and ')}, as many CI images do.`]
      : []),
    `- Median of ${run.runs} run${run.runs === 1 ? '' : 's'} for pacts of up to ${JOB_MULTI_RUN_LIMIT} interactions, one run above; a run still going after ` +
      `${run.timeoutSeconds} s is stopped and shown as "> ${run.timeoutSeconds}". Every run that finished verified every interaction successfully. Ratios are of seconds.`,
    '',
    renderJobTables(run.results),
    '',
    goalVerdict(run.results),
    '',
    interpretJob(run.results),
  ].join('\n');
}
