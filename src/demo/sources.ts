import { SOURCES } from './contacts.js';
import { EVENT_SOURCE } from './events.js';
import { FORECAST_SOURCE } from './forecasts.js';

/** The source names the demo's records come from: the systems its partner feeds Accord with. */
export const DEMO_SOURCES: readonly string[] = [
  ...new Set([...SOURCES, EVENT_SOURCE, FORECAST_SOURCE]),
].sort();
