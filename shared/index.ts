/**
 * shared/: small helpers every other folder may use (bot/, knowledge/, adapters/, admin/, app/).
 * It imports nothing from the project, so using it never makes an import cycle.
 */
export { attachmentMarks } from './attachment-marks.ts';
export { BoundedMap } from './bounded-map.ts';
export { AGENT_FILE_PREFIX, agentFilePath, keptFilePath, uploadPath, WEBCHAT_UPLOAD_PREFIX } from './file-paths.ts';
export { freePort } from './free-port.ts';
export { KeyedQueue } from './keyed-queue.ts';
export { RecentValues } from './recent-values.ts';
export { backoffDelay, withRetries, type RetryPolicy, type WithRetriesOptions } from './retry.ts';
export { primaryLanguage } from './primary-language.ts';
export { RTL_LANGUAGES, textDirection } from './text-direction.ts';
export { within } from './within.ts';
export { WorkerRequests } from './worker-requests.ts';
