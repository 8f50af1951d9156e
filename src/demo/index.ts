/** The demo data generator (docs/demo-data.md): synthetic months of contact-centre data for the example contract. */
export { CSV_COLUMNS, CsvRows } from './csv-rows.js';
export { CsvFileWriter, csvCell } from './csv-writer.js';
export { generateDemo } from './generate.js';
export { InstantFormatter } from './instant-format.js';
export {
  addMonths,
  DEMO_DEFAULTS,
  type DemoOptions,
  defaultRoles,
  demoOptionProblems,
  type MonthPlan,
  type MonthRole,
  monthLabel,
  parseMonth,
  planMonths,
} from './plan.js';
export type { DemoCounts, DemoProgress, DemoSink, RecordSink } from './sink.js';
export { DEMO_SOURCES } from './sources.js';
export {
  DEMO_CONTACT_ATTRIBUTES,
  DEMO_FILE_NAMES,
  type DemoFile,
  type DemoFiles,
  writeDemoFiles,
} from './write-files.js';
