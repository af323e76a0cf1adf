/** Server addresses and credentials as the pages use them (the rules are domain/mlflowRest/serverConfig.ts). */
export { normaliseServerUrl, type ServerAuth, type ServerConfig } from '../../domain/mlflowRest/serverConfig';
