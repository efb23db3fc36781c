// The Dumper core's one public surface: what the action, the CLI and the
// artifact code may use. Everything else under core/ is internal.
export { Dumper } from './dumper.ts'
export type {
  ConnectionOptions,
  DatabaseDump,
  DatabaseRestore,
  DumperOptions,
  DumpOptions,
  DumpResult,
  FileResult,
  GlobalsDump,
  GlobalsRestore,
  RestoreOptions,
  RestoreResult
} from './dumper.ts'
export { DUMP_FORMATS, type DumpFormat } from './args.ts'
export {
  databaseFileName,
  databaseOfFileName,
  GLOBALS_AGE_FILE,
  GLOBALS_FILE,
  isGlobalsFile
} from './cluster/layout.ts'
export {
  holdsPlaceholders,
  PLACEHOLDERS,
  placeholderProblem,
  severalOutputs,
  expandName
} from './cluster/outputs.ts'
export {
  DUMP_PATHS,
  specialFileKind,
  type ArchiveFormat
} from './archive/format.ts'
export { ConnectionStringError, parseConnection } from './connection/parse.ts'
export { servicePassword } from './connection/service-file.ts'
export { unsafeTarget } from './dump/atomic-file.ts'
export { servedAsReadingThread } from './dump/reading-thread.ts'
export {
  COMPRESSION_FORMS,
  CompressionError,
  describeCompression,
  parseCompression,
  type Compression
} from './dump/compression.ts'
export {
  AgeKeyError,
  IDENTITY_FORMS,
  parseIdentity,
  parseRecipients,
  RECIPIENT_FORMS
} from './age/recipients.ts'
export { AGE_EXTENSION } from './age/kind.ts'
export { ENCRYPTABLE_FORMATS } from './dump/encrypted.ts'
export { STREAMABLE_FORMATS } from './dump/stream.ts'
export {
  DecryptionFailed,
  describeError,
  DumperError,
  OperationCancelled,
  PgClientVersionMismatch,
  PgDumpCommandError,
  PgDumpFailed,
  PgRestoreCommandError,
  PgRestoreFailed,
  ScrubCopyFailed,
  ScrubFailed,
  VerificationFailed,
  type ScrubCopyProblem
} from './errors.ts'
export type { ScrubScript } from './dump/scrub.ts'
export { silentLogger, type Logger } from './logger.ts'
export {
  Cancellation,
  cancelOnSignals,
  type SignalHandlers
} from './process/cancellation.ts'
export { LIMITS } from './limits.ts'
export { formatBytes, formatDuration } from './units.ts'
export { wordingOf, type OptionName, type Wording } from './wording.ts'
