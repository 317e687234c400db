import type { PactIssue } from './pact-file';

/**
 * What Pact itself would let through in a message and then get wrong: a message with no body
 * (it matches anything), a content type Pact has no matcher for (compared as plain text, its
 * matching rules ignored), and a metadata matcher on a key the message does not have (never
 * applied). Each is refused with the place in the pact.
 */

type Json = Record<string, unknown>;

/** JSON, XML, text, form data, multipart and binary: the content types Pact compares by their rules. */
const COMPARABLE = [
  /^application\/([\w.+-]+\+)?json\b/i,
  /^application\/([\w.+-]+\+)?xml\b/i,
  /^text\//i,
  /^application\/octet-stream\b/i,
  /^application\/x-www-form-urlencoded\b/i,
  /^multipart\//i,
];

const asObject = (value: unknown): Json | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;

export function messageIssues(pact: Json): PactIssue[] {
  const usesPlugins =
    Array.isArray(asObject(pact.metadata)?.plugins) && (asObject(pact.metadata)!.plugins as unknown[]).length > 0;
  const issues: PactIssue[] = [];
  const interactions = Array.isArray(pact.interactions) ? pact.interactions : [];
  interactions.forEach((item, index) => {
    const interaction = asObject(item);
    if (interaction?.type === 'Synchronous/Messages') {
      checkSynchronous(issues, interaction, ['interactions', index], usesPlugins);
      return;
    }
    if (interaction?.type !== 'Asynchronous/Messages') return;
    const contents = asObject(interaction.contents);
    const path = ['interactions', index];
    checkMessage(issues, path, {
      hasBody: contents !== undefined && 'content' in contents,
      contentType: typeof contents?.contentType === 'string' ? contents.contentType : undefined,
      bodyPath: [...path, 'contents'],
      metadata: asObject(interaction.metadata) ?? {},
      matchingRules: asObject(interaction.matchingRules),
      plugin: usesPlugins || interaction.pluginConfiguration !== undefined,
    });
  });
  const messages = Array.isArray(pact.messages) ? pact.messages : [];
  messages.forEach((item, index) => {
    const message = asObject(item);
    if (!message) return;
    const metadata = asObject(message.metadata) ?? asObject(message.metaData) ?? {};
    const contentType = metadata.contentType ?? metadata['content-type'] ?? metadata['Content-Type'];
    checkMessage(issues, ['messages', index], {
      hasBody: 'contents' in message,
      contentType: typeof contentType === 'string' ? contentType : undefined,
      bodyPath: ['messages', index, 'contents'],
      metadata,
      matchingRules: asObject(message.matchingRules),
      plugin: usesPlugins,
    });
  });
  return issues;
}

/** A synchronous message: each response must have contents, as an asynchronous message; the request may be empty. */
function checkSynchronous(
  issues: PactIssue[],
  interaction: Json,
  path: (string | number)[],
  usesPlugins: boolean,
): void {
  const plugin = usesPlugins || interaction.pluginConfiguration !== undefined;
  const part = (given: Json | undefined, at: (string | number)[], bodyRequired: boolean) => {
    const contents = asObject(given?.contents);
    const hasBody = contents !== undefined && 'content' in contents;
    checkMessage(issues, at, {
      hasBody: hasBody || !bodyRequired,
      contentType: typeof contents?.contentType === 'string' ? contents.contentType : undefined,
      bodyPath: [...at, 'contents'],
      metadata: asObject(given?.metadata) ?? {},
      matchingRules: asObject(given?.matchingRules),
      plugin,
    });
  };
  part(asObject(interaction.request), [...path, 'request'], false);
  const responses = Array.isArray(interaction.response) ? interaction.response : [];
  if (responses.length === 0)
    issues.push({
      code: 'missing_message_body',
      path: [...path, 'response'],
      message: 'a synchronous message needs a response: without one Pact would accept anything the provider answers',
    });
  responses.forEach((response, index) => part(asObject(response), [...path, 'response', index], true));
}

function checkMessage(
  issues: PactIssue[],
  path: (string | number)[],
  message: {
    hasBody: boolean;
    contentType: string | undefined;
    bodyPath: (string | number)[];
    metadata: Json;
    matchingRules: Json | undefined;
    plugin: boolean;
  },
): void {
  if (!message.hasBody)
    issues.push({
      code: 'missing_message_body',
      path: message.bodyPath,
      message: 'a message needs contents: without them Pact would accept any message the provider sends',
    });
  const { contentType } = message;
  if (contentType !== undefined && !message.plugin && !COMPARABLE.some((pattern) => pattern.test(contentType)))
    issues.push({
      code: 'unknown_message_content_type',
      path: message.bodyPath,
      message:
        `"${contentType}" is not a content type Pact can compare by its matching rules (JSON, XML, text, form ` +
        'data, multipart or binary): it would be compared as plain text. Use one of those, or name the plugin ' +
        'that reads it in the pact',
    });
  const metadataRules = asObject(message.matchingRules?.metadata);
  for (const key of Object.keys(metadataRules ?? {}))
    if (!(key in message.metadata))
      issues.push({
        code: 'metadata_matcher_without_key',
        path: [...path, 'matchingRules', 'metadata', key],
        message: `a matcher for the metadata key "${key}", which the message's metadata does not have: it would never be applied. Add "${key}" to the metadata or remove the matcher`,
      });
}
