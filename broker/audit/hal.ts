import { type Link, link } from '../http/hal';
import { halPage, type PageOf } from '../http/pagination';
import type { AuditEvent } from './store';

export const auditUrl = (base: string) => `${base}/audit`;

export function auditEventBody(event: AuditEvent) {
  return {
    createdAt: event.created_at,
    actor: event.actor,
    actorKind: event.actor_kind,
    method: event.method,
    path: event.path,
    resourceName: event.resource_name,
    pacticipantName: event.pacticipant_name,
    params: event.params === null ? {} : (JSON.parse(event.params) as Record<string, string>),
    status: event.status,
  };
}

export function auditEventsBody(self: string, events: AuditEvent[], page: PageOf) {
  const { page: pageFields, links } = halPage(self, page);
  return {
    _embedded: { events: events.map(auditEventBody) },
    _links: { self: link(self, { title: 'Audit trail' }), ...links },
    page: pageFields,
  };
}

export function auditIndexLinks(base: string): Record<string, Link> {
  return { 'treaty:audit': link(auditUrl(base), { title: 'Audit trail: who changed what, and when' }) };
}
