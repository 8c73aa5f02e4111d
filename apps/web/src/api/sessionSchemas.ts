// The schemas of the requests the shell makes before its first page (sign-in config, session,
// clusters), loaded beside those requests so zod is not part of the first bundle (api/http.ts).
export { authConfigResponse, clustersResponse, sessionResponse } from '@gatehouse/bff/contract';
