import type { ReactElement } from 'react';
import { Link } from 'react-router';
import { eventObjectHref, type EventObject } from './event-rows.ts';

/** `Kind/name` of an event's object, linked to its page when it has one. */
export function EventObjectLink({ object }: { readonly object: EventObject }): ReactElement {
  const text = object.kind === '' ? object.name : `${object.kind}/${object.name}`;
  const href = eventObjectHref(object);
  return href === undefined ? <span>{text}</span> : <Link to={href}>{text}</Link>;
}
