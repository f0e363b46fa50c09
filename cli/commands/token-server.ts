/**
 * What `ebz token init --server-data` uses of the bianban server. Loaded on demand: the server's modules
 * (its whole app, through openCa) are most of `ebz token`'s start-up time, and `info`, `reset-pin` and
 * development-CA init need none of them.
 */
export { issueCertificate } from '../../server/ca/certificate-service';
export { findBianbansByRegion, findUnitByCreditCode } from '../../server/ca/holder-repository';
export { DEFAULT_CONFIG } from '../../server/context';
export { openDatabase } from '../../server/db/open';
export { HttpError } from '../../server/http/errors';
export { openCa } from '../../server/main';
