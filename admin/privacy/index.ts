/** A customer's data on their request: find, export, erase (the API; each module's rows are in its personal-data.ts). */
export { customerSummary, eraseCustomer, exportCustomer, findCustomers, PERSONAL_DATA, type CustomerExport, type CustomerSummary } from './customer-data.ts';
export { privacyRoutes } from './routes.ts';
export { registerPrivacyPaths } from './openapi-paths.ts';
export { applyRetention, customersPastRetention, RETENTION_CHECK_MS, startRetention } from './retention.ts';
