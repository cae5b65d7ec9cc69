/** The intake service: what the CLI and the HTTP API call. */
export {
  importFile,
  prepareImport,
  type PreparedImport,
  type ImportRequest,
  type ImportResult,
  type ImportOptions,
} from './import-service.js';
export { revertBatch, type RevertResult } from './revert-service.js';
export { inspectFile, type InspectResult } from './inspect-service.js';
export { BatchRepository, type BatchSummary, type BatchDetail } from './storage/batch-repository.js';
export { readMappingFile, parseMapping, parseMappingText, type ColumnMapping } from './mapping-file.js';
export { PROFILE_NAMES, type ProfileName } from './profiles/profile.js';
export { prepareSource, type PreparedSource } from './source-file.js';
