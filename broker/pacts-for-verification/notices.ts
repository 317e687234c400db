import type { ProviderPosition } from './pending';
import { describeReason, type SelectionReason } from './reasons';

export type VerificationNotice = { when: string; text: string };

function whoMustVerify(providerName: string, position: ProviderPosition): string {
  switch (position.kind) {
    case 'branch':
      return `a version of ${providerName} on branch ${position.name}`;
    case 'tags':
      return `a version of ${providerName} with tag ${position.tags.map((tag) => tag.name).join(' and ')}`;
    case 'none':
      return `any version of ${providerName}`;
  }
}

/**
 * What the verifiers print around each pact of one response: why it is verified, and (when
 * pending status was asked for, `pending` is then defined) whether its failure fails the
 * build, before and after the run. The clients pick the after-verification notice by its
 * `when`. Only the first notice names the pact; the pending ones depend on the provider's
 * position alone, so they are written once per response and shared by its pacts (a response
 * may hold hundreds).
 */
export function noticeWriter(providerName: string, position: ProviderPosition, wipSince: string | undefined) {
  const who = whoMustVerify(providerName, position);
  const pendingNotices = new Map<boolean, VerificationNotice[]>();
  const pendingNoticesOf = (pending: boolean) => {
    let notices = pendingNotices.get(pending);
    if (notices === undefined) pendingNotices.set(pending, (notices = writePendingNotices(providerName, who, pending)));
    return notices;
  };
  return (pactUrl: string, reasons: SelectionReason[], pending: boolean | undefined): VerificationNotice[] => {
    const why = reasons
      .map((reason) => `${describeReason(reason)} (${reason.consumerName} version ${reason.consumerVersionNumber})`)
      .join('; ');
    const wip = reasons.some((reason) => reason.kind === 'wip');
    const selection = {
      when: 'before_verification',
      text: wip
        ? `The pact at ${pactUrl} is being verified because it is a work in progress pact: ${why}, published ` +
          `after ${wipSince ?? 'the WIP start date'} and not yet verified successfully by ${who}.`
        : `The pact at ${pactUrl} is being verified because it matches these consumer version selectors: ${why}.`,
    };
    return pending === undefined ? [selection] : [selection, ...pendingNoticesOf(pending)];
  };
}

function writePendingNotices(providerName: string, who: string, pending: boolean): VerificationNotice[] {
  const notices: VerificationNotice[] = [
    {
      when: 'before_verification',
      text: pending
        ? `This pact is in pending state for this version of ${providerName}: no successful verification by ` +
          `${who} has been published yet. If this verification fails, it will not fail the build.`
        : `This pact has already been verified successfully by ${who}. If this verification fails, it will fail the build.`,
    },
  ];
  const after = (success: boolean, published: boolean): string => {
    if (!pending) {
      return success
        ? `This pact was verified successfully${published ? ' and the result was published' : ''}.`
        : `This pact failed verification and is not pending: the build fails. Fix ${providerName}, or agree the change with the consumer.`;
    }
    if (!success)
      return `This pact failed verification, but it is pending, so the build does not fail. Make ${providerName} meet it before the consumer deploys.`;
    return published
      ? `This pact was verified successfully and the result published: it is no longer pending for ${who}.`
      : `This pact was verified successfully, but the result was not published, so it stays pending. Publish results to take it out of pending.`;
  };
  for (const success of [true, false]) {
    for (const published of [false, true]) {
      notices.push({
        when: `after_verification:success_${success}_published_${published}`,
        text: after(success, published),
      });
    }
  }
  return notices;
}
