/** The demo's native writers by connector format (`accord demo --format …`). */
import type { ConnectorFormat } from '../../ingest/connectors/connector.js';
import { asteriskDemoWriter } from './asterisk.js';
import { connectDemoWriter } from './connect.js';
import { genesysDemoWriter } from './genesys.js';
import type { NativeDemoWriter } from './native-writer.js';

export type { NativeDemoFile, NativeDemoWriter } from './native-writer.js';

export const NATIVE_DEMO_WRITERS: { readonly [F in ConnectorFormat]?: (dir: string) => NativeDemoWriter } = {
  genesys: genesysDemoWriter,
  connect: connectDemoWriter,
  asterisk: asteriskDemoWriter,
};
