/**
 * The connectors by format. Adding a connector: write `src/ingest/connectors/<format>.ts` (or a folder)
 * exporting a `Connector` (connector.ts), put it in CONNECTORS below in place of `notYet`, add its
 * fixtures under test/fixtures/connectors/<format>/ and its section in docs/connectors.md.
 */
import type { Connector, ConnectorFormat } from './connector.js';
import { freshdesk } from './freshdesk.js';
import { intercom } from './intercom.js';
import { zendesk } from './zendesk.js';

/** A format that interfaces.md names but that has no connector yet: every file is refused, saying so. */
function notYet(format: ConnectorFormat, system: string): Connector {
  const problem = `the ${system} connector (--format ${format}) is not supported yet; export normalised CSV or NDJSON (data.md) for now`;
  return {
    format,
    system,
    detect: () => ({ problem }),
    read: () => ({ rows: [], errors: [], rejected: 0, detected: [] }),
  };
}

const CONNECTORS: { readonly [F in ConnectorFormat]: Connector } = {
  zendesk,
  freshdesk,
  intercom,
  genesys: notYet('genesys', 'Genesys Cloud'),
  connect: notYet('connect', 'Amazon Connect'),
  asterisk: notYet('asterisk', 'Asterisk'),
};

export function connectorOf(format: ConnectorFormat): Connector {
  return CONNECTORS[format];
}
