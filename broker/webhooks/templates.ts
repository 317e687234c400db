/**
 * The Pact Broker's webhook template variables (pact_and_verification_parameters.rb), written
 * `${pactbroker.name}` in a webhook's URL, headers, body, username and password. A value that
 * does not apply is the empty string; a placeholder that is not one of these is left as written.
 */
export const TEMPLATE_VARIABLES = [
  'pactUrl',
  'verificationResultUrl',
  'consumerName',
  'providerName',
  'consumerVersionNumber',
  'consumerVersionTags',
  'consumerVersionBranch',
  'providerVersionNumber',
  'providerVersionTags',
  'providerVersionBranch',
  'providerVersionDescriptions',
  'consumerLabels',
  'providerLabels',
  'githubVerificationStatus',
  'bitbucketVerificationStatus',
  'gitlabVerificationStatus',
  'azureDevOpsVerificationStatus',
  'eventName',
  'buildUrl',
  'currentlyDeployedProviderVersionNumber',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateVariables = Record<TemplateVariable, string>;

export const EMPTY_VARIABLES: TemplateVariables = Object.fromEntries(
  TEMPLATE_VARIABLES.map((name) => [name, '']),
) as TemplateVariables;

/** The status words CI systems take, from a verification's outcome (none yet: pending). */
export function verificationStatuses(
  success: boolean | undefined,
): Pick<
  TemplateVariables,
  | 'githubVerificationStatus'
  | 'bitbucketVerificationStatus'
  | 'gitlabVerificationStatus'
  | 'azureDevOpsVerificationStatus'
> {
  if (success === undefined)
    return {
      githubVerificationStatus: 'pending',
      bitbucketVerificationStatus: 'INPROGRESS',
      gitlabVerificationStatus: 'pending',
      azureDevOpsVerificationStatus: 'pending',
    };
  return {
    githubVerificationStatus: success ? 'success' : 'failure',
    bitbucketVerificationStatus: success ? 'SUCCESSFUL' : 'FAILED',
    gitlabVerificationStatus: success ? 'success' : 'failed',
    azureDevOpsVerificationStatus: success ? 'succeeded' : 'failed',
  };
}

const PLACEHOLDER = /\$\{pactbroker\.([A-Za-z]+)\}/g;

/** `text` with each known placeholder replaced by `escape(value)`. */
export function renderTemplate(
  text: string,
  variables: TemplateVariables,
  escape: (value: string) => string = (value) => value,
): string {
  return text.replace(PLACEHOLDER, (placeholder, name: string) =>
    Object.hasOwn(variables, name) ? escape(variables[name as TemplateVariable]) : placeholder,
  );
}

export const hasTemplate = (text: string) => /\$\{pactbroker\.[A-Za-z]+\}/.test(text);

/** What a webhook sends, as saved: the body is text, or JSON whose strings may hold placeholders. */
export type WebhookRequestTemplate = {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  username?: string | undefined;
  password?: string | undefined;
};

export type RenderedRequest = {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
};

/**
 * A webhook request with the event's values in it. In the URL each value is percent-encoded;
 * in a JSON body it is put into the strings that hold placeholders, so a value with a quote or
 * a newline keeps the body valid JSON (the Pact Broker pastes it into the serialised text);
 * in headers, line breaks are dropped so a value cannot add a header.
 */
export function renderRequest(template: WebhookRequestTemplate, variables: TemplateVariables): RenderedRequest {
  const render = (text: string) => renderTemplate(text, variables);
  const headers = Object.fromEntries(
    Object.entries(template.headers).map(([name, value]) => [name, render(value).replace(/[\r\n]+/g, ' ')]),
  );
  return {
    method: template.method.toUpperCase(),
    url: renderTemplate(template.url, variables, encodeURIComponent),
    headers,
    body: renderBody(template.body, variables),
    ...(template.username === undefined ? {} : { username: render(template.username) }),
    ...(template.password === undefined ? {} : { password: render(template.password) }),
  };
}

function renderBody(body: unknown, variables: TemplateVariables): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return renderTemplate(body, variables);
  const renderStrings = (value: unknown): unknown => {
    if (typeof value === 'string') return renderTemplate(value, variables);
    if (Array.isArray(value)) return value.map(renderStrings);
    if (typeof value === 'object' && value !== null)
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, renderStrings(inner)]));
    return value;
  };
  return JSON.stringify(renderStrings(body));
}
