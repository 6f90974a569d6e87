/**
 * WeCom callback XML <-> typed values: the outer POST envelope, the decrypted inbound plaintext,
 * the encrypted passive reply, and the dedupe key. Pure functions; nothing outside src/wecom sees
 * XML.
 *
 * A facade over the modules that do the work:
 *   ./xml-reader     hardened reading (DOCTYPE/ENTITY refused before the parser runs)
 *   ./xml-fields     typed field readers over the element tree
 *   ./xml-writer     rendering [name, value] nodes as an `<xml>` document
 *   ./inbound-parse  parseInbound
 *   ./inbound-build  buildInboundXml
 *   ./encrypted-xml  parseEnvelope, buildEnvelopeXml, parseEncryptedReplyXml, buildEncryptedReplyXml
 *   ./dedupe-key     dedupeKey, DEDUPE_KEY_MAX_LENGTH
 */
export type * from './inbound';

export { DEDUPE_KEY_MAX_LENGTH, dedupeKey } from './dedupe-key';
export { buildEncryptedReplyXml, buildEnvelopeXml, parseEncryptedReplyXml, parseEnvelope } from './encrypted-xml';
export { buildInboundXml } from './inbound-build';
export { parseInbound } from './inbound-parse';
