/** The group, version and plural of core/v1 events, for watches. */
export const eventsResource = { group: '', version: 'v1', resource: 'events' } as const;
