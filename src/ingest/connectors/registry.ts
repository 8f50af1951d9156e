/**
 * The connectors by format. Adding a connector: write `src/ingest/connectors/<format>.ts` (or a folder)
 * exporting a `Connector` (connector.ts), put it in CONNECTORS below, add its
 * fixtures under test/fixtures/connectors/<format>/ and its section in docs/connectors.md.
 */
import { asteriskConnector } from './asterisk.js';
import { connectConnector } from './connect.js';
import type { Connector, ConnectorFormat } from './connector.js';
import { freshdesk } from './freshdesk.js';
import { genesysConnector } from './genesys.js';
import { intercom } from './intercom.js';
import { zendesk } from './zendesk.js';
import { zendeskVerdicts } from './zendesk-sla.js';

const CONNECTORS: { readonly [F in ConnectorFormat]: Connector } = {
  // Zendesk's own verdicts live beside the mapping, which they read.
  zendesk: { ...zendesk, verdicts: zendeskVerdicts },
  freshdesk,
  intercom,
  genesys: genesysConnector,
  connect: connectConnector,
  asterisk: asteriskConnector,
};

export function connectorOf(format: ConnectorFormat): Connector {
  return CONNECTORS[format];
}
